#include "libs/http2/hpack.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "libs/http2/huffman.h"

namespace civitas::http2 {
namespace {

using ::testing::ElementsAre;

std::string Hex(absl::string_view hex) { return absl::HexStringToBytes(hex); }

// RFC 7541 Appendix C.4 strings.
TEST(HuffmanTest, DecodesRfcExamples) {
  std::string out;
  ASSERT_TRUE(HuffmanDecode(Hex("f1e3c2e5f23a6ba0ab90f4ff"), &out).ok());
  EXPECT_EQ(out, "www.example.com");
  out.clear();
  ASSERT_TRUE(HuffmanDecode(Hex("a8eb10649cbf"), &out).ok());
  EXPECT_EQ(out, "no-cache");
  out.clear();
  ASSERT_TRUE(HuffmanDecode(Hex("25a849e95bb8e8b4bf"), &out).ok());
  EXPECT_EQ(out, "custom-value");
}

TEST(HuffmanTest, RoundTripsEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  all += "Երևան Кишинёв თბილისი";
  std::string encoded;
  HuffmanEncode(all, &encoded);
  EXPECT_EQ(encoded.size(), HuffmanEncodedLength(all));
  std::string decoded;
  ASSERT_TRUE(HuffmanDecode(encoded, &decoded).ok());
  EXPECT_EQ(decoded, all);
}

TEST(HuffmanTest, RejectsBadPadding) {
  std::string out;
  // "a" is 00011 (5 bits): padded with zeros instead of ones.
  EXPECT_FALSE(HuffmanDecode(Hex("18"), &out).ok());
  // A whole byte of ones after a complete symbol is padding longer than 7 bits.
  EXPECT_FALSE(HuffmanDecode(Hex("1fff"), &out).ok());
  // Thirty ones: the EOS symbol itself.
  EXPECT_FALSE(HuffmanDecode(Hex("ffffffff"), &out).ok());
  out.clear();
  EXPECT_TRUE(HuffmanDecode(Hex("1f"), &out).ok());
  EXPECT_EQ(out, "a");
}

// Blocks from Go's golang.org/x/net/http2/hpack encoder (dynamic table, Huffman strings, never
// indexed fields), decoded in order on one connection.
TEST(HpackDecoderTest, DecodesAnotherImplementationsBlocksInOrder) {
  HpackDecoder decoder;
  std::vector<HeaderField> fields;
  ASSERT_TRUE(decoder
                  .Decode(Hex("885f8b1d75d0620d263d4c4d6564408e9acac8b0c842d6958b510f21aa9b913485"
                              "a9264fafa5242cb40d25fa526f66af"),
                          &fields)
                  .ok());
  EXPECT_THAT(fields, ElementsAre(HeaderField{":status", "200"},
                                  HeaderField{"content-type", "application/grpc"},
                                  HeaderField{"grpc-accept-encoding", "identity, deflate, gzip"}));
  fields.clear();
  ASSERT_TRUE(decoder
                  .Decode(Hex("40889acac8b21234da8f01304085f2b26c190b19d4b5d680d687d5a1d5b620d09a"
                              "d0b8d188d0b8d0bdd191d0b2"),
                          &fields)
                  .ok());
  EXPECT_THAT(fields, ElementsAre(HeaderField{"grpc-status", "0"},
                                  HeaderField{"x-trace", "Երևան Кишинёв"}));
  fields.clear();
  ASSERT_TRUE(decoder.Decode(Hex("88c1c0"), &fields).ok());
  EXPECT_THAT(fields, ElementsAre(HeaderField{":status", "200"},
                                  HeaderField{"content-type", "application/grpc"},
                                  HeaderField{"grpc-accept-encoding", "identity, deflate, gzip"}));
  fields.clear();
  ASSERT_TRUE(decoder
                  .Decode(Hex("7f00013340899acac8b5254207317f9990c8ae81fa8aa1d25b8a536a12a5474a91"
                              "9542d35a7d2a207f1086ac684783d9278441496153"),
                          &fields)
                  .ok());
  EXPECT_THAT(fields, ElementsAre(HeaderField{"grpc-status", "3"},
                                  HeaderField{"grpc-message", "display_name: must not be empty%20"},
                                  HeaderField{"password", "secret"}));
}

TEST(HpackDecoderTest, RejectsMalformedBlocks) {
  std::vector<HeaderField> fields;
  EXPECT_FALSE(HpackDecoder().Decode(Hex("80"), &fields).ok()) << "index 0";
  EXPECT_FALSE(HpackDecoder().Decode(Hex("be"), &fields).ok()) << "empty dynamic table";
  EXPECT_FALSE(HpackDecoder().Decode(Hex("4003616263"), &fields).ok()) << "truncated value";
  EXPECT_FALSE(HpackDecoder().Decode(Hex("ffffffffffff7f"), &fields).ok()) << "integer overflow";
  EXPECT_FALSE(HpackDecoder(4096).Decode(Hex("3fe21f"), &fields).ok()) << "table over settings";
  EXPECT_FALSE(HpackDecoder().Decode(Hex("883f01"), &fields).ok()) << "size update after field";
}

TEST(HpackDecoderTest, EvictsOldestEntriesWhenTheTableShrinks) {
  HpackDecoder decoder(4096);
  std::vector<HeaderField> fields;
  HpackEncoder encoder;
  std::string block;
  encoder.Encode("a", "1", true, &block);
  encoder.Encode("b", "2", true, &block);
  ASSERT_TRUE(decoder.Decode(block, &fields).ok());
  EXPECT_EQ(decoder.table_size(), 2 * (2 + 32));
  // Size update to 40 bytes keeps only the newest entry ("b": index 62).
  fields.clear();
  ASSERT_TRUE(decoder.Decode(Hex("3f09be"), &fields).ok());
  EXPECT_THAT(fields, ElementsAre(HeaderField{"b", "2"}));
  EXPECT_FALSE(decoder.Decode(Hex("bf"), &fields).ok());
}

TEST(HpackDecoderTest, BoundsTheDecodedListSize) {
  HpackDecoder decoder(4096, /*max_list_size=*/100);
  HpackEncoder encoder;
  std::string block;
  encoder.Encode("x-big", std::string(80, 'v'), false, &block);
  std::vector<HeaderField> fields;
  EXPECT_TRUE(absl::IsResourceExhausted(decoder.Decode(block, &fields)));
}

// The encoder's output decodes to its input, and recurring fields shrink to an index.
TEST(HpackEncoderTest, IndexesRecurringFieldsAndRoundTrips) {
  HpackEncoder encoder;
  HpackDecoder decoder;
  const std::vector<HeaderField> request = {{":method", "POST"},
                                            {":path", "/civitas.registry.v1.RegistryService/Get"},
                                            {"content-type", "application/grpc"},
                                            {"authorization", "Bearer token"}};
  size_t first_size = 0;
  for (int round = 0; round < 3; ++round) {
    std::string block;
    encoder.BeginBlock(&block);
    for (const auto& f : request) encoder.Encode(f.name, f.value, true, &block);
    encoder.Encode("x-request-id", "req-" + std::to_string(round), false, &block);
    std::vector<HeaderField> fields;
    ASSERT_TRUE(decoder.Decode(block, &fields).ok()) << round;
    std::vector<HeaderField> expected = request;
    expected.push_back({"x-request-id", "req-" + std::to_string(round)});
    EXPECT_EQ(fields, expected);
    if (round == 0) first_size = block.size();
    if (round > 0) {
      EXPECT_LT(block.size(), first_size / 3) << "round " << round;
    }
  }
}

// Many distinct values cycle through a small table; encoder and decoder agree on every eviction.
TEST(HpackEncoderTest, StaysInStepWithTheDecoderThroughEvictions) {
  HpackEncoder encoder;
  HpackDecoder decoder;
  encoder.SetPeerMaxTableSize(256);
  for (int i = 0; i < 200; ++i) {
    std::string block;
    encoder.BeginBlock(&block);
    const std::string token = "Bearer " + std::to_string(i % 13);
    encoder.Encode("authorization", token, true, &block);
    encoder.Encode("x-tenant", std::string(i % 50, 't'), true, &block);
    std::vector<HeaderField> fields;
    ASSERT_TRUE(decoder.Decode(block, &fields).ok()) << i;
    ASSERT_THAT(fields, ElementsAre(HeaderField{"authorization", token},
                                    HeaderField{"x-tenant", std::string(i % 50, 't')}))
        << i;
    EXPECT_LE(decoder.table_size(), 256u);
  }
}

TEST(HpackIntegerTest, EncodesRfcExamples) {
  std::string out;
  AppendHpackInteger(10, 5, 0, &out);
  EXPECT_EQ(out, Hex("0a"));
  out.clear();
  AppendHpackInteger(1337, 5, 0, &out);
  EXPECT_EQ(out, Hex("1f9a0a"));
  out.clear();
  AppendHpackInteger(42, 8, 0, &out);
  EXPECT_EQ(out, Hex("2a"));
}

}  // namespace
}  // namespace civitas::http2
