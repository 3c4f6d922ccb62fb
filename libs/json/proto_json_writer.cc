#include "libs/json/proto_json_writer.h"

#include <algorithm>
#include <set>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/common/utc_timestamp.h"
#include "libs/json/json_text.h"
#include "libs/json/well_known_types.h"

namespace civitas::json {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

void AppendMessage(const Message& m, std::string* out);

// One value of `f` (element `index` when repeated, -1 otherwise).
void AppendValue(const Message& m, const FieldDescriptor* f, int index, std::string* out) {
  const Reflection* r = m.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      absl::StrAppend(out, rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      absl::StrAppend(out, rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      absl::StrAppend(out, "\"", rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f), "\"");
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      absl::StrAppend(out, "\"", rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f),
                      "\"");
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      AppendDouble(rep ? r->GetRepeatedDouble(m, f, index) : r->GetDouble(m, f), out);
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      AppendFloat(rep ? r->GetRepeatedFloat(m, f, index) : r->GetFloat(m, f), out);
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      out->append((rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? "true" : "false");
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      if (f->enum_type()->full_name() == "google.protobuf.NullValue") {
        out->append("null");
        break;
      }
      const int number = rep ? r->GetRepeatedEnumValue(m, f, index) : r->GetEnumValue(m, f);
      const auto* value = f->enum_type()->FindValueByNumber(number);
      if (value != nullptr) {
        AppendQuoted(value->name(), out);
      } else {
        absl::StrAppend(out, number);
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& s = rep ? r->GetRepeatedStringReference(m, f, index, &scratch)
                                 : r->GetStringReference(m, f, &scratch);
      if (f->type() == FieldDescriptor::TYPE_BYTES) {
        out->push_back('"');
        out->append(absl::Base64Escape(s));
        out->push_back('"');
      } else {
        AppendQuoted(s, out);
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      AppendMessage(rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f), out);
      break;
  }
}

// Map keys are JSON strings whatever their proto type.
void AppendMapKey(const Message& entry, const FieldDescriptor* key, std::string* out) {
  const Reflection* r = entry.GetReflection();
  switch (key->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      AppendQuoted(r->GetStringReference(entry, key, &scratch), out);
      return;
    }
    case FieldDescriptor::CPPTYPE_INT32:
      absl::StrAppend(out, "\"", r->GetInt32(entry, key), "\"");
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
      absl::StrAppend(out, "\"", r->GetUInt32(entry, key), "\"");
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      absl::StrAppend(out, "\"", r->GetInt64(entry, key), "\"");
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      absl::StrAppend(out, "\"", r->GetUInt64(entry, key), "\"");
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      out->append(r->GetBool(entry, key) ? "\"true\"" : "\"false\"");
      return;
    default:
      return;  // no other key types exist
  }
}

bool MapKeyLess(const Message* a, const Message* b, const FieldDescriptor* key) {
  const Reflection* r = a->GetReflection();
  switch (key->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return r->GetString(*a, key) < r->GetString(*b, key);
    case FieldDescriptor::CPPTYPE_INT32:
      return r->GetInt32(*a, key) < r->GetInt32(*b, key);
    case FieldDescriptor::CPPTYPE_UINT32:
      return r->GetUInt32(*a, key) < r->GetUInt32(*b, key);
    case FieldDescriptor::CPPTYPE_INT64:
      return r->GetInt64(*a, key) < r->GetInt64(*b, key);
    case FieldDescriptor::CPPTYPE_UINT64:
      return r->GetUInt64(*a, key) < r->GetUInt64(*b, key);
    case FieldDescriptor::CPPTYPE_BOOL:
      return r->GetBool(*a, key) < r->GetBool(*b, key);
    default:
      return false;
  }
}

void AppendField(const Message& m, const FieldDescriptor* f, std::string* out) {
  const Reflection* r = m.GetReflection();
  if (f->is_map()) {
    const int n = r->FieldSize(m, f);
    std::vector<const Message*> entries;
    entries.reserve(n);
    for (int i = 0; i < n; ++i) entries.push_back(&r->GetRepeatedMessage(m, f, i));
    const FieldDescriptor* key = f->message_type()->map_key();
    const FieldDescriptor* value = f->message_type()->map_value();
    std::stable_sort(entries.begin(), entries.end(),
                     [key](const Message* a, const Message* b) { return MapKeyLess(a, b, key); });
    out->push_back('{');
    for (int i = 0; i < n; ++i) {
      // A key written twice on the wire: the last one wins, as when parsing.
      if (i + 1 < n && !MapKeyLess(entries[i], entries[i + 1], key)) continue;
      // protobuf leaves out Struct members whose Value holds nothing.
      if (value->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
          value->message_type()->full_name() == "google.protobuf.Value") {
        const Message& v = entries[i]->GetReflection()->GetMessage(*entries[i], value);
        if (v.GetReflection()->GetOneofFieldDescriptor(
                v, v.GetDescriptor()->FindOneofByName("kind")) == nullptr) {
          continue;
        }
      }
      if (out->back() != '{') out->push_back(',');
      AppendMapKey(*entries[i], key, out);
      out->push_back(':');
      AppendValue(*entries[i], value, -1, out);
    }
    out->push_back('}');
    return;
  }
  if (f->is_repeated()) {
    const int n = r->FieldSize(m, f);
    out->push_back('[');
    for (int i = 0; i < n; ++i) {
      if (i > 0) out->push_back(',');
      AppendValue(m, f, i, out);
    }
    out->push_back(']');
    return;
  }
  AppendValue(m, f, -1, out);
}

void AppendSpecial(WellKnownType kind, const Message& m, std::string* out) {
  const Descriptor* d = m.GetDescriptor();
  const Reflection* r = m.GetReflection();
  switch (kind) {
    case WellKnownType::kTimestamp: {
      const int64_t seconds = r->GetInt64(m, d->FindFieldByNumber(1));
      const int32_t nanos = r->GetInt32(m, d->FindFieldByNumber(2));
      out->push_back('"');
      AppendUtcTimestamp(seconds, nanos, -1, out);
      out->push_back('"');
      return;
    }
    case WellKnownType::kDuration: {
      int64_t seconds = r->GetInt64(m, d->FindFieldByNumber(1));
      int32_t nanos = r->GetInt32(m, d->FindFieldByNumber(2));
      out->push_back('"');
      if (seconds < 0 || nanos < 0) {
        out->push_back('-');
        seconds = -seconds;
        nanos = -nanos;
      }
      absl::StrAppend(out, seconds);
      AppendNanos(nanos, out);
      out->append("s\"");
      return;
    }
    case WellKnownType::kFieldMask: {
      const FieldDescriptor* paths = d->FindFieldByNumber(1);
      std::string joined;
      for (int i = 0; i < r->FieldSize(m, paths); ++i) {
        if (i > 0) joined.push_back(',');
        bool upper = false;
        for (char c : r->GetRepeatedString(m, paths, i)) {
          if (c == '_') {
            upper = true;
            continue;
          }
          joined.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
          upper = false;
        }
      }
      AppendQuoted(joined, out);
      return;
    }
    case WellKnownType::kWrapper:
      AppendValue(m, d->FindFieldByNumber(1), -1, out);
      return;
    case WellKnownType::kStruct:
      AppendField(m, d->FindFieldByNumber(1), out);
      return;
    case WellKnownType::kList:
      AppendField(m, d->FindFieldByNumber(1), out);
      return;
    case WellKnownType::kValue: {
      const auto* kind_oneof = d->FindOneofByName("kind");
      const FieldDescriptor* set = r->GetOneofFieldDescriptor(m, kind_oneof);
      if (set == nullptr) {
        out->append("null");
        return;
      }
      AppendValue(m, set, -1, out);
      return;
    }
    case WellKnownType::kEmpty:
      out->append("{}");
      return;
    case WellKnownType::kNone:
      return;
  }
}

void AppendMessage(const Message& m, std::string* out) {
  const WellKnownType kind = WellKnownTypeOf(m.GetDescriptor());
  if (kind != WellKnownType::kNone) {
    AppendSpecial(kind, m, out);
    return;
  }
  std::vector<const FieldDescriptor*> fields;
  m.GetReflection()->ListFields(m, &fields);
  out->push_back('{');
  bool first = true;
  for (const FieldDescriptor* f : fields) {
    if (!first) out->push_back(',');
    first = false;
    out->push_back('"');
    out->append(f->json_name());
    out->append("\":");
    AppendField(m, f, out);
  }
  out->push_back('}');
}

}  // namespace

void AppendJson(const Message& message, std::string* out) { AppendMessage(message, out); }

}  // namespace civitas::json
