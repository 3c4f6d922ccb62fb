#include "libs/server/server_interceptors.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "civitas/common/v1/access.pb.h"
#include "google/protobuf/descriptor.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/metrics/metrics_exposer.h"

namespace civitas {
namespace {

using grpc::experimental::InterceptionHookPoints;

class MetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  MetricsInterceptor(MetricsInterceptorFactory* factory, std::string method)
      : factory_(factory), method_(std::move(method)), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      auto* series = factory_->SeriesFor(method_);
      factory_->CounterFor(series, method_, status.error_code())->Increment();
      series->latency->Observe(absl::ToDoubleSeconds(absl::Now() - start_));
    }
    methods->Proceed();
  }

 private:
  MetricsInterceptorFactory* factory_;
  std::string method_;
  absl::Time start_;
};

class LoggingInterceptor final : public grpc::experimental::Interceptor {
 public:
  LoggingInterceptor(std::string method, JsonLogger* logger, const GrpcAuthenticator* authenticator,
                     grpc::ServerContextBase* context)
      : method_(std::move(method)),
        logger_(logger),
        authenticator_(authenticator),
        context_(context),
        start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* md = methods->GetRecvInitialMetadata();
      if (auto it = md->find("x-request-id"); it != md->end()) {
        correlation_id_.assign(it->second.data(), it->second.size());
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      // Held here: a log field only points at its text (error_message() returns a copy).
      const std::string error = status.error_message();
      const std::string principal = Principal();
      JsonLogger::Fields fields = {{"method", method_},
                                   {"code", GrpcCodeName(status.error_code())},
                                   {"principal", principal},
                                   {"correlation_id", correlation_id_}};
      // The message the caller got back (already free of internal detail, see PublicStatus).
      if (!status.ok()) fields.emplace_back("error", error);
      logger_->Log(
          status.error_code() == grpc::StatusCode::INTERNAL ? "error" : "info", "rpc", fields,
          {{"duration_ms", absl::StrCat(absl::ToDoubleMilliseconds(absl::Now() - start_))}});
    }
    methods->Proceed();
  }

 private:
  // Who called: the verified subject (verification is cached, so asking again costs a lookup),
  // `anonymous`, or `unauthenticated` for credentials refused (the rpc line's error says why).
  std::string Principal() const {
    if (authenticator_ == nullptr || context_ == nullptr) return "";
    absl::StatusOr<civitas::Principal> principal = authenticator_->Authenticate(*context_);
    if (!principal.ok()) return "unauthenticated";
    return principal->anonymous() ? "anonymous" : principal->subject;
  }

  std::string method_;
  JsonLogger* logger_;
  const GrpcAuthenticator* const authenticator_;
  grpc::ServerContextBase* const context_;
  absl::Time start_;
  std::string correlation_id_;
};

class CredentialsRequiredInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit CredentialsRequiredInterceptor(std::string method) : method_(std::move(method)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      // The entry refers to this interceptor's own copy of the name: it lives as long as the call.
      methods->GetRecvInitialMetadata()->emplace(kCredentialsRequiredMetadata, method_);
    }
    methods->Proceed();
  }

 private:
  std::string method_;
};

}  // namespace

bool MethodRequiresCredentials(const std::string& method) {
  // `/civitas.grants.v1.GrantsService/ListVouchers` ->
  // `civitas.grants.v1.GrantsService.ListVouchers`.
  if (!absl::StartsWith(method, "/civitas.")) return false;
  const std::string full_name = absl::StrReplaceAll(method.substr(1), {{"/", "."}});
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full_name);
  return descriptor != nullptr &&
         !descriptor->options().GetExtension(civitas::common::v1::allow_anonymous);
}

CredentialsRequiredInterceptorFactory::CredentialsRequiredInterceptorFactory(
    const std::vector<std::string>& services) {
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string path = absl::StrCat("/", name, "/", service->method(i)->name());
      if (MethodRequiresCredentials(path)) methods_.emplace(path, service->method(i)->name());
    }
  }
}

grpc::experimental::Interceptor* CredentialsRequiredInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  auto it = methods_.find(absl::string_view(info->method()));
  if (it == methods_.end()) return nullptr;
  return new CredentialsRequiredInterceptor(it->second);
}

MetricsInterceptorFactory::MetricsInterceptorFactory(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("civitas_grpc_server_requests_total")
                    .Help("gRPC requests handled, by method and status code")
                    .Register(registry)),
      latency_(prometheus::BuildHistogram()
                   .Name("civitas_grpc_server_request_duration_seconds")
                   .Help("gRPC request latency by method")
                   .Register(registry)) {}

grpc::experimental::Interceptor* MetricsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new MetricsInterceptor(this, info->method());
}

MetricsInterceptorFactory::MethodSeries* MetricsInterceptorFactory::SeriesFor(
    const std::string& method) {
  absl::MutexLock lock(&mu_);
  auto& slot = series_[method];
  if (slot == nullptr) {
    slot = std::make_unique<MethodSeries>();
    slot->latency = &latency_.Add({{"method", method}}, LatencyBuckets());
  }
  return slot.get();
}

prometheus::Counter* MetricsInterceptorFactory::CounterFor(MethodSeries* series,
                                                           const std::string& method,
                                                           grpc::StatusCode code) {
  size_t i = static_cast<size_t>(code) < series->by_code.size() ? static_cast<size_t>(code)
                                                                : static_cast<size_t>(2);
  absl::MutexLock lock(&mu_);
  if (series->by_code[i] == nullptr) {
    series->by_code[i] = &requests_.Add(
        {{"method", method}, {"code", GrpcCodeName(static_cast<grpc::StatusCode>(i))}});
  }
  return series->by_code[i];
}

grpc::experimental::Interceptor* LoggingInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new LoggingInterceptor(info->method(), logger_, authenticator_, info->server_context());
}

const char* GrpcCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

}  // namespace civitas
