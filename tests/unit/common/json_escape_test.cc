#include <gtest/gtest.h>

#include <random>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "libs/common/json_log.h"

namespace civitas {
namespace {

TEST(JsonEscape, EscapesQuotesBackslashesAndControlCharactersOnly) {
  EXPECT_EQ(JsonEscape(""), "");
  EXPECT_EQ(JsonEscape("plain text, no escapes"), "plain text, no escapes");
  EXPECT_EQ(JsonEscape("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(JsonEscape("\"\""), "\\\"\\\"") << "escapes next to each other";
  EXPECT_EQ(JsonEscape("line\nnext\r\ttab"), "line\\nnext\\r\\ttab");
  EXPECT_EQ(JsonEscape(std::string("nul\0end", 7)), "nul\\u0000end");
  EXPECT_EQ(JsonEscape("\x01\x1f"), "\\u0001\\u001f");
  EXPECT_EQ(JsonEscape("Սյունիք ünïcode \x7f"), "Սյունիք ünïcode \x7f")
      << "UTF-8 and DEL pass through unchanged";
  std::string out = "{\"k\":\"";
  AppendJsonEscaped("v\"", &out);
  EXPECT_EQ(out, "{\"k\":\"v\\\"") << "appends to what is there";
}

// One byte at a time, as JSON says: what the word-at-a-time scan must match.
std::string EscapedByteByByte(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

TEST(JsonEscape, EveryByteAtEveryPositionOfAWord) {
  // Each byte value alone and at each of the positions of two words, among plain bytes and
  // beside bytes that borrow (below 0x20) or sit at the edges of the ranges tested.
  for (int c = 0; c < 256; ++c) {
    for (size_t at = 0; at < 17; ++at) {
      for (char filler : {'a', '\x1f', '\x20', '\x21', '\x7f', '\x80', '\xff'}) {
        std::string s(17, filler);
        s[at] = static_cast<char>(c);
        ASSERT_EQ(JsonEscape(s), EscapedByteByByte(s)) << "byte " << c << " at " << at;
      }
    }
  }
  std::mt19937 gen(7);
  const std::string special = std::string("\"\\\n\r\t\x01\x1f \x7f\x80\xc3\xbc", 13) + '\0';
  for (int i = 0; i < 20000; ++i) {
    std::string s(std::uniform_int_distribution<int>(0, 40)(gen), 'x');
    for (char& c : s) {
      const int pick = std::uniform_int_distribution<int>(0, 9)(gen);
      c = pick < 6   ? static_cast<char>(std::uniform_int_distribution<int>(0x20, 0x7e)(gen))
          : pick < 9 ? special[std::uniform_int_distribution<size_t>(0, special.size() - 1)(gen)]
                     : static_cast<char>(std::uniform_int_distribution<int>(0, 255)(gen));
    }
    ASSERT_EQ(JsonEscape(s), EscapedByteByByte(s)) << absl::CEscape(s);
  }
}

}  // namespace
}  // namespace civitas
