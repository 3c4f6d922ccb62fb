#include "libs/aip/filter.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/field_violations.h"

namespace civitas::aip {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

absl::Status FilterError(const std::string& why) { return InvalidArgumentError({{"filter", why}}); }

class Lexer {
 public:
  explicit Lexer(const std::string& text) : text_(text) {}

  void SkipSpace() {
    while (pos_ < text_.size() && absl::ascii_isspace(static_cast<unsigned char>(text_[pos_]))) {
      ++pos_;
    }
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ >= text_.size();
  }
  // A field name or bare word: letters, digits, `_ - . / | @`.
  std::string Word() {
    SkipSpace();
    size_t start = pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
          c == '/' || c == '|' || c == '@') {
        ++pos_;
      } else {
        break;
      }
    }
    return text_.substr(start, pos_ - start);
  }
  absl::StatusOr<FilterTerm::Op> Operator() {
    SkipSpace();
    if (text_.compare(pos_, 2, "!=") == 0) {
      pos_ += 2;
      return FilterTerm::Op::kNotEquals;
    }
    if (pos_ < text_.size() && text_[pos_] == '=') {
      ++pos_;
      return FilterTerm::Op::kEquals;
    }
    if (pos_ < text_.size() && text_[pos_] == ':') {
      ++pos_;
      return FilterTerm::Op::kHas;
    }
    return FilterError(absl::StrCat("expected =, != or : at position ", pos_));
  }
  absl::StatusOr<std::string> Value() {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      std::string out;
      ++pos_;
      while (pos_ < text_.size() && text_[pos_] != '"') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
        out.push_back(text_[pos_++]);
      }
      if (pos_ >= text_.size()) return FilterError("unterminated quoted value");
      ++pos_;
      return out;
    }
    std::string w = Word();
    if (w.empty()) return FilterError(absl::StrCat("expected a value at position ", pos_));
    return w;
  }

 private:
  const std::string& text_;
  size_t pos_ = 0;
};

std::string ScalarAsString(const Message& m, const Reflection* r, const FieldDescriptor* f,
                           int index) {
  bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
    case FieldDescriptor::CPPTYPE_ENUM:
      return rep ? r->GetRepeatedEnum(m, f, index)->name() : r->GetEnum(m, f)->name();
    case FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
    case FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& sub = rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f);
      const auto* d = sub.GetDescriptor();
      if (f->is_map()) {
        // Map entries: the value.
        return ScalarAsString(sub, sub.GetReflection(), d->FindFieldByName("value"), 0);
      }
      const auto* scheme = d->FindFieldByName("scheme");
      const auto* value = d->FindFieldByName("value");
      if (scheme != nullptr && value != nullptr) {
        return absl::StrCat(sub.GetReflection()->GetString(sub, scheme), "|",
                            sub.GetReflection()->GetString(sub, value));
      }
      return "";
    }
    default:
      return "";
  }
}

}  // namespace

absl::StatusOr<std::vector<FilterTerm>> ParseFilter(const std::string& text,
                                                    const ResourceSpec& spec) {
  std::vector<FilterTerm> terms;
  if (text.size() > 2000) return FilterError("must be at most 2000 characters");
  Lexer lex(text);
  bool seen_subtree = false;
  while (!lex.AtEnd()) {
    if (!terms.empty()) {
      std::string conj = lex.Word();
      if (conj != "AND") {
        return FilterError(absl::StrCat("expected AND between terms, got '", conj,
                                        "' (OR and NOT are not supported)"));
      }
    }
    std::string name = lex.Word();
    if (name.empty()) return FilterError("expected a field name");
    const FilterField* field = spec.FindFilterField(name);
    if (field == nullptr) {
      std::string known;
      for (const auto& f : spec.filter_fields)
        absl::StrAppend(&known, known.empty() ? "" : ", ", f.name);
      return FilterError(absl::StrCat("unknown field '", name, "'; filterable: ", known));
    }
    auto op = lex.Operator();
    if (!op.ok()) return op.status();
    auto value = lex.Value();
    if (!value.ok()) return value.status();
    if (!field->values.empty() && *op != FilterTerm::Op::kHas &&
        std::find(field->values.begin(), field->values.end(), *value) == field->values.end()) {
      return FilterError(absl::StrCat("'", *value, "' is not a value of ", name, "; one of ",
                                      absl::StrJoin(field->values, ", ")));
    }
    if (field->subtree) {
      if (*op != FilterTerm::Op::kEquals) {
        return FilterError(absl::StrCat(name, " supports only ="));
      }
      if (seen_subtree) return FilterError(absl::StrCat(name, " may appear only once"));
      seen_subtree = true;
    }
    terms.push_back({field, *op, *value});
  }
  return terms;
}

std::vector<std::string> FieldValues(const Message& message, const std::string& proto_field) {
  std::vector<std::string> out;
  const auto* f = message.GetDescriptor()->FindFieldByName(proto_field);
  if (f == nullptr) return out;
  const Reflection* r = message.GetReflection();
  if (f->is_repeated()) {
    int n = r->FieldSize(message, f);
    for (int i = 0; i < n; ++i) out.push_back(ScalarAsString(message, r, f, i));
  } else {
    std::string v = ScalarAsString(message, r, f, 0);
    if (!v.empty()) out.push_back(std::move(v));
  }
  return out;
}

bool Matches(const Message& message, const FilterTerm& term) {
  if (term.field->subtree) return true;
  std::vector<std::string> values = FieldValues(message, term.field->proto_field);
  switch (term.op) {
    case FilterTerm::Op::kEquals:
      for (const auto& v : values) {
        if (v == term.value) return true;
      }
      return false;
    case FilterTerm::Op::kNotEquals:
      for (const auto& v : values) {
        if (v == term.value) return false;
      }
      return true;
    case FilterTerm::Op::kHas:
      for (const auto& v : values) {
        // ASCII case folding; other scripts (Armenian, Cyrillic, Georgian) match exactly.
        if (absl::StrContains(absl::AsciiStrToLower(v), absl::AsciiStrToLower(term.value))) {
          return true;
        }
      }
      return false;
  }
  return false;
}

bool MatchesAll(const Message& message, const std::vector<FilterTerm>& terms) {
  for (const FilterTerm& term : terms) {
    if (!Matches(message, term)) return false;
  }
  return true;
}

}  // namespace civitas::aip
