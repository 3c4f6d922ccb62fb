#include "services/gateway/http_errors.h"

#include "absl/strings/str_cat.h"
#include "libs/common/json_log.h"

namespace civitas::gateway {

int HttpStatusFromGrpc(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::UNKNOWN:
      return 500;
    case grpc::StatusCode::INVALID_ARGUMENT:
      return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
      return 409;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::FAILED_PRECONDITION:
      return 400;
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::INTERNAL:
      return 500;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DATA_LOSS:
      return 500;
    default:
      return 500;
  }
}

int HttpStatusOfFailure(grpc::StatusCode code, bool backend_fault, bool sent_if_match) {
  if (backend_fault) return 502;
  if (code == grpc::StatusCode::ABORTED && sent_if_match) return 412;
  return HttpStatusFromGrpc(code);
}

const char* HttpReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 499:
      return "Client Closed Request";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Error";
  }
}

std::string ProblemJson(int http_status, const std::string& grpc_code_name,
                        const std::string& detail, const std::vector<FieldViolation>& violations,
                        const std::string& correlation_id) {
  std::string out =
      absl::StrCat("{\"type\":\"about:blank\",\"title\":\"", HttpReasonPhrase(http_status),
                   "\",\"status\":", http_status, ",\"detail\":\"", JsonEscape(detail),
                   "\",\"code\":\"", grpc_code_name, "\"");
  if (!correlation_id.empty()) {
    absl::StrAppend(&out, ",\"correlationId\":\"", JsonEscape(correlation_id), "\"");
  }
  if (!violations.empty()) {
    out += ",\"violations\":[";
    for (size_t i = 0; i < violations.size(); ++i) {
      absl::StrAppend(&out, i ? "," : "", "{\"field\":\"", JsonEscape(violations[i].field),
                      "\",\"description\":\"", JsonEscape(violations[i].description), "\"}");
    }
    out += "]";
  }
  return out + "}";
}

}  // namespace civitas::gateway
