#include "libs/common/id_generator.h"

namespace civitas {

std::string RandomIdGenerator::NewId() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string id(20, 'a');
  absl::MutexLock lock(&mu_);
  for (char& c : id) {
    c = kAlphabet[absl::Uniform<int>(gen_, 0, 32)];
  }
  return id;
}

bool IsValidResourceId(absl::string_view id) {
  if (id.empty() || id.size() > 63) {
    return false;
  }
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace civitas
