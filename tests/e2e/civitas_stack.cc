#include "tests/e2e/civitas_stack.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <signal.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "libs/auth/jwt.h"

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

absl::StatusOr<std::unique_ptr<CivitasStack>> CivitasStack::Start() {
  auto stack = std::unique_ptr<CivitasStack>(new CivitasStack());
  stack->dir_ = MakeTempDir("civitas-e2e");
  auto redis = RedisServer::Start();
  if (!redis.ok()) return redis.status();
  stack->redis_ = std::move(redis).value();
  // The registry asks accreditation about service contracts, and accreditation asks the registry
  // about providers: accreditation's port is chosen first so that each can be told the other's.
  stack->accreditation_port_ = PickFreePort();
  if (auto s = stack->StartRegistry(0); !s.ok()) return s;
  if (auto s =
          stack->StartService("accreditation", CIVITAS_ACCREDITATION_BIN, &stack->accreditation_,
                              &stack->accreditation_port_, {kAccreditationClaimIdle});
      !s.ok()) {
    return s;
  }
  // Grants asks accreditation whether applicants are accredited: started after it, told where.
  if (auto s = stack->StartService(
          "grants", CIVITAS_GRANTS_BIN, &stack->grants_, &stack->grants_port_,
          {absl::StrCat("--accreditation_address=127.0.0.1:", stack->accreditation_port_)});
      !s.ok()) {
    return s;
  }
  if (auto s = stack->StartGateway(); !s.ok()) return s;
  return stack;
}

absl::Status CivitasStack::StartRegistry(int grpc_port) {
  std::string ready = absl::StrCat(dir_, "/registry.ready");
  unlink(ready.c_str());
  std::string log = absl::StrCat(dir_, "/registry.log");
  auto p = Subprocess::Start(
      {CIVITAS_REGISTRY_BIN, absl::StrCat("--redis_address=", redis_->address()),
       absl::StrCat("--grpc_address=127.0.0.1:", grpc_port), "--metrics_address=127.0.0.1:0",
       absl::StrCat("--accreditation_address=127.0.0.1:", accreditation_port_),
       absl::StrCat("--ready_file=", ready), absl::StrCat("--jwt_secret=", kJwtSecret)},
      log);
  if (!p.ok()) return p.status();
  registry_ = std::make_unique<Subprocess>(std::move(p).value());
  auto port = WaitForPort(registry_.get(), ready, "grpc_port", log);
  if (!port.ok()) return port.status();
  registry_port_ = *port;
  return absl::OkStatus();
}

absl::Status CivitasStack::StartService(const std::string& name, const char* binary,
                                        std::unique_ptr<Subprocess>* process, int* port,
                                        std::vector<std::string> flags) {
  std::string ready = absl::StrCat(dir_, "/", name, ".ready");
  unlink(ready.c_str());
  std::string log = absl::StrCat(dir_, "/", name, ".log");
  std::vector<std::string> args = {binary,
                                   absl::StrCat("--redis_address=", redis_->address()),
                                   absl::StrCat("--grpc_address=127.0.0.1:", *port),
                                   "--metrics_address=127.0.0.1:0",
                                   absl::StrCat("--registry_address=127.0.0.1:", registry_port_),
                                   absl::StrCat("--ready_file=", ready),
                                   absl::StrCat("--jwt_secret=", kJwtSecret)};
  args.insert(args.end(), flags.begin(), flags.end());
  auto p = Subprocess::Start(args, log);
  if (!p.ok()) return p.status();
  *process = std::make_unique<Subprocess>(std::move(p).value());
  auto bound = WaitForPort(process->get(), ready, "grpc_port", log);
  if (!bound.ok()) return bound.status();
  *port = *bound;
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
      absl::StrCat(
          "--backends=civitas.registry.v1.RegistryService=127.0.0.1:", registry_port_,
          ",civitas.grants.v1.GrantsService=127.0.0.1:", grants_port_,
          ",civitas.accreditation.v1.AccreditationService=127.0.0.1:", accreditation_port_),
      absl::StrCat("--ready_file=", ready),
      absl::StrCat("--jwt_secret=", kJwtSecret),
      absl::StrCat("--api_keys=", kWarehouseKey, "|warehouse|warehouse"),
      "--body_limit_bytes=65536",
      "--threads=2"};
  args.insert(args.end(), flags.begin(), flags.end());
  auto p = Subprocess::Start(args, log, environment);
  if (!p.ok()) return p.status();
  *process = std::make_unique<Subprocess>(std::move(p).value());
  return WaitForPort(process->get(), ready, "http_port", log);
}

absl::Status CivitasStack::StartGateway() {
  auto port = LaunchGateway("gateway", {}, {}, &gateway_);
  if (!port.ok()) return port.status();
  http_port_ = *port;
  return absl::OkStatus();
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
  accreditation_.reset();
  grants_.reset();
  registry_.reset();
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
                                const std::string& subject) const {
  SystemClock clock;
  JwtCodec codec({kJwtSecret, "civitas"}, &clock);
  Principal p;
  p.subject = subject.empty() ? role + "-e2e" : subject;
  p.roles = {role};
  p.organization = organization;
  return codec.Sign(p, absl::Hours(1));
}

absl::Status CivitasStack::KillAccreditationThenRestart() {
  accreditation_->Stop(SIGKILL);
  if (auto s = StartService("accreditation", CIVITAS_ACCREDITATION_BIN, &accreditation_,
                            &accreditation_port_, {kAccreditationClaimIdle});
      !s.ok()) {
    return s;
  }
  return WaitUntilReady();
}

absl::Status CivitasStack::KillRedisThenRestart() {
  if (auto s = redis_->KillAndRestart(); !s.ok()) return s;
  if (auto s = WaitUntilReady(); !s.ok()) return s;
  // Each service's pooled Redis connections died with Redis. A read finds out and is retried on
  // a new connection (the pool drops the rest); a write is not (its outcome would be unknown) and
  // answers 503. One read per service here, so that the tests' next writes find fresh pools.
  for (const char* read :
       {"/v1/territories?pageSize=1", "/v1/programmes?pageSize=1", "/v1/policies?pageSize=1"}) {
    auto r = Call("GET", read);
    if (!r.ok() || r->status != 200) {
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

absl::Status CivitasStack::KillRegistryThenRestart() {
  registry_->Stop(SIGKILL);
  if (auto s = StartRegistry(registry_port_); !s.ok()) return s;
  return WaitUntilReady();
}

absl::Status CivitasStack::KillRegistryAndRedisThenRestart() {
  registry_->Stop(SIGKILL);
  if (auto s = redis_->KillAndRestart(); !s.ok()) return s;
  if (auto s = StartRegistry(registry_port_); !s.ok()) return s;
  return WaitUntilReady();
}

}  // namespace civitas::testing
