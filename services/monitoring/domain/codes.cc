#include "services/monitoring/domain/codes.h"

#include "absl/strings/ascii.h"

namespace civitas::monitoring {

bool IsMetadataCode(const std::string& code) {
  if (code.empty() || code.size() > 50 ||
      !absl::ascii_isupper(static_cast<unsigned char>(code[0]))) {
    return false;
  }
  for (char c : code) {
    const auto u = static_cast<unsigned char>(c);
    if (!absl::ascii_isupper(u) && !absl::ascii_isdigit(u) && c != '_') return false;
  }
  return true;
}

void CheckMetadataCode(const std::string& code, const std::string& field, Violations* v) {
  if (code.empty()) {
    v->Add(field, "is required");
  } else if (!IsMetadataCode(code)) {
    v->Add(field, "must be 1 to 50 of A-Z, 0-9 and _, starting with a letter, e.g. SERVED_FEMALE");
  }
}

}  // namespace civitas::monitoring
