#include "libs/common/backoff.h"

#include <algorithm>

namespace civitas {

absl::Duration Backoff::Next() {
  const absl::Duration bound = bound_;
  bound_ = std::min(bound_ * options_.multiplier, options_.max);
  if (!options_.jitter) return bound;
  return bound * absl::Uniform(random_, 0.0, 1.0);
}

}  // namespace civitas
