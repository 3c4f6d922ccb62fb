// End to end over REST: monitoring's metadata through the gateway against a real monitoring
// service: the ministry defines categories, indicators (measured and ratios) and data sets;
// anyone reads them; a CSO or an anonymous caller changes nothing; bad input is refused naming
// the field, and nothing is written. Runs in grants_rest_e2etest's stack (rest_stack).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "libs/common/partition_names.h"
#include "libs/redis/redis_client.h"
#include "tests/e2e/rest_steps.h"

namespace civitas::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kSex[] =
    R"({"code":"MO_SEX","displayName":{"en":"Sex","hy":"Սեռ"},"options":[)"
    R"({"code":"FEMALE","displayName":{"en":"Female"}},{"code":"MALE","displayName":{"en":"Male"}}]})";

TEST(MonitoringRestTest, TheMinistryDefinesMetadataAndAnyoneReadsIt) {
  const std::string ministry = rest_stack->Token("ministry");
  const std::string cso = rest_stack->Token("cso", "mo-keystone");
  Must(401, "POST", "/v1/categories?categoryId=mo-sex", "", kSex);
  Must(403, "POST", "/v1/categories?categoryId=mo-sex", cso, kSex);
  Must(404, "GET", "/v1/categories/mo-sex", "");
  Must(200, "POST", "/v1/categories?categoryId=mo-sex", ministry, kSex);
  google::protobuf::Struct read = Must(200, "GET", "/v1/categories/mo-sex", "");
  EXPECT_EQ(At(read, "state"), "CATEGORY_ACTIVE");
  EXPECT_EQ(At(read, "displayName.hy"), "Սեռ");

  Must(200, "POST", "/v1/indicators?indicatorId=mo-served", ministry,
       R"({"code":"MO_SERVED","displayName":{"en":"Beneficiaries served"},"valueType":"INTEGER",)"
       R"("aggregation":"SUM","categories":["categories/mo-sex"]})");
  Must(200, "POST", "/v1/indicators?indicatorId=mo-budget", ministry,
       R"({"code":"MO_BUDGET","displayName":{"en":"Budget"},"valueType":"NUMBER",)"
       R"("aggregation":"SUM"})");
  Must(200, "POST", "/v1/indicators?indicatorId=mo-per-thousand", ministry,
       R"({"code":"MO_PER_THOUSAND","displayName":{"en":"Served per 1000 EUR"},)"
       R"("valueType":"NUMBER","aggregation":"AVERAGE","factor":"1000",)"
       R"("numerator":{"terms":[{"indicator":"indicators/mo-served"}]},)"
       R"("denominator":{"terms":[{"indicator":"indicators/mo-budget"}]}})");
  google::protobuf::Struct by_category =
      Must(200, "GET", "/v1/indicators?filter=category%3D%22categories%2Fmo-sex%22", "");
  ASSERT_EQ(by_category.fields().at("indicators").list_value().values_size(), 1);

  // A data set of measured indicators; a ratio is computed, not reported.
  Reply ratio = Send("POST", "/v1/dataSets?dataSetId=mo-bad", ministry,
                     R"({"code":"MO_BAD","displayName":{"en":"x"},"periodType":"MONTHLY",)"
                     R"("indicators":["indicators/mo-per-thousand"]})");
  EXPECT_EQ(ratio.status, 400) << ratio.text;
  EXPECT_THAT(ratio.text, HasSubstr("data_set.indicators[0]"));
  Must(404, "GET", "/v1/dataSets/mo-bad", ministry);
  Must(200, "POST", "/v1/dataSets?dataSetId=mo-monthly", ministry,
       R"({"code":"MO_MONTHLY","displayName":{"en":"Monthly"},"periodType":"MONTHLY",)"
       R"("indicators":["indicators/mo-served","indicators/mo-budget"],)"
       R"("orgUnits":["territories/gr-md"],"expiryDays":15})");
  Must(403, "PATCH", "/v1/dataSets/mo-monthly?updateMask=expiryDays", cso, R"({"expiryDays":1})");
  Reply period = Send("PATCH", "/v1/dataSets/mo-monthly?updateMask=periodType", ministry,
                      R"({"periodType":"QUARTERLY"})");
  EXPECT_EQ(period.status, 400) << period.text;
  EXPECT_THAT(period.text, HasSubstr("data_set.period_type"));
  EXPECT_EQ(At(Must(200, "GET", "/v1/dataSets/mo-monthly", ""), "periodType"), "MONTHLY");

  // Codes are unique; what stored figures depend on is fixed.
  Reply twice = Send("POST", "/v1/indicators?indicatorId=mo-served-2", ministry,
                     R"({"code":"MO_SERVED","displayName":{"en":"x"},"valueType":"INTEGER",)"
                     R"("aggregation":"SUM"})");
  EXPECT_EQ(twice.status, 409) << twice.text;
  Reply removed = Send("PATCH", "/v1/categories/mo-sex?updateMask=options", ministry,
                       R"({"options":[{"code":"FEMALE","displayName":{"en":"Female"}}]})");
  EXPECT_EQ(removed.status, 400) << removed.text;
  EXPECT_THAT(removed.text, HasSubstr("may be retired, not removed"));
  Must(200, "PATCH", "/v1/categories/mo-sex?updateMask=options", ministry,
       R"({"options":[{"code":"FEMALE","displayName":{"en":"Female"}},)"
       R"({"code":"MALE","displayName":{"en":"Male"},"retired":true},)"
       R"({"code":"OTHER","displayName":{"en":"Other"}}]})");

  // An archived category stays with the indicators that use it and takes no new ones.
  Must(200, "DELETE", "/v1/categories/mo-sex", ministry);
  EXPECT_EQ(At(Must(200, "GET", "/v1/indicators/mo-served", ""), "state"), "INDICATOR_ACTIVE");
  Reply archived = Send("POST", "/v1/indicators?indicatorId=mo-new", ministry,
                        R"({"code":"MO_NEW","displayName":{"en":"x"},"valueType":"INTEGER",)"
                        R"("aggregation":"SUM","categories":["categories/mo-sex"]})");
  EXPECT_EQ(archived.status, 400) << archived.text;
  EXPECT_THAT(archived.text, HasSubstr("categories/mo-sex is archived"));
  EXPECT_EQ(At(archived.body, "code"), "FAILED_PRECONDITION");
  Must(404, "GET", "/v1/indicators/mo-new", ministry);
}

