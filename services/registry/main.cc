// civitas-registry: wiring only. Settings -> Redis -> document store -> records -> gRPC server.
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "libs/auth/auth_settings.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/common/settings.h"
#include "libs/events/retention_settings.h"
#include "libs/events/stream_retention.h"
#include "libs/metrics/metrics_exposer.h"
#include "libs/metrics/redis_metrics.h"
#include "libs/redis/redis_client.h"
#include "libs/redis/redis_pipeliner.h"
#include "libs/redis/redis_settings.h"
#include "libs/server/grpc_server_runner.h"
#include "libs/server/service_settings.h"
#include "libs/server/termination_signals.h"
#include "libs/store/redis_document_store.h"
#include "services/registry/api/registry_grpc_service.h"

int main(int argc, char** argv) {
  civitas::BlockTerminationSignals();
  // Deadlock detection (on by default in this Abseil) costs a graph update on every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  civitas::SettingsSchema schema("civitas-registry");
  civitas::DeclareServiceSettings(&schema,
                                  {"127.0.0.1:50051", "127.0.0.1:9101", "civitas:{registry}"});
  schema.Int("write_threads", 32,
             "threads that run writes; enough in flight let Redis fsync many together", 1, 1024);
  const civitas::Settings settings = civitas::LoadSettingsOrExit(schema, argc, argv);
  civitas::JsonLogger logger("registry", stderr, absl::Milliseconds(100),
                             civitas::LogLevelFrom(settings));
  auto redis_options = civitas::RedisOptionsFrom(settings);
  if (!redis_options.ok()) {
    logger.Log("fatal", std::string(redis_options.status().message()));
    return 2;
  }
  // Every writer thread may hold a connection while both pipeliners hold theirs.
  if (redis_options->pool_size < settings.Int("write_threads") + 2) {
    logger.Log("fatal", absl::StrCat("redis_pool_size (", redis_options->pool_size,
                                     ") must be at least write_threads + 2 (",
                                     settings.Int("write_threads") + 2, ")"));
    return 2;
  }
  auto metrics = civitas::MetricsExposer::Start(settings.String("metrics_address"));
  if (!metrics.ok()) {
    logger.Log("fatal", std::string(metrics.status().message()));
    return 1;
  }
  civitas::RedisMetrics redis_metrics((*metrics)->registry());
  civitas::RedisClient redis(*redis_options, &redis_metrics);
  // Reads by id share round trips: one gRPC thread waits per round trip, not one per read.
  civitas::RedisPipeliner reads(&redis, civitas::Retry::kOnConnectionError);
  // Creates share round trips too, and with them Redis's fsync (group commit); never re-sent.
  civitas::RedisPipeliner writes(&redis, civitas::Retry::kNever);
  civitas::RedisDocumentStore store(&redis, {settings.String("redis_key_prefix")}, &reads, &writes);
  // The outbox is trimmed of what every consumer group acknowledged (libs/events).
  civitas::events::StreamRetention retention(
      &redis, civitas::events::RetentionOptionsFrom(settings, store.EventsKey()), &logger);
  civitas::SystemClock clock;
  civitas::RandomIdGenerator ids;
  civitas::JwtCodec jwt(civitas::JwtOptionsFrom(settings), &clock);
  civitas::CachedTokenVerifier verifier(&jwt, &clock);
  civitas::GrpcAuthenticator authenticator(&verifier);
  civitas::registry::RegistryRecords records(&store, &clock, &ids);
  // Writes wait on Redis's fsync; enough writers in flight let Redis fsync them together.
  civitas::BlockingExecutor writers(static_cast<int>(settings.Int("write_threads")));
  civitas::registry::RegistryGrpcService service(&records, &authenticator, &logger, &writers);

  civitas::GrpcServerOptions server_options;
  server_options.address = settings.String("grpc_address");
  server_options.ready_file = settings.String("ready_file");
  server_options.health_service_names = {"civitas.registry.v1.RegistryService"};
  civitas::GrpcServerRunner runner(server_options, metrics->get(), &logger,
                                   [&redis] { return redis.Ping(); });
  runner.AddService(&service);
  if (auto s = runner.Start(); !s.ok()) {
    logger.Log("fatal", std::string(s.message()));
    return 1;
  }
  retention.Start();
  int sig = civitas::WaitForTerminationSignal();
  logger.Log("info", "draining", {{"signal", std::to_string(sig)}});
  runner.Shutdown();
  retention.Stop();
  return 0;
}
