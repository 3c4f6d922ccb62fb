#include "libs/auth/api_keys.h"

#include <openssl/evp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace civitas {
namespace {

std::string Sha256(absl::string_view s) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), digest, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), len);
}

}  // namespace

absl::StatusOr<ApiKeyStore> ApiKeyStore::Parse(absl::string_view spec) {
  ApiKeyStore store;
  for (absl::string_view entry : absl::StrSplit(spec, ';', absl::SkipWhitespace())) {
    std::vector<std::string> f = absl::StrSplit(absl::StripAsciiWhitespace(entry), '|');
    if (f.size() < 3 || f.size() > 4 || f[0].size() < 16 || f[1].empty()) {
      return absl::InvalidArgumentError(
          "api key entries take the form key|subject|roles[|organization], keys of 16+ chars");
    }
    Principal p;
    p.subject = f[1];
    for (absl::string_view role : absl::StrSplit(f[2], ',', absl::SkipEmpty())) {
      if (!IsKnownRole(role)) {
        return absl::InvalidArgumentError(
            absl::StrCat("api key for ", f[1], ": unknown role ", role));
      }
      p.roles.insert(std::string(role));
    }
    if (f.size() == 4) p.organization = f[3];
    store.by_digest_[Sha256(f[0])] = std::move(p);
  }
  return store;
}

std::optional<Principal> ApiKeyStore::Lookup(absl::string_view key) const {
  auto it = by_digest_.find(Sha256(key));
  if (it == by_digest_.end()) return std::nullopt;
  return it->second;
}

}  // namespace civitas
