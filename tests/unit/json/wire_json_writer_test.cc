// WireJsonWriter against AppendJson on the parsed message: the same text from the same bytes, and
// bytes it must decline (not what a serializer writes) declined with the output untouched.
#include "libs/json/wire_json_writer.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/json/proto_json_writer.h"
#include "tests/unit/json/json_test_messages.h"

namespace civitas::json {
namespace {

using testing::Filler;
using testing::JsonTestMessages;
using WireFormat = google::protobuf::internal::WireFormatLite;

class WireJsonWriterTest : public JsonTestMessages {
 protected:
  // The JSON AppendJson writes for `wire` parsed as jsontest.All.
  std::string Parsed(const std::string& wire) {
    auto m = NewAll();
    EXPECT_TRUE(m->ParseFromString(wire));
    return Ours(*m);
  }

  // Wire bytes written field by field.
  class Bytes {
   public:
    Bytes& Varint(int number, uint64_t v) {
      Stream().WriteTag(WireFormat::MakeTag(number, WireFormat::WIRETYPE_VARINT));
      Stream().WriteVarint64(v);
      return *this;
    }
    Bytes& Fixed64(int number, uint64_t bits) {
      Stream().WriteTag(WireFormat::MakeTag(number, WireFormat::WIRETYPE_FIXED64));
      Stream().WriteLittleEndian64(bits);
      return *this;
    }
    Bytes& Text(int number, const std::string& s) {
      Stream().WriteTag(WireFormat::MakeTag(number, WireFormat::WIRETYPE_LENGTH_DELIMITED));
      Stream().WriteVarint32(static_cast<uint32_t>(s.size()));
      Stream().WriteString(s);
      return *this;
    }
    std::string Done() {
      coded_.reset();
      stream_.reset();
      return out_;
    }

   private:
    google::protobuf::io::CodedOutputStream& Stream() {
      if (!coded_) {
        stream_ = std::make_unique<google::protobuf::io::StringOutputStream>(&out_);
        coded_ = std::make_unique<google::protobuf::io::CodedOutputStream>(stream_.get());
      }
      return *coded_;
    }
    std::string out_;
    std::unique_ptr<google::protobuf::io::StringOutputStream> stream_;
    std::unique_ptr<google::protobuf::io::CodedOutputStream> coded_;
  };

  WireJsonWriter Writer() { return WireJsonWriter(all_, &factory_); }

