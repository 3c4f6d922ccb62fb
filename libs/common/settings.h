// Settings: a process's configuration, declared once. Each setting has a name, a type, a default
// and a help line; a value comes from the flag `--name=value`, else the environment variable
// `CIVITAS_<NAME>`, else the default. Anything a process did not declare stops it at start-up: a
// typo must not silently fall back to a default.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace civitas {

// One declared setting.
struct SettingSpec {
  enum class Type { kString, kInt, kBool };
  std::string name;
  Type type = Type::kString;
  std::string default_value;
  std::string help;
  // kInt: the accepted range.
  int64_t min = std::numeric_limits<int64_t>::min();
  int64_t max = std::numeric_limits<int64_t>::max();
  // kString: when not empty, the only accepted values.
  std::vector<std::string> choices;
  // Never printed (--help shows whether it is set, not its default).
  bool secret = false;
};

// The settings a process declares. Declaring a name twice is a programming error (Parse refuses).
class Settings;

class SettingsSchema {
 public:
  // A rule across settings, run by Parse once each value is read: a non-empty answer is a problem
  // that stops start-up, and should name the settings it is about.
  using Check = std::function<std::string(const Settings&)>;

  explicit SettingsSchema(std::string program) : program_(std::move(program)) {}

  SettingsSchema& String(std::string name, std::string default_value, std::string help);
  SettingsSchema& Choice(std::string name, std::string default_value,
                         std::vector<std::string> choices, std::string help);
  SettingsSchema& Secret(std::string name, std::string default_value, std::string help);
  SettingsSchema& Int(std::string name, int64_t default_value, std::string help,
                      int64_t min = std::numeric_limits<int64_t>::min(),
                      int64_t max = std::numeric_limits<int64_t>::max());
  SettingsSchema& Bool(std::string name, bool default_value, std::string help);
  SettingsSchema& AddCheck(Check check);

  const std::string& program() const { return program_; }
  const std::vector<SettingSpec>& specs() const { return specs_; }
  const SettingSpec* Find(absl::string_view name) const;
  const std::vector<Check>& checks() const { return checks_; }
  // What `--help` prints: every setting with its type, default, environment name and help.
  std::string Help() const;
  // The same as JSON, for tools (the README's settings table is made from it): an array of
  // {"name", "environment", "type", "default", "help", "secret"}; a secret's default is not shown.
  std::string HelpJson() const;

 private:
  SettingSpec& Add(std::string name, SettingSpec::Type type, std::string default_value,
                   std::string help);

  std::string program_;
  std::vector<SettingSpec> specs_;
  std::vector<Check> checks_;
};

// The environment variable a setting is read from: `CIVITAS_<NAME>` in upper case.
std::string SettingEnvironmentName(absl::string_view name);

// Parsed, checked values of every declared setting. Immutable; thread-safe.
class Settings {
 public:
  // From `--name=value` / `--name` (a bool's "true") flags and `environ`-style `NAME=value`
  // entries. Refuses, naming each: flags and CIVITAS_* variables nobody declared, malformed
  // values, positional arguments, duplicate flags, and what the schema's checks find. `--help`
  // sets help_requested() and skips the checks.
  static absl::StatusOr<Settings> Parse(const SettingsSchema& schema, int argc,
                                        const char* const* argv, const char* const* envp);
  // Values by name (defaults for the rest), checked like flags; for tests and tools.
  static absl::StatusOr<Settings> FromMap(const SettingsSchema& schema,
                                          const std::map<std::string, std::string>& values);

  bool help_requested() const { return help_requested_; }
  // `--help=json` asked for HelpJson().
  bool help_json_requested() const { return help_json_requested_; }

  // The value of a declared setting of that type; asking for anything else is a programming
  // error and aborts.
  const std::string& String(absl::string_view name) const;
  int64_t Int(absl::string_view name) const;
  bool Bool(absl::string_view name) const;

 private:
  const std::string& Value(absl::string_view name, SettingSpec::Type type) const;

  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, SettingSpec::Type, std::less<>> types_;
  bool help_requested_ = false;
  bool help_json_requested_ = false;
};

// For main(): parses the command line and the process environment; on `--help` prints the
// schema's help to stdout and exits 0; on an error prints it to stderr and exits 2.
Settings LoadSettingsOrExit(const SettingsSchema& schema, int argc, char** argv);

}  // namespace civitas
