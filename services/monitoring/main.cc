// civitas-monitoring: wiring only. Settings -> runtime (Redis, tokens, server) -> registry and
// grants clients -> records -> gRPC service, and one job: taking over imports whose runner stopped.
#include <memory>

#include "absl/strings/str_cat.h"
#include "libs/clients/grants_client.h"
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/peer_settings.h"
#include "libs/server/blocking_executor.h"
#include "libs/server/service_runtime.h"
#include "libs/server/service_settings.h"
#include "services/monitoring/api/monitoring_grpc_service.h"

int main(int argc, char** argv) {
  civitas::SettingsSchema schema = civitas::ServiceSettingsSchema("monitoring");
  civitas::clients::DeclarePeerSettings(
      &schema, "registry",
      "where org units (territories, organisations) lie, for entry and approval");
  civitas::clients::DeclarePeerSettings(&schema, "grants",
                                        "who funds the programmes and grants data sets report on");
  civitas::DeclarePartitionSettings(&schema);
  schema.Bool("partition_by_country", true,
              "keep each country's submissions (figures, their totals, audit and change feed) in a "
              "keyspace of its own, placed on a Redis by partition_redis: growth past one Redis "
              "is then a setting. Refused at start while the home keyspace holds submissions");
  schema.Int("import_threads", 2, "imports of figures written at once in the background", 1, 64);
  schema.Int("import_lease_s", 60,
             "seconds an import's runner may go without writing a batch before another replica "
             "(or this one, restarted) takes the import over",
             1, 3600);
  schema.Int("import_batch_submissions", 32,
             "submissions one batch of an import holds at most: larger batches write faster, "
             "smaller ones keep each write (which holds Redis) short for reads meanwhile",
             1, 1024);
  schema.Int("import_batches_per_quiet_write", 2,
             "batches one write of an import holds while no caller started a request in the "
             "last 200 ms (with smaller batches: short writes while callers are about, fewer "
             "larger ones otherwise; 1: one batch a write)",
             1, 16);
  schema.Int("import_resume_interval_s", 15,
             "seconds between looks for imports whose runner stopped", 1, 3600);
  schema.Int("pull_read_threads", 2,
             "threads that render warehouse pulls' next pages while the pages before are sent, "
             "shared by every pull: more let more concurrent pulls read ahead at once",
             1, 16);
  schema.Int("pull_fetch_threads", 2,
             "threads that read pulls' pages after that from Redis, shared by every pull (each "
             "holds a connection of redis_pool_size while it reads)",
             1, 16);
  auto rt = civitas::ServiceRuntime::Start(schema, argc, argv);
  if (rt == nullptr) return 2;
  const civitas::Settings& settings = rt->settings();
  // Peers are called as `services/monitoring`, with the caller's request id.
  auto registry = civitas::clients::ConnectPeer<civitas::clients::GrpcRegistryClient>(
      settings, "registry", &rt->identity());
  auto grants = civitas::clients::ConnectPeer<civitas::clients::GrpcGrantsClient>(
      settings, "grants", &rt->identity());
  // Import files are read (and small imports written) apart from the background imports.
  civitas::BlockingExecutor import_starts(2);
  civitas::BlockingExecutor import_runners(static_cast<int>(settings.Int("import_threads")));
  auto stores = rt->OpenPartitions(civitas::monitoring::MonitoringRecords::Partitioned(),
                                   civitas::monitoring::MonitoringRecords::Copied());
  if (!stores.ok()) {
    rt->logger().Log("fatal", stores.status().message());
    return 2;
  }
  // When callers last started a request: imports write shorter stretches while they are about.
  civitas::RequestActivity activity;
  civitas::monitoring::MonitoringRecords records(
      stores->get(), settings.Bool("partition_by_country"), registry.get(), grants.get(),
      &rt->clock(), &rt->ids(), &import_starts, &import_runners,
      {.lease = absl::Seconds(settings.Int("import_lease_s")),
       .submissions_per_batch = static_cast<int>(settings.Int("import_batch_submissions")),
       .batches_per_quiet_write = static_cast<int>(settings.Int("import_batches_per_quiet_write")),
       .activity = &activity});
  // Pulls render their next page on the readers while the page before is sent, and read the
  // store's part of the page after that on the fetchers (which wait on nothing but Redis, so
  // readers waiting for them never hold them up).
  auto pull_fetchers = std::make_unique<civitas::BlockingExecutor>(
      static_cast<int>(settings.Int("pull_fetch_threads")));
  auto pull_readers = std::make_unique<civitas::BlockingExecutor>(
      static_cast<int>(settings.Int("pull_read_threads")));
  civitas::monitoring::MonitoringGrpcService service(&records, &rt->authenticator(), &rt->logger(),
                                                     &rt->writers(), pull_readers.get(),
                                                     pull_fetchers.get(), &activity);
  if (absl::Status split = records.submissions.Check(); !split.ok()) {
    rt->logger().Log("fatal", split.message());
    return 2;
  }
  // Reference copies a crash left fenced or behind are brought to home's.
  rt->AddPeriodicJob("reference-copies", absl::Minutes(1),
                     [&stores](const civitas::Principal&) -> absl::StatusOr<std::string> {
                       absl::Status repaired = (*stores)->RepairCopies();
                       if (!repaired.ok()) return repaired;
                       return "";
                     });
  // Figures follow their organisation when the registry moves it (its outbox events).
  const civitas::Principal moves_job = rt->JobPrincipal("org-unit-moves");
  rt->AddEventConsumer("org-unit-moves", "registry", {},
                       [&records, &moves_job](const civitas::events::DeliveredEvent& e) {
                         return records.moves.Handle(e, moves_job);
                       });
  rt->AddPeriodicJob("import-resumer", absl::Seconds(settings.Int("import_resume_interval_s")),
                     [&records](const civitas::Principal&) -> absl::StatusOr<std::string> {
                       absl::StatusOr<int> resumed = records.imports.ResumeStalled();
                       if (!resumed.ok()) return resumed.status();
                       return *resumed == 0 ? ""
                                            : absl::StrCat(*resumed, " stalled imports resumed");
                     });
  const int status = rt->Run(&service);
  // A page read ahead for an export that ended during the shutdown still uses the service: the
  // reads end (readers first, then what they wait on) before it does.
  pull_readers.reset();
  pull_fetchers.reset();
  return status;
}
