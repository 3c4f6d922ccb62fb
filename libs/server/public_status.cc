#include "libs/server/public_status.h"

#include "libs/redis/redis_client.h"

namespace civitas {

absl::Status PublicStatus(const absl::Status& status, JsonLogger* logger) {
  const char* message = nullptr;
  switch (status.code()) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
      message = "internal error";
      break;
    case absl::StatusCode::kUnavailable:
      if (RedisNothingSent(status)) {
        // Refused before anything was sent, thousands of times a second while Redis is down:
        // not logged per request: the outage shows in civitas_redis_available.
        return absl::UnavailableError(
            "the store is not answering; nothing was changed; retry after a moment");
      }
      message = "a dependency is unavailable; retry with backoff";
      break;
    case absl::StatusCode::kDeadlineExceeded:
      message = "a dependency did not answer in time; the outcome is unknown, retry idempotently";
      break;
    default:
      return status;
  }
  logger->Log("error", "request failed",
              {{"code", absl::StatusCodeToString(status.code())},
               {"detail", std::string(status.message())}});
  return absl::Status(status.code(), message);
}

}  // namespace civitas
