// Test messages for the JSON writer and parser: a proto3 message with every field kind and the
// well-known types (built at run time, no codegen), and a seeded random filler.
#pragma once

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/json/proto_json_writer.h"

namespace civitas::json::testing {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr char kTestFile[] = R"pb(
  name: "json_test.proto"
  package: "jsontest"
  syntax: "proto3"
  dependency: "google/protobuf/timestamp.proto"
  dependency: "google/protobuf/duration.proto"
  dependency: "google/protobuf/field_mask.proto"
  dependency: "google/protobuf/wrappers.proto"
  dependency: "google/protobuf/struct.proto"
  dependency: "google/protobuf/empty.proto"
  enum_type {
    name: "Color"
    value { name: "COLOR_UNSPECIFIED" number: 0 }
    value { name: "RED" number: 1 }
    value { name: "GREEN" number: 2 }
  }
  message_type {
    name: "Nested"
    field { name: "id" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL json_name: "id" }
    field {
      name: "count_total"
      number: 2
      type: TYPE_INT64
      label: LABEL_OPTIONAL
      json_name: "countTotal"
    }
  }
  message_type {
    name: "All"
    field {
      name: "f_double"
      number: 1
      type: TYPE_DOUBLE
      label: LABEL_OPTIONAL
      json_name: "fDouble"
    }
    field { name: "f_float" number: 2 type: TYPE_FLOAT label: LABEL_OPTIONAL json_name: "fFloat" }
    field { name: "f_int64" number: 3 type: TYPE_INT64 label: LABEL_OPTIONAL json_name: "fInt64" }
    field {
      name: "f_uint64"
      number: 4
      type: TYPE_UINT64
      label: LABEL_OPTIONAL
      json_name: "fUint64"
    }
    field { name: "f_int32" number: 5 type: TYPE_INT32 label: LABEL_OPTIONAL json_name: "fInt32" }
    field {
      name: "f_fixed64"
      number: 6
      type: TYPE_FIXED64
      label: LABEL_OPTIONAL
      json_name: "fFixed64"
    }
    field {
      name: "f_fixed32"
      number: 7
      type: TYPE_FIXED32
      label: LABEL_OPTIONAL
      json_name: "fFixed32"
    }
    field { name: "f_bool" number: 8 type: TYPE_BOOL label: LABEL_OPTIONAL json_name: "fBool" }
    field {
      name: "f_string"
      number: 9
      type: TYPE_STRING
      label: LABEL_OPTIONAL
      json_name: "fString"
    }
    field { name: "f_bytes" number: 12 type: TYPE_BYTES label: LABEL_OPTIONAL json_name: "fBytes" }
    field {
      name: "f_uint32"
      number: 13
      type: TYPE_UINT32
      label: LABEL_OPTIONAL
      json_name: "fUint32"
    }
    field {
      name: "f_sint32"
      number: 17
      type: TYPE_SINT32
      label: LABEL_OPTIONAL
      json_name: "fSint32"
    }
    field {
      name: "f_sint64"
      number: 18
      type: TYPE_SINT64
      label: LABEL_OPTIONAL
      json_name: "fSint64"
    }
    field {
      name: "f_color"
      number: 14
      type: TYPE_ENUM
      type_name: ".jsontest.Color"
      label: LABEL_OPTIONAL
      json_name: "fColor"
    }
    field {
      name: "f_nested"
      number: 15
      type: TYPE_MESSAGE
      type_name: ".jsontest.Nested"
      label: LABEL_OPTIONAL
      json_name: "fNested"
    }
    field {
      name: "maybe"
      number: 16
      type: TYPE_INT32
      label: LABEL_OPTIONAL
      json_name: "maybe"
      proto3_optional: true
      oneof_index: 1
    }
    field { name: "r_int64" number: 31 type: TYPE_INT64 label: LABEL_REPEATED json_name: "rInt64" }
    field {
      name: "r_double"
      number: 32
      type: TYPE_DOUBLE
      label: LABEL_REPEATED
      json_name: "rDouble"
    }
    field {
      name: "r_string"
      number: 33
      type: TYPE_STRING
      label: LABEL_REPEATED
      json_name: "rString"
    }
    field {
      name: "r_color"
      number: 34
      type: TYPE_ENUM
      type_name: ".jsontest.Color"
      label: LABEL_REPEATED
      json_name: "rColor"
    }
    field {
      name: "r_nested"
      number: 35
      type: TYPE_MESSAGE
      type_name: ".jsontest.Nested"
      label: LABEL_REPEATED
      json_name: "rNested"
    }
    field { name: "r_bool" number: 36 type: TYPE_BOOL label: LABEL_REPEATED json_name: "rBool" }
    field {
      name: "m_string"
      number: 41
      type: TYPE_MESSAGE
      type_name: ".jsontest.All.MStringEntry"
      label: LABEL_REPEATED
      json_name: "mString"
    }
    field {
      name: "m_int32"
      number: 42
      type: TYPE_MESSAGE
      type_name: ".jsontest.All.MInt32Entry"
      label: LABEL_REPEATED
      json_name: "mInt32"
    }
    field {
      name: "m_int64"
      number: 43
      type: TYPE_MESSAGE
      type_name: ".jsontest.All.MInt64Entry"
      label: LABEL_REPEATED
      json_name: "mInt64"
    }
    field {
      name: "m_bool"
      number: 44
      type: TYPE_MESSAGE
      type_name: ".jsontest.All.MBoolEntry"
      label: LABEL_REPEATED
      json_name: "mBool"
    }
    field {
      name: "choice_text"
      number: 51
      type: TYPE_STRING
      label: LABEL_OPTIONAL
      json_name: "choiceText"
      oneof_index: 0
    }
    field {
      name: "choice_nested"
      number: 52
      type: TYPE_MESSAGE
      type_name: ".jsontest.Nested"
      label: LABEL_OPTIONAL
      json_name: "choiceNested"
      oneof_index: 0
    }
    field {
      name: "time"
      number: 61
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Timestamp"
      label: LABEL_OPTIONAL
      json_name: "time"
    }
    field {
      name: "span"
      number: 62
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Duration"
      label: LABEL_OPTIONAL
      json_name: "span"
    }
    field {
      name: "mask"
      number: 63
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.FieldMask"
      label: LABEL_OPTIONAL
      json_name: "mask"
    }
    field {
      name: "w_int64"
      number: 64
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Int64Value"
      label: LABEL_OPTIONAL
      json_name: "wInt64"
    }
    field {
      name: "w_string"
      number: 65
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.StringValue"
      label: LABEL_OPTIONAL
      json_name: "wString"
    }
    field {
      name: "w_bool"
      number: 66
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.BoolValue"
      label: LABEL_OPTIONAL
      json_name: "wBool"
    }
    field {
      name: "w_double"
      number: 67
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.DoubleValue"
      label: LABEL_OPTIONAL
      json_name: "wDouble"
    }
    field {
      name: "w_bytes"
      number: 68
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.BytesValue"
      label: LABEL_OPTIONAL
      json_name: "wBytes"
    }
    field {
      name: "doc"
      number: 69
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Struct"
      label: LABEL_OPTIONAL
      json_name: "doc"
    }
    field {
      name: "list"
      number: 70
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.ListValue"
      label: LABEL_OPTIONAL
      json_name: "list"
    }
    field {
      name: "nothing"
      number: 71
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Empty"
      label: LABEL_OPTIONAL
      json_name: "nothing"
    }
    field {
      name: "r_time"
      number: 72
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Timestamp"
      label: LABEL_REPEATED
      json_name: "rTime"
    }
    nested_type {
      name: "MStringEntry"
      field { name: "key" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL json_name: "key" }
      field { name: "value" number: 2 type: TYPE_STRING label: LABEL_OPTIONAL json_name: "value" }
      options { map_entry: true }
    }
    nested_type {
      name: "MInt32Entry"
      field { name: "key" number: 1 type: TYPE_INT32 label: LABEL_OPTIONAL json_name: "key" }
      field {
        name: "value"
        number: 2
        type: TYPE_ENUM
        type_name: ".jsontest.Color"
        label: LABEL_OPTIONAL
        json_name: "value"
      }
      options { map_entry: true }
    }
    nested_type {
      name: "MInt64Entry"
      field { name: "key" number: 1 type: TYPE_INT64 label: LABEL_OPTIONAL json_name: "key" }
      field {
        name: "value"
        number: 2
        type: TYPE_MESSAGE
        type_name: ".jsontest.Nested"
        label: LABEL_OPTIONAL
        json_name: "value"
      }
      options { map_entry: true }
    }
    nested_type {
      name: "MBoolEntry"
      field { name: "key" number: 1 type: TYPE_BOOL label: LABEL_OPTIONAL json_name: "key" }
      field { name: "value" number: 2 type: TYPE_INT32 label: LABEL_OPTIONAL json_name: "value" }
      options { map_entry: true }
    }
    oneof_decl { name: "choice" }
    oneof_decl { name: "_maybe" }
  }
)pb";

