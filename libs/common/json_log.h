// JSON-lines logging: one object per line on stderr, easy for log shippers to parse.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace civitas {

// Escapes `s` for inclusion inside a JSON string literal (without the quotes).
std::string JsonEscape(absl::string_view s);

// JsonLogger writes one JSON object per call. Thread-safe; owned by main and injected.
class JsonLogger {
 public:
  explicit JsonLogger(std::string component) : component_(std::move(component)) {}
  virtual ~JsonLogger() = default;

  using Fields = std::vector<std::pair<std::string, std::string>>;
  // `numeric` fields are written unquoted.
  void Log(absl::string_view level, absl::string_view message, const Fields& fields = {},
           const Fields& numeric = {});

 protected:
  virtual void Write(const std::string& line);

 private:
  std::string component_;
  absl::Mutex mu_;
};

}  // namespace civitas
