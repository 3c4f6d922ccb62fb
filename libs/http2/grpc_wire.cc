#include "libs/http2/grpc_wire.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace civitas::http2 {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void AppendGrpcMessage(absl::string_view message, std::string* out) {
  const auto n = static_cast<uint32_t>(message.size());
  out->push_back('\0');
  out->push_back(static_cast<char>(n >> 24));
  out->push_back(static_cast<char>(n >> 16));
  out->push_back(static_cast<char>(n >> 8));
  out->push_back(static_cast<char>(n));
  out->append(message.data(), message.size());
}

absl::Status GrpcMessageReader::Feed(absl::string_view bytes, std::vector<std::string>* out) {
  buffer_.append(bytes.data(), bytes.size());
  size_t pos = 0;
  while (buffer_.size() - pos >= kGrpcPrefix) {
    const auto* u = reinterpret_cast<const uint8_t*>(buffer_.data() + pos);
    if (u[0] != 0) {
      return absl::InternalError("compressed response message (none was accepted)");
    }
    const size_t length =
        (size_t{u[1]} << 24) | (size_t{u[2]} << 16) | (size_t{u[3]} << 8) | size_t{u[4]};
    if (length > max_message_bytes_) {
      return absl::ResourceExhaustedError(
          absl::StrCat("backend response exceeds ", max_message_bytes_, " bytes"));
    }
    if (buffer_.size() - pos - kGrpcPrefix < length) break;
    out->emplace_back(buffer_, pos + kGrpcPrefix, length);
    pos += kGrpcPrefix + length;
  }
  buffer_.erase(0, pos);
  return absl::OkStatus();
}

std::string GrpcTimeoutValue(absl::Duration remaining) {
  if (remaining < absl::ZeroDuration()) remaining = absl::ZeroDuration();
  constexpr int64_t kMaxDigits = 99999999;
  const int64_t us = absl::ToInt64Microseconds(remaining);
  if (us <= kMaxDigits) return absl::StrCat(std::max<int64_t>(us, 1), "u");
  const int64_t ms = absl::ToInt64Milliseconds(remaining);
  if (ms <= kMaxDigits) return absl::StrCat(ms, "m");
  const int64_t s = absl::ToInt64Seconds(remaining);
  if (s <= kMaxDigits) return absl::StrCat(s, "S");
  return absl::StrCat(std::min<int64_t>(s / 3600, kMaxDigits), "H");
}

grpc::StatusCode StatusCodeFromHttpStatus(int http_status) {
  switch (http_status) {
    case 400:
      return grpc::StatusCode::INTERNAL;
    case 401:
      return grpc::StatusCode::UNAUTHENTICATED;
    case 403:
      return grpc::StatusCode::PERMISSION_DENIED;
    case 404:
      return grpc::StatusCode::UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return grpc::StatusCode::UNAVAILABLE;
    default:
      return grpc::StatusCode::UNKNOWN;
  }
}

std::string PercentDecode(absl::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '%' && i + 2 < value.size()) {
      int hi = HexValue(value[i + 1]);
      int lo = HexValue(value[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(value[i]);
  }
  return out;
}

grpc::Status StatusFromTrailers(int http_status, const std::vector<HeaderField>& trailers) {
  const std::string* code_text = nullptr;
  std::string message;
  std::string details;
  for (const auto& field : trailers) {
    if (field.name == "grpc-status") {
      code_text = &field.value;
    } else if (field.name == "grpc-message") {
      message = PercentDecode(field.value);
    } else if (field.name == "grpc-status-details-bin") {
      // Unpadded base64 on the wire; padded is accepted too.
      if (!absl::Base64Unescape(field.value, &details)) details.clear();
    }
  }
  if (code_text == nullptr) {
    if (http_status != 200) {
      return grpc::Status(StatusCodeFromHttpStatus(http_status),
                          absl::StrCat("backend answered HTTP ", http_status));
    }
    return grpc::Status(grpc::StatusCode::INTERNAL, "backend response without grpc-status");
  }
  int code = 0;
  if (!absl::SimpleAtoi(*code_text, &code) || code < 0 || code > 16) {
    return grpc::Status(grpc::StatusCode::UNKNOWN,
                        absl::StrCat("backend sent grpc-status '", *code_text, "'"));
  }
  return grpc::Status(static_cast<grpc::StatusCode>(code), message, details);
}

}  // namespace civitas::http2
