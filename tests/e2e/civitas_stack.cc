#include "tests/e2e/civitas_stack.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <signal.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/auth/jwt.h"
#include "libs/common/service_list.h"

namespace civitas::testing {
namespace {

absl::StatusOr<int> WaitForPort(Subprocess* process, const std::string& ready_file,
                                const std::string& key, const std::string& log) {
  bool ready = WaitFor([&] { return !ReadFile(ready_file).empty() || !process->Running(); },
                       absl::Seconds(20));
  std::string content = ReadFile(ready_file);
  if (!ready || content.empty()) {
    return absl::UnavailableError(absl::StrCat("process did not become ready: ", ReadFile(log)));
  }
  google::protobuf::Struct s;
  if (!google::protobuf::util::JsonStringToMessage(content, &s).ok() || !s.fields().contains(key)) {
    return absl::InternalError(absl::StrCat("bad ready file: ", content));
  }
  return static_cast<int>(s.fields().at(key).number_value());
}

}  // namespace

absl::StatusOr<std::unique_ptr<CivitasStack>> CivitasStack::Start(StackOptions options) {
  auto stack = std::unique_ptr<CivitasStack>(new CivitasStack());
  stack->options_ = std::move(options);
  stack->dir_ = MakeTempDir("civitas-e2e");
  stack->provider_.AddKey("e2e-1", "ES256");
  stack->PublishProviderKeys();
  auto redis = RedisServer::Start();
  if (!redis.ok()) return redis.status();
  stack->redis_ = std::move(redis).value();
  // Services call each other (in both directions): every port is chosen first, so that each
  // service is told where every other one is. A port taken in between (another test's
  // connection) makes that service fail to bind: the services start again on fresh ports.
  absl::Status started;
  for (int attempt = 0; attempt < 3; ++attempt) {
    stack->services_.clear();
    for (const DeclaredService& declared : DeclaredServices()) {
      stack->services_.push_back({declared.name, PickFreePort(), nullptr});
    }
    started = absl::OkStatus();
    for (ServiceProcess& service : stack->services_) {
      started = stack->StartService(&service);
      if (!started.ok()) break;
    }
    if (started.ok()) break;
  }
  if (!started.ok()) return started;
  auto port = stack->LaunchGateway("gateway", {}, {}, &stack->gateway_);
  if (!port.ok()) return port.status();
  stack->http_port_ = *port;
  return stack;
}

CivitasStack::ServiceProcess* CivitasStack::Find(const std::string& name) {
  for (ServiceProcess& service : services_) {
    if (service.name == name) return &service;
  }
  return nullptr;
}

std::string CivitasStack::Peers() const {
  return absl::StrJoin(services_, ",", [](std::string* out, const ServiceProcess& s) {
    absl::StrAppend(out, s.name, "=127.0.0.1:", s.port);
  });
}

absl::Status CivitasStack::StartService(ServiceProcess* service) {
  std::string ready = absl::StrCat(dir_, "/", service->name, ".ready");
  unlink(ready.c_str());
  std::string log = absl::StrCat(dir_, "/", service->name, ".log");
  // The binary where the build puts every listed service: services/<name>/civitas-<name>.
  std::vector<std::string> args = {
      absl::StrCat(CIVITAS_SERVICES_BUILD_DIR, "/", service->name, "/civitas-", service->name),
      absl::StrCat("--redis_address=", redis_->address()),
      absl::StrCat("--grpc_address=127.0.0.1:", service->port),
      "--metrics_address=127.0.0.1:0",
      absl::StrCat("--peers=", Peers()),
      absl::StrCat("--ready_file=", ready),
      absl::StrCat("--jwt_secret=", kJwtSecret)};
  for (std::string& flag : ProviderFlags()) args.push_back(std::move(flag));
  if (auto it = options_.service_flags.find(service->name); it != options_.service_flags.end()) {
    args.insert(args.end(), it->second.begin(), it->second.end());
  }
  auto p = Subprocess::Start(args, log);
  if (!p.ok()) return p.status();
  service->process = std::make_unique<Subprocess>(std::move(p).value());
  auto bound = WaitForPort(service->process.get(), ready, "grpc_port", log);
  if (!bound.ok()) return bound.status();
  if (*bound != service->port) {
    return absl::InternalError(
        absl::StrCat(service->name, " bound ", *bound, ", not ", service->port));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> CivitasStack::LaunchGateway(const std::string& name,
                                                const std::vector<std::string>& flags,
                                                const std::vector<std::string>& environment,
                                                std::unique_ptr<Subprocess>* process) {
  std::string ready = absl::StrCat(dir_, "/", name, ".ready");
  std::string log = absl::StrCat(dir_, "/", name, ".log");
  std::vector<std::string> args = {
      CIVITAS_GATEWAY_BIN,
      "--http_address=127.0.0.1:0",
      absl::StrCat("--backends=", Peers()),
      absl::StrCat("--ready_file=", ready),
      absl::StrCat("--jwt_secret=", kJwtSecret),
      absl::StrCat("--api_keys=", kWarehouseKey, "|warehouse|warehouse"),
      "--body_limit_bytes=65536",
      "--threads=2"};
  for (std::string& flag : ProviderFlags()) args.push_back(std::move(flag));
  args.insert(args.end(), flags.begin(), flags.end());
  auto p = Subprocess::Start(args, log, environment);
  if (!p.ok()) return p.status();
  *process = std::make_unique<Subprocess>(std::move(p).value());
  return WaitForPort(process->get(), ready, "http_port", log);
}

absl::StatusOr<int> CivitasStack::StartExtraGateway(const std::vector<std::string>& flags,
                                                    const std::vector<std::string>& environment) {
  std::unique_ptr<Subprocess> process;
  auto port = LaunchGateway(absl::StrCat("gateway-", extra_gateways_.size() + 1), flags,
                            environment, &process);
  extra_gateways_.push_back(std::move(process));
  return port;
}

CivitasStack::~CivitasStack() {
  extra_gateways_.clear();
  gateway_.reset();
  // Stopped in the reverse of the order they started in.
  while (!services_.empty()) services_.pop_back();
  redis_.reset();
  std::system(absl::StrCat("rm -rf '", dir_, "'").c_str());
}

absl::StatusOr<HttpResult> CivitasStack::Call(
    const std::string& method, const std::string& target, const std::string& token,
    const std::string& body, std::vector<std::pair<std::string, std::string>> headers) {
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return HttpCall("127.0.0.1", http_port_, method, target, headers, body);
}

std::string CivitasStack::Token(const std::string& role, const std::string& organization,
                                const std::string& subject,
                                std::vector<std::string> territories) const {
  SystemClock clock;
  JwtCodec codec({kJwtSecret, "civitas"}, &clock);
  Principal p;
  p.subject = subject.empty() ? role + "-e2e" : subject;
  p.roles = {role};
  p.organization = organization;
  p.territories = std::move(territories);
  return codec.Sign(p, absl::Hours(1));
}

std::vector<std::string> CivitasStack::ProviderFlags() const {
  return {absl::StrCat("--oidc_jwks=", jwks_server_.Url(kProviderKeysPath)),
          absl::StrCat("--oidc_issuer=", kProviderIssuer),
          absl::StrCat("--oidc_audience=", kProviderAudience),
          "--oidc_roles_claim=realm_access.roles",
          "--oidc_role_prefix=civitas-",
          "--oidc_organization_claim=civitas_org",
          "--oidc_jwks_refetch_seconds=5"};
}

void CivitasStack::PublishProviderKeys() { jwks_server_.Set(kProviderKeysPath, provider_.Jwks()); }

std::string CivitasStack::ProviderToken(const std::string& kid, const std::string& subject,
                                        const std::string& role, const std::string& organization,
                                        const std::string& extra_claims) const {
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  std::string claims = absl::StrCat(
      R"({"iss":")", kProviderIssuer, R"(","aud":["account",")", kProviderAudience, R"("],"sub":")",
      subject, R"(","iat":)", now, R"(,"exp":)", now + 3600,
      R"(,"realm_access":{"roles":["offline_access","civitas-)", role, R"("]})",
      organization.empty() ? "" : absl::StrCat(R"(,"civitas_org":")", organization, "\""),
      extra_claims.empty() ? "" : ",", extra_claims, "}");
  return provider_.Sign(kid, claims);
}

