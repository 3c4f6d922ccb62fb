// ProcessCollector: the standard Prometheus process metrics of this process, read from /proc when
// scraped (prometheus-cpp has no collector of its own for them), and civitas_build_info naming the
// build: process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
// process_open_fds, process_max_fds, process_start_time_seconds, process_threads.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <string>
#include <vector>

namespace civitas {

class ProcessCollector final : public prometheus::Collectable {
 public:
  // `component`: e.g. `registry`, `gateway` (a label of civitas_build_info).
  explicit ProcessCollector(std::string component) : component_(std::move(component)) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const std::string component_;
};

// What the build says it is: the git commit it was configured from ("unknown" outside a checkout).
const char* BuildCommit();

}  // namespace civitas