// Figures entered by a CSO for itself, approved by the municipality responsible for its
// territory, accepted by the ministry; the lock refuses edits naming who holds it; the level
// above sends them back with a reason; every change is in the audit.
TEST(MonitoringRestTest, FiguresAreEnteredApprovedLockedAndSentBack) {
  const std::string ministry = rest_stack->Token("ministry");
  const std::string admin = rest_stack->Token("admin");
  const std::string cso = rest_stack->Token("cso", "organizations/gr-cso-3", "staff@gr-cso-3");
  const std::string other_cso = rest_stack->Token("cso", "organizations/gr-cso-4");
  const std::string municipality =
      rest_stack->Token("municipality", "", "clerk@gr-md", {"territories/gr-md"});
  Must(
      200, "POST", "/v1/categories?categoryId=mo-age", ministry,
      R"({"code":"MO_AGE","displayName":{"en":"Age"},"options":[)"
      R"({"code":"CHILD","displayName":{"en":"0-17"}},{"code":"ADULT","displayName":{"en":"18+"}}]})");
  Must(200, "POST", "/v1/indicators?indicatorId=mo-visits", ministry,
       R"({"code":"MO_VISITS","displayName":{"en":"Home visits"},"valueType":"INTEGER",)"
       R"("aggregation":"SUM","categories":["categories/mo-age"]})");
  Must(200, "POST", "/v1/dataSets?dataSetId=mo-entry", ministry,
       R"({"code":"MO_ENTRY","displayName":{"en":"Visits, yearly"},"periodType":"YEARLY",)"
       R"("indicators":["indicators/mo-visits"],"orgUnits":["organizations/gr-cso-3"]})");
  const std::string enter = R"({"orgUnit":"organizations/gr-cso-3","period":"2025","values":[)"
                            R"({"indicator":"indicators/mo-visits","categoryOptions":["CHILD"],)"
                            R"("value":"0040"},{"indicator":"indicators/mo-visits",)"
                            R"("categoryOptions":["ADULT"],"value":"12","comment":"estimate"}]})";
  // Only the org unit's own people enter; bad figures change nothing.
  Must(403, "POST", "/v1/dataSets/mo-entry:setValues", other_cso, enter);
  Must(401, "POST", "/v1/dataSets/mo-entry:setValues", "", enter);
  Reply bad =
      Send("POST", "/v1/dataSets/mo-entry:setValues", cso,
           R"({"orgUnit":"organizations/gr-cso-3","period":"2025","values":[)"
           R"({"indicator":"indicators/mo-visits","categoryOptions":["CHILD"],"value":"4"},)"
           R"({"indicator":"indicators/mo-visits","categoryOptions":["OLD"],"value":"x"}]})");
  EXPECT_EQ(bad.status, 400) << bad.text;
  EXPECT_THAT(bad.text, HasSubstr("values[1].category_options"));
  Reply quarter = Send("POST", "/v1/dataSets/mo-entry:setValues", cso,
                       R"({"orgUnit":"organizations/gr-cso-3","period":"2025Q1","values":[)"
                       R"({"indicator":"indicators/mo-visits","categoryOptions":["CHILD"],)"
                       R"("value":"4"}]})");
  EXPECT_EQ(quarter.status, 400) << quarter.text;
  EXPECT_THAT(quarter.text, HasSubstr("2025Q1 is not a period of dataSets/mo-entry"));
  // Nothing was written: no submission of the data set exists.
  EXPECT_FALSE(
      Must(200, "GET", "/v1/submissions?filter=data_set%3D%22dataSets%2Fmo-entry%22", admin)
          .fields()
          .contains("submissions"));

  google::protobuf::Struct entered =
      Must(200, "POST", "/v1/dataSets/mo-entry:setValues", cso, enter);
  const std::string name = At(entered, "name");
  ASSERT_FALSE(name.empty());
  EXPECT_EQ(At(entered, "state"), "SUBMISSION_OPEN");
  ASSERT_EQ(entered.fields().at("values").list_value().values_size(), 2);
  EXPECT_EQ(At(entered.fields().at("values").list_value().values(0).struct_value(), "value"), "40");
  // The same figures again land in the same submission and change nothing.
  google::protobuf::Struct again = Must(200, "POST", "/v1/dataSets/mo-entry:setValues", cso, enter);
  EXPECT_EQ(At(again, "etag"), At(entered, "etag")) << "a repeat writes nothing";
  EXPECT_EQ(At(again, "updateTime"), At(entered, "updateTime"));
  EXPECT_EQ(At(again, "name"), name);
  EXPECT_EQ(again.fields().at("audit").list_value().values_size(), 2);
  Must(404, "GET", "/v1/" + name, other_cso);

  // The municipality approves; the figures are locked; the ministry accepts.
  Must(403, "POST", "/v1/" + name + ":approve", cso);
  Must(200, "POST", "/v1/" + name + ":approve", municipality);
  Reply locked = Send("POST", "/v1/dataSets/mo-entry:setValues", cso,
                      R"({"orgUnit":"organizations/gr-cso-3","period":"2025","values":[)"
                      R"({"indicator":"indicators/mo-visits","categoryOptions":["CHILD"],)"
                      R"("value":"41"}]})");
  EXPECT_EQ(locked.status, 400) << locked.text;
  EXPECT_EQ(At(locked.body, "code"), "FAILED_PRECONDITION");
  EXPECT_THAT(locked.text, HasSubstr("locked: approved by clerk@gr-md"));
  Must(403, "POST", "/v1/" + name + ":accept", municipality);
  Must(200, "POST", "/v1/" + name + ":accept", ministry);
  Reply no_reason = Send("POST", "/v1/" + name + ":unaccept", ministry, "{}");
  EXPECT_EQ(no_reason.status, 400) << no_reason.text;
  Must(200, "POST", "/v1/" + name + ":unaccept", ministry, R"({"reason":"children miscounted"})");
  Must(200, "POST", "/v1/" + name + ":unapprove", municipality, R"({"reason":"recount"})");
  google::protobuf::Struct corrected =
      Must(200, "POST", "/v1/dataSets/mo-entry:setValues", cso,
           R"({"orgUnit":"organizations/gr-cso-3","period":"2025","values":[)"
           R"({"indicator":"indicators/mo-visits","categoryOptions":["CHILD"],"value":"41"}]})");
  EXPECT_EQ(At(corrected, "state"), "SUBMISSION_OPEN");
  EXPECT_EQ(At(corrected, "approvalReason"), "recount");
  const auto& audit = corrected.fields().at("audit").list_value();
  ASSERT_EQ(audit.values_size(), 3);
  EXPECT_EQ(At(audit.values(2).struct_value(), "oldValue"), "40");
  EXPECT_EQ(At(audit.values(2).struct_value(), "newValue"), "41");
  EXPECT_EQ(At(audit.values(2).struct_value(), "changedBy"), "staff@gr-cso-3");

  // Completeness: entered a year after the period, so late; CSOs do not ask.
  google::protobuf::Struct complete =
      Must(200, "GET", "/v1/dataSets/mo-entry:completeness?period=2025", ministry);
  EXPECT_EQ(At(complete, "expected"), "1");
  EXPECT_EQ(At(complete, "late"), "1");
  EXPECT_EQ(At(complete, "missing"), "");  // zero is omitted in JSON
  Must(403, "GET", "/v1/dataSets/mo-entry:completeness?period=2025", cso);
  Must(400, "GET", "/v1/dataSets/mo-entry:completeness?period=202501", ministry);
  // Another CSO's list does not hold it.
  EXPECT_FALSE(Must(200, "GET", "/v1/submissions", other_cso).fields().contains("submissions"));
  // An indicator archived later keeps its figures; the data set still changes and archives.
  Must(200, "DELETE", "/v1/indicators/mo-visits", ministry);
  Must(200, "PATCH", "/v1/dataSets/mo-entry?updateMask=displayName", ministry,
       R"({"displayName":{"en":"Visits, yearly, closed"}})");
  google::protobuf::Struct deleted =
      Must(200, "POST", "/v1/dataSets/mo-entry:setValues", cso,
           R"({"orgUnit":"organizations/gr-cso-3","period":"2025","values":[)"
           R"({"indicator":"indicators/mo-visits","categoryOptions":["ADULT"],"delete":true,)"
           R"("reason":"indicator retired"}]})");
  EXPECT_EQ(deleted.fields().at("values").list_value().values_size(), 1);
  Must(200, "DELETE", "/v1/dataSets/mo-entry", ministry);

  // Approval named by data set, org unit and period, as DHIS2's data approvals are.
  const std::string by_key = "/v1/dataSets/mo-entry:decideApproval";
  Must(404, "POST", by_key, municipality,
       R"({"orgUnit":"organizations/gr-cso-3","period":"2024","action":"APPROVE"})");
  Must(400, "POST", by_key, municipality,
       R"({"orgUnit":"organizations/gr-cso-3","period":"2025"})");
  Must(403, "POST", by_key, cso,
       R"({"orgUnit":"organizations/gr-cso-3","period":"2025","action":"APPROVE"})");
  google::protobuf::Struct approved =
      Must(200, "POST", by_key, municipality,
           R"({"orgUnit":"organizations/gr-cso-3","period":"2025","action":"APPROVE"})");
  EXPECT_EQ(At(approved, "name"), name);
  EXPECT_EQ(At(approved, "state"), "SUBMISSION_APPROVED");
  EXPECT_EQ(At(Must(200, "POST", by_key, ministry,
                    R"({"orgUnit":"organizations/gr-cso-3","period":"2025","action":"UNAPPROVE",)"
                    R"("reason":"data set closed"})"),
               "state"),
            "SUBMISSION_OPEN");
}