// Strings that exercise every escaping rule, including the code points protobuf escapes.
inline std::string Tricky(std::mt19937_64& rng) {
  static const char* const kPieces[] = {
      "plain",
      "\"quoted\"",
      "back\\slash",
      "<tag>",
      "\x01\x1f\x7f",
      "\b\f\n\r\t",
      "\xc2\x80\xc2\x9f\xc2\xa0",
      "\xc2\xad",
      "\xd8\x80\xd8\x83\xd8\x84",
      "\xdb\x9d\xdc\x8f",
      "\xe1\x9e\xb4\xe1\x9e\xb5",
      "\xe2\x80\x8a\xe2\x80\x8b\xe2\x80\x8f\xe2\x80\x90",
      "\xe2\x80\xa7\xe2\x80\xa8\xe2\x80\xae\xe2\x80\xaf",
      "\xe2\x81\x9f\xe2\x81\xa0\xe2\x81\xa4",
      "\xe2\x81\xa5\xe2\x81\xa9\xe2\x81\xaa\xe2\x81\xaf\xe2\x81\xb0",
      "\xef\xbb\xbf",
      "\xef\xbf\xb8\xef\xbf\xb9\xef\xbf\xbb\xef\xbf\xbc",
      "\xf0\x91\x82\xbd",
      "\xf0\x9d\x85\xb2\xf0\x9d\x85\xb3\xf0\x9d\x85\xba\xf0\x9d\x85\xbb",
      "\xf3\xa0\x80\x81",
      "\xf3\xa0\x80\x9f\xf3\xa0\x80\xa0\xf3\xa0\x81\xbf\xf3\xa0\x82\x80",
      "\xf0\x9f\x98\x80",
      "Երևան",
      "Кишинёв",
      "თბილისი",
      "é"};
  std::string s;
  const int n = static_cast<int>(rng() % 4);
  for (int i = 0; i < n; ++i) s += kPieces[rng() % (sizeof(kPieces) / sizeof(kPieces[0]))];
  return s;
}

