// Settings: process configuration from `--name=value` flags with `CIVITAS_NAME` environment
// fallbacks and built-in defaults, in that order of precedence.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace civitas {

// Settings holds parsed flags. Immutable after Parse; thread-compatible.
class Settings {
 public:
  // Parses argv; every flag must be `--name=value` or `--name` (meaning "true").
  static absl::StatusOr<Settings> Parse(int argc, char** argv);
  static Settings FromMap(std::map<std::string, std::string> values);

  // The flag value, else env `CIVITAS_<NAME>` (upper case), else `fallback`.
  std::string String(const std::string& name, const std::string& fallback) const;
  absl::StatusOr<int> Int(const std::string& name, int fallback) const;
  bool Bool(const std::string& name, bool fallback) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace civitas