// The values of analytics rows by period, as a map.
std::map<std::string, std::string> ValuesByPeriod(const google::protobuf::Struct& analytics) {
  std::map<std::string, std::string> out;
  if (!analytics.fields().contains("rows")) return out;
  for (const auto& row : analytics.fields().at("rows").list_value().values()) {
    out[At(row.struct_value(), "period")] = At(row.struct_value(), "value");
  }
  return out;
}

// A donor (the people of a programme's funder) reads the figures reported on the programme,
// whoever reported them, and enters none; anyone, without a credential too, reads the published
// totals: published indicators, territories, figures the ministry has accepted.
TEST(MonitoringRestTest, DonorsReadWhatTheyFundAndAnyoneReadsPublishedTotals) {
  const std::string ministry = rest_stack->Token("ministry");
  const std::string lead = rest_stack->Token("cso", "organizations/gr-lead", "mo-lead-staff");
  const std::string cso =
      rest_stack->Token("cso", "organizations/mo-reporter", "staff@mo-reporter");
  const std::string donor = rest_stack->Token("cso", "organizations/gr-eu", "officer@gr-eu");
  const std::string other = rest_stack->Token("cso", "organizations/gr-cso-5");
  const std::string municipality =
      rest_stack->Token("municipality", "", "clerk@gr-md", {"territories/gr-md"});
  Must(200, "POST", "/v1/organizations?organizationId=mo-reporter", rest_stack->Token("admin"),
       R"({"type":"CSO","displayName":{"en":"Reporter"},"territories":["territories/gr-md"]})");
  const std::string programme =
      At(Must(200, "POST", "/v1/programmes", lead,
              R"({"displayName":{"en":"Monitored"},"funder":"organizations/gr-eu",)"
              R"("leadOrganization":"organizations/gr-lead","envelope":{"currencyCode":"EUR",)"
              R"("amountMinor":"100000"},"startDate":"2025-01-01","endDate":"2027-12-31"})"),
         "name");
  Must(200, "POST", "/v1/indicators?indicatorId=mo-pub-served", ministry,
       R"({"code":"MO_PUB_SERVED","displayName":{"en":"Served"},"valueType":"INTEGER",)"
       R"("aggregation":"SUM","published":true})");
  Must(200, "POST", "/v1/indicators?indicatorId=mo-pub-hidden", ministry,
       R"({"code":"MO_PUB_HIDDEN","displayName":{"en":"Complaints"},"valueType":"INTEGER",)"
       R"("aggregation":"SUM"})");
  const std::string data_set = absl::StrCat(
      R"({"code":"MO_FUNDED","displayName":{"en":"Funded"},"periodType":"YEARLY",)",
      R"("indicators":["indicators/mo-pub-served","indicators/mo-pub-hidden"],)",
      R"("orgUnits":["organizations/mo-reporter"],"attribution":")", programme, R"("})");
  // A draft programme is not known outside its people: nothing to attribute figures to yet.
  Reply draft = Send("POST", "/v1/dataSets?dataSetId=mo-funded", ministry, data_set);
  EXPECT_EQ(draft.status, 400) << draft.text;
  EXPECT_THAT(draft.text, HasSubstr("data_set.attribution"));
  Must(404, "GET", "/v1/dataSets/mo-funded", ministry);
  Must(200, "POST", absl::StrCat("/v1/", programme, ":open"), lead);
  google::protobuf::Struct form =
      Must(200, "POST", "/v1/dataSets?dataSetId=mo-funded", ministry, data_set);
  EXPECT_EQ(At(form, "attributionFunder"), "organizations/gr-eu");

  auto enter = [&](const std::string& period, int served, int hidden) {
    return At(Must(200, "POST", "/v1/dataSets/mo-funded:setValues", cso,
                   absl::StrCat(R"({"orgUnit":"organizations/mo-reporter","period":")", period,
                                R"(","values":[{"indicator":"indicators/mo-pub-served","value":")",
                                served, R"("},{"indicator":"indicators/mo-pub-hidden","value":")",
                                hidden, R"("}]})")),
              "name");
  };
  const std::string year = enter("2025", 30, 7);
  enter("2024", 11, 2);

  // The donor reads, lists and analyses what it funds; it enters nothing; others read nothing.
  EXPECT_EQ(At(Must(200, "GET", "/v1/" + year, donor), "attributionFunder"), "organizations/gr-eu");
  Must(404, "GET", "/v1/" + year, other);
  Must(403, "POST", "/v1/dataSets/mo-funded:setValues", donor,
       R"({"orgUnit":"organizations/mo-reporter","period":"2025","values":[)"
       R"({"indicator":"indicators/mo-pub-served","value":"31"}]})");
  google::protobuf::Struct listed =
      Must(200, "GET", "/v1/submissions?filter=data_set%3D%22dataSets%2Fmo-funded%22", donor);
  EXPECT_EQ(listed.fields().at("submissions").list_value().values_size(), 2);
  const std::string about_cso =
      "/v1/analytics?indicators=indicators/mo-pub-served&orgUnits=organizations/mo-reporter"
      "&periods=2025&periods=2024";
  Must(403, "GET", about_cso, donor);  // not narrowed to what it funds
  Must(403, "GET", about_cso + "&attribution=" + programme, other);
  EXPECT_EQ(ValuesByPeriod(Must(200, "GET", about_cso + "&attribution=" + programme, donor)),
            (std::map<std::string, std::string>{{"2024", "11"}, {"2025", "30"}}));

  // Published totals: nothing is accepted yet, so nothing is public.
  const std::string published =
      "/v1/analytics?indicators=indicators/mo-pub-served&orgUnits=territories/gr-md"
      "&periods=2025&periods=2024";
  EXPECT_TRUE(ValuesByPeriod(Must(200, "GET", published, "")).empty());
  Reply hidden = Send("GET",
                      "/v1/analytics?indicators=indicators/mo-pub-hidden"
                      "&orgUnits=territories/gr-md&periods=2025",
                      "");
  EXPECT_EQ(hidden.status, 401) << hidden.text;
  EXPECT_THAT(hidden.text, HasSubstr("indicators/mo-pub-hidden is not published"));
  Reply organisation = Send("GET",
                            "/v1/analytics?indicators=indicators/mo-pub-served"
                            "&orgUnits=organizations/mo-reporter&periods=2025",
                            "");
  EXPECT_EQ(organisation.status, 401) << organisation.text;
  EXPECT_THAT(organisation.text, HasSubstr("org_units[0]"));

  // Accepted by the ministry, 2025 is public; 2024, still open, is not. With a credential,
  // `acceptedOnly` asks for what is published.
  Must(200, "POST", "/v1/" + year + ":approve", municipality);
  EXPECT_TRUE(ValuesByPeriod(Must(200, "GET", published, "")).empty()) << "approved only";
  Must(200, "POST", "/v1/" + year + ":accept", ministry);
  EXPECT_EQ(ValuesByPeriod(Must(200, "GET", published, "")),
            (std::map<std::string, std::string>{{"2025", "30"}}));
  // A CSO asking about a territory it may not read gets what anyone gets, no less.
  EXPECT_EQ(ValuesByPeriod(Must(200, "GET", published, other)),
            (std::map<std::string, std::string>{{"2025", "30"}}));
  Must(403, "GET",
       "/v1/analytics?indicators=indicators/mo-pub-hidden&orgUnits=territories/gr-md&periods=2025",
       other);
  EXPECT_EQ(ValuesByPeriod(Must(200, "GET", published + "&acceptedOnly=true", ministry)),
            (std::map<std::string, std::string>{{"2025", "30"}}));
  EXPECT_EQ(ValuesByPeriod(Must(200, "GET", published, ministry)),
            (std::map<std::string, std::string>{{"2024", "11"}, {"2025", "30"}}));
  // Sent back, it is no longer public.
  Must(200, "POST", "/v1/" + year + ":unaccept", ministry, R"({"reason":"recount"})");
  EXPECT_TRUE(ValuesByPeriod(Must(200, "GET", published, "")).empty());
}

