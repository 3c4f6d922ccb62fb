#include "libs/metrics/process_metrics.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>

#include "absl/time/clock.h"

namespace civitas {
namespace {

std::map<std::string, double> Values(const ProcessCollector& collector) {
  std::map<std::string, double> out;
  for (const auto& family : collector.Collect()) {
    const auto& m = family.metric.at(0);
    out[family.name] =
        family.type == prometheus::MetricType::Counter ? m.counter.value : m.gauge.value;
  }
  return out;
}

TEST(ProcessCollectorTest, ReadsThisProcessFromProc) {
  ProcessCollector collector("test");
  std::map<std::string, double> before = Values(collector);
  EXPECT_GT(before["process_resident_memory_bytes"], 1 << 20);
  EXPECT_GE(before["process_virtual_memory_bytes"], before["process_resident_memory_bytes"]);
  EXPECT_GE(before["process_threads"], 1);
  EXPECT_GT(before["process_max_fds"], 0);
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  EXPECT_LE(before["process_start_time_seconds"], now + 1);
  EXPECT_GT(before["process_start_time_seconds"], now - 3600);
  // Two more descriptors are seen as two more.
  int a = open("/dev/null", O_RDONLY);
  int b = open("/dev/null", O_RDONLY);
  EXPECT_EQ(Values(collector)["process_open_fds"], before["process_open_fds"] + 2);
  close(a);
  close(b);
  // CPU time moves with work.
  volatile double sink = 0;
  for (int i = 0; i < 50'000'000; ++i) sink = sink + i * 0.5;
  EXPECT_GT(Values(collector)["process_cpu_seconds_total"], before["process_cpu_seconds_total"]);
}

TEST(ProcessCollectorTest, BuildInfoNamesTheComponentAndCommit) {
  ProcessCollector collector("registry");
  for (const auto& family : collector.Collect()) {
    if (family.name != "civitas_build_info") continue;
    std::map<std::string, std::string> labels;
    for (const auto& label : family.metric.at(0).label) labels[label.name] = label.value;
    EXPECT_EQ(labels["component"], "registry");
    EXPECT_EQ(labels["commit"], BuildCommit());
    EXPECT_FALSE(labels["commit"].empty());
    return;
  }
  ADD_FAILURE() << "no civitas_build_info";
}

}  // namespace
}  // namespace civitas
