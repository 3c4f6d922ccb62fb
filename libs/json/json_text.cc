#include "libs/json/json_text.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "libs/json/utf8.h"

namespace civitas::json {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void AppendUnicodeEscape(uint32_t unit, std::string* out) {
  out->append("\\u");
  out->push_back(kHex[(unit >> 12) & 0xf]);
  out->push_back(kHex[(unit >> 8) & 0xf]);
  out->push_back(kHex[(unit >> 4) & 0xf]);
  out->push_back(kHex[unit & 0xf]);
}

// Code points protobuf's JSON escaping writes as \u escapes: format and separator characters
// that some JavaScript parsers and browsers treat specially.
bool NeedsEscape(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || (cp >= 0x600 && cp <= 0x603) || cp == 0x6dd ||
         cp == 0x70f || cp == 0x17b4 || cp == 0x17b5 || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x206a && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
         (cp >= 0x1d173 && cp <= 0x1d17a) || cp == 0xe0001 || (cp >= 0xe0020 && cp <= 0xe007f);
}

// Bytes written as they are: printable ASCII but the quote, the backslash and the angle
// brackets. A table: every string of every response and export is scanned byte by byte.
struct PlainBytes {
  bool plain[256] = {};
  constexpr PlainBytes() {
    for (int c = 0x20; c < 0x7f; ++c) plain[c] = c != '"' && c != '\\' && c != '<' && c != '>';
  }
};
constexpr PlainBytes kPlain;

}  // namespace

bool AppendQuoted(absl::string_view s, std::string* out) {
  out->push_back('"');
  bool valid = true;
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (kPlain.plain[c]) {
      // Copy the run of characters that need nothing.
      size_t j = i + 1;
      while (j < s.size() && kPlain.plain[static_cast<uint8_t>(s[j])]) ++j;
      out->append(s.data() + i, j - i);
      i = j;
      continue;
    }
    switch (c) {
      case '"':
        out->append("\\\"");
        ++i;
        continue;
      case '\\':
        out->append("\\\\");
        ++i;
        continue;
      case '\b':
        out->append("\\b");
        ++i;
        continue;
      case '\t':
        out->append("\\t");
        ++i;
        continue;
      case '\n':
        out->append("\\n");
        ++i;
        continue;
      case '\f':
        out->append("\\f");
        ++i;
        continue;
      case '\r':
        out->append("\\r");
        ++i;
        continue;
      default:
        break;
    }
    if (c < 0x80) {  // other controls, '<', '>', DEL
      AppendUnicodeEscape(c, out);
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(s, i, &cp);
    if (n == 0) {
      ++i;  // invalid UTF-8 is dropped, as protobuf does
      valid = false;
      continue;
    }
    if (!NeedsEscape(cp)) {
      out->append(s.data() + i, n);
    } else if (cp < 0x10000) {
      AppendUnicodeEscape(cp, out);
    } else {
      const uint32_t v = cp - 0x10000;
      AppendUnicodeEscape(0xd800 + (v >> 10), out);
      AppendUnicodeEscape(0xdc00 + (v & 0x3ff), out);
    }
    i += n;
  }
  out->push_back('"');
  return valid;
}

// Shortest of %.15g / %.17g (%.6g / %.9g for float) that reads back to the same value.
void AppendDouble(double v, std::string* out) {
  if (std::isnan(v)) return out->append("\"NaN\""), void();
  if (std::isinf(v)) return out->append(v > 0 ? "\"Infinity\"" : "\"-Infinity\""), void();
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.15g", v);
  if (std::strtod(buf, nullptr) != v) std::snprintf(buf, sizeof(buf), "%.17g", v);
  out->append(buf);
}

void AppendFloat(float v, std::string* out) {
  if (std::isnan(v)) return out->append("\"NaN\""), void();
  if (std::isinf(v)) return out->append(v > 0 ? "\"Infinity\"" : "\"-Infinity\""), void();
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", static_cast<double>(v));
  if (std::strtof(buf, nullptr) != v)
    std::snprintf(buf, sizeof(buf), "%.9g", static_cast<double>(v));
  out->append(buf);
}

// `nanos` as 0, 3, 6 or 9 fractional digits.
void AppendNanos(int32_t nanos, std::string* out) {
  if (nanos == 0) return;
  char buf[16];
  if (nanos % 1000000 == 0) {
    std::snprintf(buf, sizeof(buf), ".%03d", nanos / 1000000);
  } else if (nanos % 1000 == 0) {
    std::snprintf(buf, sizeof(buf), ".%06d", nanos / 1000);
  } else {
    std::snprintf(buf, sizeof(buf), ".%09d", nanos);
  }
  out->append(buf);
}

}  // namespace civitas::json
