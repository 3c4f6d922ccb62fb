#include "libs/server/service_runtime.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "libs/auth/auth_settings.h"
#include "libs/common/service_list.h"
#include "libs/server/termination_signals.h"

namespace civitas {
namespace {

GrpcServerOptions ServerOptions(const Settings& settings, const std::string& name,
                                const GrpcAuthenticator* authenticator) {
  GrpcServerOptions options;
  options.address = settings.String("grpc_address");
  options.ready_file = settings.String("ready_file");
  options.drain_delay = absl::Milliseconds(settings.Int("drain_delay_ms"));
  options.drain_timeout = absl::Milliseconds(settings.Int("drain_timeout_ms"));
  // Health reports each gRPC service of this one (services/services.list) as SERVING while Redis
  // answers.
  if (const DeclaredService* declared = FindDeclaredService(name); declared != nullptr) {
    options.health_service_names = declared->grpc_services;
  }
  options.authenticator = authenticator;
  options.tls = GrpcTlsOptionsFrom(settings);
  return options;
}

// An event consumer as a job.
class EventConsumerJob : public BackgroundJob {
 public:
  EventConsumerJob(std::string name, RedisClient* redis, events::EventConsumerOptions options,
                   events::EventHandler handler, JsonLogger* logger,
                   events::EventConsumerObserver* observer)
      : name_(std::move(name)),
        consumer_(redis, std::move(options), std::move(handler), logger, observer) {}

  const std::string& name() const override { return name_; }
  absl::Status Start() override { return consumer_.Start(); }
  void Stop() override { consumer_.Stop(); }

 private:
  const std::string name_;
  events::EventConsumer consumer_;
};

}  // namespace

std::unique_ptr<ServiceRuntime> ServiceRuntime::Start(const SettingsSchema& schema, int argc,
                                                      char** argv, ServiceOptions options) {
  BlockTerminationSignals();
  // Deadlock detection (on by default in this Abseil) costs a graph update on every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  Settings settings = LoadSettingsOrExit(schema, argc, argv);
  std::string name(absl::StripPrefix(schema.program(), "civitas-"));
  // Owned by the runtime from here on: the storage's outbox retention logs through it for the
  // life of the process.
  auto logger =
      std::make_unique<JsonLogger>(name, stderr, absl::Milliseconds(100), LogLevelFrom(settings));
  if (std::string warning = DevelopmentModeWarning(settings); !warning.empty()) {
    logger->Log("warn", warning);
  }
  auto metrics = MetricsExposer::Start(settings.String("metrics_address"), name);
  if (!metrics.ok()) {
    logger->Log("fatal", std::string(metrics.status().message()));
    return nullptr;
  }
  auto storage = ServiceStorage::Open(settings, static_cast<int>(settings.Int("write_threads")),
                                      metrics->get(), logger.get());
  if (!storage.ok()) {
    logger->Log("fatal", std::string(storage.status().message()));
    return nullptr;
  }
  auto runtime = std::unique_ptr<ServiceRuntime>(
      new ServiceRuntime(std::move(name), std::move(settings), std::move(options),
                         std::move(logger), *std::move(metrics), *std::move(storage)));
  if (absl::Status keys = runtime->verifier_.LoadProviderKeys(); !keys.ok()) {
    runtime->logger().Log("fatal", std::string(keys.message()));
    return nullptr;
  }
  return runtime;
}

ServiceRuntime::ServiceRuntime(std::string name, Settings settings, ServiceOptions options,
                               std::unique_ptr<JsonLogger> logger,
                               std::unique_ptr<MetricsExposer> metrics,
                               std::unique_ptr<ServiceStorage> storage)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      logger_(std::move(logger)),
      metrics_(std::move(metrics)),
      storage_(std::move(storage)),
      jwt_(JwtOptionsFrom(settings_), &clock_),
      verifier_(
          settings_, &jwt_, &clock_,
          [logger = logger_.get()](const std::string& problem) { logger->Log("warn", problem); }),
      authenticator_(&verifier_),
      writers_(static_cast<int>(settings_.Int("write_threads"))),
      identity_(name_, std::move(options.peer_roles), &jwt_, &clock_),
      runner_(ServerOptions(settings_, name_, &authenticator_), metrics_.get(), logger_.get(),
              [this] { return storage_->redis().Ping(); }) {}

ServiceRuntime::~ServiceRuntime() { StopJobs(); }

Principal ServiceRuntime::JobPrincipal(const std::string& job) const {
  return BackgroundJobPrincipal(name_, job);
}

void ServiceRuntime::AddPeriodicJob(const std::string& job, absl::Duration interval,
                                    PeriodicPass pass) {
  AddJob(std::make_unique<PeriodicJob>(job, JobPrincipal(job), interval, std::move(pass),
                                       logger_.get()));
}

void ServiceRuntime::AddEventConsumer(const std::string& job, const std::string& producer,
                                      events::EventConsumerOptions options,
                                      events::EventHandler handler) {
  if (consumer_metrics_ == nullptr) {
    consumer_metrics_ = std::make_unique<EventConsumerMetrics>(metrics_->registry());
  }
  // This service's own outbox is where its settings put it; another's, where its defaults do.
  options.stream = producer == name_ ? absl::StrCat(settings_.String("redis_key_prefix"), ":events")
                                     : absl::StrCat("civitas:{", producer, "}:events");
  options.group = absl::StrCat(name_, ".", job);
  if (options.consumer.empty()) options.consumer = events::DefaultConsumerName();
  AddJob(std::make_unique<EventConsumerJob>(job, &storage_->redis(), std::move(options),
                                            std::move(handler), logger_.get(),
                                            consumer_metrics_.get()));
}

void ServiceRuntime::AddJob(std::unique_ptr<BackgroundJob> job) { jobs_.push_back(std::move(job)); }

void ServiceRuntime::StopJobs() {
  while (started_jobs_ > 0) jobs_[--started_jobs_]->Stop();
}

int ServiceRuntime::Run(grpc::Service* service) {
  runner_.AddService(service);
  if (absl::Status s = runner_.Start(); !s.ok()) {
    logger_->Log("fatal", std::string(s.message()));
    return 1;
  }
  storage_->retention().Start();
  int exit_code = 0;
  for (const auto& job : jobs_) {
    if (absl::Status s = job->Start(); !s.ok()) {
      logger_->Log("fatal", "a background job could not start",
                   {{"job", job->name()}, {"error", std::string(s.message())}});
      exit_code = 1;
      break;
    }
    ++started_jobs_;
  }
  if (exit_code == 0) {
    int sig = WaitForTerminationSignal();
    logger_->Log("info", "draining", {{"signal", std::to_string(sig)}});
  }
  runner_.Shutdown();
  StopJobs();
  storage_->retention().Stop();
  return exit_code;
}

}  // namespace civitas
