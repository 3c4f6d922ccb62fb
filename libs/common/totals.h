// Totals as a write plan moves them and a store reads them back: plain data, shared by the store
// (libs/store/write_plan.h) and by the domain rules that compute them, which do no I/O.
#pragma once

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"

namespace civitas {

// `field += delta` in the hash of totals `key`: a sum kept up to date by the writes that change
// what it adds up (e.g. monitoring's figures per territory and year), applied only if the result
// stays within +-kMaxExactInteger. A field that comes back to 0 is removed (a missing field reads
// 0), so that totals take room only while they hold something.
struct TotalChange {
  // The store's key of the hash, e.g. `monitoring/served/territories/am/2025`: internal.
  std::string key;
  std::string field;
  int64_t delta = 0;
};

// A hash of totals as read back: field -> value, the fields that are not 0.
using Totals = absl::flat_hash_map<std::string, int64_t>;

}  // namespace civitas
