#include "libs/metrics/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

#ifndef CIVITAS_BUILD_COMMIT
#define CIVITAS_BUILD_COMMIT "unknown"
#endif

namespace civitas {
namespace {

std::string ReadAll(const char* path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

prometheus::MetricFamily Family(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
  prometheus::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = type;
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  family.metric.push_back(std::move(metric));
  return family;
}

int OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int n = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++n;
  }
  closedir(dir);
  return n - 1;  // the directory's own descriptor
}

// Seconds since the epoch at which the machine booted (/proc/stat btime).
double BootTime() {
  for (absl::string_view line : absl::StrSplit(ReadAll("/proc/stat"), '\n')) {
    double btime = 0;
    if (absl::ConsumePrefix(&line, "btime ") && absl::SimpleAtod(line, &btime)) return btime;
  }
  return 0;
}

}  // namespace

const char* BuildCommit() { return CIVITAS_BUILD_COMMIT; }

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  using prometheus::MetricType;
  std::vector<prometheus::MetricFamily> out;
  prometheus::MetricFamily build;
  build.name = "civitas_build_info";
  build.help = "the build this process runs (always 1)";
  build.type = MetricType::Gauge;
  prometheus::ClientMetric info;
  info.label = {{"commit", BuildCommit()}, {"component", component_}};
  info.gauge.value = 1;
  build.metric.push_back(std::move(info));
  out.push_back(std::move(build));

  // /proc/self/stat: the fields after the command name, which is in parentheses and may hold
  // spaces; fields are numbered from 1 in proc(5), so state (3) is index 0 here.
  const std::string stat = ReadAll("/proc/self/stat");
  const size_t close = stat.rfind(')');
  if (close != std::string::npos) {
    std::vector<absl::string_view> f =
        absl::StrSplit(absl::string_view(stat).substr(close + 2), ' ', absl::SkipEmpty());
    auto field = [&f](int proc_number) {
      double v = 0;
      const size_t i = static_cast<size_t>(proc_number - 3);
      return i < f.size() && absl::SimpleAtod(f[i], &v) ? v : 0.0;
    };
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    out.push_back(Family("process_cpu_seconds_total", "user and system CPU time spent, seconds",
                         MetricType::Counter, (field(14) + field(15)) / ticks));
    out.push_back(Family("process_virtual_memory_bytes", "virtual memory size, bytes",
                         MetricType::Gauge, field(23)));
    out.push_back(Family("process_resident_memory_bytes", "resident memory size, bytes",
                         MetricType::Gauge, field(24) * page));
    out.push_back(Family("process_start_time_seconds",
                         "start time of the process since the epoch, seconds", MetricType::Gauge,
                         BootTime() + field(22) / ticks));
    out.push_back(
        Family("process_threads", "threads of the process", MetricType::Gauge, field(20)));
  }
  out.push_back(Family("process_open_fds", "open file descriptors", MetricType::Gauge, OpenFds()));
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    out.push_back(Family("process_max_fds", "the most file descriptors it may open",
                         MetricType::Gauge, static_cast<double>(limit.rlim_cur)));
  }
  return out;
}

}  // namespace civitas