// An organisation moves to another territory: its open figures follow it (the registry's event
// moves them, their totals with them); approved ones stay with the municipality that approved
// them until unapproved; accepted ones keep what the registry said when they were accepted: the
// territory, the capacity of the services it ran.
TEST(MonitoringRestTest, AcceptedFiguresKeepTheirSnapshotWhileOthersFollowAMove) {
  const std::string admin = rest_stack->Token("admin");
  const std::string ministry = rest_stack->Token("ministry");
  const std::string cso = rest_stack->Token("cso", "organizations/mo-mover", "staff@mo-mover");
  const std::string municipality =
      rest_stack->Token("municipality", "", "clerk@gr-md", {"territories/gr-md"});
  for (const char* region : {"mo-north", "mo-south"}) {
    Must(200, "POST", absl::StrCat("/v1/territories?territoryId=", region), admin,
         absl::StrCat(R"({"code":")", absl::AsciiStrToUpper(region),
                      R"(","level":"REGION","parent":"territories/gr-md","displayName":{"en":")",
                      region, R"("}})"));
  }
  Must(200, "POST", "/v1/organizations?organizationId=mo-mover", admin,
       R"({"type":"CSO","displayName":{"en":"Mover"},"territories":["territories/mo-north"]})");
  Must(200, "POST", "/v1/socialServices?socialServiceId=mo-mover-day-care", admin,
       R"({"displayName":{"en":"Day care"},"serviceType":"day-care",)"
       R"("provider":"organizations/mo-mover","territory":"territories/mo-north",)"
       R"("capacityPlaces":25})");
  Must(200, "POST", "/v1/indicators?indicatorId=mo-moved", ministry,
       R"({"code":"MO_MOVED","displayName":{"en":"Served"},"valueType":"INTEGER",)"
       R"("aggregation":"SUM"})");
  Must(200, "POST", "/v1/dataSets?dataSetId=mo-moves", ministry,
       R"({"code":"MO_MOVES","displayName":{"en":"Moves"},"periodType":"YEARLY",)"
       R"("indicators":["indicators/mo-moved"],"orgUnits":["organizations/mo-mover"]})");
  auto enter = [&](const std::string& period, int served) {
    return At(Must(200, "POST", "/v1/dataSets/mo-moves:setValues", cso,
                   absl::StrCat(R"({"orgUnit":"organizations/mo-mover","period":")", period,
                                R"(","values":[{"indicator":"indicators/mo-moved","value":")",
                                served, R"("}]})")),
              "name");
  };
  const std::string accepted = enter("2024", 10);
  const std::string open = enter("2025", 20);
  const std::string approved = enter("2023", 5);
  Must(200, "POST", "/v1/" + approved + ":approve", municipality);
  Must(200, "POST", "/v1/" + accepted + ":approve", municipality);
  google::protobuf::Struct captured = Must(200, "POST", "/v1/" + accepted + ":accept", ministry);
  EXPECT_EQ(At(captured, "orgUnitSnapshot.displayName.en"), "Mover");
  const auto& services =
      captured.fields().at("orgUnitSnapshot").struct_value().fields().at("socialServices");
  ASSERT_EQ(services.list_value().values_size(), 1);
  EXPECT_EQ(At(services.list_value().values(0).struct_value(), "capacityPlaces"), "25");

  // The registry changes: the service grows, the organisation moves south.
  Must(200, "PATCH", "/v1/socialServices/mo-mover-day-care?updateMask=capacityPlaces", admin,
       R"({"capacityPlaces":40})");
  Must(200, "PATCH", "/v1/organizations/mo-mover?updateMask=territories", admin,
       R"({"territories":["territories/mo-south"]})");
  auto last_territory = [&](const std::string& submission) {
    const google::protobuf::Struct s = Must(200, "GET", "/v1/" + submission, ministry);
    const auto& path = s.fields().at("orgUnitPath").list_value();
    return path.values(path.values_size() - 1).string_value();
  };
  // The move arrives as an event: waited for, not slept on.
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (last_territory(open) != "territories/mo-south" && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(last_territory(open), "territories/mo-south");
  EXPECT_EQ(last_territory(accepted), "territories/mo-north");
  EXPECT_EQ(last_territory(approved), "territories/mo-north") << "with its approver";
  google::protobuf::Struct history = Must(200, "GET", "/v1/" + accepted, ministry);
  EXPECT_EQ(At(history.fields()
                   .at("orgUnitSnapshot")
                   .struct_value()
                   .fields()
                   .at("socialServices")
                   .list_value()
                   .values(0)
                   .struct_value(),
               "capacityPlaces"),
            "25");

  // Totals moved with the open figures; the accepted ones stayed where they were reported.
  google::protobuf::Struct analytics =
      Must(200, "GET",
           "/v1/analytics?indicators=indicators/mo-moved&orgUnits=territories/mo-north"
           "&orgUnits=territories/mo-south&periods=2024&periods=2025",
           ministry);
  std::map<std::string, std::string> where;
  for (const auto& row : analytics.fields().at("rows").list_value().values()) {
    where[At(row.struct_value(), "orgUnit") + " " + At(row.struct_value(), "period")] =
        At(row.struct_value(), "value");
  }
  EXPECT_EQ(where, (std::map<std::string, std::string>{{"territories/mo-north 2024", "10"},
                                                       {"territories/mo-south 2025", "20"}}));
  // Unapproved, the approved year takes where the organisation lies now.
  Must(200, "POST", "/v1/" + approved + ":unapprove", municipality, R"({"reason":"moved"})");
  EXPECT_EQ(last_territory(approved), "territories/mo-south");
  // A pull of the northern subtree holds the accepted year only.
  auto north = rest_stack->Call(
      "GET", "/v1/dataValueSets?dataSet=dataSets/mo-moves&orgUnit=territories/mo-north", "", "",
      {{"X-API-Key", CivitasStack::kWarehouseKey}});
  ASSERT_TRUE(north.ok() && north->status == 200) << (north.ok() ? north->body : "");
  const google::protobuf::Struct pulled = Json(north->body);
  const auto& rows = pulled.fields().at("dataValues").list_value();
  ASSERT_EQ(rows.values_size(), 1) << north->body;
  EXPECT_EQ(At(rows.values(0).struct_value(), "period"), "2024");
}

