// Subprocess: a child process started with argv, stopped (SIGTERM, then SIGKILL) when destroyed.
// For tests that run real servers.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace civitas::testing {

// Owns the child; not thread-safe.
class Subprocess {
 public:
  // Starts `argv[0]` (a path) with `argv`; stdout and stderr go to `log_path` when set. The
  // child's environment is this process's with `environment` (NAME=value entries) added or
  // replacing same-named variables.
  static absl::StatusOr<Subprocess> Start(const std::vector<std::string>& argv,
                                          const std::string& log_path = "",
                                          const std::vector<std::string>& environment = {});
  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  ~Subprocess();

  pid_t pid() const { return pid_; }
  bool Running();
  // Sends `signal` and waits up to `timeout` for exit; SIGKILL after that.
  void Stop(int signal, absl::Duration timeout = absl::Seconds(5));

 private:
  Subprocess() = default;
  pid_t pid_ = -1;
};

// Creates a fresh temporary directory and returns its path.
std::string MakeTempDir(const std::string& prefix);

// A TCP port that was free a moment ago on 127.0.0.1 (for servers that cannot bind port 0).
int PickFreePort();

// Polls `ready` every few milliseconds until it returns true or `timeout` passes.
bool WaitFor(const std::function<bool()>& ready, absl::Duration timeout);

// Reads a whole file; empty when missing.
std::string ReadFile(const std::string& path);

}  // namespace civitas::testing
