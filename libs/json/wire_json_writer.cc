#include "libs/json/wire_json_writer.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "absl/container/inlined_vector.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/common/utc_timestamp.h"
#include "libs/json/json_text.h"
#include "libs/json/proto_json_writer.h"

namespace civitas::json {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::io::CodedInputStream;
using WireFormat = google::protobuf::internal::WireFormatLite;

// Named, not anonymous: MessageTable holds FieldEntry, and in a unity build this file shares a
// translation unit with the reflection writer, whose helpers have the same names.
namespace wire_internal {

// As deep as protobuf's own parser goes by default.
constexpr int kMaxDepth = 100;

// One field of a message type, prepared once: what reading and writing it needs.
struct FieldEntry {
  int number = 0;
  std::string key;  // `"jsonName":`
  FieldDescriptor::Type type = FieldDescriptor::TYPE_INT32;
  WireFormat::WireType wire_type = WireFormat::WIRETYPE_VARINT;
  bool repeated = false;
  bool map = false;
  // A proto3 singular field without presence: a default value on the wire is not written (the
  // parsed message would not list it).
  bool implicit_presence = false;
  const EnumDescriptor* enum_type = nullptr;
  bool null_value = false;  // google.protobuf.NullValue: written as null
  const Descriptor* message_type = nullptr;
  WellKnownType well_known = WellKnownType::kNone;
  // The field's oneof in its message (-1: none): a second member of one is declined (parsing
  // keeps the last).
  int oneof = -1;
  // Message fields of an ordinary type, and maps (the entry type: key field 1, value field 2).
  const WireJsonWriter::MessageTable* message = nullptr;
};

// A value read off the wire: the raw bits of a varint or fixed-width value, or the bytes of a
// length-delimited one.
struct RawValue {
  uint64_t bits = 0;
  absl::string_view bytes;
};

}  // namespace wire_internal

struct WireJsonWriter::MessageTable {
  std::vector<wire_internal::FieldEntry> fields;  // by number

