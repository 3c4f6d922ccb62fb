// CSV rows of resource messages by reflection: the header follows the message's fields (localized
// text a column per language, timestamps RFC 3339, sub-messages flattened one level, lists
// `;`-joined or JSON), every row has the header's columns, and whatever a record holds (commas,
// quotes, line breaks, control characters) stays one valid cell.
#include "libs/common/proto_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_split.h"
#include "civitas/registry/v1/resources.pb.h"

namespace civitas {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Cells of one CSV row, unquoted (RFC 4180: a quoted cell may hold commas and doubled quotes).
std::vector<std::string> Cells(const std::string& row) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < row.size(); ++i) {
    const char c = row[i];
    if (quoted) {
      if (c == '"' && i + 1 < row.size() && row[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cell);
      cell.clear();
    } else if (c == '\r' && i + 1 < row.size() && row[i + 1] == '\n') {
      break;
    } else {
      cell += c;
    }
  }
  out.push_back(cell);
  return out;
}

TEST(ProtoCsv, ColumnsFollowTheMessageAndEveryRowFitsTheHeader) {
  const std::string header = ProtoCsvHeader(registry::v1::Partnership::descriptor());
  EXPECT_THAT(header, StartsWith("name,kind,title,cso,authority,social_service,volume,"));
  EXPECT_THAT(header, HasSubstr(",unit_cost_currency_code,unit_cost_amount_minor,"));
  EXPECT_THAT(header, HasSubstr(",create_time,update_time,etag\r\n"));
  registry::v1::Partnership p;
  p.set_name("partnerships/p1");
  p.set_kind(registry::v1::Partnership::SERVICE_CONTRACT);
  p.set_title("Home care, \"Goris\",\nphase 2\x01");
  p.set_volume(9'007'199'254'740'993);  // beyond a double's exact integers
  p.mutable_unit_cost()->set_currency_code("AMD");
  p.mutable_unit_cost()->set_amount_minor(250000);
  p.mutable_create_time()->set_seconds(1'796'601'600);
  std::string row;
  AppendProtoCsvRow(p, &row);
  const std::vector<std::string> names = Cells(header);
  const std::vector<std::string> cells = Cells(row);
  ASSERT_EQ(cells.size(), names.size()) << row;
  std::map<std::string, std::string> by_name;
  for (size_t i = 0; i < names.size(); ++i) by_name[names[i]] = cells[i];
  EXPECT_EQ(by_name["kind"], "SERVICE_CONTRACT");
  EXPECT_EQ(by_name["title"], "Home care, \"Goris\",\nphase 2");
  EXPECT_EQ(by_name["volume"], "9007199254740993");
  EXPECT_EQ(by_name["unit_cost_amount_minor"], "250000");
  EXPECT_EQ(by_name["create_time"], "2026-12-07T00:00:00Z");
  EXPECT_EQ(by_name["update_time"], "");
}

TEST(ProtoCsv, LocalizedTextListsAndNestedRecords) {
  registry::v1::Organization o;
  o.set_name("organizations/o1");
  (*o.mutable_display_name())["hy"] = "Գորիս";
  (*o.mutable_display_name())["en"] = "Goris";
  o.add_territories("territories/am-su");
  o.add_territories("territories/am-su-goris");
  o.add_target_groups(registry::v1::ELDERLY);
  auto* id = o.add_external_ids();
  id->set_scheme("am-tin");
  id->set_value("0210,45");
  const std::vector<std::string> names =
      Cells(ProtoCsvHeader(registry::v1::Organization::descriptor()));
  std::string row;
  AppendProtoCsvRow(o, &row);
  const std::vector<std::string> cells = Cells(row);
  ASSERT_EQ(cells.size(), names.size()) << row;
  std::map<std::string, std::string> by_name;
  for (size_t i = 0; i < names.size(); ++i) by_name[names[i]] = cells[i];
  EXPECT_EQ(by_name["display_name_en"], "Goris");
  EXPECT_EQ(by_name["display_name_hy"], "Գորիս");
  EXPECT_EQ(by_name["display_name_ro"], "");
  EXPECT_EQ(by_name["territories"], "territories/am-su;territories/am-su-goris");
  EXPECT_EQ(by_name["target_groups"], "ELDERLY");
  EXPECT_EQ(by_name["external_ids"], R"([{"scheme":"am-tin","value":"0210,45"}])");
  EXPECT_EQ(by_name["contacts"], "");
}

}  // namespace
}  // namespace civitas
