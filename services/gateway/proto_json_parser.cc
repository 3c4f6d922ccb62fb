#include "services/gateway/proto_json_parser.h"

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"

namespace civitas::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kMaxDepth = 64;
constexpr int64_t kMaxDurationSeconds = 315576000000;
constexpr int64_t kMinTimestamp = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxTimestamp = 253402300799;  // 9999-12-31T23:59:59Z

bool ValidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      n = 2, cp = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      n = 3, cp = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      n = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      const auto b = static_cast<uint8_t>(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

enum class Wkt {
  kNone,
  kTimestamp,
  kDuration,
  kFieldMask,
  kWrapper,
  kStruct,
  kValue,
  kList,
  kEmpty
};

Wkt WktOf(const Descriptor* d) {
  if (d->file()->package() != "google.protobuf") return Wkt::kNone;
  const std::string& n = d->name();
  if (n == "Timestamp") return Wkt::kTimestamp;
  if (n == "Duration") return Wkt::kDuration;
  if (n == "FieldMask") return Wkt::kFieldMask;
  if (n == "Struct") return Wkt::kStruct;
  if (n == "Value") return Wkt::kValue;
  if (n == "ListValue") return Wkt::kList;
  if (n == "Empty") return Wkt::kEmpty;
  if (n == "DoubleValue" || n == "FloatValue" || n == "Int64Value" || n == "UInt64Value" ||
      n == "Int32Value" || n == "UInt32Value" || n == "BoolValue" || n == "StringValue" ||
      n == "BytesValue") {
    return Wkt::kWrapper;
  }
  return Wkt::kNone;
}

// The field whose JSON name (lowerCamelCase or json_name) or proto name is `key`.
const FieldDescriptor* FieldByJsonName(const Descriptor* d, absl::string_view key) {
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->json_name() == key) return d->field(i);
  }
  return d->FindFieldByName(std::string(key));
}

class Parser {
 public:
  Parser(absl::string_view in, JsonParseError* error) : in_(in), error_(error) {}

  bool Document(Message* m) {
    SkipSpace();
    if (!ParseMessage(m, 0)) return false;
    SkipSpace();
    if (pos_ != in_.size()) return Fail("unexpected characters after the JSON value");
    return true;
  }

 private:
  // --- errors and paths ------------------------------------------------------------------------
  bool Fail(absl::string_view message) {
    if (!failed_) {
      failed_ = true;
      std::string path;
      for (const std::string& part : path_) {
        if (!path.empty() && part[0] != '[') path.push_back('.');
        path += part;
      }
      error_->path = std::move(path);
      error_->message = std::string(message);
    }
    return false;
  }

