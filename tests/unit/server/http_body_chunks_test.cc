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

}  // namespace
}  // namespace civitas
