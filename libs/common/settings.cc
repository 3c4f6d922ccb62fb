#include "libs/common/settings.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace civitas {

absl::StatusOr<Settings> Settings::Parse(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg(argv[i]);
    if (!absl::ConsumePrefix(&arg, "--") || arg.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument '", argv[i], "': flags take the form --name=value"));
    }
    std::vector<std::string> kv = absl::StrSplit(arg, absl::MaxSplits('=', 1));
    s.values_[kv[0]] = kv.size() == 2 ? kv[1] : "true";
  }
  return s;
}

Settings Settings::FromMap(std::map<std::string, std::string> values) {
  Settings s;
  s.values_ = std::move(values);
  return s;
}

std::string Settings::String(const std::string& name, const std::string& fallback) const {
  if (auto it = values_.find(name); it != values_.end()) {
    return it->second;
  }
  std::string env = absl::StrCat("CIVITAS_", absl::AsciiStrToUpper(name));
  if (const char* v = std::getenv(env.c_str()); v != nullptr) {
    return v;
  }
  return fallback;
}

absl::StatusOr<int> Settings::Int(const std::string& name, int fallback) const {
  std::string v = String(name, std::to_string(fallback));
  int out = 0;
  if (!absl::SimpleAtoi(v, &out)) {
    return absl::InvalidArgumentError(absl::StrCat("setting ", name, " must be an integer"));
  }
  return out;
}

bool Settings::Bool(const std::string& name, bool fallback) const {
  std::string v = absl::AsciiStrToLower(String(name, fallback ? "true" : "false"));
  return v == "true" || v == "1" || v == "yes";
}

}  // namespace civitas