absl::Status CivitasStack::KillServiceThenRestart(const std::string& name) {
  ServiceProcess* service = Find(name);
  if (service == nullptr) return absl::NotFoundError(absl::StrCat("no service ", name));
  service->process->Stop(SIGKILL);
  if (auto s = StartService(service); !s.ok()) return s;
  return WaitUntilReady();
}

absl::Status CivitasStack::KillServiceAndRedisThenRestart(const std::string& name) {
  ServiceProcess* service = Find(name);
  if (service == nullptr) return absl::NotFoundError(absl::StrCat("no service ", name));
  service->process->Stop(SIGKILL);
  if (auto s = redis_->KillAndRestart(); !s.ok()) return s;
  if (auto s = StartService(service); !s.ok()) return s;
  return WaitUntilReady();
}

absl::Status CivitasStack::KillRedisThenRestart(const std::vector<std::string>& reads) {
  if (auto s = redis_->KillAndRestart(); !s.ok()) return s;
  if (auto s = WaitUntilReady(); !s.ok()) return s;
  // Each service's pooled Redis connections died with Redis. A read finds out and is retried on
  // a new connection (the pool drops the rest); a write is not (its outcome would be unknown) and
  // answers 503. One read per service here, so that the tests' next writes find fresh pools.
  // A service whose probe saw Redis gone answers 503 until the probe sees it back (well within
  // a second).
  for (const std::string& read : reads) {
    absl::StatusOr<HttpResult> r;
    const bool answered = WaitFor(
        [&] {
          r = Call("GET", read);
          return r.ok() && r->status == 200;
        },
        absl::Seconds(5));
    if (!answered) {
      return absl::UnavailableError(absl::StrCat(
          "GET ", read, " after the Redis restart: ", r.ok() ? r->body : r.status().ToString()));
    }
  }
  return absl::OkStatus();
}

absl::Status CivitasStack::WaitUntilReady() {
  bool ready = WaitFor(
      [&] {
        auto r = Call("GET", "/readyz");
        return r.ok() && r->status == 200;
      },
      absl::Seconds(30));
  return ready ? absl::OkStatus()
               : absl::UnavailableError("the gateway's backends never came back");
}

}  // namespace civitas::testing
