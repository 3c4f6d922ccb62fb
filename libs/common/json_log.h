// JSON-lines logging: one object per line on stderr, easy for log shippers to parse.
#pragma once

#include <cstdio>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "libs/common/settings.h"

namespace civitas {

// Escapes `s` for inclusion inside a JSON string literal (without the quotes).
std::string JsonEscape(absl::string_view s);
// Appends the escaped form of `s` to `out`.
void AppendJsonEscaped(absl::string_view s, std::string* out);

// JsonLogger writes one JSON object per call. Lines are buffered and written to stderr by a
// background thread (every flush_interval, or sooner when the buffer fills), so a request pays
// for formatting and a short lock, not for a system call. Thread-safe; owned by main and
// injected; the destructor flushes what is left.
class JsonLogger {
 public:
  // Levels in increasing severity; Log drops lines below `min_level`.
  static constexpr const char* kLevels[] = {"debug", "info", "warn", "error", "fatal"};

  // Writes to `out` (stderr by default; not owned).
  explicit JsonLogger(std::string component, std::FILE* out = stderr,
                      absl::Duration flush_interval = absl::Milliseconds(100),
                      absl::string_view min_level = "info");
  ~JsonLogger();

  // A field's name and value, read during the call only: a request's log line copies nothing
  // before it formats (the gateway writes one per request).
  using Field = std::pair<absl::string_view, absl::string_view>;
  using Fields = std::vector<Field>;
  // `numeric` fields are written unquoted.
  void Log(absl::string_view level, absl::string_view message, absl::Span<const Field> fields = {},
           absl::Span<const Field> numeric = {});
  // Writes everything buffered so far.
  void Flush();

 private:
  void FlushLoop();

  static constexpr size_t kFlushBytes = 64 * 1024;
  // Index in kLevels; unknown level names rank as "info".
  static int Rank(absl::string_view level);
  const std::string component_;
  const int min_rank_;
  std::FILE* const out_;
  const absl::Duration flush_interval_;
  absl::Mutex mu_;
  std::string buffer_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Mutex write_mu_;
  std::thread flusher_;
};

// log_level: the least severe level a process writes.
void DeclareLogSettings(SettingsSchema* schema);
// The minimum level from settings declared by DeclareLogSettings.
std::string LogLevelFrom(const Settings& settings);

}  // namespace civitas
