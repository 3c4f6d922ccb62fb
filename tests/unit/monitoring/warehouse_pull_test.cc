// Warehouse pulls without I/O: the request's checks, which submissions and figures a pull
// reports between two cursors, and the NDJSON, DHIS2 JSON and CSV it writes.
#include "services/monitoring/domain/warehouse_pull.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "absl/strings/str_cat.h"
#include "libs/common/calendar.h"
#include "libs/json/proto_json_writer.h"

namespace civitas::monitoring {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParsePullRequest, NamesEveryBadField) {
  v1::PullDataValuesRequest req;
  req.set_since_cursor("-4");
  req.set_data_set("grants/g1");
  req.add_indicators("indicators/served");
  req.add_indicators("dataSets/x");
  req.set_org_unit("people/x");
  req.set_start_period("2024Q5");
  req.set_end_period("202413");
  req.mutable_last_updated()->set_seconds(-99999999999);
  absl::StatusOr<PullRequest> pull = ParsePullRequest(req, true);
  ASSERT_EQ(pull.status().code(), absl::StatusCode::kInvalidArgument);
  for (const char* field : {"since_cursor", "data_set", "indicators[1]", "org_unit", "start_period",
                            "end_period", "last_updated"}) {
    EXPECT_THAT(pull.status().message(), HasSubstr(field));
  }
  EXPECT_THAT(pull.status().message(), ::testing::Not(HasSubstr("indicators[0]")));

  v1::PullDataValuesRequest backwards;
  backwards.set_since_cursor("40");
  backwards.set_until_cursor("30");
  backwards.set_start_period("2024Q2");
  backwards.set_end_period("202403");
  pull = ParsePullRequest(backwards, true);
  EXPECT_THAT(pull.status().message(), HasSubstr("until_cursor: must not be before since_cursor"));
  EXPECT_THAT(pull.status().message(), HasSubstr("end_period: must not end before"));
}

TEST(ParsePullRequest, ReadsCursorsPeriodsAndScheme) {
  v1::PullDataValuesRequest req;
  req.set_since_cursor("12");
  req.set_start_period("2024Q1");
  req.set_end_period("2024W26");
  req.set_id_scheme(v1::ID_SCHEME_CODE);
  absl::StatusOr<PullRequest> pull = ParsePullRequest(req, true);
  ASSERT_TRUE(pull.ok()) << pull.status();
  EXPECT_EQ(pull->since, PullCursor{12});
  EXPECT_EQ(pull->until, PullCursor{});
  EXPECT_EQ(*pull->first_day, absl::CivilDay(2024, 1, 1));
  EXPECT_EQ(*pull->last_day, absl::CivilDay(2024, 6, 30));  // week 26 of 2024 ends on a Sunday
  EXPECT_TRUE(pull->by_code);
}

