// Aggregation types over periods and ratio indicators from totals, without I/O.
#include "services/monitoring/domain/aggregation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civitas::monitoring {
namespace {

Observation At(absl::string_view period, double value) { return {*ParsePeriod(period), value}; }

// Three municipalities' monthly figures over a quarter: Goris 10, 12, 14; Kapan 5, 5, 6; Sisian
// reported January only (3).
std::vector<Observation> Quarter() {
  return {At("202401", 10), At("202402", 12), At("202403", 14), At("202401", 5),
          At("202402", 5),  At("202403", 6),  At("202401", 3)};
}

TEST(Aggregate, EachTypeOverAQuarterOfMonths) {
  EXPECT_EQ(Aggregate(v1::SUM, Quarter()), 55);
  EXPECT_DOUBLE_EQ(*Aggregate(v1::AVERAGE, Quarter()), 55.0 / 7);
  EXPECT_EQ(Aggregate(v1::LAST_IN_PERIOD, Quarter()), 20)
      << "the stock at the end of the quarter: March's figures, Sisian's January left out";
  EXPECT_EQ(Aggregate(v1::MIN, Quarter()), 3);
  EXPECT_EQ(Aggregate(v1::MAX, Quarter()), 14);
  EXPECT_FALSE(Aggregate(v1::SUM, {}).has_value()) << "no data is not zero";
  EXPECT_FALSE(Aggregate(v1::AGGREGATION_UNSPECIFIED, Quarter()).has_value());
  // Weeks by their last day: 2024W13 (25-31 March) is the latest of these.
  EXPECT_EQ(Aggregate(v1::LAST_IN_PERIOD, {At("2024W12", 7), At("2024W13", 9), At("202403", 1)}),
            10);
}

v1::Indicator PerThousand() {
  v1::Indicator ratio;
  ratio.mutable_numerator()->add_terms()->set_indicator("indicators/served-female");
  ratio.mutable_numerator()->add_terms()->set_indicator("indicators/served-male");
  v1::ExpressionTerm* budget = ratio.mutable_denominator()->add_terms();
  budget->set_indicator("indicators/budget");
  v1::ExpressionTerm* returned = ratio.mutable_denominator()->add_terms();
  returned->set_indicator("indicators/returned");
  returned->set_coefficient(-1);
  ratio.set_factor(1000);
  return ratio;
}

TEST(RatioValue, NumeratorOverDenominatorTimesFactor) {
  const v1::Indicator ratio = PerThousand();
  EXPECT_DOUBLE_EQ(*RatioValue(ratio, {{"indicators/served-female", 30},
                                       {"indicators/served-male", 20},
                                       {"indicators/budget", 26000},
                                       {"indicators/returned", 1000}}),
                   2.0)
      << "(30 + 20) / (26000 - 1000) x 1000";
  EXPECT_DOUBLE_EQ(
      *RatioValue(ratio, {{"indicators/served-female", 30}, {"indicators/budget", 15000}}), 2.0)
      << "a term without data counts 0 when others have data";
  EXPECT_FALSE(RatioValue(ratio, {{"indicators/budget", 15000}}).has_value())
      << "no numerator data: no value";
  EXPECT_FALSE(RatioValue(ratio, {{"indicators/served-female", 30},
                                  {"indicators/budget", 1000},
                                  {"indicators/returned", 1000}})
                   .has_value())
      << "a zero denominator: no value, not infinity";
  v1::Indicator share = ratio;
  share.clear_factor();
  EXPECT_DOUBLE_EQ(*RatioValue(share, {{"indicators/served-female", 1}, {"indicators/budget", 4}}),
                   0.25);
}

}  // namespace
}  // namespace civitas::monitoring
