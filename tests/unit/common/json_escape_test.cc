#include <gtest/gtest.h>

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

}  // namespace
}  // namespace civitas