  const wire_internal::FieldEntry* Find(int number) const {
    auto it =
        std::lower_bound(fields.begin(), fields.end(), number,
                         [](const wire_internal::FieldEntry& f, int n) { return f.number < n; });
    return it != fields.end() && it->number == number ? &*it : nullptr;
  }
};

namespace wire_internal {
namespace {

using MessageTable = WireJsonWriter::MessageTable;

// Tags and lengths as protobuf's parser reads them, which is stricter than CodedInputStream: a tag
// in at most 5 bytes that fit 32 bits, a length in at most 5 bytes below 2^31. (A longer,
// zero-padded varint that CodedInputStream truncates would otherwise be read here and refused
// by the parser.)
bool ReadTag(CodedInputStream* in, uint32_t* tag) {
  const int at = in->CurrentPosition();
  uint64_t value = 0;
  if (!in->ReadVarint64(&value) || in->CurrentPosition() - at > 5 || value > UINT32_MAX) {
    return false;
  }
  *tag = static_cast<uint32_t>(value);
  // Field number 0 is no field; groups are not proto3 (the parser would skip an unknown one).
  const int wire_type = WireFormat::GetTagWireType(*tag);
  return WireFormat::GetTagFieldNumber(*tag) != 0 &&
         wire_type != WireFormat::WIRETYPE_START_GROUP &&
         wire_type != WireFormat::WIRETYPE_END_GROUP;
}

bool ReadLength(CodedInputStream* in, uint32_t* length) {
  const int at = in->CurrentPosition();
  uint64_t value = 0;
  if (!in->ReadVarint64(&value) || in->CurrentPosition() - at > 5 || value > INT32_MAX) {
    return false;
  }
  *length = static_cast<uint32_t>(value);
  return true;
}

// Reads one value of `wire_type` from `in`, which reads `base`.
bool ReadRaw(CodedInputStream* in, const uint8_t* base, int wire_type, RawValue* v) {
  switch (wire_type) {
    case WireFormat::WIRETYPE_VARINT:
      return in->ReadVarint64(&v->bits);
    case WireFormat::WIRETYPE_FIXED64:
      return in->ReadLittleEndian64(&v->bits);
    case WireFormat::WIRETYPE_FIXED32: {
      uint32_t bits = 0;
      if (!in->ReadLittleEndian32(&bits)) return false;
      v->bits = bits;
      return true;
    }
    case WireFormat::WIRETYPE_LENGTH_DELIMITED: {
      uint32_t length = 0;
      if (!ReadLength(in, &length)) return false;
      const int at = in->CurrentPosition();
      if (!in->Skip(static_cast<int>(length))) return false;
      v->bytes = absl::string_view(reinterpret_cast<const char*>(base) + at, length);
      return true;
    }
    default:
      return false;  // groups: not proto3
  }
}

// Skips the value of a field this build does not know.
bool SkipUnknown(CodedInputStream* in, const uint8_t* base, uint32_t tag) {
  RawValue ignored;
  return ReadRaw(in, base, WireFormat::GetTagWireType(tag), &ignored);
}

// The value a parsed message would hold is its type's default.
bool IsDefault(const FieldEntry& f, const RawValue& v) {
  switch (f.type) {
    case FieldDescriptor::TYPE_DOUBLE:  // by bits: -0.0 is written and listed
      return v.bits == 0;
    case FieldDescriptor::TYPE_FLOAT:
      return static_cast<uint32_t>(v.bits) == 0;
    case FieldDescriptor::TYPE_STRING:
    case FieldDescriptor::TYPE_BYTES:
      return v.bytes.empty();
    case FieldDescriptor::TYPE_MESSAGE:
    case FieldDescriptor::TYPE_GROUP:
      return false;
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_FIXED64:
    case FieldDescriptor::TYPE_SFIXED64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_BOOL:
      return v.bits == 0;
    default:  // the 32-bit types and enums keep the low 32 bits
      return static_cast<uint32_t>(v.bits) == 0;
  }
}

bool AppendMessageBytes(const MessageTable& table, absl::string_view wire,
                        google::protobuf::MessageFactory* factory, int depth, std::string* out);

// Fields 1 and 2 of a small message (a Timestamp, a map entry): each at most once, in order, with
// the wire types given; other fields skipped. `last` gets the last of the two read (0: neither).
bool ReadFieldsOneAndTwo(absl::string_view wire, int type_one, int type_two, RawValue* one,
                         RawValue* two, int* last) {
  const auto* base = reinterpret_cast<const uint8_t*>(wire.data());
  CodedInputStream in(base, static_cast<int>(wire.size()));
  *last = 0;
  while (in.CurrentPosition() < static_cast<int>(wire.size())) {
    uint32_t tag = 0;
    if (!ReadTag(&in, &tag)) return false;
    const int number = WireFormat::GetTagFieldNumber(tag);
    if (number != 1 && number != 2) {
      if (!SkipUnknown(&in, base, tag)) return false;
      continue;
    }
    const int type = number == 1 ? type_one : type_two;
    if (number <= *last || WireFormat::GetTagWireType(tag) != type ||
        !ReadRaw(&in, base, type, number == 1 ? one : two)) {
      return false;
    }
    *last = number;
  }
  return true;
}

// google.protobuf.Timestamp from its wire bytes, as AppendJson writes it.
bool AppendTimestamp(absl::string_view wire, std::string* out) {
  RawValue seconds;
  RawValue nanos;
  int last = 0;
  if (!ReadFieldsOneAndTwo(wire, WireFormat::WIRETYPE_VARINT, WireFormat::WIRETYPE_VARINT, &seconds,
                           &nanos, &last)) {
    return false;
  }
  out->push_back('"');
  AppendUtcTimestamp(static_cast<int64_t>(seconds.bits), static_cast<int32_t>(nanos.bits), -1, out);
  out->push_back('"');
  return true;
}

// A well-known type other than Timestamp: parsed with what is left of the depth budget, and
// written by AppendJson.
bool AppendParsed(const Descriptor* type, absl::string_view wire,
                  google::protobuf::MessageFactory* factory, int depth, std::string* out) {
  const Message* prototype = factory->GetPrototype(type);
  if (prototype == nullptr) return false;
  std::unique_ptr<Message> message(prototype->New());
  CodedInputStream in(reinterpret_cast<const uint8_t*>(wire.data()), static_cast<int>(wire.size()));
  in.SetRecursionLimit(kMaxDepth - depth);
  if (!message->ParseFromCodedStream(&in) || !in.ConsumedEntireMessage()) return false;
  AppendJson(*message, out);
  return true;
}

// One value of `f` as JSON.
bool AppendValue(const FieldEntry& f, const RawValue& v, google::protobuf::MessageFactory* factory,
                 int depth, std::string* out) {
  switch (f.type) {
    case FieldDescriptor::TYPE_DOUBLE:
      AppendDouble(std::bit_cast<double>(v.bits), out);
      return true;
    case FieldDescriptor::TYPE_FLOAT:
      AppendFloat(std::bit_cast<float>(static_cast<uint32_t>(v.bits)), out);
      return true;
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SFIXED64:
      absl::StrAppend(out, "\"", static_cast<int64_t>(v.bits), "\"");
      return true;
    case FieldDescriptor::TYPE_SINT64:
      absl::StrAppend(out, "\"", WireFormat::ZigZagDecode64(v.bits), "\"");
      return true;
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_FIXED64:
      absl::StrAppend(out, "\"", v.bits, "\"");
      return true;
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SFIXED32:
      absl::StrAppend(out, static_cast<int32_t>(v.bits));
      return true;
    case FieldDescriptor::TYPE_SINT32:
      absl::StrAppend(out, WireFormat::ZigZagDecode32(static_cast<uint32_t>(v.bits)));
      return true;
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_FIXED32:
      absl::StrAppend(out, static_cast<uint32_t>(v.bits));
      return true;
    case FieldDescriptor::TYPE_BOOL:
      out->append(v.bits != 0 ? "true" : "false");
      return true;
    case FieldDescriptor::TYPE_ENUM: {
      if (f.null_value) {
        out->append("null");
        return true;
      }
      const auto number = static_cast<int32_t>(v.bits);
      const auto* value = f.enum_type->FindValueByNumber(number);
      if (value != nullptr) {
        AppendQuoted(value->name(), out);
      } else {
        absl::StrAppend(out, number);
      }
      return true;
    }
    case FieldDescriptor::TYPE_STRING:
      return AppendQuoted(v.bytes, out);
    case FieldDescriptor::TYPE_BYTES:
      out->push_back('"');
      out->append(absl::Base64Escape(v.bytes));
      out->push_back('"');
      return true;
    case FieldDescriptor::TYPE_MESSAGE:
      if (depth >= kMaxDepth) return false;
      switch (f.well_known) {
        case WellKnownType::kNone:
          return AppendMessageBytes(*f.message, v.bytes, factory, depth + 1, out);
        case WellKnownType::kTimestamp:
          return AppendTimestamp(v.bytes, out);
        default:
          return AppendParsed(f.message_type, v.bytes, factory, depth + 1, out);
      }
    default:
      return false;
  }
}

// A map key, which JSON writes as a string whatever its type, and its order.
struct MapEntry {
  RawValue key;
  RawValue value;
  int64_t order_signed = 0;  // signed integer keys
};

int64_t SignedKey(FieldDescriptor::Type type, uint64_t bits) {
  switch (type) {
    case FieldDescriptor::TYPE_SINT32:
      return WireFormat::ZigZagDecode32(static_cast<uint32_t>(bits));
    case FieldDescriptor::TYPE_SINT64:
      return WireFormat::ZigZagDecode64(bits);
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SFIXED32:
      return static_cast<int32_t>(bits);
    default:
      return static_cast<int64_t>(bits);
  }
}

bool IsSignedKey(FieldDescriptor::Type type) {
  switch (type) {
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_SFIXED32:
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_SFIXED64:
      return true;
    default:
      return false;
  }
}

// Reads a map entry's key and value (a missing key reads as its default, as parsing does).
bool ReadMapEntry(const MessageTable& entry_table, absl::string_view wire, MapEntry* entry) {
  const FieldEntry& key = entry_table.fields[0];
  const FieldEntry& value = entry_table.fields[1];
  int last = 0;
  if (!ReadFieldsOneAndTwo(wire, key.wire_type, value.wire_type, &entry->key, &entry->value,
                           &last)) {
    return false;
  }
  if (last != 2) return false;  // the key alone, or nothing
  if (IsSignedKey(key.type)) {
    entry->order_signed = SignedKey(key.type, entry->key.bits);
  } else if (key.type == FieldDescriptor::TYPE_UINT32 ||
             key.type == FieldDescriptor::TYPE_FIXED32) {
    entry->key.bits = static_cast<uint32_t>(entry->key.bits);
  } else if (key.type == FieldDescriptor::TYPE_BOOL) {
    entry->key.bits = entry->key.bits != 0;
  }
  return true;
}

bool AppendMapKey(const FieldEntry& key, const MapEntry& entry, std::string* out) {
  if (key.type == FieldDescriptor::TYPE_STRING) return AppendQuoted(entry.key.bytes, out);
  if (key.type == FieldDescriptor::TYPE_BOOL) {
    out->append(entry.key.bits != 0 ? "\"true\"" : "\"false\"");
  } else if (IsSignedKey(key.type)) {
    absl::StrAppend(out, "\"", entry.order_signed, "\"");
  } else {
    absl::StrAppend(out, "\"", entry.key.bits, "\"");
  }
  return true;
}

// Whether a google.protobuf.Value's bytes set its `kind` (fields 1-6); AppendJson leaves a Struct
// member without one out.
bool SetsValueKind(absl::string_view wire) {
  const auto* base = reinterpret_cast<const uint8_t*>(wire.data());
  CodedInputStream in(base, static_cast<int>(wire.size()));
  while (in.CurrentPosition() < static_cast<int>(wire.size())) {
    uint32_t tag = 0;
    if (!ReadTag(&in, &tag)) return false;
    const int number = WireFormat::GetTagFieldNumber(tag);
    if (number >= 1 && number <= 6) return true;
    if (!SkipUnknown(&in, base, tag)) return false;
  }
  return false;
}

// The map whose first entry's tag `tag` was just read: every entry with that tag, sorted by key.
// A key written twice (which parsing resolves, but no serializer writes) is declined.
bool AppendMap(const FieldEntry& f, uint32_t tag, CodedInputStream* in, const uint8_t* base,
               google::protobuf::MessageFactory* factory, int depth, std::string* out) {
  const MessageTable& entry_table = *f.message;
  const FieldEntry& key = entry_table.fields[0];
  const FieldEntry& value = entry_table.fields[1];
  absl::InlinedVector<MapEntry, 8> entries;
  do {
    RawValue bytes;
    if (WireFormat::GetTagWireType(tag) != WireFormat::WIRETYPE_LENGTH_DELIMITED ||
        !ReadRaw(in, base, WireFormat::WIRETYPE_LENGTH_DELIMITED, &bytes)) {
      return false;
    }
    if (!ReadMapEntry(entry_table, bytes.bytes, &entries.emplace_back())) return false;
  } while (in->ExpectTag(tag));
  auto less = [&key](const MapEntry& a, const MapEntry& b) {
    if (key.type == FieldDescriptor::TYPE_STRING) return a.key.bytes < b.key.bytes;
    if (IsSignedKey(key.type)) return a.order_signed < b.order_signed;
    return a.key.bits < b.key.bits;
  };
  std::stable_sort(entries.begin(), entries.end(), less);
  const bool struct_values = value.well_known == WellKnownType::kValue;
  // A map entry is a message: one level deeper for the parser.
  if (depth + 1 >= kMaxDepth) return false;
  out->push_back('{');
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i + 1 < entries.size() && !less(entries[i], entries[i + 1])) return false;
    if (struct_values && !entries[i].value.bytes.empty() &&
        !SetsValueKind(entries[i].value.bytes)) {
      return false;  // a Value of unknown fields only: rare enough to leave to the parser
    }
    // protobuf leaves out Struct members whose Value holds nothing.
    if (struct_values && entries[i].value.bytes.empty()) continue;
    if (out->back() != '{') out->push_back(',');
    if (!AppendMapKey(key, entries[i], out)) return false;
    out->push_back(':');
    if (!AppendValue(value, entries[i].value, factory, depth + 1, out)) return false;
  }
  out->push_back('}');
  return true;
}

// The repeated field whose first element's tag `tag` was just read: every element with that tag,
// packed or not.
bool AppendRepeated(const FieldEntry& f, uint32_t tag, CodedInputStream* in, const uint8_t* base,
                    google::protobuf::MessageFactory* factory, int depth, std::string* out) {
  out->push_back('[');
  bool any = false;
  do {
    const int wire_type = WireFormat::GetTagWireType(tag);
    if (wire_type == WireFormat::WIRETYPE_LENGTH_DELIMITED &&
        f.wire_type != WireFormat::WIRETYPE_LENGTH_DELIMITED) {  // packed
      RawValue packed;
      if (!ReadRaw(in, base, wire_type, &packed)) return false;
      const auto* packed_base = reinterpret_cast<const uint8_t*>(packed.bytes.data());
      CodedInputStream elements(packed_base, static_cast<int>(packed.bytes.size()));
      while (elements.CurrentPosition() < static_cast<int>(packed.bytes.size())) {
        RawValue v;
        if (!ReadRaw(&elements, packed_base, f.wire_type, &v)) return false;
        if (any) out->push_back(',');
        any = true;
        if (!AppendValue(f, v, factory, depth, out)) return false;
      }
      continue;
    }
    RawValue v;
    if (wire_type != f.wire_type || !ReadRaw(in, base, wire_type, &v)) return false;
    if (any) out->push_back(',');
    any = true;
    if (!AppendValue(f, v, factory, depth, out)) return false;
  } while (in->ExpectTag(tag));
  out->push_back(']');
  return any;  // an empty packed record: the parsed message would not list the field
}

bool AppendMessageBytes(const MessageTable& table, absl::string_view wire,
                        google::protobuf::MessageFactory* factory, int depth, std::string* out) {
  const auto* base = reinterpret_cast<const uint8_t*>(wire.data());
  const int size = static_cast<int>(wire.size());
  CodedInputStream in(base, size);
  out->push_back('{');
  bool first = true;
  int last = 0;
  uint64_t oneofs_seen = 0;
  while (in.CurrentPosition() < size) {
    uint32_t tag = 0;
    if (!ReadTag(&in, &tag)) return false;
    const int number = WireFormat::GetTagFieldNumber(tag);
    const FieldEntry* f = table.Find(number);
    if (f == nullptr) {  // unknown to this build: not written, as after parsing
      if (!SkipUnknown(&in, base, tag)) return false;
      continue;
    }
    // Out of order, or a singular field twice (parsing would keep the last or merge them).
    if (number <= last) return false;
    last = number;
    if (f->oneof >= 0) {  // a second member of one oneof: parsing keeps the last
      if (f->oneof >= 64 || (oneofs_seen >> f->oneof & 1) != 0) return false;
      oneofs_seen |= uint64_t{1} << f->oneof;
    }
    if (f->repeated) {
      if (!first) out->push_back(',');
      first = false;
      out->append(f->key);
      const bool ok = f->map ? AppendMap(*f, tag, &in, base, factory, depth, out)
                             : AppendRepeated(*f, tag, &in, base, factory, depth, out);
      if (!ok) return false;
      continue;
    }
    RawValue v;
    if (WireFormat::GetTagWireType(tag) != f->wire_type || !ReadRaw(&in, base, f->wire_type, &v)) {
      return false;
    }
    if (f->implicit_presence && IsDefault(*f, v)) continue;
    if (!first) out->push_back(',');
    first = false;
    out->append(f->key);
    if (!AppendValue(*f, v, factory, depth, out)) return false;
  }
  out->push_back('}');
  return true;
}

}  // namespace
}  // namespace wire_internal

