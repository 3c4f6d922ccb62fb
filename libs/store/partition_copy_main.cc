// civitas-partition-copy: copies one partition of a service's keyspace (a country's figures)
// from one Redis server to another, for moving it to a Redis of its own (libs/store/PARTITIONS.md,
// "Moving a country"). The service's writers must be stopped meanwhile.
#include <iostream>
#include <utility>

#include "libs/common/settings.h"
#include "libs/redis/redis_client.h"
#include "libs/store/partition_copy.h"
#include "libs/store/partitions.h"

int main(int argc, char** argv) {
  civitas::SettingsSchema schema("civitas-partition-copy");
  schema.String("from", "", "the Redis holding the partition (host:port or redis://...)")
      .String("to", "", "the Redis to copy it to (host:port or redis://...)")
      .String("service", "", "the service whose partition it is (monitoring)")
      .String("partition", "", "the partition (a country: am, md, ...)")
      .String("redis_key_prefix", "", "the service's key prefix (default: civitas:{<service>})")
      .Bool("replace", false, "delete what the target holds of the partition first");
  const civitas::Settings settings = civitas::LoadSettingsOrExit(schema, argc, argv);
  for (const char* required : {"from", "to", "service", "partition"}) {
    if (settings.String(required).empty()) {
      std::cerr << "civitas-partition-copy: --" << required << " is required\n";
      return 2;
    }
  }
  std::string home = settings.String("redis_key_prefix");
  if (home.empty()) home = "civitas:{" + settings.String("service") + "}";
  absl::StatusOr<std::string> prefix =
      civitas::PartitionKeyPrefix(home, settings.String("partition"));
  absl::StatusOr<civitas::RedisOptions> from = civitas::ParseRedisAddress(settings.String("from"));
  absl::StatusOr<civitas::RedisOptions> to = civitas::ParseRedisAddress(settings.String("to"));
  if (!prefix.ok()) {
    std::cerr << "civitas-partition-copy: " << prefix.status().message() << "\n";
    return 2;
  }
  // Not the parser's message: it repeats the address, whose password must not reach a log.
  for (const auto& [name, parsed] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    if (!parsed->ok()) {
      std::cerr << "civitas-partition-copy: --" << name
                << " is not host:port or redis://[:password@]host:port\n";
      return 2;
    }
  }
  // A tool run once by an operator: it waits out a slow Redis (a large RESTORE blocks it) rather
  // than failing fast as a service does.
  from->probe_interval = absl::ZeroDuration();
  to->probe_interval = absl::ZeroDuration();
  civitas::RedisClient source(*from);
  civitas::RedisClient target(*to);
  absl::StatusOr<civitas::PartitionCopyReport> copied =
      civitas::CopyPartition(&source, &target, *prefix, {.replace = settings.Bool("replace")});
  if (!copied.ok()) {
    std::cerr << "civitas-partition-copy: " << copied.status() << "\n";
    return 1;
  }
  std::cout << "copied " << copied->keys << " keys of " << *prefix << " (sequence "
            << copied->sequence << ")\n";
  return 0;
}
