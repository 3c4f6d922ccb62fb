#include "libs/json/proto_json_parser.h"

#include <simdjson.h>

#include <cfloat>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "libs/json/well_known_types.h"

namespace civitas::json {
namespace {

namespace od = simdjson::ondemand;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kMaxDepth = 64;
constexpr int64_t kMaxDurationSeconds = 315576000000;
constexpr int64_t kMinTimestamp = -62135596800;          // 0001-01-01T00:00:00Z
constexpr int64_t kMaxTimestamp = 253402300799;          // 9999-12-31T23:59:59Z
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

// The field whose JSON name (lowerCamelCase or json_name) or proto name is `key`.
const FieldDescriptor* FieldByJsonName(const Descriptor* d, absl::string_view key) {
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->json_name() == key) return d->field(i);
  }
  return d->FindFieldByName(std::string(key));
}

// True when `text` (the content of a quoted number) is a JSON number.
bool IsJsonNumber(absl::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    const size_t from = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > from;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

// A JSON number or a JSON string holding one, as protobuf takes for numeric fields.
// `-?[0-9]+`: how JsonUtil wants a quoted integer (absl::SimpleAtoi alone also takes spaces and
// a '+'). Integer map keys are held to the same.
bool IsDecimalInteger(absl::string_view text, bool allow_minus) {
  if (allow_minus && !text.empty() && text[0] == '-') text.remove_prefix(1);
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)` exactly, as JsonUtil takes timestamps.
// absl::ParseTime alone also takes a lower-case 'z', more than nine fraction digits and trailing
// spaces (json_parser_fuzzer findings).
bool IsTimestampText(absl::string_view t) {
  auto digits = [&t](size_t from, size_t n) {
    if (t.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
    }
    return true;
  };
  if (t.size() < 20 || !digits(0, 4) || t[4] != '-' || !digits(5, 2) || t[7] != '-' ||
      !digits(8, 2) || t[10] != 'T' || !digits(11, 2) || t[13] != ':' || !digits(14, 2) ||
      t[16] != ':' || !digits(17, 2)) {
    return false;
  }
  // absl takes second 60 (a leap second) and moves to the next minute; JsonUtil refuses it.
  if (t[17] > '5') return false;
  size_t i = 19;
  if (t[i] == '.') {
    size_t n = 0;
    while (i + 1 + n < t.size() && t[i + 1 + n] >= '0' && t[i + 1 + n] <= '9') ++n;
    if (n < 1 || n > 9) return false;
    i += 1 + n;
  }
  if (i < t.size() && t[i] == 'Z') return i + 1 == t.size();
  return i + 6 == t.size() && (t[i] == '+' || t[i] == '-') && digits(i + 1, 2) && t[i + 3] == ':' &&
         digits(i + 4, 2);
}

struct NumberInput {
  bool quoted = false;
  std::string text;  // when quoted
  // When not quoted: the number as the JSON text has it.
  enum class Kind { kInt64, kUint64, kDouble } kind = Kind::kDouble;
  int64_t int64 = 0;
  uint64_t uint64 = 0;
  double dbl = 0;
};

class Parser {
 public:
  explicit Parser(JsonParseError* error) : error_(error) {}

  bool Document(absl::string_view json, Message* m) {
    simdjson::padded_string padded(json.data(), json.size());
    od::parser parser;
    od::document doc;
    if (auto e = parser.iterate(padded).get(doc); e != simdjson::SUCCESS) return JsonError(e);
    od::value root;
    if (auto e = doc.get_value().get(root); e != simdjson::SUCCESS) return JsonError(e);
    if (!ParseMessage(root, m, 0)) return false;
    // Anything after the root value is an error (On-Demand stops reading at the root's end).
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
      return Fail("is not valid JSON: unexpected characters after the JSON value",
                  /*document=*/true);
    }
    return true;
  }

 private:
  // --- errors and paths ------------------------------------------------------------------------
  bool Fail(absl::string_view message, bool document = false) {
    if (!failed_) {
      failed_ = true;
      std::string path;
      if (!document) {
        for (const std::string& part : path_) {
          if (!path.empty() && part[0] != '[') path.push_back('.');
          path += part;
        }
      }
      error_->path = std::move(path);
      error_->message = std::string(message);
    }
    return false;
  }

  // The document is not JSON: the error is the document's, wherever it was noticed.
  bool JsonError(simdjson::error_code e) {
    return Fail(absl::StrCat("is not valid JSON: ", simdjson::error_message(e)),
                /*document=*/true);
  }

  // A value of the wrong JSON type is the field's error; a broken document is the document's.
  bool TypeError(simdjson::error_code e, absl::string_view expected) {
    if (e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_ERROR ||
        e == simdjson::NUMBER_OUT_OF_RANGE || e == simdjson::STRING_ERROR) {
      return Fail(e == simdjson::STRING_ERROR          ? "bad escape in a string"
                  : e == simdjson::NUMBER_ERROR        ? "malformed number"
                  : e == simdjson::NUMBER_OUT_OF_RANGE ? "number out of range"
                                                       : expected);
    }
    return JsonError(e);
  }

  bool IsNull(od::value& v, bool* is_null) {
    od::json_type type;
    if (auto e = v.type().get(type); e != simdjson::SUCCESS) return JsonError(e);
    if (type != od::json_type::null) {
      *is_null = false;
      return true;
    }
    if (auto e = v.is_null().get(*is_null); e != simdjson::SUCCESS) return JsonError(e);
    if (!*is_null) return Fail("expected a value");
    return true;
  }

  bool String(od::value& v, std::string* out) {
    std::string_view s;
    if (auto e = v.get_string().get(s); e != simdjson::SUCCESS) {
      return TypeError(e, "expected a string");
    }
    out->assign(s.data(), s.size());
    return true;
  }

  bool Number(od::value& v, NumberInput* in) {
    od::json_type type;
    if (auto e = v.type().get(type); e != simdjson::SUCCESS) return JsonError(e);
    if (type == od::json_type::string) {
      in->quoted = true;
      return String(v, &in->text);
    }
    if (type != od::json_type::number) return Fail("expected a number");
    in->quoted = false;
    // simdjson 3.0.1 validates numbers well but misreads some decimals with many digits, both
    // found by json_parser_fuzzer: get_number() gives 0 for 5555555555555555555.0 (simdjson
    // issue 2099) and get_double() 4.2e-07 for 0.0009116925656223565676842 (issue 2093). So
    // the type comes from get_number_type(), integers from get_int64/get_uint64, and a decimal,
    // once get_double() accepted its syntax and range, is read from its text by from_chars.
    od::number_type type_of_number;
    if (auto e = v.get_number_type().get(type_of_number); e != simdjson::SUCCESS) {
      return TypeError(e, "expected a number");
    }
    simdjson::error_code e = simdjson::SUCCESS;
    switch (type_of_number) {
      case od::number_type::signed_integer:
        in->kind = NumberInput::Kind::kInt64;
        e = v.get_int64().get(in->int64);
        break;
      case od::number_type::unsigned_integer:
        in->kind = NumberInput::Kind::kUint64;
        if (v.get_uint64().get(in->uint64) == simdjson::SUCCESS) break;
        // Beyond 64 bits: only a floating-point field can hold it.
        [[fallthrough]];
      case od::number_type::floating_point_number:
        in->kind = NumberInput::Kind::kDouble;
        e = v.get_double().get(in->dbl);
        if (e == simdjson::SUCCESS) {
          const std::string_view token = v.raw_json_token();
          absl::string_view text =
              absl::StripTrailingAsciiWhitespace(absl::string_view(token.data(), token.size()));
          const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), in->dbl);
          if (ec != std::errc() || end != text.data() + text.size()) {
            return Fail("malformed number");
          }
        }
        break;
    }
    if (e != simdjson::SUCCESS) return TypeError(e, "expected a number");
    return true;
  }

  // --- scalars ---------------------------------------------------------------------------------
  bool IntegerOf(const NumberInput& in, int64_t min, int64_t max, int64_t* out) {
    auto from_double = [&](double d) {
      // 1e3 and 2.0 are integers written another way; protobuf accepts them.
      if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > kMaxExactInteger) {
        return Fail("expected an integer");
      }
      *out = static_cast<int64_t>(d);
      return true;
    };
    if (in.quoted) {
      // As JsonUtil: a quoted integer is digits only ("1e3", "15.0" and " 12" are refused).
      if (!IsDecimalInteger(in.text, /*allow_minus=*/true) || !absl::SimpleAtoi(in.text, out)) {
        return Fail("expected an integer");
      }
    } else if (in.kind == NumberInput::Kind::kInt64) {
      *out = in.int64;
    } else if (in.kind == NumberInput::Kind::kUint64) {
      return Fail("integer out of range");  // above INT64_MAX
    } else if (!from_double(in.dbl)) {
      return false;
    }
    if (*out < min || *out > max) return Fail("integer out of range");
    return true;
  }

  bool UnsignedOf(const NumberInput& in, uint64_t max, uint64_t* out) {
    auto from_double = [&](double d) {
      if (!std::isfinite(d) || std::trunc(d) != d || d < 0 || d > kMaxExactInteger) {
        return Fail("expected a non-negative integer");
      }
      *out = static_cast<uint64_t>(d);
      return true;
    };
    if (in.quoted) {
      if (!IsDecimalInteger(in.text, /*allow_minus=*/false) || !absl::SimpleAtoi(in.text, out)) {
        return Fail("expected a non-negative integer");
      }
    } else if (in.kind == NumberInput::Kind::kUint64) {
      *out = in.uint64;
    } else if (in.kind == NumberInput::Kind::kInt64) {
      if (in.int64 < 0) return Fail("expected a non-negative integer");
      *out = static_cast<uint64_t>(in.int64);
    } else if (!from_double(in.dbl)) {
      return false;
    }
    if (*out > max) return Fail("integer out of range");
    return true;
  }

  bool DoubleOf(const NumberInput& in, double* out) {
    if (!in.quoted) {
      *out = in.kind == NumberInput::Kind::kInt64    ? static_cast<double>(in.int64)
             : in.kind == NumberInput::Kind::kUint64 ? static_cast<double>(in.uint64)
                                                     : in.dbl;
      return true;
    }
    if (in.text == "NaN") return *out = std::nan(""), true;
    if (in.text == "Infinity") return *out = HUGE_VAL, true;
    if (in.text == "-Infinity") return *out = -HUGE_VAL, true;
    // A quoted number must still be a JSON number.
    if (!IsJsonNumber(in.text)) return Fail("expected a number");
    if (!absl::SimpleAtod(in.text, out) || !std::isfinite(*out)) {
      return Fail("number out of range");
    }
    return true;
  }

  // Sets (or adds, when repeated) one scalar value of `f` from `v`.
  bool Scalar(od::value& v, Message* m, const FieldDescriptor* f) {
    const Reflection* r = m->GetReflection();
    const bool rep = f->is_repeated();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_BOOL: {
        od::json_type type;
        if (auto e = v.type().get(type); e != simdjson::SUCCESS) return JsonError(e);
        bool b = false;
        if (type == od::json_type::string) {
          // protobuf accepts the quoted forms too.
          std::string text;
          if (!String(v, &text)) return false;
          if (text != "true" && text != "false") return Fail("expected true or false");
          b = text == "true";
        } else if (auto e = v.get_bool().get(b); e != simdjson::SUCCESS) {
          return TypeError(e, "expected true or false");
        }
        rep ? r->AddBool(m, f, b) : r->SetBool(m, f, b);
        return true;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string text;
        if (!String(v, &text)) return false;
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
        NumberInput in;
        if (!Number(v, &in)) return false;
        int number = 0;
        if (in.quoted) {
          const auto* value = f->enum_type()->FindValueByName(in.text);
          if (value == nullptr) {
            return Fail(
                absl::StrCat("'", in.text, "' is not a ", f->enum_type()->name(), " value"));
          }
          number = value->number();
        } else {
          int64_t n = 0;
          if (!IntegerOf(in, INT32_MIN, INT32_MAX, &n)) return false;
          number = static_cast<int>(n);
        }
        rep ? r->AddEnumValue(m, f, number) : r->SetEnumValue(m, f, number);
        return true;
      }
      default:
        break;
    }
    NumberInput in;
    if (!Number(v, &in)) return false;
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: {
        int64_t n = 0;
        if (!IntegerOf(in, INT32_MIN, INT32_MAX, &n)) return false;
        rep ? r->AddInt32(m, f, static_cast<int32_t>(n))
            : r->SetInt32(m, f, static_cast<int32_t>(n));
        return true;
      }
      case FieldDescriptor::CPPTYPE_INT64: {
        int64_t n = 0;
        if (!IntegerOf(in, INT64_MIN, INT64_MAX, &n)) return false;
        rep ? r->AddInt64(m, f, n) : r->SetInt64(m, f, n);
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        uint64_t n = 0;
        if (!UnsignedOf(in, UINT32_MAX, &n)) return false;
        rep ? r->AddUInt32(m, f, static_cast<uint32_t>(n))
            : r->SetUInt32(m, f, static_cast<uint32_t>(n));
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT64: {
        uint64_t n = 0;
        if (!UnsignedOf(in, UINT64_MAX, &n)) return false;
        rep ? r->AddUInt64(m, f, n) : r->SetUInt64(m, f, n);
        return true;
      }
      case FieldDescriptor::CPPTYPE_DOUBLE: {
        double d = 0;
        if (!DoubleOf(in, &d)) return false;
        rep ? r->AddDouble(m, f, d) : r->SetDouble(m, f, d);
        return true;
      }
      case FieldDescriptor::CPPTYPE_FLOAT: {
        double d = 0;
        if (!DoubleOf(in, &d)) return false;
        if (std::isfinite(d) && std::fabs(d) > FLT_MAX) return Fail("number out of range");
        rep ? r->AddFloat(m, f, static_cast<float>(d)) : r->SetFloat(m, f, static_cast<float>(d));
        return true;
      }
      default:
        return Fail("unsupported field type");
    }
  }

  // --- messages --------------------------------------------------------------------------------
  // Parses `v` into message `m` (an object, or a well-known type's form).
  bool ParseMessage(od::value& v, Message* m, int depth) {
    if (depth > kMaxDepth) return Fail("nested too deeply");
    switch (WellKnownTypeOf(m->GetDescriptor())) {
      case WellKnownType::kNone:
        return Object(v, m, depth);
      case WellKnownType::kTimestamp:
        return TimestampValue(v, m);
      case WellKnownType::kDuration:
        return DurationValue(v, m);
      case WellKnownType::kFieldMask:
        return FieldMaskValue(v, m);
      case WellKnownType::kWrapper:
        return Scalar(v, m, m->GetDescriptor()->FindFieldByNumber(1));
      case WellKnownType::kStruct:
        return Map(v, m, m->GetDescriptor()->FindFieldByNumber(1), depth);
      case WellKnownType::kValue:
        return AnyJsonValue(v, m, depth);
      case WellKnownType::kList:
        return ListValue(v, m, depth);
      case WellKnownType::kEmpty: {
        od::object object;
        if (auto e = v.get_object().get(object); e != simdjson::SUCCESS) {
          return TypeError(e, "expected an object");
        }
        bool empty = false;
        if (auto e = object.is_empty().get(empty); e != simdjson::SUCCESS) return JsonError(e);
        if (!empty) return Fail("google.protobuf.Empty must be {}");
        return true;
      }
    }
    return false;
  }

  bool Object(od::value& v, Message* m, int depth) {
    od::object object;
    if (auto e = v.get_object().get(object); e != simdjson::SUCCESS) {
      return TypeError(e, "expected an object");
    }
    const Descriptor* d = m->GetDescriptor();
    std::vector<const FieldDescriptor*> seen;
    for (auto entry : object) {
      od::field field;
      if (auto e = std::move(entry).get(field); e != simdjson::SUCCESS) return JsonError(e);
      std::string_view key;
      if (auto e = field.unescaped_key().get(key); e != simdjson::SUCCESS) return JsonError(e);
      const FieldDescriptor* f = FieldByJsonName(d, absl::string_view(key.data(), key.size()));
      // Paths use proto field names, as every other violation does (`display_name`).
      path_.push_back(f == nullptr ? std::string(key) : f->name());
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
      if (!Field(field.value(), m, f, depth)) return false;
      path_.pop_back();
    }
    return true;
  }

  bool Field(od::value v, Message* m, const FieldDescriptor* f, int depth) {
    // null: the field keeps its default, except where null is itself a value.
    if (!(IsValueField(f) && !f->is_repeated()) && !IsNullValueField(f)) {
      bool is_null = false;
      if (!IsNull(v, &is_null)) return false;
      if (is_null) return true;
    }
    if (f->is_map()) return Map(v, m, f, depth);
    if (!f->is_repeated()) return Element(v, m, f, depth);
    od::array array;
    if (auto e = v.get_array().get(array); e != simdjson::SUCCESS) {
      return TypeError(e, "expected an array");
    }
    int index = 0;
    for (auto item : array) {
      od::value element;
      if (auto e = std::move(item).get(element); e != simdjson::SUCCESS) return JsonError(e);
      path_.push_back(absl::StrCat("[", index++, "]"));
      if (!IsValueField(f)) {
        bool is_null = false;
        if (!IsNull(element, &is_null)) return false;
        if (is_null) return Fail("null is not allowed in an array");
      }
      if (!Element(element, m, f, depth)) return false;
      path_.pop_back();
    }
    return true;
  }

  // One value of `f` (singular, or one element when repeated).
  bool Element(od::value& v, Message* m, const FieldDescriptor* f, int depth) {
    const Reflection* r = m->GetReflection();
    if (IsNullValueField(f)) {
      bool is_null = false;
      if (!IsNull(v, &is_null)) return false;
      if (!is_null) return Fail("expected null");
      f->is_repeated() ? r->AddEnumValue(m, f, 0) : r->SetEnumValue(m, f, 0);
      return true;
    }
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Message* child = f->is_repeated() ? r->AddMessage(m, f) : r->MutableMessage(m, f);
      return ParseMessage(v, child, depth + 1);
    }
    return Scalar(v, m, f);
  }

  bool SetMapKey(Message* entry, const FieldDescriptor* key_field, const std::string& key) {
    const Reflection* er = entry->GetReflection();
    switch (key_field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        er->SetString(entry, key_field, key);
        return true;
      case FieldDescriptor::CPPTYPE_BOOL:
        if (key != "true" && key != "false") return Fail("map key must be true or false");
        er->SetBool(entry, key_field, key == "true");
        return true;
      case FieldDescriptor::CPPTYPE_INT32:
      case FieldDescriptor::CPPTYPE_INT64: {
        int64_t v = 0;
        const bool is32 = key_field->cpp_type() == FieldDescriptor::CPPTYPE_INT32;
        if (!IsDecimalInteger(key, /*allow_minus=*/true) || !absl::SimpleAtoi(key, &v) ||
            (is32 && (v < INT32_MIN || v > INT32_MAX))) {
          return Fail("map key must be an integer in range");
        }
        is32 ? er->SetInt32(entry, key_field, static_cast<int32_t>(v))
             : er->SetInt64(entry, key_field, v);
        return true;
      }
      case FieldDescriptor::CPPTYPE_UINT32:
      case FieldDescriptor::CPPTYPE_UINT64: {
        uint64_t v = 0;
        const bool is32 = key_field->cpp_type() == FieldDescriptor::CPPTYPE_UINT32;
        if (!IsDecimalInteger(key, /*allow_minus=*/false) || !absl::SimpleAtoi(key, &v) ||
            (is32 && v > UINT32_MAX)) {
          return Fail("map key must be a non-negative integer in range");
        }
        is32 ? er->SetUInt32(entry, key_field, static_cast<uint32_t>(v))
             : er->SetUInt64(entry, key_field, v);
        return true;
      }
      default:
        return Fail("unsupported map key type");
    }
  }

  bool Map(od::value& v, Message* m, const FieldDescriptor* f, int depth) {
    od::object object;
    if (auto e = v.get_object().get(object); e != simdjson::SUCCESS) {
      return TypeError(e, "expected an object");
    }
    const FieldDescriptor* key_field = f->message_type()->map_key();
    const FieldDescriptor* value_field = f->message_type()->map_value();
    std::vector<std::string> keys;
    for (auto entry : object) {
      od::field field;
      if (auto e = std::move(entry).get(field); e != simdjson::SUCCESS) return JsonError(e);
      std::string_view raw_key;
      if (auto e = field.unescaped_key().get(raw_key); e != simdjson::SUCCESS) {
        return JsonError(e);
      }
      std::string key(raw_key);
      path_.push_back(key);
      for (const std::string& k : keys) {
        if (k == key) return Fail("appears twice");
      }
      keys.push_back(key);
      Message* map_entry = m->GetReflection()->AddMessage(m, f);
      if (!SetMapKey(map_entry, key_field, key)) return false;
      od::value value = field.value();
      if (!IsValueField(value_field)) {
        bool is_null = false;
        if (!IsNull(value, &is_null)) return false;
        if (is_null) return Fail("map values must not be null");
      }
      if (!Element(value, map_entry, value_field, depth)) return false;
      path_.pop_back();
    }
    return true;
  }

  // --- well-known types ------------------------------------------------------------------------
  bool TimestampValue(od::value& v, Message* m) {
    std::string text;
    if (!String(v, &text)) return false;
    absl::Time t;
    std::string err;
    if (!IsTimestampText(text) || !absl::ParseTime(absl::RFC3339_full, text, &t, &err)) {
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

  bool DurationValue(od::value& v, Message* m) {
    std::string text;
    if (!String(v, &text)) return false;
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

  bool FieldMaskValue(od::value& v, Message* m) {
    std::string text;
    if (!String(v, &text)) return false;
    const FieldDescriptor* paths = m->GetDescriptor()->FindFieldByNumber(1);
    if (text.empty()) return true;
    for (absl::string_view path : absl::StrSplit(text, ',')) {
      // lowerCamelCase names joined by dots. Stricter than JsonUtil, which also takes its
      // `a(b,c)` grouping, empty paths and any other character as they are.
      bool well_formed = !path.empty() && path.front() != '.' && path.back() != '.' &&
                         path.find("..") == absl::string_view::npos;
      for (char c : path) well_formed = well_formed && (absl::ascii_isalnum(c) || c == '.');
      if (!well_formed) return Fail("field mask paths are lowerCamelCase names joined by dots");
      m->GetReflection()->AddString(m, paths, FieldMaskPathToSnakeCase(path));
    }
    return true;
  }

  bool ListValue(od::value& v, Message* m, int depth) {
    const FieldDescriptor* values = m->GetDescriptor()->FindFieldByNumber(1);
    od::array array;
    if (auto e = v.get_array().get(array); e != simdjson::SUCCESS) {
      return TypeError(e, "expected an array");
    }
    int index = 0;
    for (auto item : array) {
      od::value element;
      if (auto e = std::move(item).get(element); e != simdjson::SUCCESS) return JsonError(e);
      path_.push_back(absl::StrCat("[", index++, "]"));
      if (!ParseMessage(element, m->GetReflection()->AddMessage(m, values), depth + 1)) {
        return false;
      }
      path_.pop_back();
    }
    return true;
  }

  // google.protobuf.Value: whatever JSON is there.
  bool AnyJsonValue(od::value& v, Message* m, int depth) {
    const Descriptor* d = m->GetDescriptor();
    const Reflection* r = m->GetReflection();
    od::json_type type;
    if (auto e = v.type().get(type); e != simdjson::SUCCESS) return JsonError(e);
    switch (type) {
      case od::json_type::null: {
        bool is_null = false;
        if (!IsNull(v, &is_null)) return false;
        r->SetEnumValue(m, d->FindFieldByName("null_value"), 0);
        return true;
      }
      case od::json_type::boolean: {
        bool b = false;
        if (auto e = v.get_bool().get(b); e != simdjson::SUCCESS) {
          return TypeError(e, "expected a value");
        }
        r->SetBool(m, d->FindFieldByName("bool_value"), b);
        return true;
      }
      case od::json_type::string: {
        std::string s;
        if (!String(v, &s)) return false;
        r->SetString(m, d->FindFieldByName("string_value"), std::move(s));
        return true;
      }
      case od::json_type::object:
        return Map(v, r->MutableMessage(m, d->FindFieldByName("struct_value")),
                   d->FindFieldByName("struct_value")->message_type()->FindFieldByNumber(1),
                   depth + 1);
      case od::json_type::array:
        return ListValue(v, r->MutableMessage(m, d->FindFieldByName("list_value")), depth + 1);
      case od::json_type::number: {
        NumberInput in;
        if (!Number(v, &in)) return false;
        double n = 0;
        if (!DoubleOf(in, &n)) return false;
        if (!std::isfinite(n)) return Fail("number out of range");
        r->SetDouble(m, d->FindFieldByName("number_value"), n);
        return true;
      }
    }
    return Fail("expected a value");
  }

  JsonParseError* error_;
  bool failed_ = false;
  std::vector<std::string> path_;
};

}  // namespace

bool ParseJson(absl::string_view json, Message* message, JsonParseError* error) {
  return Parser(error).Document(json, message);
}

}  // namespace civitas::json