// The warehouse pulls a snapshot as DHIS2 dataValueSets JSON, then what changed as NDJSON and
// CSV, each pull up to a cursor it took first: updates, new figures and deletions (tombstones)
// arrive once each, and its table ends as the service's.
TEST(MonitoringRestTest, TheWarehousePullsASnapshotThenWhatChanged) {
  const std::string ministry = rest_stack->Token("ministry");
  const std::string cso = rest_stack->Token("cso", "organizations/gr-cso-3", "staff@gr-cso-3");
  const std::string reviewer = rest_stack->Token("reviewer");  // of no organisation
  Must(200, "POST", "/v1/indicators?indicatorId=mo-pulled", ministry,
       R"({"code":"MO_PULLED","displayName":{"en":"Meals served"},"valueType":"INTEGER",)"
       R"("aggregation":"SUM"})");
  Must(200, "POST", "/v1/dataSets?dataSetId=mo-pull", ministry,
       R"({"code":"MO_PULL","displayName":{"en":"Meals, monthly"},"periodType":"MONTHLY",)"
       R"("indicators":["indicators/mo-pulled"],"orgUnits":["organizations/gr-cso-3"]})");
  auto enter = [&](const std::string& period, const std::string& value, bool remove = false) {
    Must(200, "POST", "/v1/dataSets/mo-pull:setValues", cso,
         absl::StrCat(R"({"orgUnit":"organizations/gr-cso-3","period":")", period,
                      R"(","values":[{"indicator":"indicators/mo-pulled","value":")", value,
                      remove ? R"(","delete":true,"reason":"duplicate"}]})" : R"("}]})"));
  };
  enter("202501", "10");
  enter("202502", "20");
  enter("202503", "30");
  const std::string scope = "dataSet=dataSets%2Fmo-pull";
  // The warehouse reads with its API key (role `warehouse`), as the ministry's warehouse does.
  auto pull = [](const std::string& target) -> Reply {
    absl::StatusOr<HttpResult> r =
        rest_stack->Call("GET", target, "", "", {{"X-API-Key", CivitasStack::kWarehouseKey}});
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return {};
    Reply out{r->status, {}, r->body};
    if (absl::StartsWith(target, "/v1/dataValueSets?") ||
        absl::StartsWith(target, "/v1/dataValues:cursor")) {
      out.body = Json(r->body);
    }
    return out;
  };

  // The warehouse's table: period -> value.
  std::map<std::string, std::string> table;
  const std::string first = At(pull("/v1/dataValues:cursor").body, "cursor");
  ASSERT_FALSE(first.empty());
  google::protobuf::Struct snapshot =
      pull(absl::StrCat("/v1/dataValueSets?", scope, "&untilCursor=", first)).body;
  EXPECT_EQ(At(snapshot, "cursor"), first);
  for (const auto& v : snapshot.fields().at("dataValues").list_value().values()) {
    EXPECT_EQ(At(v.struct_value(), "dataElement"), "indicators/mo-pulled");
    EXPECT_EQ(At(v.struct_value(), "deleted"), "false");
    table[At(v.struct_value(), "period")] = At(v.struct_value(), "value");
  }
  EXPECT_EQ(table, (std::map<std::string, std::string>{
                       {"202501", "10"}, {"202502", "20"}, {"202503", "30"}}));

  enter("202501", "11");
  enter("202502", "", /*remove=*/true);
  enter("202504", "40");
  const std::string second = At(pull("/v1/dataValues:cursor").body, "cursor");
  Reply ndjson = pull(absl::StrCat("/v1/dataValues:pull?", scope, "&sinceCursor=", first,
                                   "&untilCursor=", second, "&idScheme=ID_SCHEME_CODE"));
  ASSERT_EQ(ndjson.status, 200) << ndjson.text;
  std::vector<std::string> changes;
  for (absl::string_view line : absl::StrSplit(ndjson.text, '\n', absl::SkipEmpty())) {
    google::protobuf::Struct v = Json(std::string(line));
    EXPECT_EQ(At(v, "indicator"), "MO_PULLED");
    EXPECT_EQ(At(v, "dataSet"), "MO_PULL");
    changes.push_back(absl::StrCat(At(v, "period"), "=", At(v, "value"),
                                   At(v, "deleted") == "true" ? " deleted" : ""));
    if (At(v, "deleted") == "true") {
      table.erase(At(v, "period"));
    } else {
      table[At(v, "period")] = At(v, "value");
    }
  }
  // Each change once; the unchanged March figure is not sent again.
  EXPECT_THAT(changes,
              ::testing::UnorderedElementsAre("202501=11", "202502=20 deleted", "202504=40"));
  // Nothing changed since: the CSV pull is its header alone.
  Reply csv = pull(absl::StrCat("/v1/dataValueSets:csv?", scope, "&sinceCursor=", second,
                                "&untilCursor=", second));
  EXPECT_EQ(csv.status, 200) << csv.text;
  EXPECT_EQ(csv.text,
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
            "lastupdated,comment,followup,deleted,dataset\r\n");

  // The table is the service's.
  std::map<std::string, std::string> service;
  google::protobuf::Struct listed =
      Must(200, "GET", "/v1/submissions?filter=data_set%3D%22dataSets%2Fmo-pull%22", ministry);
  for (const auto& s : listed.fields().at("submissions").list_value().values()) {
    const auto& values = s.struct_value().fields();
    if (!values.contains("values")) continue;
    for (const auto& v : values.at("values").list_value().values()) {
      service[At(s.struct_value(), "period")] = At(v.struct_value(), "value");
    }
  }
  EXPECT_EQ(table, service);

  // Analytics are fresh: the totals moved in the same writes. March 30 + January 11 (February
  // deleted) for the quarter; April's 40 too for the year; the same in the territory above.
  const std::string municipality =
      rest_stack->Token("municipality", "", "clerk@gr-md", {"territories/gr-md"});
  google::protobuf::Struct analytics =
      Must(200, "GET",
           "/v1/analytics?indicators=indicators/mo-pulled&orgUnits=organizations/gr-cso-3"
           "&orgUnits=territories/gr-md&periods=2025Q1&periods=2025&periods=2024",
           municipality);
  std::map<std::string, std::string> figures;
  for (const auto& row : analytics.fields().at("rows").list_value().values()) {
    figures[At(row.struct_value(), "orgUnit") + " " + At(row.struct_value(), "period")] =
        At(row.struct_value(), "value");
  }
  EXPECT_EQ(figures, (std::map<std::string, std::string>{{"organizations/gr-cso-3 2025Q1", "41"},
                                                         {"organizations/gr-cso-3 2025", "81"},
                                                         {"territories/gr-md 2025Q1", "41"},
                                                         {"territories/gr-md 2025", "81"}}));
  Must(403, "GET",
       "/v1/analytics?indicators=indicators/mo-pulled&orgUnits=organizations/gr-cso-3&periods=2025",
       rest_stack->Token("cso", "organizations/gr-cso-4"));

  // A target for the year, set by the municipality above: rows carry it and the progress.
  const std::string target =
      R"({"indicator":"indicators/mo-pulled","orgUnit":"organizations/gr-cso-3",)"
      R"("period":"2025","baseline":"20","baselinePeriod":"2024","target":"100"})";
  Must(403, "POST", "/v1/targets?targetId=mo-meals-2025",
       rest_stack->Token("cso", "organizations/gr-cso-4"), target);
  google::protobuf::Struct set =
      Must(200, "POST", "/v1/targets?targetId=mo-meals-2025", municipality, target);
  EXPECT_EQ(At(set, "state"), "TARGET_ACTIVE");
  Must(409, "POST", "/v1/targets", municipality, target);
  Reply bad_target =
      Send("POST", "/v1/targets", municipality,
           R"({"indicator":"indicators/mo-pulled","orgUnit":"organizations/gr-cso-3",)"
           R"("period":"2025Q1","target":"12.5"})");
  EXPECT_EQ(bad_target.status, 400);
  EXPECT_THAT(bad_target.text, HasSubstr("target.target"));
  const std::string year_row =
      "/v1/analytics?indicators=indicators/mo-pulled&orgUnits=organizations/gr-cso-3&periods=2025";
  google::protobuf::Struct measured = Must(200, "GET", year_row, cso);
  const auto& row = measured.fields().at("rows").list_value().values(0).struct_value();
  EXPECT_EQ(At(row, "value"), "81");
  EXPECT_EQ(At(row, "target"), "100");
  EXPECT_EQ(At(row, "baseline"), "20");
  EXPECT_EQ(At(row, "progress"), "0.7625");
  Must(200, "PATCH", "/v1/targets/mo-meals-2025?updateMask=target", municipality,
       R"({"target":"120"})");
  EXPECT_EQ(
      At(Must(200, "GET", year_row, cso).fields().at("rows").list_value().values(0).struct_value(),
         "progress"),
      "0.61");
  Must(200, "DELETE", "/v1/targets/mo-meals-2025", municipality);
  // Withdrawn, its key is free: a new target for the same year may be set.
  Must(200, "POST", "/v1/targets?targetId=mo-meals-2025-b", municipality, target);
  Must(200, "DELETE", "/v1/targets/mo-meals-2025-b", municipality);
  EXPECT_EQ(
      At(Must(200, "GET", year_row, cso).fields().at("rows").list_value().values(0).struct_value(),
         "target"),
      "");
  Reply bad_period = Send(
      "GET",
      "/v1/analytics?indicators=indicators/mo-pulled&orgUnits=territories/gr-md&periods=2025Q9",
      municipality);
  EXPECT_EQ(bad_period.status, 400);
  EXPECT_THAT(bad_period.text, HasSubstr("periods[0]"));

  // A time filter, bad input naming the field, and callers who read nothing.
  Reply later =
      pull(absl::StrCat("/v1/dataValueSets?", scope, "&lastUpdated=2999-01-01T00:00:00Z"));
  EXPECT_EQ(later.status, 200) << later.text;
  EXPECT_EQ(later.body.fields().at("dataValues").list_value().values_size(), 0);
  Reply bad_time = pull("/v1/dataValueSets?lastUpdated=yesterday");
  EXPECT_EQ(bad_time.status, 400);
  EXPECT_THAT(bad_time.text, HasSubstr("lastUpdated"));
  Reply backwards =
      pull(absl::StrCat("/v1/dataValueSets?sinceCursor=", second, "&untilCursor=", first));
  EXPECT_EQ(backwards.status, 400);
  EXPECT_THAT(backwards.text, HasSubstr("until_cursor"));
  EXPECT_EQ(pull("/v1/dataValueSets:csv?untilCursor=1&startPeriod=2025Q5").status, 400);
  // CSV and NDJSON cannot say where they ended: the caller names it.
  Reply no_end = pull(absl::StrCat("/v1/dataValueSets:csv?sinceCursor=", second));
  EXPECT_EQ(no_end.status, 400);
  EXPECT_THAT(no_end.text, HasSubstr("until_cursor"));
  // A cursor the store has not reached (another store's, or from before a restore).
  Reply ahead = pull("/v1/dataValueSets?sinceCursor=999999999");
  EXPECT_EQ(ahead.status, 400);
  EXPECT_THAT(ahead.text, HasSubstr("since_cursor: 999999999 is beyond the current cursor"));
  Must(403, "GET", "/v1/dataValueSets", reviewer);
  Must(401, "GET", "/v1/dataValues:cursor", "");
}

}  // namespace
}  // namespace civitas::testing