  void ExpectDeclined(const std::string& wire) {
    std::string out = "kept";
    EXPECT_FALSE(Writer().Append(wire, &out));
    EXPECT_EQ(out, "kept");
  }
};

// Every field kind, the well-known types, maps of several entries (sorted by both writers),
// nested messages and oneofs, filled at random.
TEST_F(WireJsonWriterTest, WritesWhatAppendJsonWritesForTheParsedMessage) {
  ASSERT_NE(all_, nullptr);
  const WireJsonWriter writer(all_, &factory_);
  for (uint64_t seed = 1; seed <= 600; ++seed) {
    auto m = NewAll();
    Filler(seed, /*max_map_entries=*/seed % 6).Fill(m.get(), 0);
    const std::string wire = m->SerializeAsString();
    std::string out = "prefix:";
    ASSERT_TRUE(writer.Append(wire, &out)) << "seed " << seed;
    ASSERT_EQ(out, "prefix:" + Ours(*m)) << "seed " << seed;
  }
}

// Whatever the bytes: what the writer accepts parses, and its text is the parsed message's.
// Serialized random messages with bytes changed, cut or inserted at random.
TEST_F(WireJsonWriterTest, AcceptsOnlyWhatParsesToTheSameText) {
  const WireJsonWriter writer(all_, &factory_);
  std::mt19937_64 rng(7);
  int accepted = 0;
  int declined = 0;
  for (uint64_t seed = 1; seed <= 3000; ++seed) {
    auto m = NewAll();
    Filler(seed, /*max_map_entries=*/3).Fill(m.get(), 0);
    std::string wire = m->SerializeAsString();
    if (wire.empty()) continue;
    for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0; --edits) {
      const size_t at = rng() % wire.size();
      switch (rng() % 3) {
        case 0:
          wire[at] = static_cast<char>(rng());
          break;
        case 1:
          wire.resize(at);
          break;
        default:
          wire.insert(at, 1, static_cast<char>(rng()));
      }
      if (wire.empty()) break;
    }
    std::string out;
    if (!writer.Append(wire, &out)) {
      ++declined;
      continue;
    }
    ++accepted;
    auto parsed = NewAll();
    ASSERT_TRUE(parsed->ParseFromString(wire))
        << "seed " << seed << " " << absl::BytesToHexString(wire) << "\n"
        << out;
    ASSERT_EQ(out, Ours(*parsed)) << "seed " << seed;
  }
  // Both outcomes are exercised.
  EXPECT_GT(accepted, 100);
  EXPECT_GT(declined, 100);
}

TEST_F(WireJsonWriterTest, EmptyMessage) {
  std::string out;
  ASSERT_TRUE(Writer().Append("", &out));
  EXPECT_EQ(out, "{}");
}

TEST_F(WireJsonWriterTest, GeneratedTypes) {
  registry::v1::Organization org;
  org.set_name("organizations/org-1");
  (*org.mutable_display_name())["hy"] = "Երևան <ՀԿ>";
  (*org.mutable_display_name())["en"] = "Yerevan \"CSO\"";
  org.mutable_create_time()->set_seconds(1700000000);
  org.mutable_create_time()->set_nanos(120000000);
  org.add_territories("territories/syunik");
  org.set_etag("W/\"3\"");
  const WireJsonWriter writer(org.GetDescriptor());
  std::string out;
  ASSERT_TRUE(writer.Append(org.SerializeAsString(), &out));
  std::string expected;
  AppendJson(org, &expected);
  EXPECT_EQ(out, expected);
}

// A proto3 field without presence written with its default value (another encoder may): the
// parsed message does not list it, so neither does the writer.
TEST_F(WireJsonWriterTest, DefaultValuesOnTheWireAreLeftOut) {
  const std::string wire = Bytes().Varint(5, 0).Text(9, "").Varint(16, 0).Done();
  std::string out;
  ASSERT_TRUE(Writer().Append(wire, &out));
  EXPECT_EQ(out, Parsed(wire));
  EXPECT_EQ(out, R"({"maybe":0})");  // proto3 optional keeps its presence
}

// -0.0 is not a default: serializers write it and the parsed message lists it.
TEST_F(WireJsonWriterTest, NegativeZeroIsWritten) {
  const std::string wire = Bytes().Fixed64(1, uint64_t{1} << 63).Done();
  std::string out;
  ASSERT_TRUE(Writer().Append(wire, &out));
  EXPECT_EQ(out, Parsed(wire));
  EXPECT_EQ(out, R"({"fDouble":-0})");
}

TEST_F(WireJsonWriterTest, DeclinesTwoMembersOfOneOneof) {
  const std::string wire = Bytes().Text(51, "text").Text(52, "").Done();
  ExpectDeclined(wire);
  EXPECT_EQ(Parsed(wire), R"({"choiceNested":{}})");  // parsing keeps the last
}

TEST_F(WireJsonWriterTest, DeclinesAMapKeyTwice) {
  const std::string first = Bytes().Text(1, "en").Text(2, "\xff").Done();
  const std::string second = Bytes().Text(1, "en").Text(2, "ok").Done();
  ExpectDeclined(Bytes().Text(41, first).Text(41, second).Done());
}

// A well-known type at the root has a special form the tables do not know.
TEST_F(WireJsonWriterTest, DeclinesAWellKnownTypeAtTheRoot) {
  const WireJsonWriter writer(pool_.FindMessageTypeByName("google.protobuf.Timestamp"), &factory_);
  std::string out;
  EXPECT_FALSE(writer.Append(Bytes().Varint(1, 5).Done(), &out));
  EXPECT_EQ(out, "");
}

TEST_F(WireJsonWriterTest, UnknownFieldsAreSkipped) {
  const std::string wire = Bytes().Varint(5, 7).Text(900, "later").Varint(13, 3).Done();
  std::string out;
  ASSERT_TRUE(Writer().Append(wire, &out));
  EXPECT_EQ(out, Parsed(wire));
  EXPECT_EQ(out, R"({"fInt32":7,"fUint32":3})");
}

// Repeated scalars written one record per element (proto2 style) read as the packed form does.
TEST_F(WireJsonWriterTest, UnpackedRepeatedScalars) {
  const std::string wire = Bytes().Varint(31, 1).Varint(31, uint64_t(-2)).Varint(36, 1).Done();
  std::string out;
  ASSERT_TRUE(Writer().Append(wire, &out));
  EXPECT_EQ(out, Parsed(wire));
  EXPECT_EQ(out, R"({"rInt64":["1","-2"],"rBool":[true]})");
}

TEST_F(WireJsonWriterTest, DeclinesFieldsOutOfOrder) {
  const std::string wire = Bytes().Text(9, "b").Varint(5, 1).Done();
  ExpectDeclined(wire);
  EXPECT_EQ(Parsed(wire), R"({"fInt32":1,"fString":"b"})");
}

// Parsing keeps the last value of a singular field written twice (and merges messages).
TEST_F(WireJsonWriterTest, DeclinesASingularFieldTwice) {
  const std::string wire = Bytes().Varint(5, 1).Varint(5, 2).Done();
  ExpectDeclined(wire);
  EXPECT_EQ(Parsed(wire), R"({"fInt32":2})");
}

// The elements of a repeated field apart from each other.
TEST_F(WireJsonWriterTest, DeclinesARepeatedFieldSplit) {
  ExpectDeclined(Bytes().Varint(31, 1).Varint(36, 1).Varint(31, 2).Done());
}

TEST_F(WireJsonWriterTest, DeclinesMalformedBytes) {
  const std::string wire = Bytes().Varint(5, 1).Text(9, "hello").Done();
  ExpectDeclined(wire.substr(0, wire.size() - 2));  // a string cut short
  ExpectDeclined(std::string("\x08", 1));           // a tag without its value
  ExpectDeclined(std::string("\x00\x08\x01", 3));   // field number 0
  ExpectDeclined(Bytes().Text(5, "x").Done());      // a varint field sent length-delimited
}

TEST_F(WireJsonWriterTest, DeclinesInvalidUtf8) {
  ExpectDeclined(Bytes().Text(9, "ab\xff").Done());
}

}  // namespace
}  // namespace civitas::json
