// Data values against their indicator's value type, and how they count in totals, without I/O.
#include "services/monitoring/domain/values.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civitas::monitoring {
namespace {

using ::testing::HasSubstr;

std::string Canonical(v1::ValueType type, absl::string_view text) {
  absl::StatusOr<std::string> c = CanonicalValue(type, text);
  EXPECT_TRUE(c.ok()) << text << ": " << c.status();
  return c.ok() ? *c : "";
}

std::string Refusal(v1::ValueType type, absl::string_view text) {
  absl::StatusOr<std::string> c = CanonicalValue(type, text);
  EXPECT_FALSE(c.ok()) << text << " was accepted as " << *c;
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(c.status().message());
}

TEST(CanonicalValue, IntegersOneFormPerNumber) {
  EXPECT_EQ(Canonical(v1::INTEGER, "42"), "42");
  EXPECT_EQ(Canonical(v1::INTEGER, "+007"), "7");
  EXPECT_EQ(Canonical(v1::INTEGER, "-0012"), "-12");
  EXPECT_EQ(Canonical(v1::INTEGER, "-0"), "0");
  EXPECT_EQ(Canonical(v1::INTEGER, "999999999999999"), "999999999999999");
  for (const char* bad :
       {"1.5", "1e3", " 4", "4 ", "four", "", "+", "1000000000000000", "0x10", "١٢"}) {
    EXPECT_THAT(
        Refusal(v1::INTEGER, bad),
        testing::AnyOf(HasSubstr("whole number"), HasSubstr("required"), HasSubstr("at most 32")))
        << bad;
  }
}

TEST(CanonicalValue, NumbersAndPercentages) {
  EXPECT_EQ(Canonical(v1::NUMBER, "+3.50"), "3.5");
  EXPECT_EQ(Canonical(v1::NUMBER, ".5"), "0.5");
  EXPECT_EQ(Canonical(v1::NUMBER, "-0.000"), "0");
  EXPECT_EQ(Canonical(v1::NUMBER, "120"), "120");
  EXPECT_EQ(Canonical(v1::NUMBER, "0012.0100"), "12.01");
  EXPECT_EQ(Canonical(v1::NUMBER, "0.0000000000000001"), "0.0000000000000001")
      << "one significant digit, however small";
  for (const char* bad : {"1.", "1,5", "1.2.3", "1e-3", "NaN", "inf", "1234567890.1234567",
                          "900000000000", "-1000000000000"}) {
    EXPECT_THAT(Refusal(v1::NUMBER, bad), HasSubstr("a number")) << bad;
  }
  // Totals keep NUMBERs in ten-thousandths, exact below 2^53: up to 9 x 10^11.
  EXPECT_EQ(Canonical(v1::NUMBER, "-899999999999.999"), "-899999999999.999");
  EXPECT_EQ(Canonical(v1::PERCENTAGE, "100"), "100");
  EXPECT_EQ(Canonical(v1::PERCENTAGE, "0.25"), "0.25");
  EXPECT_THAT(Refusal(v1::PERCENTAGE, "100.01"), HasSubstr("a percentage from 0 to 100"));
  EXPECT_THAT(Refusal(v1::PERCENTAGE, "-1"), HasSubstr("a percentage from 0 to 100"));
}

TEST(CanonicalValue, BooleansAndTheLengthBound) {
  EXPECT_EQ(Canonical(v1::BOOLEAN, "TRUE"), "true");
  EXPECT_EQ(Canonical(v1::BOOLEAN, "false"), "false");
  EXPECT_THAT(Refusal(v1::BOOLEAN, "yes"), HasSubstr("true or false"));
  EXPECT_THAT(Refusal(v1::BOOLEAN, "1"), HasSubstr("true or false"));
  EXPECT_THAT(Refusal(v1::NUMBER, std::string(33, '1')), HasSubstr("at most 32 characters"));
  EXPECT_THAT(Refusal(v1::VALUE_TYPE_UNSPECIFIED, "1"), HasSubstr("no value type"));
}

TEST(NumericValue, BooleansCountTheYeses) {
  EXPECT_EQ(NumericValue(v1::BOOLEAN, "true"), 1);
  EXPECT_EQ(NumericValue(v1::BOOLEAN, "false"), 0);
  EXPECT_EQ(NumericValue(v1::NUMBER, "-2.5"), -2.5);
  EXPECT_EQ(NumericValue(v1::INTEGER, "999999999999999"), 999999999999999.0);
}

}  // namespace
}  // namespace civitas::monitoring
