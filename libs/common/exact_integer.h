// The largest integer every part of Civitas holds exactly: Redis Lua computes in doubles, and
// JSON clients (JavaScript) read numbers as doubles, both exact only up to 2^53 - 1. Amounts in
// minor units and counters beyond it are refused, never rounded.
#pragma once

#include <cstdint>

namespace civitas {

inline constexpr int64_t kMaxExactInteger = (int64_t{1} << 53) - 1;

}  // namespace civitas
