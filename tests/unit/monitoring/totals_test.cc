// Always-fresh totals without I/O: what a submission's write changes in them, and the answers
// read back for any roll-up, option, attribution and aggregation.
#include "services/monitoring/domain/totals.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/monitoring/domain/analytics.h"

namespace civitas::monitoring {
namespace {

using ::testing::HasSubstr;

// What a store keeps after applying `changes` (fields back at 0 dropped).
void Apply(const std::vector<TotalChange>& changes, std::map<std::string, Totals>* store) {
  for (const TotalChange& c : changes) {
    Totals& hash = (*store)[c.key];
    if ((hash[c.field] += c.delta) == 0) hash.erase(c.field);
  }
}

v1::DataValue Figure(const std::string& indicator, const std::string& value,
                     std::vector<std::string> options = {}) {
  v1::DataValue v;
  v.set_indicator(indicator);
  v.set_value(value);
  for (auto& o : options) v.add_category_options(o);
  return v;
}

v1::Submission Month(const std::string& org_unit, const std::string& period,
                     std::vector<v1::DataValue> values, const std::string& attribution = "") {
  v1::Submission s;
  s.set_org_unit(org_unit);
  s.set_period(period);
  s.set_attribution(attribution);
  s.add_org_unit_path("territories/am");
  s.add_org_unit_path("territories/am-su");
  s.add_org_unit_path("territories/am-su-goris");
  for (auto& v : values) *s.add_values() = v;
  return s;
}

// Integer indicators by name, MIN and MAX keeping org units' figures as the service would.
std::map<std::string, TotalledIndicator> Integers(std::vector<std::string> names,
                                                  bool keeps_leaves = false) {
  std::map<std::string, TotalledIndicator> out;
  for (auto& n : names) out[n] = {1, keeps_leaves};
  return out;
}

TotalsAnswer Ask(const std::map<std::string, Totals>& store, v1::Aggregation aggregation,
                 const std::string& indicator, const std::string& org_unit,
                 const std::string& period, std::vector<std::string> options = {},
                 std::optional<std::string> attribution = std::nullopt,
                 v1::ValueType type = v1::INTEGER, bool accepted_only = false) {
  TotalsQuery q{*ParsePeriod(period), std::move(options), std::move(attribution), accepted_only};
  v1::Indicator measured;
  measured.set_name(indicator);
  measured.set_aggregation(aggregation);
  measured.set_value_type(type);
  std::vector<const Totals*> hashes;
  for (const std::string& key : TotalsKeysFor(measured, org_unit, q.period)) {
    auto it = store.find(key);
    if (it != store.end()) hashes.push_back(&it->second);
  }
  return AnswerFromTotals(measured, hashes, q);
}

TEST(ScaledValue, IntegersAsTheyAreNumbersInTenThousandthsWithTheFifthDecimalRounded) {
  EXPECT_EQ(*ScaledValue("42", TotalScale(v1::INTEGER)), 42);
  EXPECT_EQ(*ScaledValue("999999999999999", TotalScale(v1::INTEGER)), 999999999999999);
  EXPECT_EQ(*ScaledValue("true", TotalScale(v1::BOOLEAN)), 1);
  EXPECT_EQ(*ScaledValue("false", TotalScale(v1::BOOLEAN)), 0);
  const int64_t number = TotalScale(v1::NUMBER);
  EXPECT_EQ(*ScaledValue("42", number), 420000);
  EXPECT_EQ(*ScaledValue("-3.5", number), -35000);
  EXPECT_EQ(*ScaledValue("0.00005", number), 1);
  EXPECT_EQ(*ScaledValue("0.99995", number), 10000);
  EXPECT_EQ(*ScaledValue("899999999999.9999", number), 8999999999999999);
  EXPECT_FALSE(ScaledValue("900719925474", number).ok());  // CanonicalValue refuses it on entry
}

TEST(TotalsDelta, AFigureCountsInEveryTerritoryAboveAndItsOrgUnit) {
  v1::Submission s = Month("organizations/keystone", "202503",
                           {Figure("indicators/served", "10", {"FEMALE"})}, "programmes/p1");
  std::vector<TotalChange> changes = TotalsDelta(nullptr, s, Integers({"indicators/served"}));
  std::map<std::string, Totals> store;
  Apply(changes, &store);
  EXPECT_EQ(store.size(), 4u);  // am, am-su, am-su-goris and keystone, for 2025
  EXPECT_EQ(store.at("indicators/served/territories/am-su/2025"),
            (Totals{{"202503|FEMALE|programmes/p1|s", 10}, {"202503|FEMALE|programmes/p1|n", 1}}));
}

TEST(TotalsDelta, ChangesMoveOnlyWhatChangedAndDeletionsTakeFiguresBackOut) {
  v1::Submission before =
      Month("organizations/keystone", "202503",
            {Figure("indicators/served", "10"), Figure("indicators/hours", "3")});
  const auto indicators = Integers({"indicators/served", "indicators/hours"});
  std::map<std::string, Totals> store;
  Apply(TotalsDelta(nullptr, before, indicators), &store);
  v1::Submission after = before;
  after.mutable_values(0)->set_value("12");
  after.mutable_values()->RemoveLast();  // hours deleted
  std::vector<TotalChange> changes = TotalsDelta(&before, after, indicators);
  // served's sum moves by +2 in four hashes; hours' sum and count go away in four.
  EXPECT_EQ(changes.size(), 4u + 8u);
  Apply(changes, &store);
  EXPECT_EQ(*Ask(store, v1::SUM, "indicators/served", "territories/am", "2025").value, 12);
  EXPECT_FALSE(Ask(store, v1::SUM, "indicators/hours", "territories/am", "2025").value);
  for (const auto& [key, hash] : store) {
    if (key.find("hours") != std::string::npos) {
      EXPECT_TRUE(hash.empty()) << key;
    }
  }
  // An approval changes no figure: nothing to write.
  EXPECT_TRUE(TotalsDelta(&after, after, indicators).empty());
  // A figure of an indicator the totals do not know is not counted, on either side.
  EXPECT_TRUE(TotalsDelta(&before, after, {}).empty());
}

TEST(TotalsDelta, AcceptanceCountsFiguresInThePublishedTotalsAndItsUndoTakesThemOut) {
  const auto indicators = Integers({"indicators/served"});
  std::map<std::string, Totals> store;
  auto all = [&](const std::string& org_unit) {
    return Ask(store, v1::SUM, "indicators/served", org_unit, "2025");
  };
  auto published = [&](const std::string& org_unit) {
    return Ask(store, v1::SUM, "indicators/served", org_unit, "2025", {}, std::nullopt, v1::INTEGER,
               /*accepted_only=*/true);
  };
  v1::Submission open =
      Month("organizations/keystone", "202501", {Figure("indicators/served", "10")});
  open.set_state(v1::SUBMISSION_OPEN);
  v1::Submission february =
      Month("organizations/keystone", "202502", {Figure("indicators/served", "5")});
  february.set_state(v1::SUBMISSION_OPEN);
  Apply(TotalsDelta(nullptr, open, indicators), &store);
  Apply(TotalsDelta(nullptr, february, indicators), &store);
  EXPECT_EQ(*all("territories/am").value, 15);
  EXPECT_FALSE(published("territories/am").value.has_value());

  // Approval publishes nothing; acceptance adds the figures behind `A|` in every hash they
  // count in (the country, the region, the municipality, the organisation), sum and count.
  v1::Submission approved = open;
  approved.set_state(v1::SUBMISSION_APPROVED);
  EXPECT_TRUE(TotalsDelta(&open, approved, indicators).empty());
  v1::Submission accepted = open;
  accepted.set_state(v1::SUBMISSION_ACCEPTED);
  const std::vector<TotalChange> accepting = TotalsDelta(&approved, accepted, indicators);
  ASSERT_EQ(accepting.size(), 8u);
  for (const TotalChange& c : accepting) EXPECT_THAT(c.field, ::testing::StartsWith("A|"));
  Apply(accepting, &store);
  EXPECT_EQ(*published("territories/am").value, 10);
  EXPECT_EQ(*published("organizations/keystone").value, 10);
  EXPECT_EQ(published("territories/am").figures, 1);
  EXPECT_EQ(*all("territories/am").value, 15);  // counted once among all figures

  // Unaccepting takes them back out: the published hashes are as before.
  Apply(TotalsDelta(&accepted, approved, indicators), &store);
  EXPECT_FALSE(published("territories/am").value.has_value());
  EXPECT_EQ(*all("territories/am").value, 15);
  for (const auto& [key, hash] : store) {
    for (const auto& [field, value] : hash) EXPECT_FALSE(field.starts_with("A|")) << field;
  }
}

class AnswersFromTotals : public ::testing::Test {
 protected:
  void SetUp() override {
    // Two org units of Goris over a year, figures split by sex, two programmes.
    for (int month = 1; month <= 12; ++month) {
      const std::string period = absl::StrCat("2025", month < 10 ? "0" : "", month);
      Enter(Month("organizations/keystone", period,
                  {Figure("indicators/served", absl::StrCat(month), {"FEMALE"}),
                   Figure("indicators/served", "1", {"MALE"})},
                  "programmes/p1"));
      Enter(Month("organizations/hope", period, {Figure("indicators/served", "10", {"FEMALE"})},
                  "programmes/p2"));
    }
  }
  void Enter(const v1::Submission& s) {
    Apply(TotalsDelta(nullptr, s, Integers({"indicators/served"}, /*keeps_leaves=*/true)), &store_);
  }
  std::map<std::string, Totals> store_;
};

TEST_F(AnswersFromTotals, SumsRollUpToAnyCoarserPeriod) {
  EXPECT_EQ(*Ask(store_, v1::SUM, "indicators/served", "territories/am-su", "2025").value,
            78 + 12 + 120);
  TotalsAnswer q1 = Ask(store_, v1::SUM, "indicators/served", "territories/am-su", "2025Q1");
  EXPECT_EQ(*q1.value, (1 + 2 + 3) + 3 + 30);
  EXPECT_EQ(q1.figures, 9);
  EXPECT_EQ(*Ask(store_, v1::SUM, "indicators/served", "organizations/hope", "2025S2").value, 60);
  // A finer period than the figures were entered in has none.
  EXPECT_FALSE(Ask(store_, v1::SUM, "indicators/served", "territories/am", "2025W10").value);
  EXPECT_FALSE(Ask(store_, v1::SUM, "indicators/served", "territories/am", "2024").value);
}

TEST_F(AnswersFromTotals, OptionsAndAttributionSelectFigures) {
  EXPECT_EQ(*Ask(store_, v1::SUM, "indicators/served", "territories/am", "2025", {"MALE"}).value,
            12);
  EXPECT_EQ(*Ask(store_, v1::SUM, "indicators/served", "territories/am", "2025Q1", {"FEMALE"},
                 "programmes/p2")
                 .value,
            30);
  EXPECT_FALSE(
      Ask(store_, v1::SUM, "indicators/served", "territories/am", "2025", {"FEMALE", "MALE"})
          .value);
}

TEST_F(AnswersFromTotals, EachAggregation) {
  const std::string goris = "territories/am-su-goris";
  // 36 figures in Q1: keystone FEMALE 1..3, MALE 1 x3, hope 10 x3.
  EXPECT_DOUBLE_EQ(*Ask(store_, v1::AVERAGE, "indicators/served", goris, "2025Q1").value,
                   (6.0 + 3 + 30) / 9);
  // The latest month of the quarter with figures, all of its figures added.
  EXPECT_EQ(*Ask(store_, v1::LAST_IN_PERIOD, "indicators/served", goris, "2025Q1").value,
            3 + 1 + 10);
  EXPECT_EQ(*Ask(store_, v1::MIN, "indicators/served", goris, "2025Q1").value, 1);
  EXPECT_EQ(*Ask(store_, v1::MAX, "indicators/served", goris, "2025").value, 12);
  // A MAX taken back out: March's keystone FEMALE figure of 12 is deleted in December.
  v1::Submission december = Month(
      "organizations/keystone", "202512",
      {Figure("indicators/served", "12", {"FEMALE"}), Figure("indicators/served", "1", {"MALE"})},
      "programmes/p1");
  v1::Submission without = december;
  without.mutable_values()->erase(without.mutable_values()->begin());
  Apply(TotalsDelta(&december, without, Integers({"indicators/served"}, true)), &store_);
  EXPECT_EQ(*Ask(store_, v1::MAX, "indicators/served", goris, "2025").value, 11);
}

TEST(AnswersFromTotalsForms, LastInPeriodTakesEveryPeriodEndingLastAndLeavesAreByForm) {
  std::map<std::string, Totals> store;
  const auto served = Integers({"indicators/served"}, /*keeps_leaves=*/true);
  v1::Submission monthly =
      Month("organizations/keystone", "202503", {Figure("indicators/served", "4")});
  monthly.set_data_set("dataSets/monthly");
  v1::Submission quarterly =
      Month("organizations/keystone", "2025Q1", {Figure("indicators/served", "9")});
  quarterly.set_data_set("dataSets/quarterly");
  v1::Submission february =
      Month("organizations/keystone", "202502", {Figure("indicators/served", "50")});
  february.set_data_set("dataSets/monthly");
  for (const auto* s : {&monthly, &quarterly, &february}) {
    Apply(TotalsDelta(nullptr, *s, served), &store);
  }
  // March and the first quarter both end on 31 March: both are the last.
  TotalsAnswer last =
      Ask(store, v1::LAST_IN_PERIOD, "indicators/served", "territories/am", "2025Q1");
  EXPECT_EQ(*last.value, 13);
  EXPECT_EQ(last.figures, 2);
  // The same org unit, period and combination in two forms: two figures, not their sum.
  v1::Submission again = monthly;
  again.set_data_set("dataSets/other");
  again.mutable_values(0)->set_value("3");
  Apply(TotalsDelta(nullptr, again, served), &store);
  EXPECT_EQ(*Ask(store, v1::MIN, "indicators/served", "territories/am", "202503").value, 3);
  EXPECT_EQ(*Ask(store, v1::MAX, "indicators/served", "territories/am", "202503").value, 4);
}

TEST(AnswersFromTotalsForms, LastInPeriodAddsEachOrgUnitsOwnLatestFigure) {
  const auto served = Integers({"indicators/served"}, /*keeps_leaves=*/true);
  std::map<std::string, Totals> store;
  auto report = [&](const std::string& org_unit, const std::string& period,
                    const std::string& value, std::vector<std::string> options = {}) {
    v1::Submission s = Month(org_unit, period, {Figure("indicators/served", value, options)});
    s.set_data_set("dataSets/monthly");
    Apply(TotalsDelta(nullptr, s, served), &store);
  };
  report("organizations/keystone", "202501", "10");
  report("organizations/keystone", "202502", "12");
  report("organizations/aopd", "202501", "5");  // has not reported since January
  report("organizations/aopd", "202501", "7", {"FEMALE"});
  TotalsAnswer q1 = Ask(store, v1::LAST_IN_PERIOD, "indicators/served", "territories/am", "2025Q1");
  EXPECT_EQ(*q1.value, 12 + 5 + 7) << "each org unit's (and combination's) own latest figure";
  EXPECT_EQ(q1.figures, 3);
  EXPECT_EQ(
      *Ask(store, v1::LAST_IN_PERIOD, "indicators/served", "organizations/keystone", "2025").value,
      12);
  EXPECT_EQ(*Ask(store, v1::LAST_IN_PERIOD, "indicators/served", "territories/am", "202501").value,
            10 + 5 + 7);
}

TEST(AnswersFromTotalsNumbers, NumbersComeBackInTheirUnits) {
  std::map<std::string, Totals> store;
  Apply(TotalsDelta(nullptr,
                    Month("organizations/keystone", "202503",
                          {Figure("indicators/share", "12.5"),
                           Figure("indicators/share", "0.25", {"FEMALE"})}),
                    {{"indicators/share", TotalledOf([] {
                        v1::Indicator i;
                        i.set_value_type(v1::NUMBER);
                        return i;
                      }())}}),
        &store);
  EXPECT_DOUBLE_EQ(
      *Ask(store, v1::SUM, "indicators/share", "territories/am", "2025", {}, {}, v1::NUMBER).value,
      12.75);
}

TEST(AnswersFromTotalsWeeks, AWeekCountsInTheMonthAndYearOfItsThursday) {
  std::map<std::string, Totals> store;
  // 2025W01 runs from Monday 2024-12-30 to 2025-01-05: its Thursday is 2025-01-02.
  Apply(
      TotalsDelta(nullptr, Month("organizations/keystone", "2025W1", {Figure("indicators/v", "5")}),
                  Integers({"indicators/v"})),
      &store);
  EXPECT_EQ(*Ask(store, v1::SUM, "indicators/v", "territories/am", "202501").value, 5);
  EXPECT_EQ(*Ask(store, v1::SUM, "indicators/v", "territories/am", "2025").value, 5);
  EXPECT_FALSE(Ask(store, v1::SUM, "indicators/v", "territories/am", "2024").value);
  EXPECT_FALSE(Ask(store, v1::SUM, "indicators/v", "territories/am", "202412").value);
}

TEST(AnswersFromTotalsDays, DaysAndWeeksAreKeptApartAndCountedInTheirMonths) {
  std::map<std::string, Totals> store;
  const auto v = Integers({"indicators/v"});
  for (int day = 1; day <= 31; ++day) {
    Apply(TotalsDelta(
              nullptr,
              Month("organizations/keystone", absl::StrCat("202501", day < 10 ? "0" : "", day),
                    {Figure("indicators/v", "2", {day % 2 == 0 ? "FEMALE" : "MALE"})}),
              v),
          &store);
  }
  // 2025W05 runs from 27 January to 2 February: its Thursday is 30 January.
  Apply(TotalsDelta(nullptr,
                    Month("organizations/keystone", "2025W05", {Figure("indicators/v", "100")}), v),
        &store);
  Apply(TotalsDelta(nullptr,
                    Month("organizations/keystone", "202502", {Figure("indicators/v", "7")}), v),
        &store);
  // A region's year hash holds months, not days.
  const Totals& year = store.at(TotalsKey("v", "territories/am-su", "2025"));
  EXPECT_EQ(year.size(), 4u * 2) << "January's two combinations and the week's, February's";
  EXPECT_EQ(store.at(FineTotalsKey("v", "territories/am-su", "2025")).size(), (31u + 1) * 2);
  for (const char* at : {"territories/am", "territories/am-su", "organizations/keystone"}) {
    EXPECT_EQ(*Ask(store, v1::SUM, "indicators/v", at, "2025").value, 62 + 100 + 7) << at;
    EXPECT_EQ(Ask(store, v1::SUM, "indicators/v", at, "2025").figures, 33) << at;
  }
  EXPECT_EQ(*Ask(store, v1::SUM, "indicators/v", "territories/am", "202501").value, 162);
  EXPECT_EQ(*Ask(store, v1::SUM, "indicators/v", "territories/am", "2025Q1", {"FEMALE"}).value, 30);
  EXPECT_DOUBLE_EQ(*Ask(store, v1::AVERAGE, "indicators/v", "territories/am", "2025Q1").value,
                   169.0 / 33);
  // Days and weeks are read from the fine hash: a week of days, a day, the week as entered.
  EXPECT_EQ(*Ask(store, v1::SUM, "indicators/v", "territories/am", "2025W02").value, 14);
  EXPECT_EQ(*Ask(store, v1::SUM, "indicators/v", "territories/am", "20250131").value, 2);
  EXPECT_EQ(*Ask(store, v1::SUM, "indicators/v", "territories/am", "2025W05").value, 100 + 5 * 2);
  // A deletion takes a day back out of its month too.
  v1::Submission last =
      Month("organizations/keystone", "20250131", {Figure("indicators/v", "2", {"MALE"})});
  Apply(TotalsDelta(&last, Month("organizations/keystone", "20250131", {}), v), &store);
  EXPECT_EQ(*Ask(store, v1::SUM, "indicators/v", "territories/am", "202501").value, 160);
  EXPECT_FALSE(Ask(store, v1::SUM, "indicators/v", "territories/am", "20250131").value);
}

// What a store written before days had a hash of their own holds for `changes`: the fine hash's
// fields in the year's hash, and no month fields for them.
std::vector<TotalChange> AsBeforeFineHashes(std::vector<TotalChange> changes,
                                            const std::string& month) {
  std::vector<TotalChange> out;
  for (TotalChange& c : changes) {
    if (absl::EndsWith(c.key, "/fine")) {
      c.key.resize(c.key.size() - std::string("/fine").size());
      out.push_back(std::move(c));
    } else if (!absl::StartsWith(c.field, month + "|") &&
               !absl::StartsWith(c.field, "A|" + month + "|")) {
      out.push_back(std::move(c));
    }
  }
  return out;
}

TEST(AnswersFromTotalsDays, DaysStoredBeforeFineHashesAreEditedDeletedAndMovedRight) {
  for (const auto leaves : {false, true}) {
    std::map<std::string, Totals> store;
    const auto v = Integers({"indicators/v"}, leaves);
    v1::Submission old = Month("organizations/keystone", "20250105", {Figure("indicators/v", "5")});
    old.set_data_set("dataSets/daily");
    Apply(AsBeforeFineHashes(TotalsDelta(nullptr, old, v), "202501"), &store);
    ASSERT_FALSE(store.contains(FineTotalsKey("v", "territories/am-su", "2025")));
    const v1::Aggregation aggregations[] = {v1::SUM, v1::MAX};
    const v1::Aggregation aggregation = aggregations[leaves];
    EXPECT_EQ(*Ask(store, aggregation, "indicators/v", "territories/am-su", "2025").value, 5);

    // Edited after the change: 5 -> 8, read at every level.
    v1::Submission edited = old;
    edited.mutable_values(0)->set_value("8");
    Apply(TotalsDelta(&old, edited, v), &store);
    for (const char* period : {"2025", "2025Q1", "202501", "2025W01", "20250105"}) {
      TotalsAnswer a = Ask(store, aggregation, "indicators/v", "territories/am-su", period);
      ASSERT_TRUE(a.value.has_value()) << period;
      EXPECT_EQ(*a.value, 8) << period << (leaves ? " MAX" : " SUM");
      EXPECT_EQ(a.figures, 1) << period;
    }
    // Moved to another region: nothing left in the old one, all of it in the new one.
    v1::Submission moved = edited;
    moved.set_org_unit_path(1, "territories/am-ta");
    Apply(TotalsDelta(&edited, moved, v), &store);
    for (const char* period : {"2025", "202501", "20250105"}) {
      EXPECT_FALSE(Ask(store, aggregation, "indicators/v", "territories/am-su", period).value)
          << period;
      EXPECT_EQ(*Ask(store, aggregation, "indicators/v", "territories/am-ta", period).value, 8)
          << period;
    }
    // Deleted: gone at every level of the country.
    v1::Submission deleted = moved;
    deleted.clear_values();
    Apply(TotalsDelta(&moved, deleted, v), &store);
    for (const char* period : {"2025", "202501", "2025W01", "20250105"}) {
      EXPECT_FALSE(Ask(store, aggregation, "indicators/v", "territories/am", period).value)
          << period;
    }
  }
}

TEST(AnswersFromTotalsDays, MinMaxAndLastOfDaysReadEachOrgUnitsOwnDays) {
  std::map<std::string, Totals> store;
  const auto v = Integers({"indicators/v"}, /*keeps_leaves=*/true);
  auto report = [&](const std::string& org_unit, const std::string& day, const std::string& value) {
    v1::Submission s = Month(org_unit, day, {Figure("indicators/v", value)});
    s.set_data_set("dataSets/daily");
    Apply(TotalsDelta(nullptr, s, v), &store);
  };
  report("organizations/keystone", "20250110", "5");
  report("organizations/keystone", "20250320", "9");
  report("organizations/hope", "20250201", "3");
  report("organizations/hope", "202502", "40");  // a monthly form's figure of the same indicator
  EXPECT_EQ(*Ask(store, v1::MIN, "indicators/v", "territories/am", "2025").value, 3);
  EXPECT_EQ(*Ask(store, v1::MAX, "indicators/v", "territories/am", "2025Q1").value, 40);
  // Keystone's latest day (9), Hope's latest figure: February, its day and its month both end
  // in February, the month later (28 February).
  EXPECT_EQ(*Ask(store, v1::LAST_IN_PERIOD, "indicators/v", "territories/am", "2025").value,
            9 + 40);
  EXPECT_EQ(*Ask(store, v1::MIN, "indicators/v", "territories/am", "20250110").value, 5);
}

}  // namespace
}  // namespace civitas::monitoring

