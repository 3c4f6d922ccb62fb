#include "libs/server/http_body_chunks.h"

#include <gtest/gtest.h>

namespace civitas {
namespace {

TEST(HttpBodyChunksTest, SplitsIntoBoundedMessagesThatConcatenateToTheDocument) {
  std::string document;
  for (int i = 0; document.size() < 300'000; ++i) document += std::to_string(i) + ",";
  std::vector<google::api::HttpBody> chunks = HttpBodyChunks("text/csv", document);
  ASSERT_EQ(chunks.size(), (document.size() + kMaxHttpBodyChunk - 1) / kMaxHttpBodyChunk);
  std::string joined;
  for (const auto& chunk : chunks) {
    EXPECT_LE(chunk.data().size(), kMaxHttpBodyChunk);
    EXPECT_FALSE(chunk.data().empty());
    EXPECT_EQ(chunk.content_type(), "text/csv");
    joined += chunk.data();
  }
  EXPECT_EQ(joined, document);
}

TEST(HttpBodyChunksTest, EmptyDataIsNoMessageAndSmallDataIsOne) {
  EXPECT_TRUE(HttpBodyChunks("application/xml", "").empty());
  std::vector<google::api::HttpBody> one = HttpBodyChunks("application/xml", "<a/>", 4);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].data(), "<a/>");
  EXPECT_EQ(HttpBodyChunks("application/xml", "<a/>x", 4).size(), 2u);
}

// Lines stay whole across messages (a stream failing between two ends at a line break); a line
// longer than the bound is cut.
TEST(HttpBodyChunksTest, LineChunksEndAtLineBreaks) {
  const std::string lines = "aa\nbbb\ncccccccccc\nd\n";
  std::vector<std::string> got;
  for (const auto& chunk : HttpBodyLineChunks("application/x-ndjson", lines, 8)) {
    EXPECT_EQ(chunk.content_type(), "application/x-ndjson");
    got.push_back(chunk.data());
  }
  EXPECT_EQ(got, (std::vector<std::string>{"aa\nbbb\n", "cccccccc", "cc\nd\n"}));
  EXPECT_TRUE(HttpBodyLineChunks("application/x-ndjson", "").empty());
}

}  // namespace
}  // namespace civitas