namespace civitas::testing {
namespace {

// What the warehouse pulls of one data set: "<org unit> <period> <indicator> <combination>" ->
// "<value>|<comment>|<follow-up>".
std::map<std::string, std::string> Figures(const std::string& data_set,
                                           CivitasStack* stack = rest_stack) {
  absl::StatusOr<HttpResult> r =
      stack->Call("GET", absl::StrCat("/v1/dataValueSets?dataSet=", data_set), "", "",
                  {{"X-API-Key", CivitasStack::kWarehouseKey}});
  EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  std::map<std::string, std::string> out;
  if (!r.ok()) return out;
  google::protobuf::Struct doc = Json(r->body);
  for (const auto& v : doc.fields().at("dataValues").list_value().values()) {
    const auto& s = v.struct_value();
    out[absl::StrCat(At(s, "orgUnit"), " ", At(s, "period"), " ", At(s, "dataElement"), " ",
                     At(s, "categoryOptionCombo"))] =
        absl::StrCat(At(s, "value"), "|", At(s, "comment"), "|", At(s, "followup"));
  }
  return out;
}

// An import's operation, polled until done (at most a minute).
google::protobuf::Struct Finished(const std::string& operation, const std::string& token) {
  google::protobuf::Struct op;
  for (int i = 0; i < 600; ++i) {
    op = Must(200, "GET", absl::StrCat("/v1/", operation), token);
    if (At(op, "done") == "true") break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(At(op, "done"), "true") << operation;
  return op;
}

TEST(MonitoringRestTest, AnExportImportsAsItIsAndAReimportChangesNothing) {
  const std::string ministry = rest_stack->Token("ministry");
  const std::string cso = rest_stack->Token("cso", "organizations/gr-cso-5", "staff@gr-cso-5");
  Must(
      200, "POST", "/v1/categories?categoryId=mo-imp-sex", ministry,
      R"({"code":"MO_IMP_SEX","displayName":{"en":"Sex"},"options":[)"
      R"({"code":"FEMALE","displayName":{"en":"Female"}},{"code":"MALE","displayName":{"en":"Male"}}]})");
  Must(200, "POST", "/v1/indicators?indicatorId=mo-imp-served", ministry,
       R"({"code":"MO_IMP_SERVED","displayName":{"en":"Served"},"valueType":"INTEGER",)"
       R"("aggregation":"SUM","categories":["categories/mo-imp-sex"]})");
  Must(200, "POST", "/v1/indicators?indicatorId=mo-imp-share", ministry,
       R"({"code":"MO_IMP_SHARE","displayName":{"en":"Share"},"valueType":"PERCENTAGE",)"
       R"("aggregation":"AVERAGE"})");
  for (const char* id : {"mo-imp-src", "mo-imp-dst"}) {
    std::string code = absl::AsciiStrToUpper(id);
    absl::StrReplaceAll({{"-", "_"}}, &code);
    Must(200, "POST", absl::StrCat("/v1/dataSets?dataSetId=", id), ministry,
         absl::StrCat(R"({"code":")", code, R"(","displayName":{"en":"Imports"},)",
                      R"("periodType":"MONTHLY","indicators":["indicators/mo-imp-served",)",
                      R"("indicators/mo-imp-share"],"orgUnits":["organizations/gr-cso-5"]})"));
  }
  // Figures entered by hand, with comments (quotes, commas, new lines, Armenian), a follow-up
  // flag and a deletion.
  Must(200, "POST", "/v1/dataSets/mo-imp-src:setValues", cso,
       R"({"orgUnit":"organizations/gr-cso-5","period":"202501","values":[)"
       R"({"indicator":"indicators/mo-imp-served","categoryOptions":["FEMALE"],"value":"12",)"
       R"("comment":"say \"hi\", then\nleave — Գորիս","followUp":true},)"
       R"({"indicator":"indicators/mo-imp-served","categoryOptions":["MALE"],"value":"7"},)"
       R"({"indicator":"indicators/mo-imp-share","value":"42.5"}]})");
  Must(200, "POST", "/v1/dataSets/mo-imp-src:setValues", cso,
       R"({"orgUnit":"organizations/gr-cso-5","period":"202502","values":[)"
       R"({"indicator":"indicators/mo-imp-served","categoryOptions":["MALE"],"value":"3"},)"
       R"({"indicator":"indicators/mo-imp-share","value":"10"}]})");
  Must(200, "POST", "/v1/dataSets/mo-imp-src:setValues", cso,
       R"({"orgUnit":"organizations/gr-cso-5","period":"202502","values":[)"
       R"({"indicator":"indicators/mo-imp-share","delete":true,"reason":"typo"}]})");
  const std::map<std::string, std::string> source = Figures("dataSets/mo-imp-src");
  ASSERT_EQ(source.size(), 4u);