inline double RandomDouble(std::mt19937_64& rng) {
  switch (rng() % 6) {
    case 0:
      return static_cast<double>(static_cast<int64_t>(rng() % 2000) - 1000);
    case 1:
      return std::ldexp(static_cast<double>(rng() % 1000000), static_cast<int>(rng() % 200) - 100);
    case 2:
      return 0.1 * static_cast<double>(rng() % 100);
    case 3:
      return std::numeric_limits<double>::infinity() * (rng() % 2 ? 1 : -1);
    case 4:
      return std::nan("");
    default:
      return static_cast<double>(rng()) / 7.0;
  }
}

class Filler {
 public:
  Filler(uint64_t seed, int max_map_entries) : rng_(seed), max_map_entries_(max_map_entries) {}

  void Fill(Message* m, int depth) {
    const Descriptor* d = m->GetDescriptor();
    const auto* r = m->GetReflection();
    const std::string& name = d->full_name();
    if (name == "google.protobuf.Timestamp") {
      r->SetInt64(m, d->field(0), static_cast<int64_t>(rng_() % 4000000000LL) - 60000000LL);
      static const int kNanos[] = {0, 5000000, 123000, 7};
      r->SetInt32(m, d->field(1), kNanos[rng_() % 4] * static_cast<int>(1 + rng_() % 9));
      return;
    }
    if (name == "google.protobuf.Duration") {
      const int64_t s = static_cast<int64_t>(rng_() % 100000);
      const int32_t n =
          static_cast<int32_t>(rng_() % 3) * 500000 + static_cast<int32_t>(rng_() % 2);
      const bool negative = rng_() % 2;
      r->SetInt64(m, d->field(0), negative ? -s : s);
      r->SetInt32(m, d->field(1), negative ? -n : n);
      return;
    }
    if (name == "google.protobuf.FieldMask") {
      for (int i = 0; i < static_cast<int>(rng_() % 3); ++i) {
        r->AddString(m, d->field(0), i % 2 ? "display_name" : "contact.email_address");
      }
      return;
    }
    if (name == "google.protobuf.Value") {
      // A Value must hold something (protobuf refuses an empty one).
      const auto* kind = d->FindOneofByName("kind");
      const FieldDescriptor* f = kind->field(static_cast<int>(rng_() % kind->field_count()));
      if (depth > 2 && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) f = kind->field(1);
      SetOne(m, f, depth);
      return;
    }
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      // Leave some fields unset, but not a Struct member's Value: JSON has no form for an empty
      // one (protobuf leaves the member out).
      const bool struct_member = d->options().map_entry() && f->message_type() != nullptr &&
                                 f->message_type()->full_name() == "google.protobuf.Value";
      if (!struct_member && rng_() % 4 == 0) continue;
      if (!struct_member && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && depth > 3)
        continue;
      if (f->is_map()) {
        // Distinct keys: a key written twice is legal on the wire but has no JSON form.
        const FieldDescriptor* key = f->message_type()->map_key();
        int n = static_cast<int>(rng_() % (max_map_entries_ + 1));
        if (key->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) n = std::min(n, 2);
        for (int k = 0; k < n; ++k) {
          Message* entry = r->AddMessage(m, f);
          Fill(entry, depth + 1);
          const auto* er = entry->GetReflection();
          switch (key->cpp_type()) {
            case FieldDescriptor::CPPTYPE_STRING:
              er->SetString(entry, key, absl::StrCat(Tricky(rng_), "#", k));
              break;
            case FieldDescriptor::CPPTYPE_INT32:
              er->SetInt32(entry, key, k * 7919 - 3);
              break;
            case FieldDescriptor::CPPTYPE_INT64:
              er->SetInt64(entry, key, (int64_t{k} << 40) - 5);
              break;
            case FieldDescriptor::CPPTYPE_BOOL:
              er->SetBool(entry, key, k == 1);
              break;
            default:
              break;
          }
        }
        continue;
      }
      if (f->is_repeated()) {
        const int n = static_cast<int>(rng_() % 3);
        for (int k = 0; k < n; ++k) Add(m, f, depth);
        continue;
      }
      if (f->containing_oneof() != nullptr && r->HasOneof(*m, f->containing_oneof())) continue;
      SetOne(m, f, depth);
    }
  }

 private:
  void SetOne(Message* m, const FieldDescriptor* f, int depth) {
    const auto* r = m->GetReflection();
    const bool zero = rng_() % 5 == 0;  // defaults must be omitted (or kept, with presence)
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        r->SetInt32(m, f, zero ? 0 : static_cast<int32_t>(rng_()));
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        r->SetUInt32(m, f, zero ? 0 : static_cast<uint32_t>(rng_()));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        r->SetInt64(m, f, zero ? 0 : static_cast<int64_t>(rng_()));
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        r->SetUInt64(m, f, zero ? 0 : rng_());
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        double v = zero ? 0 : RandomDouble(rng_);
        // In a Value, "NaN" and "Infinity" read back as strings: keep those numbers finite.
        if (m->GetDescriptor()->full_name() == "google.protobuf.Value" && !std::isfinite(v)) v = 1;
        r->SetDouble(m, f, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_FLOAT:
        r->SetFloat(m, f, zero ? 0 : static_cast<float>(RandomDouble(rng_)));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        r->SetBool(m, f, !zero && rng_() % 2);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        if (f->enum_type()->full_name() == "google.protobuf.NullValue") {
          r->SetEnumValue(m, f, 0);  // its only value
        } else {
          r->SetEnumValue(m, f, zero ? 0 : static_cast<int>(rng_() % 4));  // 3 is unknown
        }
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        if (f->type() == FieldDescriptor::TYPE_BYTES) {
          std::string b;
          for (int i = 0; i < static_cast<int>(rng_() % 7); ++i)
            b.push_back(static_cast<char>(rng_()));
          r->SetString(m, f, b);
        } else {
          r->SetString(m, f, zero ? "" : Tricky(rng_));
        }
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        Fill(r->MutableMessage(m, f), depth + 1);
        break;
    }
  }

  void Add(Message* m, const FieldDescriptor* f, int depth) {
    const auto* r = m->GetReflection();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT64:
        r->AddInt64(m, f, static_cast<int64_t>(rng_()));
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        r->AddDouble(m, f, RandomDouble(rng_));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        r->AddBool(m, f, rng_() % 2);
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        r->AddString(m, f, Tricky(rng_));
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        r->AddEnumValue(m, f, static_cast<int>(rng_() % 4));
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        Fill(r->AddMessage(m, f), depth + 1);
        break;
      default:
        break;
    }
  }

  std::mt19937_64 rng_;
  int max_map_entries_;
};

