#include "libs/common/json_log.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "libs/common/utc_timestamp.h"

namespace civitas {

namespace {

bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// Whether one of the eight bytes of `w` may need an escape: a byte below 0x20, a quote or a
// backslash is always reported; a false alarm (a borrow from a byte that matched) only sends the
// word through the byte loop. Every field of every log line passes through here.
bool WordMayNeedEscape(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  auto has_zero_byte = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return (below_space | has_zero_byte(w ^ (kOnes * '"')) | has_zero_byte(w ^ (kOnes * '\\'))) != 0;
}

void AppendEscape(unsigned char c, std::string* out) {
  switch (c) {
    case '"':
      *out += "\\\"";
      break;
    case '\\':
      *out += "\\\\";
      break;
    case '\n':
      *out += "\\n";
      break;
    case '\r':
      *out += "\\r";
      break;
    case '\t':
      *out += "\\t";
      break;
    default:
      *out += absl::StrFormat("\\u%04x", c);
  }
}

}  // namespace

void AppendJsonEscaped(absl::string_view s, std::string* out) {
  // Runs of characters that need no escape are appended whole (most text has none), and found
  // eight bytes at a time.
  size_t run = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (!WordMayNeedEscape(word)) {
        i += 8;
        continue;
      }
    }
    const size_t end = std::min(i + 8, s.size());
    for (; i < end; ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (!NeedsEscape(c)) continue;
      out->append(s.data() + run, i - run);
      run = i + 1;
      AppendEscape(c, out);
    }
  }
  out->append(s.data() + run, s.size() - run);
}

std::string JsonEscape(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendJsonEscaped(s, &out);
  return out;
}

JsonLogger::JsonLogger(std::string component, std::FILE* out, absl::Duration flush_interval,
                       absl::string_view min_level)
    : component_(std::move(component)),
      min_rank_(Rank(min_level)),
      out_(out),
      flush_interval_(flush_interval) {
  flusher_ = std::thread([this] { FlushLoop(); });
}

int JsonLogger::Rank(absl::string_view level) {
  for (int i = 0; i < static_cast<int>(std::size(kLevels)); ++i) {
    if (level == kLevels[i]) return i;
  }
  return 1;
}

JsonLogger::~JsonLogger() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  flusher_.join();
  Flush();
}

void JsonLogger::Log(absl::string_view level, absl::string_view message,
                     absl::Span<const Field> fields, absl::Span<const Field> numeric) {
  if (Rank(level) < min_rank_) return;
  std::string line;
  line.reserve(256);
  line += "{\"ts\":\"";
  const int64_t now_ns = absl::GetCurrentTimeNanos();
  AppendUtcTimestamp(now_ns / 1000000000, static_cast<int32_t>(now_ns % 1000000000), 3, &line);
  line += "\",\"level\":\"";
  AppendJsonEscaped(level, &line);
  line += "\",\"component\":\"";
  AppendJsonEscaped(component_, &line);
  line += "\",\"msg\":\"";
  AppendJsonEscaped(message, &line);
  line += '"';
  for (const auto& [k, v] : fields) {
    line += ",\"";
    AppendJsonEscaped(k, &line);
    line += "\":\"";
    AppendJsonEscaped(v, &line);
    line += '"';
  }
  for (const auto& [k, v] : numeric) {
    line += ",\"";
    AppendJsonEscaped(k, &line);
    line += "\":";
    line.append(v.data(), v.size());
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

void DeclareLogSettings(SettingsSchema* schema) {
  schema->Choice("log_level", "info",
                 {std::begin(JsonLogger::kLevels), std::end(JsonLogger::kLevels)},
                 "the least severe log lines written (info includes one line per request)");
}

std::string LogLevelFrom(const Settings& settings) { return settings.String("log_level"); }

}  // namespace civitas
