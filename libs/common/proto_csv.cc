#include "libs/common/proto_csv.h"

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/json_util.h"
#include "libs/common/csv_cell.h"
#include "libs/common/utc_timestamp.h"

namespace civitas {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr const char* kLanguages[] = {"en", "hy", "ro", "ru", "uk", "ka"};

bool IsLocalizedText(const FieldDescriptor* f) {
  return f->is_map() && f->message_type()->map_key()->type() == FieldDescriptor::TYPE_STRING &&
         f->message_type()->map_value()->type() == FieldDescriptor::TYPE_STRING;
}

bool IsTimestamp(const Descriptor* d) {
  return d->full_name() == google::protobuf::Timestamp::descriptor()->full_name();
}

// A singular scalar (or enum) value as text.
std::string ScalarText(const Message& m, const FieldDescriptor* f, int index = -1) {
  const Reflection* r = m.GetReflection();
  const bool repeated = index >= 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return repeated ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int number = repeated ? r->GetRepeatedEnumValue(m, f, index) : r->GetEnumValue(m, f);
      const auto* value = f->enum_type()->FindValueByNumber(number);
      return value == nullptr ? absl::StrCat(number) : value->name();
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      return (repeated ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(repeated ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(repeated ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(repeated ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(repeated ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(repeated ? r->GetRepeatedDouble(m, f, index) : r->GetDouble(m, f));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return absl::StrCat(repeated ? r->GetRepeatedFloat(m, f, index) : r->GetFloat(m, f));
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return "";
}

std::string Json(const Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  if (!google::protobuf::util::MessageToJsonString(m, &out, options).ok()) return "";
  return out;
}

// A repeated message field or a map (entries are messages) as proto3 JSON: the field alone in a
// copy of its message, and its value cut out of `{"name":...}`.
std::string FieldJson(const Message& m, const FieldDescriptor* f) {
  std::unique_ptr<Message> only(m.New());
  only->CopyFrom(m);
  const Reflection* r = only->GetReflection();
  std::vector<const FieldDescriptor*> set;
  r->ListFields(*only, &set);
  for (const FieldDescriptor* other : set) {
    if (other != f) r->ClearField(only.get(), other);
  }
  if (r->FieldSize(*only, f) == 0) return "";
  const std::string whole = Json(*only);
  // {"jsonName":VALUE}
  const size_t colon = whole.find(':');
  if (colon == std::string::npos || whole.size() < colon + 2) return "";
  return whole.substr(colon + 1, whole.size() - colon - 2);
}

std::string TimestampText(const Message& m) {
  const auto* t = google::protobuf::DynamicCastToGenerated<google::protobuf::Timestamp>(&m);
  google::protobuf::Timestamp copy;
  if (t == nullptr) {
    copy.CopyFrom(m);
    t = &copy;
  }
  if (t->seconds() == 0 && t->nanos() == 0) return "";
  std::string out;
  AppendUtcTimestamp(t->seconds(), t->nanos(), -1, &out);
  return out;
}

// The columns (names, or cells) of `f` of message type `d`; `m` null for the header.
void Columns(const Descriptor* d, const Message* m, std::vector<std::string>* out,
             const std::string& prefix = "") {
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const std::string name = prefix + f->name();
    const Reflection* r = m == nullptr ? nullptr : m->GetReflection();
    if (IsLocalizedText(f)) {
      for (const char* language : kLanguages) {
        if (m == nullptr) {
          out->push_back(absl::StrCat(name, "_", language));
          continue;
        }
        std::string value;
        for (int k = 0; k < r->FieldSize(*m, f); ++k) {
          const Message& entry = r->GetRepeatedMessage(*m, f, k);
          const Descriptor* e = entry.GetDescriptor();
          if (entry.GetReflection()->GetString(entry, e->map_key()) == language) {
            value = entry.GetReflection()->GetString(entry, e->map_value());
          }
        }
        out->push_back(std::move(value));
      }
      continue;
    }
    if (f->is_repeated()) {
      if (m == nullptr) {
        out->push_back(name);
      } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        out->push_back(FieldJson(*m, f));
      } else {
        std::string joined;
        for (int k = 0; k < r->FieldSize(*m, f); ++k) {
          if (k > 0) joined += ';';
          joined += ScalarText(*m, f, k);
        }
        out->push_back(std::move(joined));
      }
      continue;
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      out->push_back(m == nullptr ? name : ScalarText(*m, f));
      continue;
    }
    const Descriptor* sub = f->message_type();
    if (IsTimestamp(sub)) {
      out->push_back(m == nullptr ? name : TimestampText(r->GetMessage(*m, f)));
    } else if (!prefix.empty()) {
      // Two levels down: as JSON.
      out->push_back(m == nullptr ? name : (r->HasField(*m, f) ? Json(r->GetMessage(*m, f)) : ""));
    } else {
      Columns(sub, m == nullptr ? nullptr : &r->GetMessage(*m, f), out, name + "_");
    }
  }
}

}  // namespace

std::string ProtoCsvHeader(const Descriptor* type) {
  std::vector<std::string> names;
  Columns(type, nullptr, &names);
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) AppendCsvCell(names[i], i + 1 == names.size(), &out);
  return out;
}

void AppendProtoCsvRow(const Message& message, std::string* out) {
  std::vector<std::string> cells;
  Columns(message.GetDescriptor(), &message, &cells);
  for (size_t i = 0; i < cells.size(); ++i) AppendCsvCell(cells[i], i + 1 == cells.size(), out);
}

}  // namespace civitas