v1::DataValue Figure(const std::string& indicator, const std::string& value, int64_t version,
                     std::vector<std::string> options = {}) {
  v1::DataValue v;
  v.set_indicator(indicator);
  v.set_value(value);
  v.set_submission_version(version);
  v.set_stored_by("staff@keystone");
  *v.mutable_update_time() = ToTimestamp(absl::FromUnixSeconds(1'700'000'000 + version));
  for (auto& o : options) v.add_category_options(o);
  return v;
}

v1::Submission Goris() {
  v1::Submission s;
  s.set_name("submissions/s1");
  s.set_data_set("dataSets/monthly");
  s.set_org_unit("organizations/keystone");
  s.set_period("202403");
  s.set_attribution("programmes/p1");
  s.add_org_unit_path("territories/am");
  s.add_org_unit_path("territories/am-su");
  s.set_state(v1::SUBMISSION_OPEN);
  *s.add_values() = Figure("indicators/served", "10", 1, {"FEMALE"});
  *s.add_values() = Figure("indicators/served", "12", 3, {"MALE"});
  *s.add_deleted_values() = Figure("indicators/trained", "2", 2);
  return s;
}

// Versions 1, 2 and 3 of the submission were made at cursors 10, 20 and 30.
const std::vector<Change> kHistory = {{1, 10}, {2, 20}, {3, 30}};

// The submission's keyspace is home's.
std::vector<std::string> Pulled(const PullRequest& pull, int64_t until) {
  std::vector<std::string> out;
  for (const v1::DataValueRecord& r :
       PulledRecords(pull, pull.since.home, until, Goris(), kHistory, {})) {
    out.push_back(absl::StrCat(r.indicator(), "/", r.category_option_combo(), "=", r.value(),
                               r.deleted() ? " deleted" : ""));
  }
  return out;
}

TEST(PulledRecords, ASnapshotHasTheFiguresUpToItsCursorWithoutTombstones) {
  PullRequest snapshot;
  EXPECT_THAT(Pulled(snapshot, 30),
              ElementsAre("indicators/served/FEMALE=10", "indicators/served/MALE=12"));
  // The MALE figure changed after the snapshot's cursor: the next pull has it.
  EXPECT_THAT(Pulled(snapshot, 25), ElementsAre("indicators/served/FEMALE=10"));
  snapshot.include_deleted = true;
  EXPECT_THAT(Pulled(snapshot, 30),
              ElementsAre("indicators/served/FEMALE=10", "indicators/served/MALE=12",
                          "indicators/trained/default=2 deleted"));
}

TEST(PulledRecords, AnIncrementalPullHasWhatChangedBetweenItsCursorsWithDeletions) {
  PullRequest incremental;
  incremental.since.home = 10;
  EXPECT_THAT(Pulled(incremental, 30),
              ElementsAre("indicators/served/MALE=12", "indicators/trained/default=2 deleted"));
  incremental.since.home = 20;
  EXPECT_THAT(Pulled(incremental, 30), ElementsAre("indicators/served/MALE=12"));
  incremental.since.home = 30;
  EXPECT_TRUE(Pulled(incremental, 45).empty());
}

TEST(PulledRecords, FiltersByIndicatorAndLastUpdated) {
  PullRequest pull;
  pull.include_deleted = true;
  pull.indicators = {"indicators/trained"};
  EXPECT_THAT(Pulled(pull, 30), ElementsAre("indicators/trained/default=2 deleted"));
  pull.indicators.clear();
  pull.last_updated = absl::FromUnixSeconds(1'700'000'002);
  EXPECT_THAT(Pulled(pull, 30),
              ElementsAre("indicators/served/MALE=12", "indicators/trained/default=2 deleted"));
}

TEST(Selects, ByDataSetSubtreeAndPeriodRange) {
  PullRequest pull;
  EXPECT_TRUE(Selects(pull, Goris()));
  pull.org_unit = "territories/am-su";
  EXPECT_TRUE(Selects(pull, Goris()));
  pull.org_unit = "territories/md";
  EXPECT_FALSE(Selects(pull, Goris()));
  pull.org_unit = "organizations/keystone";
  EXPECT_TRUE(Selects(pull, Goris()));
  pull.first_day = absl::CivilDay(2024, 1, 1);
  pull.last_day = absl::CivilDay(2024, 3, 31);
  EXPECT_TRUE(Selects(pull, Goris()));
  pull.last_day = absl::CivilDay(2024, 3, 30);  // the month ends after the range
  EXPECT_FALSE(Selects(pull, Goris()));
  pull.last_day.reset();
  pull.data_set = "dataSets/other";
  EXPECT_FALSE(Selects(pull, Goris()));
}

TEST(PullFormats, DataValueSetsJsonAndCsvAsDhis2WritesThem) {
  PullRequest pull;
  pull.include_deleted = true;
  pull.by_code = true;
  PullNames names;
  names.codes = {{"indicators/served", "SERVED"}, {"dataSets/monthly", "MONTHLY"}};
  v1::Submission s = Goris();
  s.mutable_values(0)->set_comment("said \"ok\"\n, then left");
  std::vector<v1::DataValueRecord> records = PulledRecords(pull, 0, 30, s, kHistory, names);
  ASSERT_EQ(records.size(), 3u);
  std::string json = DataValueSetsOpening("30");
  AppendDataValueSetsRecord(records[0], true, &json);
  AppendDataValueSetsRecord(records[2], false, &json);
  json += DataValueSetsClosing();
  EXPECT_EQ(json,
            "{\"cursor\":\"30\",\"dataValues\":["
            "{\"dataElement\":\"SERVED\",\"period\":\"202403\",\"orgUnit\":"
            "\"organizations/keystone\",\"categoryOptionCombo\":\"FEMALE\","
            "\"attributeOptionCombo\":\"programmes/p1\",\"dataSet\":\"MONTHLY\",\"value\":\"10\","
            "\"storedBy\":\"staff@keystone\",\"lastUpdated\":\"2023-11-14T22:13:21.000Z\","
            "\"comment\":\"said \\\"ok\\\"\\n, then left\",\"followup\":false,\"deleted\":false},"
            "{\"dataElement\":\"indicators/trained\",\"period\":\"202403\",\"orgUnit\":"
            "\"organizations/keystone\",\"categoryOptionCombo\":\"default\","
            "\"attributeOptionCombo\":\"programmes/p1\",\"dataSet\":\"MONTHLY\",\"value\":\"2\","
            "\"storedBy\":\"staff@keystone\",\"lastUpdated\":\"2023-11-14T22:13:22.000Z\","
            "\"comment\":\"\",\"followup\":false,\"deleted\":true}]}\n");
  std::string csv = DataValuesCsvHeader();
  AppendDataValuesCsvRow(records[0], &csv);
  EXPECT_EQ(csv,
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
            "lastupdated,comment,followup,deleted,dataset\r\n"
            "SERVED,202403,organizations/keystone,FEMALE,programmes/p1,10,staff@keystone,"
            "2023-11-14T22:13:21.000Z,\"said \"\"ok\"\"\n, then left\",false,false,MONTHLY\r\n");
}

TEST(ParsePullRequest, AnOutputWithoutTheCursorNeedsUntilCursor) {
  v1::PullDataValuesRequest req;
  EXPECT_TRUE(ParsePullRequest(req, /*cursor_in_output=*/true).ok());
  absl::StatusOr<PullRequest> csv = ParsePullRequest(req, /*cursor_in_output=*/false);
  EXPECT_THAT(csv.status().message(), HasSubstr("until_cursor: is required for this output"));
  req.set_until_cursor("12");
  EXPECT_TRUE(ParsePullRequest(req, false).ok());
  // An explicit 0 is a cursor (an empty store's), not "now": nothing after it is pulled.
  req.set_until_cursor("0");
  absl::StatusOr<PullRequest> zero = ParsePullRequest(req, false);
  ASSERT_TRUE(zero.ok()) << zero.status();
  EXPECT_EQ(*PullEnd(*zero, PullCursor{40}), PullCursor{0});
  for (const char* loose : {" 52", "+5", "5 ", "1e3", "99999999999999999999"}) {
    req.set_until_cursor(loose);
    EXPECT_FALSE(ParsePullRequest(req, false).ok()) << loose;
  }
}

TEST(PullEnd, CursorsBeyondTheStoresAreRefused) {
  PullRequest pull;
  EXPECT_EQ(*PullEnd(pull, PullCursor{40}), PullCursor{40});
  pull.until = PullCursor{30};
  pull.until_given = true;
  EXPECT_EQ(*PullEnd(pull, PullCursor{40}), PullCursor{30});
  pull.since = PullCursor{50};
  pull.until = PullCursor{};
  pull.until_given = false;
  absl::StatusOr<PullCursor> restored = PullEnd(pull, PullCursor{40});
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(restored.status().message(), HasSubstr("since_cursor: 50 is beyond"));
  pull.until = PullCursor{60};
  pull.until_given = true;
  EXPECT_THAT(PullEnd(pull, PullCursor{40}).status().message(),
              HasSubstr("until_cursor: 60 is beyond"));
}

PullCursor Countries(std::map<std::string, int64_t> at) {
  PullCursor c;
  c.countries.at = std::move(at);
  return c;
}

TEST(PullCursor, EachCountrysPositionInTextAndBack) {
  EXPECT_EQ(FormatPullCursor(PullCursor{}), "0") << "an empty store's";
  EXPECT_EQ(FormatPullCursor(PullCursor{1834}), "1834");
  EXPECT_EQ(FormatPullCursor(Countries({{"md", 977}, {"am", 1834}})), "am:1834.md:977");
  PullCursor both = Countries({{"am", 5}});
  both.home = 52;
  EXPECT_EQ(FormatPullCursor(both), "52.am:5");
  for (const PullCursor& c :
       {PullCursor{}, PullCursor{7}, Countries({{"am", 1}, {"xa0f", 99}}), both}) {
    std::optional<PullCursor> back = ParsePullCursor(FormatPullCursor(c));
    ASSERT_TRUE(back.has_value()) << FormatPullCursor(c);
    EXPECT_EQ(*back, c) << FormatPullCursor(c);
  }
  for (const char* bad : {"", "am", "am:0", "52.", ".am:1", "52.53", "am:1.52", "md:1.am:2", "-1",
                          "AM:4", "am:1:2", "52.am:1.", "am:99999999999999999999"}) {
    EXPECT_FALSE(ParsePullCursor(bad).has_value()) << bad;
  }
  v1::PullDataValuesRequest req;
  req.set_since_cursor("am:1834.md:977");
  req.set_until_cursor("am:1900.md:900");
  absl::StatusOr<PullRequest> pull = ParsePullRequest(req, false);
  EXPECT_THAT(pull.status().message(), HasSubstr("until_cursor: must not be before since_cursor"))
      << "md goes back";
  req.set_until_cursor("am:1900.md:977.ua:4");
  pull = ParsePullRequest(req, false);
  ASSERT_TRUE(pull.ok()) << pull.status();
  EXPECT_EQ(pull->since.Of("md"), 977);
  EXPECT_EQ(pull->until.Of("ua"), 4);
  EXPECT_EQ(pull->since.Of("ua"), 0) << "a country added since: read whole";
}

TEST(PullEnd, EveryCountryIsCheckedAgainstItsOwnCursor) {
  PullRequest pull;
  pull.since = Countries({{"am", 10}, {"md", 5}});
  EXPECT_EQ(*PullEnd(pull, Countries({{"am", 10}, {"md", 8}, {"ua", 2}})),
            Countries({{"am", 10}, {"md", 8}, {"ua", 2}}));
  absl::StatusOr<PullCursor> elsewhere = PullEnd(pull, Countries({{"am", 40}}));
  EXPECT_EQ(elsewhere.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(elsewhere.status().message(), HasSubstr("since_cursor: am:10.md:5 is beyond"))
      << "md is unknown here: another store's cursor";
}

TEST(AuthorizePull, ForThoseWhoReportApproveOrCollect) {
  Principal anonymous;
  EXPECT_EQ(AuthorizePull(anonymous).code(), absl::StatusCode::kUnauthenticated);
  for (const char* role : {"warehouse", "ministry", "admin"}) {
    Principal p;
    p.subject = role;
    p.roles = {role};
    EXPECT_TRUE(AuthorizePull(p).ok()) << role;
  }
  Principal cso;
  cso.subject = "staff";
  cso.roles = {"cso"};
  cso.organization = "organizations/keystone";
  EXPECT_TRUE(AuthorizePull(cso).ok());
  Principal reviewer = cso;  // an organisation's people read its own figures, whatever the role
  reviewer.roles = {"reviewer"};
  EXPECT_TRUE(AuthorizePull(reviewer).ok());
  Principal nowhere;  // a municipality responsible for no territory reads nothing
  nowhere.subject = "clerk";
  nowhere.roles = {"municipality"};
  EXPECT_EQ(AuthorizePull(nowhere).code(), absl::StatusCode::kPermissionDenied);
  Principal donor;
  donor.subject = "donor";
  donor.roles = {"donor"};
  EXPECT_EQ(AuthorizePull(donor).code(), absl::StatusCode::kPermissionDenied);
  Principal municipality = nowhere;
  municipality.territories = {"territories/am-su-goris"};
  EXPECT_TRUE(AuthorizePull(municipality).ok());
}

TEST(AppendDataValueRecordLine, IsTheRecordsProto3JsonByteForByte) {
  // Every field empty or set, text with what JSON escapes (quotes, controls, '<', U+2028,
  // non-ASCII), timestamps with 0, 3, 6 and 9 digits, every approval state and one unknown.
  const std::vector<std::string> texts = {
      "",
      "indicators/served",
      "a \"quoted\" \\ back\\slash",
      "line\nbreak\ttab\x01",
      "<script>&</script>",
      "\xe2\x80\xa8 separator, \xd5\x80\xd5\xa1\xd6\x80 Armenian",
      "1234.5"};
  const std::vector<int32_t> nanos = {0, 5000000, 123456000, 987654321};
  std::mt19937 rng(42);
  auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  for (int i = 0; i < 3000; ++i) {
    v1::DataValueRecord r;
    r.set_indicator(pick(texts));
    r.set_period(pick(texts));
    r.set_org_unit(pick(texts));
    r.set_category_option_combo(pick(texts));
    r.set_attribution(pick(texts));
    r.set_data_set(pick(texts));
    r.set_value(pick(texts));
    r.set_stored_by(pick(texts));
    if (rng() % 3 != 0) {
      r.mutable_last_updated()->set_seconds(static_cast<int64_t>(rng() % 4000000000u) - 100000);
      r.mutable_last_updated()->set_nanos(nanos[rng() % nanos.size()]);
    }
    r.set_comment(pick(texts));
    r.set_follow_up(rng() % 2 == 0);
    r.set_deleted(rng() % 2 == 0);
    const int state = static_cast<int>(rng() % 8);
    r.set_approval_state(static_cast<v1::SubmissionState>(state == 7 ? 99 : state));
    r.set_submission(pick(texts));
    std::string expected;
    json::AppendJson(r, &expected);
    expected.push_back('\n');
    std::string line = "kept ";
    AppendDataValueRecordLine(r, &line);
    ASSERT_EQ(line, "kept " + expected) << r.DebugString();
  }
  std::string empty;
  AppendDataValueRecordLine(v1::DataValueRecord(), &empty);
  EXPECT_EQ(empty, "{}\n");
}

}  // namespace
}  // namespace civitas::monitoring