namespace civitas::monitoring {
namespace {

TEST(PublicAnalytics, PublishedIndicatorsOfTerritoriesOnly) {
  v1::GetAnalyticsRequest req;
  req.add_indicators("indicators/served");
  req.add_org_units("territories/am-su");
  req.add_org_units("organizations/keystone");
  req.add_periods("2025");
  AnalyticsQuestion q = *ParseAnalyticsQuestion(req);
  EXPECT_FALSE(q.accepted_only);
  absl::Status organisation = AuthorizePublicOrgUnits(q);
  EXPECT_EQ(organisation.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(organisation.message(), HasSubstr("org_units[1]: organizations/keystone"));
  q.org_units.pop_back();
  EXPECT_TRUE(AuthorizePublicOrgUnits(q).ok());

  v1::Indicator served;
  served.set_name("indicators/served");
  v1::Indicator share = served;
  share.set_name("indicators/share");
  share.set_published(true);
  absl::Status unpublished = AuthorizePublicIndicators({share, served});
  EXPECT_EQ(unpublished.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(unpublished.message(), HasSubstr("indicators/served is not published"));
  EXPECT_TRUE(AuthorizePublicIndicators({share}).ok());
  req.set_accepted_only(true);
  EXPECT_TRUE(ParseAnalyticsQuestion(req)->accepted_only);
}

TEST(ParseAnalyticsQuestion, NamesEveryBadField) {
  v1::GetAnalyticsRequest req;
  req.add_indicators("dataSets/x");
  req.add_periods("2025Q7");
  req.set_attribution("people/p");
  absl::StatusOr<AnalyticsQuestion> q = ParseAnalyticsQuestion(req);
  ASSERT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  for (const char* field :
       {"indicators[0]", "org_units: must name 1 to 50", "periods[0]", "attribution"}) {
    EXPECT_THAT(q.status().message(), HasSubstr(field));
  }
  v1::GetAnalyticsRequest options;
  options.add_indicators("indicators/served");
  options.add_org_units("territories/am");
  options.add_periods("2025");
  options.add_category_options("female");
  EXPECT_THAT(ParseAnalyticsQuestion(options).status().message(),
              HasSubstr("category_options[0]: must be an option's code"));
}

TEST(ParseAnalyticsQuestion, RepeatsAreAskedOnce) {
  v1::GetAnalyticsRequest req;
  for (int i = 0; i < 2; ++i) {
    req.add_indicators("indicators/served");
    req.add_org_units("territories/am");
    req.add_periods(i == 0 ? "2025W1" : "2025W01");  // one week, two spellings
  }
  absl::StatusOr<AnalyticsQuestion> q = ParseAnalyticsQuestion(req);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->indicators.size(), 1u);
  EXPECT_EQ(q->org_units.size(), 1u);
  EXPECT_EQ(q->periods.size(), 1u);
  // The bounds count what is asked: one org unit named 60 times is one.
  for (int i = 0; i < 60; ++i) req.add_org_units("territories/am");
  EXPECT_TRUE(ParseAnalyticsQuestion(req).ok());
  for (int i = 0; i < 51; ++i) req.add_org_units(absl::StrCat("territories/t", i));
  EXPECT_THAT(ParseAnalyticsQuestion(req).status().message(),
              HasSubstr("org_units: must name 1 to 50"));
}

TEST(AuthorizeAnalytics, AsReadersOfTheFigures) {
  Principal municipality;
  municipality.subject = "clerk";
  municipality.roles = {kRoleMunicipality};
  municipality.territories = {"territories/am-su-goris"};
  const std::vector<std::string> goris = {"territories/am", "territories/am-su",
                                          "territories/am-su-goris"};
  EXPECT_TRUE(NeedsPath(municipality, "organizations/keystone"));
  EXPECT_TRUE(AuthorizeAnalytics(municipality, "organizations/keystone", goris).ok());
  EXPECT_EQ(
      AuthorizeAnalytics(municipality, "territories/am-su", {"territories/am", "territories/am-su"})
          .code(),
      absl::StatusCode::kPermissionDenied);
  Principal cso;
  cso.subject = "staff";
  cso.roles = {kRoleCso};
  cso.organization = "organizations/keystone";
  EXPECT_FALSE(NeedsPath(cso, "organizations/keystone"));
  EXPECT_TRUE(AuthorizeAnalytics(cso, "organizations/keystone", {}).ok());
  EXPECT_EQ(AuthorizeAnalytics(cso, "territories/am-su-goris", {}).code(),
            absl::StatusCode::kPermissionDenied);
  Principal warehouse;
  warehouse.subject = "warehouse";
  warehouse.roles = {kRoleWarehouse};
  EXPECT_FALSE(NeedsPath(warehouse, "territories/am"));
  EXPECT_TRUE(AuthorizeAnalytics(warehouse, "territories/am", {}).ok());
  EXPECT_EQ(AuthorizeAnalytics(Principal{}, "territories/am", {}).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(AnswerQuestion, RatiosFromTheirTermsAndOnlyRowsWithValues) {
  std::map<std::string, Totals> store;
  Apply(TotalsDelta(
            nullptr,
            Month("organizations/keystone", "202503",
                  {Figure("indicators/contracted", "30"), Figure("indicators/budget", "120")}),
            Integers({"indicators/contracted", "indicators/budget"})),
        &store);
  v1::Indicator contracted, budget, share;
  contracted.set_name("indicators/contracted");
  contracted.set_aggregation(v1::SUM);
  budget = contracted;
  budget.set_name("indicators/budget");
  share.set_name("indicators/share");
  share.mutable_numerator()->add_terms()->set_indicator("indicators/contracted");
  share.mutable_denominator()->add_terms()->set_indicator("indicators/budget");
  share.set_factor(100);
  EXPECT_THAT(MeasuredBehind({share, contracted}),
              ::testing::ElementsAre("indicators/contracted", "indicators/budget"));
  AnalyticsQuestion q;
  q.indicators = {"indicators/share", "indicators/contracted"};
  q.org_units = {"territories/am-su", "territories/md"};
  q.periods = {*ParsePeriod("2025Q1"), *ParsePeriod("2025Q2")};
  std::vector<v1::AnalyticsRow> rows = AnswerQuestion(q,
                                                      {{"indicators/share", share},
                                                       {"indicators/contracted", contracted},
                                                       {"indicators/budget", budget}},
                                                      store);
  ASSERT_EQ(rows.size(), 2u);  // Moldova and the second quarter have no figures
  EXPECT_EQ(rows[0].indicator(), "indicators/share");
  EXPECT_EQ(rows[0].period(), "2025Q1");
  EXPECT_DOUBLE_EQ(rows[0].value(), 25);
  EXPECT_EQ(rows[0].figures(), 2);
  EXPECT_DOUBLE_EQ(rows[1].value(), 30);
}

}  // namespace
}  // namespace civitas::monitoring
