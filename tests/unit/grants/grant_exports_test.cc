// The open-data formats of grants (360Giving JSON and CSV, IATI XML), without I/O.
#include "services/grants/domain/grant_exports.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libxml/parser.h>

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
  e.grantor = {"XI-CIVITAS-soros-md", "Soros Foundation Moldova", "60"};
  e.funder = {"XI-CIVITAS-eu", "European Union", "40"};
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

// The whole document for `grants`, as the export streams it.
std::string IatiDocument(const std::vector<ExportedGrant>& grants) {
  IatiActivitiesWriter writer(absl::FromUnixSeconds(1'795'000'000));
  std::string xml = writer.Take();
  for (const ExportedGrant& g : grants) {
    writer.Add(g);
    xml += writer.Take();
  }
  writer.Finish();
  return xml + writer.Take();
}

// True when libxml2 parses `xml` without an error (well-formed, only characters XML allows).
bool WellFormed(const std::string& xml) {
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "iati.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return false;
  xmlFreeDoc(doc);
  return true;
}

TEST(IatiXml, ResultsAreIndicatorsWithBaselineTargetsAndActuals) {
  ExportedGrant e = Example();
  monitoring::v1::ResultIndicator r;
  r.set_code("SERVED");
  r.set_org_unit("territories/md");
  (*r.mutable_display_name())["ro"] = "Copii \x01<serviți>";
  r.set_level(monitoring::v1::OUTCOME);
  r.set_direction(monitoring::v1::LOWER_IS_BETTER);
  r.set_value_type(monitoring::v1::PERCENTAGE);
  r.set_baseline("12.5");
  r.set_baseline_period("2024Q3");
  monitoring::v1::ResultPeriod* p = r.add_periods();
  p->set_period("2025");
  p->set_start_date("2025-01-01");
  p->set_end_date("2025-12-31");
  p->set_target("7.5");
  p->set_actual(1e6 / 3);
  e.results.push_back(r);
  monitoring::v1::ResultIndicator empty = r;
  empty.clear_periods();  // no period: nothing to say
  e.results.push_back(empty);
  const std::string xml = IatiDocument({e});
  EXPECT_TRUE(WellFormed(xml)) << xml;
  EXPECT_EQ(xml.find("<result "), xml.rfind("<result ")) << "one result";
  EXPECT_THAT(xml, HasSubstr("<result type=\"2\" aggregation-status=\"0\">"));
  EXPECT_THAT(xml, HasSubstr("<narrative xml:lang=\"ro\">Copii &lt;serviți&gt;</narrative>"));
  EXPECT_THAT(xml, HasSubstr("<indicator measure=\"2\" ascending=\"0\">"));
  EXPECT_THAT(xml, HasSubstr("<baseline year=\"2024\" value=\"12.5\"/>"));
  EXPECT_THAT(xml, HasSubstr("<target value=\"7.5\">"));
  EXPECT_THAT(xml, HasSubstr("<actual value=\"333333.333333\">"));
  EXPECT_THAT(xml, HasSubstr("<dimension name=\"org unit\" value=\"territories/md\"/>"));
  // After the related activities, as the schema's order requires.
  EXPECT_LT(xml.find("<sector "), xml.find("<result "));
}

TEST(IatiXml, DecimalsAreWrittenWithoutExponents) {
  EXPECT_EQ(DecimalText(1e6), "1000000");
  EXPECT_EQ(DecimalText(12.5), "12.5");
  EXPECT_EQ(DecimalText(-0.0000001), "0");
  EXPECT_EQ(DecimalText(1.0 / 30000), "0.000033");
  EXPECT_EQ(DecimalText(0.1 + 0.2), "0.3");
  EXPECT_EQ(DecimalText(9e15), "9000000000000000");
}

TEST(IatiXml, EscapesTextAndCarriesOrganisationsTransactionsAndLinks) {
  ExportedGrant e = Example();
  e.recipient_countries = {"MD"};
  e.grant.add_service_types("day-care");
  const std::string xml = IatiDocument({e});
  EXPECT_TRUE(WellFormed(xml)) << xml;
  EXPECT_THAT(xml, HasSubstr("<iati-activities version=\"2.03\" generated-datetime=\"2026-11-18T"));
  EXPECT_THAT(xml, HasSubstr("xml:lang=\"en\" default-currency=\"EUR\" "
                             "last-updated-datetime=\"2026-11-18T11:06:40Z\""));
  EXPECT_THAT(xml, HasSubstr("Day care, &quot;Chișinău&quot; &lt;centre&gt;"));
  EXPECT_THAT(xml, Not(HasSubstr("<centre>")));
  // The identifier begins with the reporting organisation's ref.
  EXPECT_THAT(xml, HasSubstr("<iati-identifier>XI-CIVITAS-soros-md-keystone-day-care"
                             "</iati-identifier>"));
  EXPECT_THAT(xml, HasSubstr("<reporting-org ref=\"XI-CIVITAS-soros-md\" type=\"60\">"));
  EXPECT_THAT(xml, HasSubstr("<participating-org ref=\"MD-IDNO-1003\" type=\"22\" role=\"4\">"));
  EXPECT_THAT(xml, HasSubstr("<recipient-country code=\"MD\"/>"));
  EXPECT_THAT(xml, HasSubstr("<sector code=\"16010\" vocabulary=\"1\" percentage=\"100\"/>"));
  EXPECT_THAT(xml, HasSubstr("<transaction-type code=\"3\"/>"));
  EXPECT_THAT(xml, HasSubstr("<value currency=\"EUR\" value-date=\"2026-09-15\">44000.00</value>"));
  EXPECT_THAT(xml, HasSubstr("<related-activity ref=\"360G-civitas-eu-soros-md\" type=\"1\"/>"));
  EXPECT_THAT(xml, HasSubstr("</iati-activities>"));
  // The schema's order: dates, then where, then what, then the money.
  EXPECT_LT(xml.find("<activity-date"), xml.find("<recipient-country"));
  EXPECT_LT(xml.find("<recipient-country"), xml.find("<sector"));
  EXPECT_LT(xml.find("<sector"), xml.find("<transaction "));
  EXPECT_LT(xml.find("<transaction "), xml.find("<related-activity"));
}

TEST(IatiXml, SeveralCountriesAndSectorsShareOneHundredPercent) {
  ExportedGrant e = Example();
  e.recipient_countries = {"MD", "GE", "AM"};
  for (const char* type : {"day-care", "family-support", "social-canteen", "home-care"}) {
    e.grant.add_service_types(type);
  }
  const std::string xml = IatiDocument({e});
  EXPECT_THAT(xml, HasSubstr("<recipient-country code=\"MD\" percentage=\"34\"/>"));
  EXPECT_THAT(xml, HasSubstr("<recipient-country code=\"GE\" percentage=\"33\"/>"));
  EXPECT_THAT(xml, HasSubstr("<recipient-country code=\"AM\" percentage=\"33\"/>"));
  EXPECT_THAT(xml, HasSubstr("<sector code=\"16010\" vocabulary=\"1\" percentage=\"34\"/>"));
  EXPECT_THAT(xml, HasSubstr("<sector code=\"16015\" vocabulary=\"1\" percentage=\"33\"/>"));
  EXPECT_THAT(xml, HasSubstr("<sector code=\"52010\" vocabulary=\"1\" percentage=\"33\"/>"));
  // No country known: the unspecified region, so every activity says where.
  ExportedGrant nowhere = Example();
  EXPECT_THAT(IatiDocument({nowhere}),
              HasSubstr("<recipient-region code=\"998\" vocabulary=\"1\"/>"));
}

TEST(IatiXml, WhateverWasStoredTheDocumentIsWellFormed) {
  ExportedGrant e = Example();
  // Stored before input was checked: noncharacters, controls, a NUL, malformed UTF-8.
  (*e.grant.mutable_title())["en"] =
      std::string("Day care \xEF\xBF\xBE\xEF\xBF\xBF \x01\x08\x0B\x1F", 20) +
      std::string("\0end \xC3(", 7);
  (*e.grant.mutable_description())["ro"] = "Descriere\ncu \x7F linii";
  e.recipient.name = "Keystone\x1B Moldova";
  e.grant.mutable_transactions(0)->set_description("paid \x02 <ok>");
  const std::string xml = IatiDocument({e, Example()});
  EXPECT_TRUE(WellFormed(xml)) << xml;
  EXPECT_THAT(xml, HasSubstr("<narrative>Day care  end \xEF\xBF\xBD(</narrative>"));
  EXPECT_THAT(xml, HasSubstr("<narrative xml:lang=\"ro\">Descriere\ncu  linii</narrative>"));
  EXPECT_THAT(xml, HasSubstr("Keystone Moldova"));
  EXPECT_THAT(xml, HasSubstr("paid  &lt;ok&gt;"));
  // An empty export is a document too.
  EXPECT_TRUE(WellFormed(IatiDocument({})));
}

TEST(ThreeSixtyGivingCsv, DropsControlCharactersFromStoredText) {
  ExportedGrant e = Example();
  (*e.grant.mutable_title())["en"] = std::string(
      "a\0b"
      "\x01"
      "c"
      "\x08"
      "d"
      "\x0B"
      "e"
      "\x1F"
      "f"
      "\xEF\xBF\xBE"
      "g",
      15);
  std::string csv;
  AppendThreeSixtyGivingCsvRow(e, "360G-civitas", &csv);
  EXPECT_THAT(csv, HasSubstr(",abcdefg,"));
  for (char c : csv) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(u >= 0x20 || c == '\r' || c == '\n') << static_cast<int>(u);
  }
}

TEST(IatiOrganisationType, MapsWhatTheRegistryKnows) {
  EXPECT_EQ(IatiOrganisationType(1, "public association"), "22");
  EXPECT_EQ(IatiOrganisationType(1, "Fundația"), "60");
  EXPECT_EQ(IatiOrganisationType(2, "municipality"), "11");
  EXPECT_EQ(IatiOrganisationType(3, "ministry"), "10");
  EXPECT_EQ(IatiOrganisationType(4, "international organisation"), "40");
  EXPECT_EQ(IatiOrganisationType(4, "foundation"), "60");
  EXPECT_EQ(IatiOrganisationType(4, "development agency"), "10");
  EXPECT_EQ(IatiOrganisationType(4, ""), "90");
  EXPECT_EQ(IatiOrganisationType(5, "llc"), "70");
  EXPECT_EQ(DacSectorOf("family-support"), "16015");
  EXPECT_EQ(DacSectorOf("something-new"), "16010");
}

TEST(ExportedOrganizationOf, AnExternalIdAndTheEnglishNameElseThePublishersOwn) {
  registry::v1::Organization keystone;
  keystone.set_name("organizations/keystone-md");
  keystone.set_type(registry::v1::CSO);
  keystone.set_legal_form("public association");
  (*keystone.mutable_display_name())["ro"] = "Keystone Moldova (ro)";
  (*keystone.mutable_display_name())["en"] = "Keystone Moldova";
  registry::v1::ExternalId* idno = keystone.add_external_ids();
  idno->set_scheme("md-idno");
  idno->set_value("1003");
  const ExportedOrganization known =
      ExportedOrganizationOf("organizations/keystone-md", &keystone, "XI-CIVITAS");
  EXPECT_EQ(known.id, "MD-IDNO-1003");
  EXPECT_EQ(known.name, "Keystone Moldova");
  EXPECT_EQ(known.iati_type, "22");

  keystone.clear_external_ids();
  keystone.mutable_display_name()->erase("en");
  const ExportedOrganization no_ids =
      ExportedOrganizationOf("organizations/keystone-md", &keystone, "XI-CIVITAS");
  EXPECT_EQ(no_ids.id, "XI-CIVITAS-keystone-md");
  EXPECT_EQ(no_ids.name, "Keystone Moldova (ro)") << "another language when there is no English";
  keystone.clear_display_name();
  EXPECT_EQ(ExportedOrganizationOf("organizations/keystone-md", &keystone, "XI-CIVITAS").name,
            "organizations/keystone-md")
      << "no display name at all: the resource name";

  const ExportedOrganization gone =
      ExportedOrganizationOf("organizations/closed-ngo", nullptr, "XI-CIVITAS");
  EXPECT_EQ(gone.id, "XI-CIVITAS-closed-ngo");
  EXPECT_EQ(gone.name, "organizations/closed-ngo") << "the grant still names it";
  EXPECT_EQ(gone.iati_type, "");
}

TEST(IatiCountryCode, ACountrysTwoCapitalLettersOnly) {
  registry::v1::Territory moldova;
  moldova.set_level(registry::v1::COUNTRY);
  moldova.set_code("MD");
  EXPECT_EQ(IatiCountryCode(moldova), "MD");
  moldova.set_code("md");
  EXPECT_EQ(IatiCountryCode(moldova), "");
  moldova.set_code("MDA");
  EXPECT_EQ(IatiCountryCode(moldova), "") << "alpha-3 is not what IATI takes";
  registry::v1::Territory cahul;
  cahul.set_level(registry::v1::REGION);
  cahul.set_code("CU");
  EXPECT_EQ(IatiCountryCode(cahul), "");
}

TEST(RegrantsThrough, ASubProgrammeThatIsNotArchived) {
  v1::Programme sub;
  sub.set_state(v1::PROGRAMME_OPEN);
  EXPECT_TRUE(RegrantsThrough(sub));
  sub.set_state(v1::PROGRAMME_ARCHIVED);
  EXPECT_FALSE(RegrantsThrough(sub));
}

}  // namespace
}  // namespace civitas::grants
