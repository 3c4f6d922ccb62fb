// IndicatorDefinitions: the indicators a process last read for analytics, each at its version.
// What a question's totals are keyed by depends on its indicators (their aggregation, a ratio's
// terms); knowing them beforehand lets the totals be read while the indicators are read again to
// check them, one wait behind an import's writes instead of two. Never trusted alone: an answer
// uses the guess only when the indicators read with it are at the versions guessed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/store/document_store.h"

namespace civitas::monitoring {

struct VersionedIndicator {
  int64_t version = 0;
  v1::Indicator indicator;
};
// By name: the indicators asked and the measured ones behind them (a ratio's terms).
using IndicatorsByName = std::map<std::string, VersionedIndicator>;

// The indicators `asked` (by name) and those behind them, read from `store` in two reads at
// most (the asked, then the terms they name). NOT_FOUND naming the first asked that is not
// there; a term since deleted is left out (its figures count as none).
absl::StatusOr<IndicatorsByName> ReadIndicators(DocumentStore* store,
                                                const std::vector<std::string>& asked);

// Whether `read` holds exactly the indicators of `guessed`, each at the same version.
bool SameVersions(const IndicatorsByName& guessed, const IndicatorsByName& read);

class IndicatorDefinitions {
 public:
  // The indicators `asked` and those behind them as last remembered; nullopt when one of them
  // is not remembered.
  std::optional<IndicatorsByName> Find(const std::vector<std::string>& asked) const;
  void Remember(const IndicatorsByName& read);

 private:
  // More indicators than a country's programmes define: the memory is emptied rather than grow.
  static constexpr size_t kMaxRemembered = 10000;

  mutable absl::Mutex mu_;
  IndicatorsByName remembered_ ABSL_GUARDED_BY(mu_);
};

}  // namespace civitas::monitoring
