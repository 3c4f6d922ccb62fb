// The open-data formats of grants (360Giving JSON and CSV, IATI XML), without I/O.
#include "services/grants/domain/grant_exports.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/calendar.h"
#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ExportedGrant Example() {
  ExportedGrant e;
  v1::Grant& g = e.grant;
  g.set_name("grants/keystone-day-care");
  g.set_agreement_number("SFM-2026-17");
  (*g.mutable_title())["ro"] = "Centru de zi";
  (*g.mutable_title())["en"] = "Day care, \"Chișinău\" <centre>";
  *g.mutable_amount() = Eur(5'500'000);
  g.set_start_date("2026-09-01");
  g.set_end_date("2027-08-31");
  g.add_territories("territories/md-cu");
  *g.mutable_award_time() = ToTimestamp(absl::FromUnixSeconds(1'795'000'000));
  *g.mutable_update_time() = ToTimestamp(absl::FromUnixSeconds(1'795'000'000));
  v1::Transaction* t = g.add_transactions();
  t->set_number(1);
  t->set_type(v1::DISBURSEMENT);
  *t->mutable_value() = Eur(4'400'000);
  t->set_date("2026-09-15");
  e.recipient = {"MD-IDNO-1003", "Keystone Moldova", "22"};
  e.grantor = {"XI-CIVITAS-soros-md", "Soros Foundation Moldova", "90"};
  e.funder = {"XI-CIVITAS-eu", "European Union", "90"};
  e.parent_activity = "360G-civitas-eu-soros-md";
  return e;
}

TEST(ThreeSixtyGiving, HasTheStandardsRequiredFieldsInMajorUnits) {
  google::protobuf::Struct g = ThreeSixtyGivingGrant(Example(), "360G-civitas");
  const auto& f = g.fields();
  EXPECT_EQ(f.at("id").string_value(), "360G-civitas-keystone-day-care");
  EXPECT_EQ(f.at("title").string_value(), "Day care, \"Chișinău\" <centre>");
  EXPECT_EQ(f.at("currency").string_value(), "EUR");
  EXPECT_EQ(f.at("amountAwarded").number_value(), 55000.0);
  EXPECT_EQ(f.at("awardDate").string_value(), "2026-11-18");
  EXPECT_EQ(f.at("recipientOrganization")
                .list_value()
                .values(0)
                .struct_value()
                .fields()
                .at("id")
                .string_value(),
            "MD-IDNO-1003");
  EXPECT_EQ(f.at("fundingOrganization")
                .list_value()
                .values(0)
                .struct_value()
                .fields()
                .at("name")
                .string_value(),
            "Soros Foundation Moldova");
  EXPECT_FALSE(f.contains("regrantType"));
  ExportedGrant regranted = Example();
  regranted.regranted = true;
  EXPECT_EQ(
      ThreeSixtyGivingGrant(regranted, "360G-civitas").fields().at("regrantType").string_value(),
      "FRG010");
}

TEST(ThreeSixtyGivingCsv, QuotesCellsAndWritesOneRowPerGrant) {
  std::string csv = ThreeSixtyGivingCsvHeader();
  AppendThreeSixtyGivingCsvRow(Example(), "360G-civitas", &csv);
  EXPECT_THAT(csv, HasSubstr("\r\n360G-civitas-keystone-day-care,\"Day care, \"\"Chișinău\"\" "
                             "<centre>\","));
  EXPECT_THAT(csv, HasSubstr(",EUR,55000.00,2026-11-18,2026-09-01,2027-08-31,MD-IDNO-1003,"));
  EXPECT_THAT(csv, HasSubstr(",md-cu,\r\n"));
}

TEST(IatiXml, EscapesTextAndCarriesOrganisationsTransactionsAndLinks) {
  std::string xml = IatiActivitiesHeader(absl::FromUnixSeconds(1'795'000'000));
  AppendIatiActivity(Example(), "360G-civitas", &xml);
  xml += IatiActivitiesFooter();
  EXPECT_THAT(xml, HasSubstr("<iati-activities version=\"2.03\" generated-datetime=\"2026-11-18T"));
  EXPECT_THAT(xml, HasSubstr("last-updated-datetime=\"2026-11-18T11:06:40Z\""));
  EXPECT_THAT(xml, HasSubstr("Day care, &quot;Chișinău&quot; &lt;centre&gt;"));
  EXPECT_THAT(xml, Not(HasSubstr("<centre>")));
  EXPECT_THAT(xml, HasSubstr("<participating-org ref=\"MD-IDNO-1003\" type=\"22\" role=\"4\">"));
  EXPECT_THAT(xml, HasSubstr("<transaction-type code=\"3\"/>"));
  EXPECT_THAT(xml, HasSubstr("<value currency=\"EUR\" value-date=\"2026-09-15\">44000.00</value>"));
  EXPECT_THAT(xml, HasSubstr("<related-activity ref=\"360G-civitas-eu-soros-md\" type=\"1\"/>"));
  EXPECT_THAT(xml, HasSubstr("</iati-activities>\n"));
}

TEST(XmlEscape, DropsControlCharactersXmlForbids) {
  EXPECT_EQ(XmlEscape(std::string("a\x01"
                                  "b\tc'&",
                                  7)),
            "ab\tc&apos;&amp;");
}

TEST(IatiOrganisationType, MapsRegistryTypes) {
  EXPECT_EQ(IatiOrganisationType(1), "22");
  EXPECT_EQ(IatiOrganisationType(3), "10");
  EXPECT_EQ(IatiOrganisationType(4), "90");
}

}  // namespace
}  // namespace civitas::grants
