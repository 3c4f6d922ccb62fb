#include "libs/common/field_violations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace civitas {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

TEST(ViolationsTest, EmptyIsOk) { EXPECT_TRUE(Violations().ToStatus().ok()); }

TEST(ViolationsTest, EveryViolationIsNamedInMessageAndPayload) {
  Violations v;
  v.Add("organization.display_name", "must not be empty");
  v.Add("organization.type", "must be set");
  absl::Status status = v.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("organization.display_name"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("organization.type"));
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(Field(&FieldViolation::field, "organization.display_name"),
                          Field(&FieldViolation::field, "organization.type")));
}

TEST(ViolationsTest, ThousandsOfViolationsAreCappedAndCounted) {
  Violations v;
  for (int i = 0; i < 5000; ++i) {
    v.Add(absl::StrCat("display_name.", std::string(300, 'k'), i), std::string(1000, 'd'));
  }
  absl::Status status = v.ToStatus();
  EXPECT_EQ(FieldViolationsOf(status).size(), kMaxReportedViolations);
  EXPECT_LE(FieldViolationsOf(status)[0].field.size(), kMaxViolationDescription);
  EXPECT_LE(FieldViolationsOf(status)[0].description.size(), kMaxViolationDescription);
  EXPECT_NE(status.message().find("and 4980 more (5000 violations"), absl::string_view::npos);
  // Message and payload together stay far below a 64 KiB header list.
  EXPECT_LT(status.message().size() + status.GetPayload(kBadRequestTypeUrl)->size(), 16u << 10);
}

TEST(ViolationsTest, StatusWithoutPayloadHasNoViolations) {
  EXPECT_TRUE(FieldViolationsOf(absl::InvalidArgumentError("x")).empty());
}

}  // namespace
}  // namespace civitas