  // The export, as the warehouse pulls it, imported into an empty data set (its rows named for
  // it): the same figures, comments and flags.
  absl::StatusOr<HttpResult> exported =
      rest_stack->Call("GET", "/v1/dataValueSets?dataSet=dataSets/mo-imp-src&includeDeleted=true",
                       "", "", {{"X-API-Key", CivitasStack::kWarehouseKey}});
  ASSERT_TRUE(exported.ok() && exported->status == 200);
  std::string file =
      absl::StrReplaceAll(exported->body, {{"dataSets/mo-imp-src", "dataSets/mo-imp-dst"}});
  google::protobuf::Struct op = Must(200, "POST", "/v1/dataValueSets", cso, file);
  ASSERT_EQ(At(op, "done"), "true");
  EXPECT_EQ(At(op, "response.imported"), "4") << At(op, "response.conflicts");
  // The tombstone deletes a figure that was never there: its conflict says so.
  EXPECT_EQ(At(op, "response.ignored"), "1");
  std::map<std::string, std::string> imported;
  for (const auto& [key, value] : Figures("dataSets/mo-imp-dst")) imported[key] = value;
  EXPECT_EQ(imported, source);

  // The same file again: nothing changes, and the summary says so.
  op = Must(200, "POST", "/v1/dataValueSets", cso, file);
  EXPECT_EQ(At(op, "response.unchanged"), "4");
  EXPECT_EQ(At(op, "response.imported"), "");
  EXPECT_EQ(At(op, "response.updated"), "");

  // CSV, a dry run: counted, not written.
  const std::string csv =
      "dataelement,period,orgunit,categoryoptioncombo,value,comment,dataset\r\n"
      "indicators/mo-imp-served,202501,organizations/gr-cso-5,FEMALE,13,,dataSets/mo-imp-dst\r\n"
      "indicators/mo-imp-served,202503,organizations/gr-cso-5,MALE,5,new,dataSets/mo-imp-dst\r\n"
      "indicators/mo-imp-served,202503,organizations/gr-cso-5,OTHER,5,,dataSets/mo-imp-dst\r\n"
      "indicators/mo-imp-share,202503,organizations/gr-cso-4,,5,,dataSets/mo-imp-dst\r\n";
  absl::StatusOr<HttpResult> dry =
      rest_stack->Call("POST", "/v1/dataValueSets?dryRun=true", cso, csv,
                       {{"Content-Type", "text/csv; charset=utf-8"}});
  ASSERT_TRUE(dry.ok());
  ASSERT_EQ(dry->status, 200) << dry->body;
  google::protobuf::Struct dry_op = Json(dry->body);
  EXPECT_EQ(At(dry_op, "response.dryRun"), "true");
  EXPECT_EQ(At(dry_op, "response.updated"), "1");
  EXPECT_EQ(At(dry_op, "response.imported"), "1");
  EXPECT_EQ(At(dry_op, "response.ignored"), "2");
  EXPECT_THAT(dry->body, HasSubstr(R"("field":"categoryOptionCombo")"));
  // Another organisation's org unit: not this CSO's to enter.
  EXPECT_THAT(dry->body, HasSubstr(R"("row":"4","field":"orgUnit")"));
  EXPECT_EQ(Figures("dataSets/mo-imp-dst"), imported);

  // Bad files change nothing and say where they are bad.
  Reply broken = Send("POST", "/v1/dataValueSets", cso, R"({"dataValues":[{"dataElement":)");
  EXPECT_EQ(broken.status, 400);
  EXPECT_THAT(broken.text, HasSubstr("at byte"));
  absl::StatusOr<HttpResult> bad_csv = rest_stack->Call(
      "POST", "/v1/dataValueSets", cso, "dataelement,period,orgunit\n\"x,202501,o\n",
      {{"Content-Type", "text/csv"}});
  ASSERT_TRUE(bad_csv.ok());
  EXPECT_EQ(bad_csv->status, 400) << bad_csv->body;
  absl::StatusOr<HttpResult> plain =
      rest_stack->Call("POST", "/v1/dataValueSets", cso, "x", {{"Content-Type", "text/plain"}});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->status, 415) << plain->body;
  // The warehouse reads; it enters nothing.
  absl::StatusOr<HttpResult> warehouse = rest_stack->Call(
      "POST", "/v1/dataValueSets", "", file, {{"X-API-Key", CivitasStack::kWarehouseKey}});
  ASSERT_TRUE(warehouse.ok());
  EXPECT_EQ(warehouse->status, 403) << warehouse->body;
  // Another caller's operation is not found.
  EXPECT_EQ(Send("GET", absl::StrCat("/v1/", At(op, "name")), ministry).status, 404);
  EXPECT_EQ(Figures("dataSets/mo-imp-dst"), imported);

