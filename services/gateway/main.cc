// civitas-gateway: wiring only. Settings -> backends -> routes from the services' descriptors ->
// handler -> HTTP server threads.
#include <google/protobuf/descriptor.h>

#include <boost/asio/io_context.hpp>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "libs/auth/api_keys.h"
#include "libs/auth/jwt.h"
#include "libs/common/settings.h"
#include "libs/server/grpc_server_runner.h"
#include "libs/server/termination_signals.h"
#include "services/gateway/backend_pool.h"
#include "services/gateway/gateway_handler.h"
#include "services/gateway/http_server.h"
#include "services/gateway/openapi.h"
#include "services/gateway/route_table.h"

namespace {

int Fail(civitas::JsonLogger& logger, const absl::Status& status) {
  logger.Log("fatal", std::string(status.message()));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  civitas::BlockTerminationSignals();
  // Deadlock detection (on by default in this Abseil) costs a graph update on every lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  civitas::JsonLogger logger("gateway");
  auto settings = civitas::Settings::Parse(argc, argv);
  if (!settings.ok()) {
    std::cerr << settings.status().message() << "\n";
    return 2;
  }
  auto backend_threads = settings->Int("backend_threads", 1);
  if (!backend_threads.ok()) return Fail(logger, backend_threads.status());
  civitas::gateway::BackendPool backends(*backend_threads);
  if (auto s = backends.Configure(
          settings->String("backends", "civitas.registry.v1.RegistryService=127.0.0.1:50051"));
      !s.ok()) {
    return Fail(logger, s);
  }
  std::vector<const google::protobuf::ServiceDescriptor*> services;
  for (const auto& name : backends.services()) {
    const auto* d = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (d == nullptr) {
      return Fail(logger, absl::InvalidArgumentError(
                              absl::StrCat("backend service ", name, " is not a known proto")));
    }
    services.push_back(d);
  }
  auto routes = civitas::gateway::RouteTable::Build(services);
  if (!routes.ok()) return Fail(logger, routes.status());
  auto openapi = civitas::gateway::BuildOpenApiJson(*routes, "Civitas API", "v1");
  if (!openapi.ok()) return Fail(logger, openapi.status());

  civitas::SystemClock clock;
  civitas::JwtCodec jwt({settings->String("jwt_secret", "civitas-dev-secret-change-me"),
                         settings->String("jwt_issuer", "civitas")},
                        &clock);
  auto api_keys = civitas::ApiKeyStore::Parse(settings->String("api_keys", ""));
  if (!api_keys.ok()) return Fail(logger, api_keys.status());
  civitas::CachedTokenVerifier verifier(&jwt, &clock);
  civitas::gateway::GatewayAuthenticator authenticator(&verifier, &jwt, &*api_keys);
  auto registry = std::make_shared<prometheus::Registry>();
  civitas::gateway::GatewayMetrics metrics(*registry);
  civitas::RandomIdGenerator ids;
  auto deadline_ms = settings->Int("backend_deadline_ms", 10000);
  if (!deadline_ms.ok()) return Fail(logger, deadline_ms.status());
  civitas::gateway::GatewayHandler handler(
      &*routes, &backends, &authenticator, &metrics, registry.get(), &logger, &ids, *openapi,
      {settings->String("cors_origin", "*"), absl::Milliseconds(*deadline_ms)});

  civitas::gateway::HttpServerOptions http_options;
  std::string address = settings->String("http_address", "0.0.0.0:8080");
  std::vector<std::string> hp = absl::StrSplit(address, absl::MaxSplits(':', 1));
  auto port = civitas::Settings::FromMap({{"p", hp.size() == 2 ? hp[1] : ""}}).Int("p", -1);
  if (hp.size() != 2 || !port.ok() || *port < 0 || *port > 65535) {
    return Fail(logger, absl::InvalidArgumentError("http_address must be host:port"));
  }
  http_options.host = hp[0];
  http_options.port = *port;
  auto body_limit = settings->Int("body_limit_bytes", 1 << 20);
  if (!body_limit.ok()) return Fail(logger, body_limit.status());
  http_options.body_limit = static_cast<size_t>(*body_limit);
  auto threads = settings->Int("threads", static_cast<int>(std::thread::hardware_concurrency()));
  if (!threads.ok()) return Fail(logger, threads.status());

  boost::asio::io_context io(*threads);
  civitas::gateway::HttpServer server(io, &handler, http_options);
  if (auto s = server.Start(); !s.ok()) return Fail(logger, s);
  std::string ready_file = settings->String("ready_file", "");
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
              {"api_keys", std::to_string(api_keys->size())}});
  std::vector<std::thread> pool;
  for (int i = 0; i < std::max(1, *threads); ++i) pool.emplace_back([&io] { io.run(); });
  int sig = civitas::WaitForTerminationSignal();
  logger.Log("info", "stopping", {{"signal", std::to_string(sig)}});
  // Drain: take no new connections, let requests in flight finish (bounded), then stop.
  server.Stop();
  absl::Time drain_deadline = absl::Now() + absl::Seconds(10);
  while (handler.in_flight() > 0 && absl::Now() < drain_deadline) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  io.stop();
  for (auto& t : pool) t.join();
  return 0;
}
