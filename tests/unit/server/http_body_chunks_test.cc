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

TEST(HttpBodyWriterTest, MessagesEndWhereItemsEndWithinTheBound) {
  HttpBodyWriter writer("application/x-ndjson", 100);
  std::string document;
  for (int i = 0; i < 500; ++i) {
    std::string line = "{\"n\":" + std::to_string(i) + std::string(i % 37, 'x') + "}\n";
    writer.Item()->append(line);
    document += line;
  }
  std::vector<google::api::HttpBody> messages = writer.Take();
  ASSERT_GT(messages.size(), 100u);
  std::string joined;
  for (const auto& m : messages) {
    EXPECT_LE(m.data().size(), 100u);
    ASSERT_FALSE(m.data().empty());
    EXPECT_EQ(m.data().back(), '\n');
    EXPECT_EQ(m.content_type(), "application/x-ndjson");
    joined += m.data();
  }
  EXPECT_EQ(joined, document);
  EXPECT_TRUE(writer.Take().empty());
}

TEST(HttpBodyWriterTest, AnItemLongerThanTheBoundIsAMessageOfItsOwn) {
  HttpBodyWriter writer("text/csv", 10);
  writer.Item()->append("a,b\r\n");
  writer.Item()->append(std::string(25, 'z') + "\r\n");
  writer.Item()->append("c,d\r\n");
  writer.Item();  // an item with no text
  std::vector<google::api::HttpBody> messages = writer.Take();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].data(), "a,b\r\n");
  EXPECT_EQ(messages[1].data(), std::string(25, 'z') + "\r\n");
  EXPECT_EQ(messages[2].data(), "c,d\r\n");
}

TEST(HttpBodyWriterTest, NoTextIsNoMessage) {
  HttpBodyWriter writer("text/csv");
  EXPECT_TRUE(writer.Take().empty());
  writer.Item();
  writer.Item();
  EXPECT_TRUE(writer.Take().empty());
}

}  // namespace
}  // namespace civitas
