// UTF-8 as proto3 strings and JSON need it: validation is simdjson's (SIMD where the CPU has it);
// decoding one sequence is for the writer's escaping.
#pragma once

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace civitas::json {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool IsValidUtf8(absl::string_view s);

// Decodes the sequence at `s[i]` into `*code_point`; returns its length, or 0 when it is not
// valid UTF-8.
size_t DecodeUtf8(absl::string_view s, size_t i, uint32_t* code_point);

}  // namespace civitas::json
