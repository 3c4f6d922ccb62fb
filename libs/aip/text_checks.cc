#include "libs/aip/text_checks.h"

#include <array>
#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/aip/field_behavior.h"
#include "libs/common/text_characters.h"

namespace civitas::aip {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr std::array<absl::string_view, 10> kProseEndings = {
    "description", "summary", "narrative", "note",      "notes",
    "comment",     "reason",  "reasons",   "statement", "evidence"};

void CheckString(const std::string& text, const std::string& path, bool multiline, Violations* v) {
  if (std::string problem = TextProblem(text, multiline); !problem.empty()) {
    v->Add(path, std::move(problem));
  }
}

void CheckMessage(const Message& message, const std::string& prefix, Violations* v);

// One value of `field` (a singular field, a repeated entry or a map value) at `path`.
void CheckValue(const Message& message, const FieldDescriptor* field, int index,
                const std::string& path, Violations* v) {
  const Reflection* r = message.GetReflection();
  if (field->type() == FieldDescriptor::TYPE_STRING) {
    std::string scratch;
    const std::string& text = index < 0
                                  ? r->GetStringReference(message, field, &scratch)
                                  : r->GetRepeatedStringReference(message, field, index, &scratch);
    CheckString(text, path, IsProseField(field), v);
  } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    const Message& inner =
        index < 0 ? r->GetMessage(message, field) : r->GetRepeatedMessage(message, field, index);
    CheckMessage(inner, path, v);
  }
}

void CheckMessage(const Message& message, const std::string& prefix, Violations* v) {
  const Reflection* r = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->type() != FieldDescriptor::TYPE_STRING &&
        field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    if (HasFieldBehavior(field, google::api::OUTPUT_ONLY)) continue;
    const std::string path =
        prefix.empty() ? field->name() : absl::StrCat(prefix, ".", field->name());
    if (field->is_map()) {
      // map<string, V>: the key is text too (a language code, say), the value at `path[key]`.
      const FieldDescriptor* key_field = field->message_type()->map_key();
      const FieldDescriptor* value_field = field->message_type()->map_value();
      for (int i = 0; i < r->FieldSize(message, field); ++i) {
        const Message& entry = r->GetRepeatedMessage(message, field, i);
        const Reflection* er = entry.GetReflection();
        std::string key;
        if (key_field->type() == FieldDescriptor::TYPE_STRING) {
          key = er->GetString(entry, key_field);
          if (std::string problem = TextProblem(key, false); !problem.empty()) {
            v->Add(absl::StrCat(path, " key"), std::move(problem));
            continue;
          }
        } else {
          key = absl::StrCat(i);
        }
        const std::string entry_path = absl::StrCat(path, "[", key, "]");
        if (value_field->type() == FieldDescriptor::TYPE_STRING) {
          CheckString(er->GetString(entry, value_field), entry_path, IsProseField(field), v);
        } else if (value_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          CheckMessage(er->GetMessage(entry, value_field), entry_path, v);
        }
      }
    } else if (field->is_repeated()) {
      for (int i = 0; i < r->FieldSize(message, field); ++i) {
        CheckValue(message, field, i, absl::StrCat(path, "[", i, "]"), v);
      }
    } else {
      CheckValue(message, field, -1, path, v);
    }
  }
}

}  // namespace

bool IsProseField(const FieldDescriptor* field) {
  // Free data (google.protobuf.Struct values, e.g. indicator contributions) may be any text.
  if (field->containing_type() != nullptr &&
      field->containing_type()->full_name() == "google.protobuf.Value") {
    return true;
  }
  for (absl::string_view ending : kProseEndings) {
    if (absl::EndsWith(field->name(), ending)) return true;
  }
  return false;
}

std::string TextProblem(absl::string_view text, bool multiline) {
  size_t i = 0;
  for (int position = 1; i < text.size(); ++position) {
    const int32_t cp = NextCodePoint(text, &i);
    if (cp < 0) return absl::StrCat("is not valid UTF-8 (at character ", position, ")");
    const bool line_break = IsLineBreakOrTab(cp);
    if (line_break && !multiline) {
      return absl::StrFormat(
          "must be a single line: U+%04X (%s) at character %d is allowed only in descriptions, "
          "notes, comments and other prose",
          cp,
          cp == '\t'   ? "tab"
          : cp == '\n' ? "line feed"
                       : "carriage return",
          position);
    }
    if (!line_break && IsControlCharacter(cp)) {
      return absl::StrFormat("must not contain control character U+%04X (at character %d)", cp,
                             position);
    }
    if (IsNoncharacter(cp)) {
      return absl::StrFormat(
          "must not contain U+%04X (at character %d): it is not a character, and XML forbids it",
          cp, position);
    }
  }
  return "";
}

void CheckTextFields(const Message& message, Violations* v) { CheckMessage(message, "", v); }

}  // namespace civitas::aip
