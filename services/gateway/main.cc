// civitas-gateway: wiring only. Settings -> backends -> routes from the services' descriptors ->
// handler -> HTTP server threads.
#include <google/protobuf/descriptor.h>
#include <sched.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/auth/api_keys.h"
#include "libs/auth/auth_settings.h"
#include "libs/auth/bearer_token_verifier.h"
#include "libs/auth/identity_provider_settings.h"
#include "libs/common/service_list.h"
#include "libs/common/settings.h"
#include "libs/server/grpc_server_runner.h"
#include "libs/server/termination_signals.h"
#include "services/gateway/backend_pool.h"
#include "services/gateway/gateway_handler.h"
#include "services/gateway/http_server.h"
#include "services/gateway/openapi.h"
#include "services/gateway/route_table.h"

namespace {

// CPUs this process may run on (its affinity mask), so `taskset -c 0` means one loop.
int UsableCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

int Fail(civitas::JsonLogger& logger, const absl::Status& status) {
  logger.Log("fatal", std::string(status.message()));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  civitas::BlockTerminationSignals();
  // Deadlock detection (on by default in this Abseil) costs a graph update on every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  civitas::SettingsSchema schema("civitas-gateway");
  schema
      .String("http_address", "0.0.0.0:8080",
              "host:port the REST server listens on (port 0: any free port)")
      .String("backends", civitas::LocalServiceAddresses(),
              "where each Civitas service is: name=host:port, comma-separated (the names of "
              "services/services.list); /readyz is not ready while one is missing")
      .String("public_urls", "",
              "base URLs the OpenAPI document lists as servers, comma-separated (empty: \"/\")")
      .Secret(
          "api_keys", "",
          "machine clients' API keys (X-API-Key header): key|subject|role[,role][|organization], "
          "';'-separated")
      .Int("backend_deadline_ms", 10000, "deadline of each unary backend call", 1, 3600000)
      .Int("stream_deadline_ms", 30 * 60 * 1000, "deadline of each streamed export", 1,
           24 * 3600000)
      .String("cors_origin", "*", "Access-Control-Allow-Origin answered to browsers")
      .Int("rate_limit_per_second", 0, "requests per second per caller (0: no limit)", 0, 1000000)
      .Int("rate_limit_burst", 0, "requests a caller may make at once (0: twice the rate)", 0,
           10000000)
      .String("trusted_proxies", "",
              "CIDRs of proxies whose X-Forwarded-For is believed, comma-separated")
      .Int("body_limit_bytes", 1 << 20, "largest request body accepted (413 beyond)", 1, 1 << 30)
      .Int("upload_body_limit_bytes", 1 << 30,
           "largest upload accepted (a data value import's file; 413 beyond)", 1, 1 << 30)
      .Int("threads", 0, "event loops (0: one per CPU this process may run on)", 0, 1024)
      .String("ready_file", "",
              "when set, a JSON file with the bound port written once the server is ready")
      .Int("drain_delay_ms", 0,
           "after SIGTERM, how long requests are still taken while /readyz says not ready (set "
           "to the time a load balancer needs to stop sending, e.g. 5000 on Kubernetes)",
           0, 600000)
      .Int("drain_timeout_ms", 10000,
           "after the delay, how long requests in flight may take to finish before the exit", 0,
           600000);
  civitas::DeclareJwtSettings(&schema);
  civitas::DeclareIdentityProviderSettings(&schema);
  civitas::DeclareLogSettings(&schema);
  const civitas::Settings settings = civitas::LoadSettingsOrExit(schema, argc, argv);
  civitas::JsonLogger logger("gateway", stderr, absl::Milliseconds(100),
                             civitas::LogLevelFrom(settings));
  if (std::string warning = civitas::DevelopmentModeWarning(settings); !warning.empty()) {
    logger.Log("warn", warning);
  }
  auto backends = civitas::gateway::BackendMap::Parse(settings.String("backends"));
  if (!backends.ok()) return Fail(logger, backends.status());
  for (const std::string& missing : backends->UnconfiguredServices()) {
    logger.Log("warn", "a service has no backend: /readyz says not ready",
               {{"grpc_service", missing}});
  }
  std::vector<const google::protobuf::ServiceDescriptor*> services;
  for (const auto& name : backends->services()) {
    const auto* d = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (d == nullptr) {
      return Fail(logger, absl::InvalidArgumentError(
                              absl::StrCat("backend service ", name, " is not a known proto")));
    }
    services.push_back(d);
  }
  auto routes = civitas::gateway::RouteTable::Build(services);
  if (!routes.ok()) return Fail(logger, routes.status());
  civitas::gateway::OpenApiInfo openapi_info;
  // Base URLs the OpenAPI document names (comma-separated); "/" (where it is served) by default.
  openapi_info.server_urls =
      absl::StrSplit(settings.String("public_urls"), ',', absl::SkipWhitespace());
  auto openapi = civitas::gateway::BuildOpenApiJson(*routes, openapi_info);
  if (!openapi.ok()) return Fail(logger, openapi.status());

  civitas::SystemClock clock;
  civitas::JwtCodec jwt(civitas::JwtOptionsFrom(settings), &clock);
  auto api_keys = civitas::ApiKeyStore::Parse(settings.String("api_keys"));
  if (!api_keys.ok()) return Fail(logger, api_keys.status());
  civitas::BearerTokenVerifier verifier(
      settings, &jwt, &clock,
      [&logger](const std::string& problem) { logger.Log("warn", problem); });
  if (auto s = verifier.LoadProviderKeys(); !s.ok()) return Fail(logger, s);
  civitas::gateway::GatewayAuthenticator authenticator(&verifier, &jwt, &*api_keys);
  auto registry = std::make_shared<prometheus::Registry>();
  civitas::gateway::GatewayMetrics metrics(*registry);
  civitas::RandomIdGenerator ids;
  const civitas::gateway::GatewayOptions gateway_options{
      settings.String("cors_origin"), absl::Milliseconds(settings.Int("backend_deadline_ms")),
      absl::Milliseconds(settings.Int("stream_deadline_ms"))};
  const int64_t rate_limit = settings.Int("rate_limit_per_second");
  const int64_t rate_burst = settings.Int("rate_limit_burst") > 0
                                 ? settings.Int("rate_limit_burst")
                                 : std::max<int64_t>(1, 2 * rate_limit);
  auto proxies = civitas::gateway::TrustedProxies::Parse(settings.String("trusted_proxies"));
  if (!proxies.ok()) return Fail(logger, proxies.status());
  civitas::gateway::RateLimiter limiter(
      {static_cast<double>(rate_limit), static_cast<double>(rate_burst)});

  civitas::gateway::HttpServerOptions http_options;
  const std::string& address = settings.String("http_address");
  std::vector<std::string> hp = absl::StrSplit(address, absl::MaxSplits(':', 1));
  int port = -1;
  if (hp.size() != 2 || !absl::SimpleAtoi(hp[1], &port) || port < 0 || port > 65535) {
    return Fail(logger, absl::InvalidArgumentError("http_address must be host:port"));
  }
  http_options.host = hp[0];
  http_options.port = port;
  http_options.body_limit = static_cast<size_t>(settings.Int("body_limit_bytes"));
  http_options.upload_body_limit = static_cast<size_t>(settings.Int("upload_body_limit_bytes"));
  const int threads =
      settings.Int("threads") > 0 ? static_cast<int>(settings.Int("threads")) : UsableCpus();

  // One event loop per thread, each with its own backend connections and handler.
  struct Loop {
    boost::asio::io_context io{1};
    std::unique_ptr<civitas::gateway::BackendPool> backends;
    std::unique_ptr<civitas::gateway::BuiltinEndpoints> builtins;
    std::unique_ptr<civitas::gateway::GatewayHandler> handler;
  };
  std::vector<std::unique_ptr<Loop>> loops;
  std::vector<civitas::gateway::HttpLoop> http_loops;
  for (int i = 0; i < threads; ++i) {
    auto loop = std::make_unique<Loop>();
    loop->backends = std::make_unique<civitas::gateway::BackendPool>(loop->io, *backends);
    loop->builtins = std::make_unique<civitas::gateway::BuiltinEndpoints>(
        loop->backends.get(), registry.get(), *openapi, backends->UnconfiguredServices());
    civitas::gateway::GatewayDeps deps{&*routes,
                                       loop->backends.get(),
                                       loop->builtins.get(),
                                       &authenticator,
                                       &limiter,
                                       &*proxies,
                                       &metrics,
                                       &logger,
                                       &ids};
    loop->handler = std::make_unique<civitas::gateway::GatewayHandler>(deps, gateway_options);
    http_loops.push_back({&loop->io, loop->handler.get()});
    loops.push_back(std::move(loop));
  }
  civitas::gateway::HttpServer server(http_loops, http_options);
  if (auto s = server.Start(); !s.ok()) return Fail(logger, s);
  const std::string& ready_file = settings.String("ready_file");
  if (!ready_file.empty()) {
    if (auto s = civitas::WriteFileAtomically(
            ready_file, absl::StrCat("{\"http_port\":", server.port(), "}\n"));
        !s.ok()) {
      return Fail(logger, s);
    }
  }
  logger.Log("info", "serving", {{"address", address}},
             {{"http_port", std::to_string(server.port())},
              {"routes", std::to_string(routes->routes().size())},
              {"api_keys", std::to_string(api_keys->size())},
              {"rate_limit_per_second", std::to_string(rate_limit)}});
  std::vector<std::thread> pool;
  for (auto& loop : loops) {
    pool.emplace_back([&io = loop->io] {
      auto work = boost::asio::make_work_guard(io);
      io.run();
    });
  }
  int sig = civitas::WaitForTerminationSignal();
  logger.Log("info", "stopping", {{"signal", std::to_string(sig)}});
  // Drain: /readyz says not ready at once, requests are still served for drain_delay_ms (while
  // the load balancer takes this gateway out), then no new connections are taken and requests in
  // flight finish (within drain_timeout_ms) before the process exits.
  for (auto& loop : loops) loop->builtins->StartDraining();
  absl::SleepFor(absl::Milliseconds(settings.Int("drain_delay_ms")));
  server.Stop();
  absl::Time drain_deadline = absl::Now() + absl::Milliseconds(settings.Int("drain_timeout_ms"));
  auto in_flight = [&loops] {
    int n = 0;
    for (const auto& loop : loops) n += loop->handler->in_flight();
    return n;
  };
  while (in_flight() > 0 && absl::Now() < drain_deadline) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  for (auto& loop : loops) loop->io.stop();
  for (auto& t : pool) t.join();
  // Backend channels are destroyed before their loops' io_contexts (member order).
  return 0;
}
