#include "libs/common/grpc_status.h"

#include <gtest/gtest.h>

#include "libs/common/field_violations.h"

namespace civitas {
namespace {

TEST(GrpcStatusTest, OkMapsToOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

TEST(GrpcStatusTest, CodeAndMessageSurviveBothWays) {
  grpc::Status g = ToGrpcStatus(absl::AbortedError("stale etag"));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(g.error_message(), "stale etag");
  absl::Status back = FromGrpcStatus(g);
  EXPECT_EQ(back.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(back.message(), "stale etag");
}

TEST(GrpcStatusTest, FieldViolationsTravelInDetails) {
  absl::Status in = InvalidArgumentError({{"territory.code", "must not be empty"}});
  grpc::Status g = ToGrpcStatus(in);
  EXPECT_FALSE(g.error_details().empty());
  auto violations = FieldViolationsOf(FromGrpcStatus(g));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "territory.code");
  EXPECT_EQ(violations[0].description, "must not be empty");
}

}  // namespace
}  // namespace civitas