  // --- lexing ----------------------------------------------------------------------------------
  void SkipSpace() {
    while (pos_ < in_.size() &&
           (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool AtEnd() const { return pos_ >= in_.size(); }
  char Peek() const { return AtEnd() ? '\0' : in_[pos_]; }
  bool Consume(char c) {
    SkipSpace();
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  bool Expect(char c) {
    if (Consume(c)) return true;
    return Fail(AtEnd() ? absl::StrCat("unexpected end of JSON, expected '", std::string(1, c), "'")
                        : absl::StrCat("expected '", std::string(1, c), "'"));
  }
  bool ConsumeLiteral(absl::string_view word) {
    SkipSpace();
    if (in_.substr(pos_, word.size()) != word) return false;
    const size_t end = pos_ + word.size();
    if (end < in_.size() &&
        (std::isalnum(static_cast<unsigned char>(in_[end])) || in_[end] == '_')) {
      return false;
    }
    pos_ = end;
    return true;
  }
  bool AtNull() {
    SkipSpace();
    const size_t save = pos_;
    if (ConsumeLiteral("null")) {
      pos_ = save;
      return true;
    }
    return false;
  }

  bool String(std::string* out) {
    SkipSpace();
    if (Peek() != '"') return Fail("expected a string");
    ++pos_;
    out->clear();
    while (true) {
      if (AtEnd()) return Fail("unterminated string");
      const char c = in_[pos_++];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in a string");
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (AtEnd()) return Fail("unterminated string");
      const char e = in_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out->push_back(e);
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(&cp)) return Fail("bad \\u escape");
          if (cp >= 0xd800 && cp <= 0xdbff) {
            uint32_t low = 0;
            if (in_.substr(pos_, 2) != "\\u") return Fail("unpaired surrogate in \\u escape");
            pos_ += 2;
            if (!Hex4(&low) || low < 0xdc00 || low > 0xdfff) {
              return Fail("unpaired surrogate in \\u escape");
            }
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          } else if (cp >= 0xdc00 && cp <= 0xdfff) {
            return Fail("unpaired surrogate in \\u escape");
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          return Fail("bad escape in a string");
      }
    }
    if (!ValidUtf8(*out)) return Fail("is not valid UTF-8");
    return true;
  }

  bool Hex4(uint32_t* out) {
    if (pos_ + 4 > in_.size()) return false;
    *out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = in_[pos_++];
      int v = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (v < 0) return false;
      *out = *out * 16 + static_cast<uint32_t>(v);
    }
    return true;
  }

  // A JSON number's text, checked against the JSON grammar.
  bool NumberToken(absl::string_view* out) {
    SkipSpace();
    const size_t start = pos_;
    auto digits = [&] {
      const size_t from = pos_;
      while (!AtEnd() && std::isdigit(static_cast<unsigned char>(in_[pos_]))) ++pos_;
      return pos_ > from;
    };
    if (Peek() == '-') ++pos_;
    if (Peek() == '0') {
      ++pos_;
      if (std::isdigit(static_cast<unsigned char>(Peek()))) return Fail("malformed number");
    } else if (!digits()) {
      return Fail("expected a value");
    }
    if (Peek() == '.') {
      ++pos_;
      if (!digits()) return Fail("malformed number");
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      if (!digits()) return Fail("malformed number");
    }
    *out = in_.substr(start, pos_ - start);
    return true;
  }

  // The text of a scalar given as a JSON string or number.
  bool ScalarText(std::string* text, bool* quoted) {
    SkipSpace();
    if (Peek() == '"') {
      *quoted = true;
      return String(text);
    }
    *quoted = false;
    absl::string_view token;
    if (!NumberToken(&token)) return false;
    text->assign(token.data(), token.size());
    return true;
  }

  // --- scalars ---------------------------------------------------------------------------------
  bool Int64Of(const std::string& text, int64_t min, int64_t max, int64_t* out) {
    int64_t v = 0;
    if (!absl::SimpleAtoi(text, &v)) {
      // 1e3 and 2.0 are integers written another way; protobuf accepts them.
      double d = 0;
      if (!absl::SimpleAtod(text, &d) || !std::isfinite(d) || std::trunc(d) != d ||
          std::fabs(d) > 9007199254740992.0) {
        return Fail("expected an integer");
      }
      v = static_cast<int64_t>(d);
    }
    if (v < min || v > max) return Fail("integer out of range");
    *out = v;
    return true;
  }

  bool UInt64Of(const std::string& text, uint64_t max, uint64_t* out) {
    uint64_t v = 0;
    if (!absl::SimpleAtoi(text, &v)) {
      double d = 0;
      if (!absl::SimpleAtod(text, &d) || !std::isfinite(d) || std::trunc(d) != d || d < 0 ||
          d > 9007199254740992.0) {
        return Fail("expected a non-negative integer");
      }
      v = static_cast<uint64_t>(d);
    }
    if (v > max) return Fail("integer out of range");
    *out = v;
    return true;
  }

  bool DoubleOf(const std::string& text, bool quoted, double* out) {
    if (quoted && text == "NaN") return *out = std::nan(""), true;
    if (quoted && text == "Infinity") return *out = HUGE_VAL, true;
    if (quoted && text == "-Infinity") return *out = -HUGE_VAL, true;
    if (quoted) {
      // A quoted number must still be a JSON number.
      Parser inner(text, error_);
      absl::string_view token;
      if (!inner.NumberToken(&token) || token.size() != text.size()) {
        failed_ = false;
        return Fail("expected a number");
      }
    }
    if (!absl::SimpleAtod(text, out) || !std::isfinite(*out)) return Fail("number out of range");
    return true;
  }

  // Sets (or adds, when repeated) one scalar value of `f` from the JSON at the cursor.
  bool Scalar(Message* m, const FieldDescriptor* f) {
    const Reflection* r = m->GetReflection();
    const bool rep = f->is_repeated();
    std::string text;
    bool quoted = false;
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_BOOL: {
        bool v;
        SkipSpace();
        if (ConsumeLiteral("true")) {
          v = true;
        } else if (ConsumeLiteral("false")) {
          v = false;
        } else if (Peek() == '"') {
          // protobuf accepts the quoted forms too.
          if (!String(&text)) return false;
          if (text != "true" && text != "false") return Fail("expected true or false");
          v = text == "true";
        } else {
          return Fail("expected true or false");
        }
        rep ? r->AddBool(m, f, v) : r->SetBool(m, f, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        if (!String(&text)) return false;
        if (f->type() == FieldDescriptor::TYPE_BYTES) {
          std::string bytes;
          if (!absl::Base64Unescape(text, &bytes) && !absl::WebSafeBase64Unescape(text, &bytes)) {
            return Fail("expected base64");
          }
          text = std::move(bytes);
        }
        rep ? r->AddString(m, f, std::move(text)) : r->SetString(m, f, std::move(text));
        return true;
      }
      case FieldDescriptor::CPPTYPE_ENUM: {
        SkipSpace();
        int number = 0;
        if (Peek() == '"') {
          if (!String(&text)) return false;
          const auto* value = f->enum_type()->FindValueByName(text);
          if (value == nullptr) {
            return Fail(absl::StrCat("'", text, "' is not a ", f->enum_type()->name(), " value"));
          }
          number = value->number();
        } else {
          int64_t v = 0;
          if (!ScalarText(&text, &quoted) || !Int64Of(text, INT32_MIN, INT32_MAX, &v)) {
            return false;
          }
          number = static_cast<int>(v);
        }
        rep ? r->AddEnumValue(m, f, number) : r->SetEnumValue(m, f, number);
        return true;
      }
      default:
        break;
    }
    if (!ScalarText(&text, &quoted)) return false;
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: {
        int64_t v = 0;
        if (!Int64Of(text, INT32_MIN, INT32_MAX, &v)) return false;
        rep ? r->AddInt32(m, f, static_cast<int32_t>(v))
            : r->SetInt32(m, f, static_cast<int32_t>(v));
        return true;
      }
      case FieldDescriptor::CPPTYPE_INT64: {
        int64_t v = 0;
        if (!Int64Of(text, INT64_MIN, INT64_MAX, &v)) return false;
        rep ? r->AddInt64(m, f, v) : r->SetInt64(m, f, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        uint64_t v = 0;
        if (!UInt64Of(text, UINT32_MAX, &v)) return false;
        rep ? r->AddUInt32(m, f, static_cast<uint32_t>(v))
            : r->SetUInt32(m, f, static_cast<uint32_t>(v));
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT64: {
        uint64_t v = 0;
        if (!UInt64Of(text, UINT64_MAX, &v)) return false;
        rep ? r->AddUInt64(m, f, v) : r->SetUInt64(m, f, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        double v = 0;
        if (!DoubleOf(text, quoted, &v)) return false;
        rep ? r->AddDouble(m, f, v) : r->SetDouble(m, f, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_FLOAT: {
        double v = 0;
        if (!DoubleOf(text, quoted, &v)) return false;
        if (std::isfinite(v) && std::fabs(v) > FLT_MAX) return Fail("number out of range");
        rep ? r->AddFloat(m, f, static_cast<float>(v)) : r->SetFloat(m, f, static_cast<float>(v));
        return true;
      }
      default:
        return Fail("unsupported field type");
    }
  }

  // --- messages --------------------------------------------------------------------------------
  // Parses the JSON value at the cursor into message `m` (an object, or a well-known type's form).
  bool ParseMessage(Message* m, int depth) {
    if (depth > kMaxDepth) return Fail("nested too deeply");
    switch (WktOf(m->GetDescriptor())) {
      case Wkt::kNone:
        return Object(m, depth);
      case Wkt::kTimestamp:
        return TimestampValue(m);
      case Wkt::kDuration:
        return DurationValue(m);
      case Wkt::kFieldMask:
        return FieldMaskValue(m);
      case Wkt::kWrapper:
        return Scalar(m, m->GetDescriptor()->FindFieldByNumber(1));
      case Wkt::kStruct:
        return StructValue(m, depth);
      case Wkt::kValue:
        return AnyJsonValue(m, depth);
      case Wkt::kList:
        return ListValue(m, depth);
      case Wkt::kEmpty:
        if (!Expect('{')) return false;
        if (!Consume('}')) return Fail("google.protobuf.Empty must be {}");
        return true;
    }
    return false;
  }

  bool Object(Message* m, int depth) {
    if (!Consume('{')) return Fail("expected an object");
    if (Consume('}')) return true;
    const Descriptor* d = m->GetDescriptor();
    std::vector<const FieldDescriptor*> seen;
    std::string key;
    do {
      if (!String(&key)) return false;
      if (!Expect(':')) return false;
      const FieldDescriptor* f = FieldByJsonName(d, key);
      // Paths use proto field names, as every other violation does (`display_name`).
      path_.push_back(f == nullptr ? key : f->name());
      if (f == nullptr) return Fail("unknown field");
      for (const FieldDescriptor* s : seen) {
        if (s == f) return Fail("appears twice");
        if (f->real_containing_oneof() != nullptr &&
            s->real_containing_oneof() == f->real_containing_oneof()) {
          return Fail(absl::StrCat("is in oneof '", f->real_containing_oneof()->name(), "' with '",
                                   s->json_name(), "', which is also set"));
        }
      }
      seen.push_back(f);
      if (!Field(m, f, depth)) return false;
      path_.pop_back();
    } while (Consume(','));
    return Expect('}');
  }

  bool Field(Message* m, const FieldDescriptor* f, int depth) {
    const bool is_value =
        f->message_type() != nullptr && f->message_type()->full_name() == "google.protobuf.Value";
    const bool is_null_enum =
        f->enum_type() != nullptr && f->enum_type()->full_name() == "google.protobuf.NullValue";
    if (AtNull() && !(is_value && !f->is_repeated()) && !is_null_enum) {
      ConsumeLiteral("null");  // null: the field keeps its default
      return true;
    }
    if (f->is_map()) return Map(m, f, depth);
    if (f->is_repeated()) {
      if (!Consume('[')) return Fail("expected an array");
      if (Consume(']')) return true;
      int index = 0;
      do {
        path_.push_back(absl::StrCat("[", index++, "]"));
        if (AtNull() && !is_value) return Fail("null is not allowed in an array");
        if (!Element(m, f, depth)) return false;
        path_.pop_back();
      } while (Consume(','));
      return Expect(']');
    }
    return Element(m, f, depth);
  }

  // One value of `f` (singular, or one element when repeated).
  bool Element(Message* m, const FieldDescriptor* f, int depth) {
    const Reflection* r = m->GetReflection();
    if (f->enum_type() != nullptr && f->enum_type()->full_name() == "google.protobuf.NullValue") {
      if (!ConsumeLiteral("null")) return Fail("expected null");
      f->is_repeated() ? r->AddEnumValue(m, f, 0) : r->SetEnumValue(m, f, 0);
      return true;
    }
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Message* child = f->is_repeated() ? r->AddMessage(m, f) : r->MutableMessage(m, f);
      return ParseMessage(child, depth + 1);
    }
    return Scalar(m, f);
  }

  bool Map(Message* m, const FieldDescriptor* f, int depth) {
    if (!Consume('{')) return Fail("expected an object");
    if (Consume('}')) return true;
    const FieldDescriptor* key_field = f->message_type()->map_key();
    const FieldDescriptor* value_field = f->message_type()->map_value();
    std::string key;
    do {
      if (!String(&key)) return false;
      if (!Expect(':')) return false;
      path_.push_back(key);
      Message* entry = m->GetReflection()->AddMessage(m, f);
      const Reflection* er = entry->GetReflection();
      switch (key_field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING:
          er->SetString(entry, key_field, key);
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          if (key != "true" && key != "false") return Fail("map key must be true or false");
          er->SetBool(entry, key_field, key == "true");
          break;
        case FieldDescriptor::CPPTYPE_INT32:
        case FieldDescriptor::CPPTYPE_INT64: {
          int64_t v = 0;
          const bool is32 = key_field->cpp_type() == FieldDescriptor::CPPTYPE_INT32;
          if (!absl::SimpleAtoi(key, &v) || (is32 && (v < INT32_MIN || v > INT32_MAX))) {
            return Fail("map key must be an integer in range");
          }
          is32 ? er->SetInt32(entry, key_field, static_cast<int32_t>(v))
               : er->SetInt64(entry, key_field, v);
          break;
        }
        case FieldDescriptor::CPPTYPE_UINT32:
        case FieldDescriptor::CPPTYPE_UINT64: {
          uint64_t v = 0;
          const bool is32 = key_field->cpp_type() == FieldDescriptor::CPPTYPE_UINT32;
          if (!absl::SimpleAtoi(key, &v) || (is32 && v > UINT32_MAX)) {
            return Fail("map key must be a non-negative integer in range");
          }
          is32 ? er->SetUInt32(entry, key_field, static_cast<uint32_t>(v))
               : er->SetUInt64(entry, key_field, v);
          break;
        }
        default:
          return Fail("unsupported map key type");
      }
      const bool value_is_value =
          value_field->message_type() != nullptr &&
          value_field->message_type()->full_name() == "google.protobuf.Value";
      if (AtNull() && !value_is_value) return Fail("map values must not be null");
      if (!Element(entry, value_field, depth)) return false;
      path_.pop_back();
    } while (Consume(','));
    return Expect('}');
  }

  // --- well-known types ------------------------------------------------------------------------
  bool TimestampValue(Message* m) {
    std::string text;
    if (!String(&text)) return false;
    absl::Time t;
    std::string err;
    if (text.size() < 20 || text[10] != 'T' ||
        !absl::ParseTime(absl::RFC3339_full, text, &t, &err)) {
      return Fail("expected an RFC 3339 timestamp such as 2024-05-01T09:30:00Z");
    }
    const int64_t seconds = absl::ToUnixSeconds(t);
    if (seconds < kMinTimestamp || seconds > kMaxTimestamp) return Fail("timestamp out of range");
    const auto nanos =
        static_cast<int32_t>((t - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1));
    const Descriptor* d = m->GetDescriptor();
    m->GetReflection()->SetInt64(m, d->FindFieldByNumber(1), seconds);
    m->GetReflection()->SetInt32(m, d->FindFieldByNumber(2), nanos);
    return true;
  }

  bool DurationValue(Message* m) {
    std::string text;
    if (!String(&text)) return false;
    auto bad = [&] { return Fail("expected a duration in seconds such as 1.5s"); };
    if (text.size() < 2 || text.back() != 's') return bad();
    absl::string_view body(text.data(), text.size() - 1);
    bool negative = false;
    if (!body.empty() && body[0] == '-') {
      negative = true;
      body.remove_prefix(1);
    }
    std::vector<absl::string_view> parts = absl::StrSplit(body, absl::MaxSplits('.', 1));
    int64_t seconds = 0;
    if (parts[0].empty() || parts[0].find_first_not_of("0123456789") != absl::string_view::npos ||
        !absl::SimpleAtoi(parts[0], &seconds)) {
      return bad();
    }
    int32_t nanos = 0;
    if (parts.size() == 2) {
      if (parts[1].empty() || parts[1].size() > 9 ||
          parts[1].find_first_not_of("0123456789") != absl::string_view::npos) {
        return bad();
      }
      std::string digits(parts[1]);
      digits.resize(9, '0');
      nanos = std::stoi(digits);
    }
    if (seconds > kMaxDurationSeconds) return Fail("duration out of range");
    const Descriptor* d = m->GetDescriptor();
    m->GetReflection()->SetInt64(m, d->FindFieldByNumber(1), negative ? -seconds : seconds);
    m->GetReflection()->SetInt32(m, d->FindFieldByNumber(2), negative ? -nanos : nanos);
    return true;
  }

  bool FieldMaskValue(Message* m) {
    std::string text;
    if (!String(&text)) return false;
    const FieldDescriptor* paths = m->GetDescriptor()->FindFieldByNumber(1);
    if (text.empty()) return true;
    for (absl::string_view path : absl::StrSplit(text, ',')) {
      std::string snake;
      for (char c : path) {
        if (c == '_') return Fail("field mask paths are lowerCamelCase");
        if (c >= 'A' && c <= 'Z') {
          snake.push_back('_');
          snake.push_back(static_cast<char>(c - 'A' + 'a'));
        } else {
          snake.push_back(c);
        }
      }
      m->GetReflection()->AddString(m, paths, std::move(snake));
    }
    return true;
  }

  bool StructValue(Message* m, int depth) {
    return Map(m, m->GetDescriptor()->FindFieldByNumber(1), depth);
  }

  bool ListValue(Message* m, int depth) {
    const FieldDescriptor* values = m->GetDescriptor()->FindFieldByNumber(1);
    if (!Consume('[')) return Fail("expected an array");
    if (Consume(']')) return true;
    int index = 0;
    do {
      path_.push_back(absl::StrCat("[", index++, "]"));
      if (!ParseMessage(m->GetReflection()->AddMessage(m, values), depth + 1)) return false;
      path_.pop_back();
    } while (Consume(','));
    return Expect(']');
  }

  // google.protobuf.Value: whatever JSON is there.
  bool AnyJsonValue(Message* m, int depth) {
    const Descriptor* d = m->GetDescriptor();
    const Reflection* r = m->GetReflection();
    SkipSpace();
    const char c = Peek();
    if (c == 'n') {
      if (!ConsumeLiteral("null")) return Fail("expected a value");
      r->SetEnumValue(m, d->FindFieldByName("null_value"), 0);
      return true;
    }
    if (c == 't' || c == 'f') {
      const bool v = ConsumeLiteral("true");
      if (!v && !ConsumeLiteral("false")) return Fail("expected a value");
      r->SetBool(m, d->FindFieldByName("bool_value"), v);
      return true;
    }
    if (c == '"') {
      std::string s;
      if (!String(&s)) return false;
      r->SetString(m, d->FindFieldByName("string_value"), std::move(s));
      return true;
    }
    if (c == '{') {
      return StructValue(r->MutableMessage(m, d->FindFieldByName("struct_value")), depth + 1);
    }
    if (c == '[') {
      return ListValue(r->MutableMessage(m, d->FindFieldByName("list_value")), depth + 1);
    }
    absl::string_view token;
    if (!NumberToken(&token)) return false;
    double v = 0;
    if (!absl::SimpleAtod(token, &v) || !std::isfinite(v)) return Fail("number out of range");
    r->SetDouble(m, d->FindFieldByName("number_value"), v);
    return true;
  }

  absl::string_view in_;
  size_t pos_ = 0;
  JsonParseError* error_;
  bool failed_ = false;
  std::vector<std::string> path_;
};

}  // namespace

bool ParseJson(absl::string_view json, Message* message, JsonParseError* error) {
  return Parser(json, error).Document(message);
}

}  // namespace civitas::gateway
