// The entry window of a data set's periods, timeliness, and category option combinations,
// without I/O.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/monitoring/domain/entry_window.h"
#include "services/monitoring/domain/option_combinations.h"

namespace civitas::monitoring {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::DataSet MonthlyForm(int future = 0, int expiry = 0, int timely = 0) {
  v1::DataSet d;
  d.set_name("dataSets/monthly");
  d.set_period_type(v1::MONTHLY);
  d.set_open_future_periods(future);
  d.set_expiry_days(expiry);
  d.set_timely_days(timely);
  d.set_state(v1::DATA_SET_ACTIVE);
  return d;
}

Period PeriodCoded(absl::string_view code) { return *ParsePeriod(code); }

TEST(CheckPeriodOpen, ThePeriodsTypeFutureAndLateEntry) {
  const absl::CivilDay today(2026, 3, 10);
  EXPECT_TRUE(CheckPeriodOpen(MonthlyForm(), PeriodCoded("202603"), today).ok())
      << "the current month";
  EXPECT_TRUE(CheckPeriodOpen(MonthlyForm(), PeriodCoded("202401"), today).ok())
      << "no expiry days: open until approved";
  const absl::Status quarter = CheckPeriodOpen(MonthlyForm(), PeriodCoded("2026Q1"), today);
  EXPECT_EQ(quarter.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(quarter.message(), HasSubstr("period: 2026Q1 is not a period of dataSets/monthly"));

  const absl::Status future = CheckPeriodOpen(MonthlyForm(), PeriodCoded("202604"), today);
  EXPECT_EQ(future.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(future.message(), HasSubstr("202604 is in the future"));
  EXPECT_TRUE(CheckPeriodOpen(MonthlyForm(2), PeriodCoded("202605"), today).ok())
      << "targets ahead";
  EXPECT_FALSE(CheckPeriodOpen(MonthlyForm(2), PeriodCoded("202606"), today).ok());

  // February closes 15 days after it ends: open on 15 March, closed on the 16th.
  EXPECT_TRUE(
      CheckPeriodOpen(MonthlyForm(0, 15), PeriodCoded("202602"), absl::CivilDay(2026, 3, 15)).ok());
  const absl::Status late =
      CheckPeriodOpen(MonthlyForm(0, 15), PeriodCoded("202602"), absl::CivilDay(2026, 3, 16));
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.message(), HasSubstr("period 202602 closed for entry on 20260315"));

  v1::DataSet archived = MonthlyForm();
  archived.set_state(v1::DATA_SET_ARCHIVED);
  EXPECT_THAT(CheckPeriodOpen(archived, PeriodCoded("202603"), today).message(),
              HasSubstr("is archived"));

  v1::DataSet weekly = MonthlyForm(1);
  weekly.set_period_type(v1::WEEKLY);
  // 2025-12-31 is in 2026W1: with one week ahead, 2026W2 is open and 2026W3 is not.
  EXPECT_TRUE(CheckPeriodOpen(weekly, PeriodCoded("2026W2"), absl::CivilDay(2025, 12, 31)).ok());
  EXPECT_FALSE(CheckPeriodOpen(weekly, PeriodCoded("2026W3"), absl::CivilDay(2025, 12, 31)).ok());
}

TEST(OnTime, ByThePeriodsLastDayPlusTheTimelyDays) {
  EXPECT_TRUE(OnTime(MonthlyForm(0, 0, 10), PeriodCoded("202602"), absl::CivilDay(2026, 3, 10)));
  EXPECT_FALSE(OnTime(MonthlyForm(0, 0, 10), PeriodCoded("202602"), absl::CivilDay(2026, 3, 11)));
  EXPECT_TRUE(OnTime(MonthlyForm(), PeriodCoded("202602"), absl::CivilDay(2026, 2, 28)));
  EXPECT_FALSE(OnTime(MonthlyForm(), PeriodCoded("202602"), absl::CivilDay(2026, 3, 1)));
}

v1::Category CategoryOf(const std::string& code, std::vector<std::string> options,
                        const std::string& retired = "") {
  v1::Category c;
  c.set_code(code);
  for (const std::string& o : options) {
    v1::CategoryOption* option = c.add_options();
    option->set_code(o);
    option->set_retired(o == retired);
  }
  return c;
}

TEST(CombinationKey, OneOptionOfEachCategoryInTheIndicatorsOrder) {
  const std::vector<v1::Category> sex_age = {
      CategoryOf("SEX", {"FEMALE", "MALE"}),
      CategoryOf("AGE_GROUP", {"AGE_0_17", "AGE_18_64", "AGE_65_PLUS"}, "AGE_0_17")};
  EXPECT_EQ(*CombinationKey(sex_age, {"AGE_65_PLUS", "FEMALE"}, true), "FEMALE.AGE_65_PLUS")
      << "any order in, the indicator's order out";
  EXPECT_EQ(*CombinationKey({}, {}, true), "default");
  auto refused = [&](std::vector<std::string> options, bool entering = true) {
    absl::StatusOr<std::string> key = CombinationKey(sex_age, options, entering);
    EXPECT_FALSE(key.ok()) << *key;
    return std::string(key.status().message());
  };
  EXPECT_THAT(refused({"FEMALE"}), HasSubstr("no option of AGE_GROUP is given"));
  EXPECT_THAT(refused({"FEMALE", "MALE", "AGE_18_64"}),
              HasSubstr("FEMALE and MALE are both of SEX"));
  EXPECT_THAT(refused({"FEMALE", "AGE_18_64", "ELDERLY"}),
              HasSubstr("ELDERLY is an option of no category of the indicator"));
  EXPECT_THAT(refused({"FEMALE", "FEMALE", "AGE_18_64"}), HasSubstr("given twice"));
  EXPECT_THAT(refused({"MALE", "AGE_0_17"}), HasSubstr("AGE_0_17 of AGE_GROUP is retired"));
  EXPECT_EQ(*CombinationKey(sex_age, {"MALE", "AGE_0_17"}, false), "MALE.AGE_0_17")
      << "figures stored before the option was retired stay readable";
  EXPECT_THAT(CombinationKey({}, {"FEMALE"}, true).status().message(),
              HasSubstr("the indicator has no categories"));
}

TEST(Combinations, EveryOpenCombinationFirstCategorySlowest) {
  const std::vector<v1::Category> sex_age = {
      CategoryOf("SEX", {"FEMALE", "MALE"}),
      CategoryOf("AGE_GROUP", {"AGE_0_17", "AGE_18_64", "AGE_65_PLUS"}, "AGE_0_17")};
  std::vector<std::string> keys;
  for (const auto& c : Combinations(sex_age)) keys.push_back(c[0] + "." + c[1]);
  EXPECT_THAT(keys, ElementsAre("FEMALE.AGE_18_64", "FEMALE.AGE_65_PLUS", "MALE.AGE_18_64",
                                "MALE.AGE_65_PLUS"));
  EXPECT_EQ(Combinations({}).size(), 1u) << "the default combination";
}

}  // namespace
}  // namespace civitas::monitoring
