#include "libs/http2/grpc_wire.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"

namespace civitas::http2 {
namespace {

TEST(GrpcWireTest, FramesAndParsesOneMessage) {
  std::string body;
  AppendGrpcMessage("hello", &body);
  EXPECT_EQ(body, std::string("\0\0\0\0\5hello", 10));
  auto message = ParseUnaryResponseBody(body);
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(*message, "hello");
  std::string empty_message;
  AppendGrpcMessage("", &empty_message);
  EXPECT_EQ(*ParseUnaryResponseBody(empty_message), "");
}

TEST(GrpcWireTest, RejectsBodiesThatAreNotOneUncompressedMessage) {
  EXPECT_FALSE(ParseUnaryResponseBody("").ok());
  EXPECT_FALSE(ParseUnaryResponseBody(std::string("\0\0\0\0\5hel", 8)).ok());
  EXPECT_FALSE(ParseUnaryResponseBody(std::string("\1\0\0\0\2hi", 7)).ok());
  std::string two;
  AppendGrpcMessage("a", &two);
  AppendGrpcMessage("b", &two);
  EXPECT_FALSE(ParseUnaryResponseBody(two).ok());
}

TEST(GrpcWireTest, TimeoutUsesAtMostEightDigits) {
  EXPECT_EQ(GrpcTimeoutValue(absl::Milliseconds(1500)), "1500000u");
  EXPECT_EQ(GrpcTimeoutValue(absl::Seconds(10)), "10000000u");
  EXPECT_EQ(GrpcTimeoutValue(absl::Seconds(200)), "200000m");
  EXPECT_EQ(GrpcTimeoutValue(absl::Hours(100)), "360000S");
  EXPECT_EQ(GrpcTimeoutValue(-absl::Seconds(1)), "1u");
}

TEST(GrpcWireTest, StatusFromTrailersDecodesMessageAndDetails) {
  grpc::Status s = StatusFromTrailers(
      200, {{"grpc-status", "3"},
            {"grpc-message", "display_name%3A must not be empty %E2%9C%93 100%"},
            {"grpc-status-details-bin", absl::Base64Escape("\x08\x03").substr(0, 3)}});
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "display_name: must not be empty \u2713 100%");
  EXPECT_EQ(s.error_details(), "\x08\x03");
  EXPECT_TRUE(StatusFromTrailers(200, {{"grpc-status", "0"}}).ok());
}

TEST(GrpcWireTest, MissingOrBadGrpcStatus) {
  EXPECT_EQ(StatusFromTrailers(200, {}).error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(StatusFromTrailers(503, {}).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(StatusFromTrailers(404, {}).error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(StatusFromTrailers(401, {}).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(StatusFromTrailers(200, {{"grpc-status", "99"}}).error_code(),
            grpc::StatusCode::UNKNOWN);
  EXPECT_EQ(StatusFromTrailers(200, {{"grpc-status", "x"}}).error_code(),
            grpc::StatusCode::UNKNOWN);
}

}  // namespace
}  // namespace civitas::http2
