#include "libs/common/text_characters.h"

#include <gtest/gtest.h>

#include "libs/common/csv_cell.h"

namespace civitas {
namespace {

TEST(ExportableTextTest, KeepsTextAndLineBreaksDropsWhatIsNoText) {
  EXPECT_EQ(ExportableText("Գորիս ☀ 𝄞\tline\r\nnext"), "Գորիս ☀ 𝄞\tline\r\nnext");
  EXPECT_EQ(ExportableText(std::string("a\0b\x01", 4) + "c\x7F" + "d\xC2\x85" + "e"), "abcde");
  EXPECT_EQ(ExportableText("x\xEF\xBF\xBE\xEF\xBF\xBFy\xEF\xB7\x90z"), "xyz");
  // Malformed UTF-8 (a lone lead byte, an overlong form, a surrogate) becomes U+FFFD.
  EXPECT_EQ(ExportableText("a\xC3(b"), "a\xEF\xBF\xBD(b");
  EXPECT_EQ(ExportableText("\xC0\xAF"), "\xEF\xBF\xBD");
  EXPECT_EQ(ExportableText("\xED\xA0\x80"), "\xEF\xBF\xBD");
}

TEST(CsvCellTest, QuotesAndCarriesNoControlBytes) {
  std::string row;
  AppendCsvCell(std::string("a\0,b", 4), false, &row);
  AppendCsvCell("say \"hi\"\x08", true, &row);
  EXPECT_EQ(row, "\"a,b\",\"say \"\"hi\"\"\"\r\n");
}

}  // namespace
}  // namespace civitas

namespace civitas {
namespace {

// Printable ASCII goes out as it is (the fast path); one byte outside it takes the full check.
TEST(ExportableTextTest, AsciiAsItIsAndTheBytesAtItsEdges) {
  EXPECT_EQ(ExportableText("organizations/keystone-md 2025Q1 ~!"),
            "organizations/keystone-md 2025Q1 ~!");
  EXPECT_EQ(ExportableText("tab\there\r\n"), "tab\there\r\n");
  EXPECT_EQ(ExportableText("del\x7F"
                           "end"),
            "delend");
  EXPECT_EQ(ExportableText(std::string("nul\0", 4)), "nul");
  EXPECT_EQ(ExportableText("\x1F"
                           "unit"),
            "unit");
}

TEST(CsvCellTest, PlainCellsAsTheyAreOthersQuotedAndCleaned) {
  std::string row;
  AppendCsvCell("indicators/served", false, &row);
  AppendCsvCell("a,b", false, &row);
  AppendCsvCell("say \"hi\"", false, &row);
  AppendCsvCell("x\x01y", false, &row);
  AppendCsvCell("line\nbreak", false, &row);
  AppendCsvCell("Գորիս", true, &row);
  EXPECT_EQ(row, "indicators/served,\"a,b\",\"say \"\"hi\"\"\",xy,\"line\nbreak\",Գորիս\r\n");
}

}  // namespace
}  // namespace civitas
