#include "libs/common/field_violations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

TEST(ViolationsTest, StatusWithoutPayloadHasNoViolations) {
  EXPECT_TRUE(FieldViolationsOf(absl::InvalidArgumentError("x")).empty());
}

}  // namespace
}  // namespace civitas
