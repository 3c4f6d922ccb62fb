// The characters Civitas stores and exports: UTF-8 decoding and the classes of code points that are
// not text. Shared by the input check (aip::CheckTextFields refuses them) and the exports
// (ExportableText drops them from what was stored before the check, or by other means).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace civitas {

// Decodes the code point at `text[*i]` and advances past it; -1 for a malformed sequence
// (overlong, surrogate, beyond U+10FFFF, truncated), after which *i is past the bad bytes.
int32_t NextCodePoint(absl::string_view text, size_t* i);

// C0 controls, DEL and C1 controls (tab, line feed and carriage return included).
inline bool IsControlCharacter(int32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }
inline bool IsLineBreakOrTab(int32_t cp) { return cp == '\t' || cp == '\n' || cp == '\r'; }
// U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE...).
inline bool IsNoncharacter(int32_t cp) {
  return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

// `text` as any export may carry it: malformed UTF-8 becomes U+FFFD, controls other than tab,
// line feed and carriage return and noncharacters are dropped. What remains is valid in XML 1.0,
// CSV and JSON.
std::string ExportableText(absl::string_view text);
// The same into `out` (its buffer reused: exports fill one record per figure).
void AssignExportableText(absl::string_view text, std::string* out);

}  // namespace civitas
