#include "services/gateway/gateway_handler.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"
#include "libs/common/grpc_status.h"
#include "libs/common/request_fingerprint.h"
#include "libs/json/utf8.h"
#include "libs/server/server_interceptors.h"
#include "services/gateway/conditional_requests.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/request_transcoder.h"
#include "services/gateway/streamed_response.h"

namespace civitas::gateway {
namespace {

// The piece of an upload's body each message of its request stream carries.
constexpr size_t kUploadPiece = 1 << 20;

// An upload as its request stream: the first message with the request's fields and the body's
// first piece (and its content type), then one message per further piece. The pieces after the
// first are encoded straight from the body (the body message's field holding an HttpBody whose
// `data` is the piece): a body of hundreds of MB is copied once here, not through messages.
void SplitUpload(const Route& route, std::unique_ptr<google::protobuf::Message> message,
                 absl::string_view data, BackendCall* call) {
  using google::protobuf::internal::WireFormatLite;
  const auto* field = message->GetDescriptor()->FindFieldByName(route.body);
  google::protobuf::Message* body = message->GetReflection()->MutableMessage(message.get(), field);
  const auto* data_field = body->GetDescriptor()->FindFieldByName("data");
  for (size_t at = kUploadPiece; at < data.size(); at += kUploadPiece) {
    const absl::string_view piece = data.substr(at, kUploadPiece);
    const uint32_t inner_tag =
        WireFormatLite::MakeTag(data_field->number(), WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
    const size_t inner = google::protobuf::io::CodedOutputStream::VarintSize32(inner_tag) +
                         google::protobuf::io::CodedOutputStream::VarintSize32(piece.size()) +
                         piece.size();
    std::string& encoded = call->more_requests.emplace_back();
    {
      google::protobuf::io::StringOutputStream sink(&encoded);
      google::protobuf::io::CodedOutputStream out(&sink);
      out.WriteTag(
          WireFormatLite::MakeTag(field->number(), WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
      out.WriteVarint32(static_cast<uint32_t>(inner));
      out.WriteTag(inner_tag);
      out.WriteVarint32(static_cast<uint32_t>(piece.size()));
      out.WriteRaw(piece.data(), static_cast<int>(piece.size()));
    }
  }
  body->GetReflection()->SetString(body, data_field, std::string(data.substr(0, kUploadPiece)));
  call->request = message->SerializeAsString();
}

bool IsJsonContentType(const std::string& value) {
  std::string v = absl::AsciiStrToLower(value);
  return absl::StartsWith(v, "application/json") ||
         absl::StartsWith(v, "application/merge-patch+json");
}

// `path` as it may appear in a message: bytes outside printable ASCII percent-encoded, so a
// problem document never carries what is not UTF-8.
std::string Printable(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (c < 0x21 || c > 0x7e) {
      absl::StrAppend(&out, "%",
                      absl::AsciiStrToUpper(absl::StrCat(absl::Hex(c, absl::kZeroPad2))));
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

HttpResponse ProblemResponse(int status, const std::string& code, const std::string& detail,
                             const std::string& correlation_id,
                             const std::vector<FieldViolation>& violations) {
  HttpResponse r;
  r.status = status;
  r.SetHeader("Content-Type", "application/problem+json");
  r.body = ProblemJson(status, code, detail, violations, correlation_id);
  // Every 401, the gateway's own and a backend's, says how to authenticate (RFC 9110 11.6.1).
  if (status == 401) r.SetHeader("WWW-Authenticate", "Bearer realm=\"civitas\"");
  // A backend or its Redis is down for now (a service fails fast while its Redis does not
  // answer): worth a retry soon.
  if (status == 503) r.SetHeader("Retry-After", "1");
  return r;
}

// One request on its way through the steps.
struct GatewayHandler::Exchange {
  std::string method;
  std::string path;
  std::string correlation_id;
  std::string route_label = "unmatched";
  // Who called: the credential's subject once authenticated, "anonymous" without one, "" when
  // the request ended before authentication.
  std::string principal;
  absl::Time start;
  bool head = false;
  bool sent_if_match = false;
  std::string if_none_match;
  Done done;
};

GatewayHandler::GatewayHandler(GatewayDeps deps, GatewayOptions options)
    : deps_(std::move(deps)), options_(std::move(options)), cors_(options_.cors_origin) {}

std::string GatewayHandler::CorrelationIdOf(const std::string& header, IdGenerator* ids) {
  if (header.empty() || header.size() > 128) return ids->NewId();
  for (char c : header) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != ':' &&
        c != '-') {
      return ids->NewId();
    }
  }
  return header;
}

void GatewayHandler::Finish(const std::shared_ptr<Exchange>& exchange, HttpResponse response) {
  response.SetHeader("X-Request-Id", exchange->correlation_id);
  cors_.Decorate(&response);
  const absl::Duration latency = absl::Now() - exchange->start;
  deps_.metrics->Observe(exchange->route_label, response.status, latency);
  deps_.logger->Log(response.status >= 500 ? "error" : "info", "http",
                    {{"method", exchange->method},
                     {"path", Printable(exchange->path)},
                     {"route", exchange->route_label},
                     {"principal", Printable(exchange->principal)},
                     {"correlation_id", exchange->correlation_id}},
                    {{"status", std::to_string(response.status)},
                     {"duration_ms", absl::StrCat(absl::ToDoubleMilliseconds(latency))}});
  Done done = std::move(exchange->done);
  done(std::move(response));
  in_flight_.fetch_sub(1);
}

void GatewayHandler::Handle(const HttpRequest& request, Done done) {
  in_flight_.fetch_add(1);
  auto exchange = std::make_shared<Exchange>();
  exchange->start = absl::Now();
  exchange->method = request.method;
  exchange->correlation_id = CorrelationIdOf(request.Header("x-request-id"), deps_.ids);
  exchange->head = request.method == "HEAD";
  exchange->done = std::move(done);
  const std::string& target = request.target;
  const size_t q = target.find('?');
  exchange->path = target.substr(0, q);
  const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
  const std::string& id = exchange->correlation_id;
  auto finish = [&](HttpResponse r) { Finish(exchange, std::move(r)); };

  // 1. CORS preflight.
  if (request.method == "OPTIONS") {
    exchange->route_label = "OPTIONS";
    return finish(cors_.Preflight());
  }
  // 2. Built-in endpoints.
  if (std::string label = BuiltinEndpoints::LabelOf(request.method, exchange->path);
      !label.empty()) {
    exchange->route_label = label;
    return deps_.builtins->Handle(
        exchange->path, [this, exchange](HttpResponse r) { Finish(exchange, std::move(r)); });
  }
  // 3. Routing.
  std::vector<std::string> allowed;
  auto match = deps_.routes->Match(request.method, exchange->path, &allowed);
  if (!match.has_value()) {
    if (allowed.empty()) {
      return finish(ProblemResponse(404, "NOT_FOUND",
                                    absl::StrCat("no route for ", Printable(exchange->path)), id));
    }
    HttpResponse r = ProblemResponse(
        405, "UNIMPLEMENTED",
        absl::StrCat(request.method, " is not supported on ", Printable(exchange->path)), id);
    r.SetHeader("Allow", absl::StrJoin(allowed, ", "));
    return finish(std::move(r));
  }
  const Route& route = *match->route;
  exchange->route_label = route.label;
  if (!request.body.empty() && !route.body.empty() && !route.http_body_request &&
      !IsJsonContentType(request.Header("content-type"))) {
    return finish(
        ProblemResponse(415, "INVALID_ARGUMENT", "request bodies must be application/json", id));
  }
  if (route.http_body_request && !route.request_media_types.empty()) {
    std::string media = request.Header("content-type");
    media = absl::AsciiStrToLower(absl::StripAsciiWhitespace(media.substr(0, media.find(';'))));
    if (std::find(route.request_media_types.begin(), route.request_media_types.end(), media) ==
        route.request_media_types.end()) {
      return finish(ProblemResponse(
          415, "INVALID_ARGUMENT",
          absl::StrCat("the request body must be one of ",
                       absl::StrJoin(route.request_media_types, ", "), " (Content-Type)"),
          id));
    }
  }
  // 4. Authentication.
  auto identity = deps_.authenticator->Authenticate(request.Header("authorization"),
                                                    request.Header("x-api-key"));
  if (!identity.ok() || (identity->bearer_token.empty() && !route.allow_anonymous)) {
    const std::string detail =
        identity.ok()
            ? absl::StrCat(route.method->name(), " needs credentials: a bearer token or an API key")
            : std::string(identity.status().message());
    return finish(ProblemResponse(401, "UNAUTHENTICATED", detail, id));
  }
  exchange->principal = identity->subject.empty() ? "anonymous" : identity->subject;
  // 5. Rate limiting: per principal, anonymous callers per address.
  if (deps_.limiter->enabled()) {
    const std::string key = identity->subject.empty()
                                ? absl::StrCat("address:", deps_.proxies->ClientAddress(
                                                               request.client_address,
                                                               request.Header("x-forwarded-for")))
                                : absl::StrCat("subject:", identity->subject);
    RateLimiter::Decision decision = deps_.limiter->Take(key, deps_.now());
    if (!decision.allowed) {
      const int64_t seconds = std::max<int64_t>(
          1, static_cast<int64_t>(std::ceil(absl::ToDoubleSeconds(decision.retry_after))));
      HttpResponse r =
          ProblemResponse(429, "RESOURCE_EXHAUSTED",
                          absl::StrCat("rate limit exceeded; retry after ", seconds, " s"), id);
      r.SetHeader("Retry-After", std::to_string(seconds));
      return finish(std::move(r));
    }
  }
  // 6. Transcoding.
  // `If-Match: *` names no etag (the transcoder sends none): a conflict then is a 409.
  exchange->sent_if_match = request.HasHeader("if-match") &&
                            absl::StripAsciiWhitespace(request.Header("if-match")) != "*";
  exchange->if_none_match = request.Header("if-none-match");
  // An upload's body goes to the backend in pieces cut from the request (SplitUpload), not
  // through the message.
  TranscodeInput in{match->bindings,
                    query,
                    route.upload ? std::string() : request.body,
                    request.Header("if-match"),
                    request.Header("idempotency-key"),
                    request.Header("content-type")};
  auto message = BuildRequest(route, in);
  if (!message.ok()) {
    return finish(ProblemResponse(400, "INVALID_ARGUMENT", std::string(message.status().message()),
                                  id, FieldViolationsOf(message.status())));
  }
  // 7. The backend call.
  BackendCall call;
  call.service = route.method->service()->full_name();
  call.method = route.grpc_path;
  if (route.upload) {
    SplitUpload(route, std::move(*message), request.body, &call);
  } else {
    call.request = (*message)->SerializeAsString();
  }
  call.metadata.push_back({"x-request-id", id, /*recurring=*/false});
  if (!identity->bearer_token.empty()) {
    // A caller's token recurs on every request it makes: HPACK sends it once per connection.
    call.metadata.push_back({"authorization", "Bearer " + identity->bearer_token, true});
  }
  call.deadline =
      route.server_streaming || route.upload ? options_.stream_deadline : options_.backend_deadline;
  CallBackend(exchange, &route, std::move(call));
}

bool GatewayHandler::IsUpload(const std::string& method, const std::string& target,
                              const std::string& authorization, const std::string& api_key) const {
  std::vector<std::string> allowed;
  auto match = deps_.routes->Match(method, target.substr(0, target.find('?')), &allowed);
  if (!match.has_value() || !match->route->upload) return false;
  auto identity = deps_.authenticator->Authenticate(authorization, api_key);
  return identity.ok() && !identity->bearer_token.empty();
}

void GatewayHandler::Reject(const HttpRequest& request, int status, const std::string& detail,
                            Done done) {
  in_flight_.fetch_add(1);
  auto exchange = std::make_shared<Exchange>();
  exchange->start = absl::Now();
  exchange->method = request.method;
  exchange->path = request.target.substr(0, request.target.find('?'));
  exchange->route_label = "malformed";
  exchange->correlation_id = deps_.ids->NewId();
  exchange->done = std::move(done);
  Finish(exchange,
         ProblemResponse(status, status == 413 ? "RESOURCE_EXHAUSTED" : "INVALID_ARGUMENT", detail,
                         exchange->correlation_id));
}

HttpResponse GatewayHandler::FailedCall(const Exchange& exchange,
                                        const http2::CallResult& result) const {
  const grpc::Status& status = result.status;
  const absl::Status refusal = FromGrpcStatus(status);
  // A reused Idempotency-Key is INVALID_ARGUMENT to gRPC callers and 422 over HTTP (the IETF
  // Idempotency-Key draft).
  const int http_status =
      !result.backend_fault && IsIdempotencyKeyReused(refusal)
          ? 422
          : HttpStatusOfFailure(status.error_code(), result.backend_fault, exchange.sent_if_match);
  std::string detail = status.error_message();
  if (result.backend_fault) detail = absl::StrCat("bad response from the backend: ", detail);
  if (!json::IsValidUtf8(detail)) detail = "the backend's error message is not valid UTF-8";
  return ProblemResponse(http_status, GrpcCodeName(status.error_code()), detail,
                         exchange.correlation_id, FieldViolationsOf(refusal));
}

void GatewayHandler::CallBackend(const std::shared_ptr<Exchange>& exchange, const Route* route,
                                 BackendCall call) {
  // Every backend call counted by backend and outcome.
  auto observed = [metrics = deps_.metrics, backend = call.service,
                   start = absl::Now()](const http2::CallResult& result) {
    metrics->ObserveBackend(backend, GrpcCodeName(result.status.error_code()), absl::Now() - start);
  };
  if (route->server_streaming) {
    auto stream = std::make_shared<StreamedResponse>(
        route, &renderer_,
        [this, exchange](const http2::CallResult& r) { return FailedCall(*exchange, r); },
        [this, exchange](HttpResponse head) { Finish(exchange, std::move(head)); });
    stream->Attach(&call);
    deps_.backend->Call(std::move(call), [stream, observed](http2::CallResult result) {
      observed(result);
      stream->OnBackendDone(std::move(result));
    });
    return;
  }
  deps_.backend->Call(std::move(call), [this, exchange, route, observed](http2::CallResult result) {
    observed(result);
    if (!result.status.ok()) return Finish(exchange, FailedCall(*exchange, result));
    auto rendered = renderer_.Render(*route, result.response);
    if (!rendered.ok()) {
      return Finish(exchange, ProblemResponse(502, "INTERNAL",
                                              "the backend sent a response that does not parse",
                                              exchange->correlation_id));
    }
    HttpResponse r;
    if (!rendered->etag.empty()) {
      r.SetHeader("ETag", absl::StrCat("\"", rendered->etag, "\""));
      if ((exchange->method == "GET" || exchange->head) &&
          IfNoneMatchMatches(exchange->if_none_match, rendered->etag)) {
        r.status = 304;
        return Finish(exchange, std::move(r));
      }
    }
    r.SetHeader("Content-Type", rendered->content_type);
    r.body = std::move(rendered->body);
    Finish(exchange, std::move(r));
  });
}

}  // namespace civitas::gateway
