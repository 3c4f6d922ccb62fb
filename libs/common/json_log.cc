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

JsonLogger::JsonLogger(std::string component, std::FILE* out, absl::Duration flush_interval)
    : component_(std::move(component)), out_(out), flush_interval_(flush_interval) {
  flusher_ = std::thread([this] { FlushLoop(); });
}

JsonLogger::~JsonLogger() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  flusher_.join();
  Flush();
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
  bool full = false;
  {
    absl::MutexLock lock(&mu_);
    buffer_ += line;
    full = buffer_.size() >= kFlushBytes;
  }
  // Errors and fatal messages go out at once: the process may be about to stop.
  if (full || level == "error" || level == "fatal") Flush();
}

void JsonLogger::Flush() {
  std::string out;
  // write_mu_ keeps concurrent flushes in order.
  absl::MutexLock write_lock(&write_mu_);
  {
    absl::MutexLock lock(&mu_);
    out.swap(buffer_);
  }
  if (!out.empty()) {
    std::fwrite(out.data(), 1, out.size(), out_);
    std::fflush(out_);
  }
}

void JsonLogger::FlushLoop() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), flush_interval_);
    mu_.Unlock();
    Flush();
    mu_.Lock();
  }
}

}  // namespace civitas