class JsonTestMessages : public ::testing::Test {
 protected:
  JsonTestMessages() {
    for (const char* dependency :
         {"google/protobuf/timestamp.proto", "google/protobuf/duration.proto",
          "google/protobuf/field_mask.proto", "google/protobuf/wrappers.proto",
          "google/protobuf/struct.proto", "google/protobuf/empty.proto"}) {
      google::protobuf::FileDescriptorProto proto;
      google::protobuf::DescriptorPool::generated_pool()
          ->FindFileByName(dependency)
          ->CopyTo(&proto);
      EXPECT_NE(pool_.BuildFile(proto), nullptr) << dependency;
    }
    google::protobuf::FileDescriptorProto file;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kTestFile, &file));
    EXPECT_NE(pool_.BuildFile(file), nullptr);
    all_ = pool_.FindMessageTypeByName("jsontest.All");
  }

  std::unique_ptr<Message> NewAll() {
    return std::unique_ptr<Message>(factory_.GetPrototype(all_)->New());
  }

  static std::string Protobuf(const Message& m) {
    std::string out;
    auto s = google::protobuf::util::MessageToJsonString(m, &out);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  static std::string Ours(const Message& m) {
    std::string out;
    AppendJson(m, &out);
    return out;
  }

  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_;
  const Descriptor* all_ = nullptr;
};

}  // namespace civitas::json::testing
