#include "libs/common/settings.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

extern char** environ;

namespace civitas {
namespace {

constexpr absl::string_view kEnvironmentPrefix = "CIVITAS_";

absl::string_view TypeName(SettingSpec::Type type) {
  switch (type) {
    case SettingSpec::Type::kString:
      return "string";
    case SettingSpec::Type::kInt:
      return "integer";
    case SettingSpec::Type::kBool:
      return "bool";
  }
  return "?";
}

// Parses a bool the way people write them in flags and env files; nullopt if it is not one.
std::optional<bool> ParseBool(absl::string_view v) {
  std::string lower = absl::AsciiStrToLower(v);
  if (lower == "true" || lower == "1" || lower == "yes") return true;
  if (lower == "false" || lower == "0" || lower == "no") return false;
  return std::nullopt;
}

// Why `value` is not acceptable for `spec`, or empty when it is. `source` names where it came
// from (`--name` or the environment variable).
std::string CheckValue(const SettingSpec& spec, absl::string_view value, absl::string_view source) {
  switch (spec.type) {
    case SettingSpec::Type::kInt: {
      int64_t n = 0;
      if (!absl::SimpleAtoi(value, &n)) {
        return absl::StrCat(source, "='", value, "' must be an integer");
      }
      if (n < spec.min || n > spec.max) {
        return absl::StrCat(source, "=", value, " must be between ", spec.min, " and ", spec.max);
      }
      return "";
    }
    case SettingSpec::Type::kBool:
      if (!ParseBool(value).has_value()) {
        return absl::StrCat(source, "='", value, "' must be true or false");
      }
      return "";
    case SettingSpec::Type::kString:
      if (!spec.choices.empty() &&
          std::find(spec.choices.begin(), spec.choices.end(), value) == spec.choices.end()) {
        return absl::StrCat(source, "='", value, "' must be one of ",
                            absl::StrJoin(spec.choices, ", "));
      }
      return "";
  }
  return "";
}

}  // namespace

std::string SettingEnvironmentName(absl::string_view name) {
  return absl::StrCat(kEnvironmentPrefix, absl::AsciiStrToUpper(name));
}

SettingSpec& SettingsSchema::Add(std::string name, SettingSpec::Type type,
                                 std::string default_value, std::string help) {
  SettingSpec& s = specs_.emplace_back();
  s.name = std::move(name);
  s.type = type;
  s.default_value = std::move(default_value);
  s.help = std::move(help);
  return s;
}

SettingsSchema& SettingsSchema::String(std::string name, std::string default_value,
                                       std::string help) {
  Add(std::move(name), SettingSpec::Type::kString, std::move(default_value), std::move(help));
  return *this;
}

SettingsSchema& SettingsSchema::Choice(std::string name, std::string default_value,
                                       std::vector<std::string> choices, std::string help) {
  Add(std::move(name), SettingSpec::Type::kString, std::move(default_value), std::move(help))
      .choices = std::move(choices);
  return *this;
}

SettingsSchema& SettingsSchema::Secret(std::string name, std::string default_value,
                                       std::string help) {
  Add(std::move(name), SettingSpec::Type::kString, std::move(default_value), std::move(help))
      .secret = true;
  return *this;
}

SettingsSchema& SettingsSchema::Int(std::string name, int64_t default_value, std::string help,
                                    int64_t min, int64_t max) {
  SettingSpec& s =
      Add(std::move(name), SettingSpec::Type::kInt, std::to_string(default_value), std::move(help));
  s.min = min;
  s.max = max;
  return *this;
}

SettingsSchema& SettingsSchema::Bool(std::string name, bool default_value, std::string help) {
  Add(std::move(name), SettingSpec::Type::kBool, default_value ? "true" : "false", std::move(help));
  return *this;
}

SettingsSchema& SettingsSchema::AddCheck(Check check) {
  checks_.push_back(std::move(check));
  return *this;
}

const SettingSpec* SettingsSchema::Find(absl::string_view name) const {
  for (const auto& s : specs_) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

namespace {

// `integer in [1, 1024]`, `info|warn`, `string`.
std::string TypeText(const SettingSpec& s) {
  std::string type(TypeName(s.type));
  if (!s.choices.empty()) type = absl::StrJoin(s.choices, "|");
  if (s.type == SettingSpec::Type::kInt && (s.min != std::numeric_limits<int64_t>::min() ||
                                            s.max != std::numeric_limits<int64_t>::max())) {
    absl::StrAppend(
        &type, " in [", s.min, ", ",
        s.max == std::numeric_limits<int64_t>::max() ? std::string("...") : std::to_string(s.max),
        "]");
  }
  return type;
}

}  // namespace

std::string SettingsSchema::Help() const {
  std::string out = absl::StrCat("Usage: ", program_,
                                 " [--name=value ...]\n\nEach setting is read from --name=value, "
                                 "else the environment variable shown, else its default.\n"
                                 "Unknown or malformed settings stop start-up.\n\n");
  for (const auto& s : specs_) {
    const std::string type = TypeText(s);
    std::string default_value =
        s.secret ? std::string("(secret, not shown)") : absl::StrCat("\"", s.default_value, "\"");
    absl::StrAppend(&out, "  --", s.name, " (", type, ", ", SettingEnvironmentName(s.name),
                    ")\n      ", s.help, "\n      default: ", default_value, "\n");
  }
  return out;
}

namespace {

// A JSON string literal of `text` (settings' names, defaults and help are plain text).
std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(&out, absl::StrFormat("\\u%04x", c));
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::string SettingsSchema::HelpJson() const {
  std::string out = "[";
  for (const auto& s : specs_) {
    const std::string type = TypeText(s);
    absl::StrAppend(&out, out.size() > 1 ? ",\n" : "\n", "{\"name\":", JsonString(s.name),
                    ",\"environment\":", JsonString(SettingEnvironmentName(s.name)),
                    ",\"type\":", JsonString(type),
                    ",\"default\":", s.secret ? "null" : JsonString(s.default_value),
                    ",\"help\":", JsonString(s.help), ",\"secret\":", s.secret ? "true" : "false",
                    "}");
  }
  absl::StrAppend(&out, "\n]\n");
  return out;
}

absl::StatusOr<Settings> Settings::Parse(const SettingsSchema& schema, int argc,
                                         const char* const* argv, const char* const* envp) {
  Settings out;
  std::vector<std::string> problems;
  for (const auto& s : schema.specs()) {
    if (out.types_.contains(s.name)) {
      problems.push_back(absl::StrCat("setting ", s.name, " is declared twice"));
    }
    out.types_[s.name] = s.type;
    out.values_[s.name] = s.default_value;
  }
  // The environment first, so that flags override it; every CIVITAS_* variable must be one of
  // this process's settings.
  for (const char* const* e = envp; e != nullptr && *e != nullptr; ++e) {
    absl::string_view entry(*e);
    if (!absl::StartsWith(entry, kEnvironmentPrefix)) continue;
    size_t eq = entry.find('=');
    if (eq == absl::string_view::npos) continue;
    absl::string_view var = entry.substr(0, eq);
    absl::string_view value = entry.substr(eq + 1);
    std::string name = absl::AsciiStrToLower(var.substr(kEnvironmentPrefix.size()));
    const SettingSpec* spec = schema.Find(name);
    if (spec == nullptr) {
      problems.push_back(
          absl::StrCat("environment variable ", var, " is not a setting of ", schema.program()));
      continue;
    }
    if (std::string why = CheckValue(*spec, value, var); !why.empty()) {
      problems.push_back(std::move(why));
      continue;
    }
    out.values_[name] = std::string(value);
  }
  std::map<std::string, int> seen_flags;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg(argv[i]);
    if (arg == "--help" || arg == "-h" || arg == "-help") {
      out.help_requested_ = true;
      continue;
    }
    if (arg == "--help=json") {
      out.help_requested_ = out.help_json_requested_ = true;
      continue;
    }
    if (!absl::ConsumePrefix(&arg, "--") || arg.empty()) {
      problems.push_back(
          absl::StrCat("unexpected argument '", argv[i], "': settings take the form --name=value"));
      continue;
    }
    size_t eq = arg.find('=');
    std::string name(arg.substr(0, eq));
    const SettingSpec* spec = schema.Find(name);
    if (spec == nullptr) {
      problems.push_back(absl::StrCat("unknown flag --", name));
      continue;
    }
    if (++seen_flags[name] == 2) {
      problems.push_back(absl::StrCat("--", name, " is given more than once"));
      continue;
    }
    std::string value;
    if (eq != absl::string_view::npos) {
      value = std::string(arg.substr(eq + 1));
    } else if (spec->type == SettingSpec::Type::kBool) {
      value = "true";
    } else {
      problems.push_back(absl::StrCat("--", name, " needs a value (--", name, "=...)"));
      continue;
    }
    if (std::string why = CheckValue(*spec, value, absl::StrCat("--", name)); !why.empty()) {
      problems.push_back(std::move(why));
      continue;
    }
    out.values_[name] = std::move(value);
  }
  if (out.help_requested_) return out;
  if (problems.empty()) {
    for (const SettingsSchema::Check& check : schema.checks()) {
      if (std::string why = check(out); !why.empty()) problems.push_back(std::move(why));
    }
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(schema.program(), ": ",
                                                   absl::StrJoin(problems, "; "), " (see ",
                                                   schema.program(), " --help)"));
  }
  return out;
}

absl::StatusOr<Settings> Settings::FromMap(const SettingsSchema& schema,
                                           const std::map<std::string, std::string>& values) {
  std::vector<std::string> args = {schema.program()};
  for (const auto& [k, v] : values) args.push_back(absl::StrCat("--", k, "=", v));
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return Parse(schema, static_cast<int>(argv.size()), argv.data(), nullptr);
}

const std::string& Settings::Value(absl::string_view name, SettingSpec::Type type) const {
  auto t = types_.find(name);
  if (t == types_.end() || t->second != type) {
    std::fprintf(stderr, "setting %.*s read as %.*s, but it is not declared so\n",
                 static_cast<int>(name.size()), name.data(),
                 static_cast<int>(TypeName(type).size()), TypeName(type).data());
    std::abort();
  }
  return values_.find(name)->second;
}

const std::string& Settings::String(absl::string_view name) const {
  return Value(name, SettingSpec::Type::kString);
}

int64_t Settings::Int(absl::string_view name) const {
  int64_t n = 0;
  // Checked by Parse.
  (void)absl::SimpleAtoi(Value(name, SettingSpec::Type::kInt), &n);
  return n;
}

bool Settings::Bool(absl::string_view name) const {
  return ParseBool(Value(name, SettingSpec::Type::kBool)).value_or(false);
}

Settings LoadSettingsOrExit(const SettingsSchema& schema, int argc, char** argv) {
  auto settings = Settings::Parse(schema, argc, argv, environ);
  if (!settings.ok()) {
    std::cerr << settings.status().message() << "\n";
    std::exit(2);
  }
  if (settings->help_requested()) {
    std::cout << (settings->help_json_requested() ? schema.HelpJson() : schema.Help());
    std::exit(0);
  }
  return *std::move(settings);
}

}  // namespace civitas
