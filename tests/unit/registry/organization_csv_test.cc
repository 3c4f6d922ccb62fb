#include "services/registry/domain/organization_csv.h"

#include <gtest/gtest.h>

namespace civitas::registry {
namespace {

TEST(OrganizationCsvTest, QuotesWhatNeedsQuotingAndJoinsLists) {
  v1::Organization o;
  o.set_name("organizations/a");
  o.set_type(v1::CSO);
  (*o.mutable_display_name())["en"] = "Alliance, \"AOPD\"";
  (*o.mutable_display_name())["ro"] = "Alianța\nnouă";
  o.add_territories("territories/md");
  o.add_territories("territories/md-ch");
  auto* id = o.add_external_ids();
  id->set_scheme("md-idno");
  id->set_value("1003600012345");
  o.mutable_create_time()->set_seconds(1700000000);
  std::string row;
  AppendOrganizationCsvRow(o, &row);
  EXPECT_EQ(row,
            "organizations/a,CSO,RECORD_STATE_UNSPECIFIED,\"Alliance, \"\"AOPD\"\"\",,"
            "\"Alianța\nnouă\",,,,,territories/md;territories/md-ch,,md-idno|1003600012345,"
            "2023-11-14T22:13:20Z,\r\n");
  EXPECT_EQ(OrganizationCsvHeader().substr(0, 20), "name,type,state,disp");
}

}  // namespace
}  // namespace civitas::registry
