#include "libs/json/proto_json_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/common/utc_timestamp.h"
#include "libs/json/utf8.h"
#include "libs/json/well_known_types.h"

namespace civitas::json {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kHex[] = "0123456789abcdef";

void AppendUnicodeEscape(uint32_t unit, std::string* out) {
  out->append("\\u");
  out->push_back(kHex[(unit >> 12) & 0xf]);
  out->push_back(kHex[(unit >> 8) & 0xf]);
  out->push_back(kHex[(unit >> 4) & 0xf]);
  out->push_back(kHex[unit & 0xf]);
}

// Code points protobuf's JSON escaping writes as \u escapes: format and separator characters
// that some JavaScript parsers and browsers treat specially.
bool NeedsEscape(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || (cp >= 0x600 && cp <= 0x603) || cp == 0x6dd ||
         cp == 0x70f || cp == 0x17b4 || cp == 0x17b5 || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x206a && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
         (cp >= 0x1d173 && cp <= 0x1d17a) || cp == 0xe0001 || (cp >= 0xe0020 && cp <= 0xe007f);
}

void AppendQuoted(absl::string_view s, std::string* out) {
  out->push_back('"');
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>') {
      // Copy the run of characters that need nothing.
      size_t j = i + 1;
      while (j < s.size()) {
        const auto d = static_cast<uint8_t>(s[j]);
        if (d < 0x20 || d >= 0x7f || d == '"' || d == '\\' || d == '<' || d == '>') break;
        ++j;
      }
      out->append(s.data() + i, j - i);
      i = j;
      continue;
    }
    switch (c) {
      case '"':
        out->append("\\\"");
        ++i;
        continue;
      case '\\':
        out->append("\\\\");
        ++i;
        continue;
      case '\b':
        out->append("\\b");
        ++i;
        continue;
      case '\t':
        out->append("\\t");
        ++i;
        continue;
      case '\n':
        out->append("\\n");
        ++i;
        continue;
      case '\f':
        out->append("\\f");
        ++i;
        continue;
      case '\r':
        out->append("\\r");
        ++i;
        continue;
      default:
        break;
    }
    if (c < 0x80) {  // other controls, '<', '>', DEL
      AppendUnicodeEscape(c, out);
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(s, i, &cp);
    if (n == 0) {
      ++i;  // invalid UTF-8 is dropped, as protobuf does
      continue;
    }
    if (!NeedsEscape(cp)) {
      out->append(s.data() + i, n);
    } else if (cp < 0x10000) {
      AppendUnicodeEscape(cp, out);
    } else {
      const uint32_t v = cp - 0x10000;
      AppendUnicodeEscape(0xd800 + (v >> 10), out);
      AppendUnicodeEscape(0xdc00 + (v & 0x3ff), out);
    }
    i += n;
  }
  out->push_back('"');
}

// Shortest of %.15g / %.17g (%.6g / %.9g for float) that reads back to the same value.
void AppendDouble(double v, std::string* out) {
  if (std::isnan(v)) return out->append("\"NaN\""), void();
  if (std::isinf(v)) return out->append(v > 0 ? "\"Infinity\"" : "\"-Infinity\""), void();
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.15g", v);
  if (std::strtod(buf, nullptr) != v) std::snprintf(buf, sizeof(buf), "%.17g", v);
  out->append(buf);
}

void AppendFloat(float v, std::string* out) {
  if (std::isnan(v)) return out->append("\"NaN\""), void();
  if (std::isinf(v)) return out->append(v > 0 ? "\"Infinity\"" : "\"-Infinity\""), void();
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", static_cast<double>(v));
  if (std::strtof(buf, nullptr) != v)
    std::snprintf(buf, sizeof(buf), "%.9g", static_cast<double>(v));
  out->append(buf);
}

// `nanos` as 0, 3, 6 or 9 fractional digits.
void AppendNanos(int32_t nanos, std::string* out) {
  if (nanos == 0) return;
  char buf[16];
  if (nanos % 1000000 == 0) {
    std::snprintf(buf, sizeof(buf), ".%03d", nanos / 1000000);
  } else if (nanos % 1000 == 0) {
    std::snprintf(buf, sizeof(buf), ".%06d", nanos / 1000);
  } else {
    std::snprintf(buf, sizeof(buf), ".%09d", nanos);
  }
  out->append(buf);
}

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
