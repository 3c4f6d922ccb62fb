#include "libs/common/request_fingerprint.h"

#include <openssl/evp.h>

#include <cstdint>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/rpc/error_info.pb.h"
#include "libs/common/grpc_status.h"

namespace civitas {

std::string RequestFingerprint(std::initializer_list<absl::string_view> parts) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (absl::string_view part : parts) {
    const uint64_t n = part.size();
    unsigned char length[8];
    for (int i = 0; i < 8; ++i) length[i] = static_cast<unsigned char>(n >> (8 * i));
    EVP_DigestUpdate(ctx, length, sizeof(length));
    EVP_DigestUpdate(ctx, part.data(), part.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx, digest, &size);
  EVP_MD_CTX_free(ctx);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), size));
}

std::string DeterministicBytes(const google::protobuf::MessageLite& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializePartialToCodedStream(&coded);
  }
  return bytes;
}

absl::Status IdempotencyKeyReusedError(absl::string_view field) {
  absl::Status status = absl::InvalidArgumentError(
      absl::StrCat(field,
                   " (Idempotency-Key) was already used by this caller for a different request; a "
                   "retry must repeat the first request exactly, a new request needs a new key"));
  google::rpc::ErrorInfo info;
  info.set_reason(kIdempotencyKeyReused);
  info.set_domain("civitas");
  (*info.mutable_metadata())["field"] = std::string(field);
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

bool IsIdempotencyKeyReused(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorInfoTypeUrl);
  if (!payload.has_value()) return false;
  google::rpc::ErrorInfo info;
  return info.ParseFromString(std::string(*payload)) && info.reason() == kIdempotencyKeyReused;
}

}  // namespace civitas
