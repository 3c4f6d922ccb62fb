#include "libs/http2/grpc_wire.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"

namespace civitas::http2 {
namespace {

TEST(GrpcWireTest, FramesMessagesAndReadsThemBackAcrossAnySplit) {
  std::string body;
  AppendGrpcMessage("hello", &body);
  EXPECT_EQ(body, std::string("\0\0\0\0\5hello", 10));
  AppendGrpcMessage("", &body);
  AppendGrpcMessage(std::string(70000, 'x'), &body);
  for (size_t chunk : {1, 3, 7, 4096, 100000}) {
    GrpcMessageReader reader(1 << 20);
    std::vector<std::string> messages;
    for (size_t i = 0; i < body.size(); i += chunk) {
      ASSERT_TRUE(reader.Feed(absl::string_view(body).substr(i, chunk), &messages).ok());
    }
    EXPECT_TRUE(reader.at_boundary());
    ASSERT_EQ(messages.size(), 3u) << chunk;
    EXPECT_EQ(messages[0], "hello");
    EXPECT_EQ(messages[1], "");
    EXPECT_EQ(messages[2], std::string(70000, 'x'));
  }
}

TEST(GrpcWireTest, ReaderRefusesCompressedAndOversizedMessagesAndSeesTruncation) {
  std::vector<std::string> messages;
  GrpcMessageReader compressed(100);
  EXPECT_EQ(compressed.Feed(std::string("\1\0\0\0\2hi", 7), &messages).code(),
            absl::StatusCode::kInternal);
  GrpcMessageReader limited(100);
  EXPECT_EQ(limited.Feed(std::string("\0\0\0\0\x65", 5), &messages).code(),
            absl::StatusCode::kResourceExhausted);
  GrpcMessageReader truncated(100);
  ASSERT_TRUE(truncated.Feed(std::string("\0\0\0\0\5hel", 8), &messages).ok());
  EXPECT_FALSE(truncated.at_boundary());
  EXPECT_TRUE(messages.empty());
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