  // The export, as it is, into a fresh stack (its own Redis and services) that holds the same
  // metadata, as a ministry moving to a new server would load it: identical figures.
  absl::StatusOr<std::unique_ptr<CivitasStack>> started = CivitasStack::Start();
  ASSERT_TRUE(started.ok()) << started.status();
  CivitasStack* fresh = started->get();
  auto send = [&](const std::string& method, const std::string& target, const std::string& token,
                  const std::string& body) {
    absl::StatusOr<HttpResult> r = fresh->Call(method, target, token, body);
    EXPECT_TRUE(r.ok() && r->status == 200)
        << method << " " << target << ": " << (r.ok() ? r->body : r.status().ToString());
    return r.ok() ? Json(r->body) : google::protobuf::Struct();
  };
  const std::string fresh_admin = fresh->Token("admin");
  const std::string fresh_ministry = fresh->Token("ministry");
  send("POST", "/v1/territories?territoryId=gr-md", fresh_admin,
       R"({"displayName":{"en":"Moldova"},"level":"COUNTRY","code":"MD"})");
  send("POST", "/v1/organizations?organizationId=gr-cso-5", fresh_admin,
       R"({"type":"CSO","displayName":{"en":"gr-cso-5"},"territories":["territories/gr-md"]})");
  send("POST", "/v1/categories?categoryId=mo-imp-sex", fresh_ministry,
       R"({"code":"MO_IMP_SEX","displayName":{"en":"Sex"},"options":[)"
       R"({"code":"FEMALE","displayName":{"en":"Female"}},)"
       R"({"code":"MALE","displayName":{"en":"Male"}}]})");
  send("POST", "/v1/indicators?indicatorId=mo-imp-served", fresh_ministry,
       R"({"code":"MO_IMP_SERVED","displayName":{"en":"Served"},"valueType":"INTEGER",)"
       R"("aggregation":"SUM","categories":["categories/mo-imp-sex"]})");
  send("POST", "/v1/indicators?indicatorId=mo-imp-share", fresh_ministry,
       R"({"code":"MO_IMP_SHARE","displayName":{"en":"Share"},"valueType":"PERCENTAGE",)"
       R"("aggregation":"AVERAGE"})");
  send("POST", "/v1/dataSets?dataSetId=mo-imp-src", fresh_ministry,
       R"({"code":"MO_IMP_SRC","displayName":{"en":"Imports"},"periodType":"MONTHLY",)"
       R"("indicators":["indicators/mo-imp-served","indicators/mo-imp-share"],)"
       R"("orgUnits":["organizations/gr-cso-5"]})");
  google::protobuf::Struct moved = send(
      "POST", "/v1/dataValueSets", fresh->Token("cso", "organizations/gr-cso-5"), exported->body);
  EXPECT_EQ(At(moved, "response.imported"), "4") << At(moved, "response.conflicts");
  EXPECT_EQ(Figures("dataSets/mo-imp-src", fresh), source);
}

// A large import runs in the background; its service is killed (SIGKILL) while it runs and
// started again: the import is taken over and ends with every row counted once. Its country's
// submissions are on a Redis of their own (the stack places gr-md there).
TEST(MonitoringRestTest, AnImportKilledMidwayResumesAfterTheRestart) {
  const std::string ministry = rest_stack->Token("ministry");
  const std::string admin = rest_stack->Token("admin");
  Must(
      200, "POST", "/v1/indicators?indicatorId=mo-bulk", ministry,
      R"({"code":"MO_BULK","displayName":{"en":"Bulk"},"valueType":"INTEGER","aggregation":"SUM"})");
  std::string org_units;
  // Organisations no other test enters figures for.
  constexpr int kFirstOrg = 6;
  constexpr int kOrgs = 18;
  for (int i = 0; i < kOrgs; ++i) {
    absl::StrAppend(&org_units, i == 0 ? "" : ",", R"("organizations/gr-cso-)", kFirstOrg + i,
                    R"(")");
  }
  Must(200, "POST", "/v1/dataSets?dataSetId=mo-bulk", ministry,
       absl::StrCat(R"({"code":"MO_BULK","displayName":{"en":"Bulk"},"periodType":"DAILY",)",
                    R"("indicators":["indicators/mo-bulk"],"orgUnits":[)", org_units, "]}"));
  // 18 organisations x 300 days: 5400 figures in 5400 submissions (85 batches).
  std::string file = R"({"dataSet":"dataSets/mo-bulk","dataValues":[)";
  int rows = 0;
  const absl::CivilDay first(2025, 1, 1);
  for (int i = 0; i < kOrgs; ++i) {
    for (int d = 0; d < 300; ++d) {
      const absl::CivilDay day = first + d;
      absl::StrAppend(
          &file, rows == 0 ? "" : ",", R"({"dataElement":"indicators/mo-bulk","period":")",
          absl::FormatCivilTime(day).substr(0, 4), absl::FormatCivilTime(day).substr(5, 2),
          absl::FormatCivilTime(day).substr(8, 2), R"(","orgUnit":"organizations/gr-cso-)",
          kFirstOrg + i, R"(","value":")", d + i, R"("})");
      ++rows;
    }
  }
  file += "]}";
  google::protobuf::Struct op = Must(200, "POST", "/v1/dataValueSets", admin, file);
  const std::string name = At(op, "name");
  ASSERT_FALSE(name.empty());
  EXPECT_EQ(At(op, "done"), "");  // running
  ASSERT_TRUE(rest_stack->KillServiceThenRestart("monitoring").ok());
  google::protobuf::Struct ended = Finished(name, admin);
  EXPECT_EQ(At(ended, "response.imported"), absl::StrCat(rows)) << At(ended, "response");
  EXPECT_EQ(At(ended, "response.ignored"), "");
  EXPECT_EQ(At(ended, "metadata.state"), "IMPORT_DONE");
  // It was running when its service was killed: another run took it over.
  EXPECT_NE(At(ended, "metadata.resumptions"), "") << At(ended, "metadata");
  EXPECT_EQ(At(ended, "metadata.submissionsDone"), absl::StrCat(rows));
  // Every figure once: the year's total is the sum of the file's values.
  int64_t sum = 0;
  for (int i = 0; i < kOrgs; ++i) {
    for (int d = 0; d < 300; ++d) sum += d + i;
  }
  google::protobuf::Struct analytics =
      Must(200, "GET",
           "/v1/analytics?indicators=indicators/mo-bulk&orgUnits=territories/gr-md&periods=2025",
           ministry);
  EXPECT_THAT(absl::StrCat(analytics.ShortDebugString()), HasSubstr(absl::StrCat(sum)));
  // Written on the country's own Redis (gr-md's, placed by partition_redis).
  ASSERT_NE(country_redis, nullptr);
  RedisClient away(country_redis->options());
  int64_t submissions = 0;
  std::string scan = "0";
  do {
    auto reply = away.Command(
        {"SCAN", scan, "MATCH",
         absl::StrCat("civitas:{monitoring@", PartitionNameFor("gr-md"), "}:doc:submissions:*"),
         "COUNT", "1000"});
    ASSERT_TRUE(reply.ok()) << reply.status();
    ASSERT_EQ(reply->elements.size(), 2u);
    scan = reply->elements[0].str;
    submissions += static_cast<int64_t>(reply->elements[1].elements.size());
  } while (scan != "0");
  EXPECT_GE(submissions, rows) << "every submission of the import is on gr-md's Redis";
}

}  // namespace
}  // namespace civitas::testing