using wire_internal::FieldEntry;

WireJsonWriter::WireJsonWriter(const Descriptor* type, google::protobuf::MessageFactory* factory)
    : factory_(factory != nullptr ? factory
                                  : google::protobuf::MessageFactory::generated_factory()) {
  // A well-known type at the root has its special form, which only its own writers know: every
  // Append declines, and the caller parses.
  if (WellKnownTypeOf(type) == WellKnownType::kNone) root_ = TableOf(type);
}

WireJsonWriter::~WireJsonWriter() = default;

const WireJsonWriter::MessageTable* WireJsonWriter::TableOf(const Descriptor* type) {
  if (auto it = tables_.find(type); it != tables_.end()) return it->second.get();
  // Entered before its fields, so that a type that contains itself finds its table.
  MessageTable* table = tables_.emplace(type, std::make_unique<MessageTable>()).first->second.get();
  std::vector<FieldEntry> fields;
  fields.reserve(type->field_count());
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* fd = type->field(i);
    FieldEntry& f = fields.emplace_back();
    f.number = fd->number();
    f.key = absl::StrCat("\"", fd->json_name(), "\":");
    f.type = fd->type();
    f.wire_type = WireFormat::WireTypeForFieldType(static_cast<WireFormat::FieldType>(fd->type()));
    f.repeated = fd->is_repeated();
    f.map = fd->is_map();
    f.implicit_presence = !fd->is_repeated() && !fd->has_presence();
    if (fd->containing_oneof() != nullptr) f.oneof = fd->containing_oneof()->index();
    if (fd->type() == FieldDescriptor::TYPE_ENUM) {
      f.enum_type = fd->enum_type();
      f.null_value = fd->enum_type()->full_name() == "google.protobuf.NullValue";
    }
    if (fd->type() == FieldDescriptor::TYPE_MESSAGE) {
      f.message_type = fd->message_type();
      f.well_known = WellKnownTypeOf(fd->message_type());
      if (f.well_known == WellKnownType::kNone) f.message = TableOf(fd->message_type());
    }
  }
  std::sort(fields.begin(), fields.end(),
            [](const FieldEntry& a, const FieldEntry& b) { return a.number < b.number; });
  table->fields = std::move(fields);
  return table;
}

bool WireJsonWriter::Append(absl::string_view wire, std::string* out) const {
  if (root_ == nullptr) return false;
  const size_t size = out->size();
  if (wire_internal::AppendMessageBytes(*root_, wire, factory_, 0, out)) return true;
  out->resize(size);
  return false;
}

}  // namespace civitas::json
