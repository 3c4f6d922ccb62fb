#include "libs/common/json_log.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace civitas {

std::string JsonEscape(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out;
}

void JsonLogger::Log(absl::string_view level, absl::string_view message, const Fields& fields,
                     const Fields& numeric) {
  std::string line = absl::StrCat(
      "{\"ts\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
      "\",\"level\":\"", level, "\",\"component\":\"", JsonEscape(component_), "\",\"msg\":\"",
      JsonEscape(message), "\"");
  for (const auto& [k, v] : fields) {
    absl::StrAppend(&line, ",\"", JsonEscape(k), "\":\"", JsonEscape(v), "\"");
  }
  for (const auto& [k, v] : numeric) {
    absl::StrAppend(&line, ",\"", JsonEscape(k), "\":", v);
  }
  line += "}\n";
  Write(line);
}

void JsonLogger::Write(const std::string& line) {
  absl::MutexLock lock(&mu_);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace civitas
