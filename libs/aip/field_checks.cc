#include "libs/aip/field_checks.h"

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "libs/common/exact_integer.h"
#include "libs/common/id_generator.h"

namespace civitas::aip {

void CheckEnumList(const google::protobuf::RepeatedField<int>& values,
                   const google::protobuf::EnumDescriptor* type, const std::string& what,
                   const std::string& field, Violations* v) {
  std::set<int> seen;
  for (int i = 0; i < values.size(); ++i) {
    const std::string at = absl::StrCat(field, "[", i, "]");
    if (values[i] == 0 || type->FindValueByNumber(values[i]) == nullptr) {
      v->Add(at, absl::StrCat("is not a known ", what));
    } else if (!seen.insert(values[i]).second) {
      v->Add(at, "is listed twice");
    }
  }
}

void CheckEnum(int value, const google::protobuf::EnumDescriptor* type,
               const std::vector<int>& allowed, const std::string& field, Violations* v) {
  std::vector<int> choices = allowed;
  if (choices.empty()) {
    for (int i = 0; i < type->value_count(); ++i) {
      if (type->value(i)->number() != 0) choices.push_back(type->value(i)->number());
    }
  }
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return;
  std::string names;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) names += i + 1 == choices.size() ? " or " : ", ";
    const auto* known = type->FindValueByNumber(choices[i]);
    names += known == nullptr ? absl::StrCat(choices[i]) : known->name();
  }
  if (value == 0) {
    v->Add(field, absl::StrCat("is required: ", names));
  } else if (type->FindValueByNumber(value) == nullptr) {
    v->Add(field, absl::StrCat("is not a known ", type->name(), " (", value, "); one of ", names));
  } else {
    v->Add(field, absl::StrCat("must be ", names));
  }
}

bool IsSupportedLanguage(const std::string& code) {
  for (const char* c : {"hy", "ro", "ru", "uk", "ka", "en"}) {
    if (code == c) return true;
  }
  return false;
}

size_t CharacterCount(absl::string_view text) {
  // Every byte but UTF-8's continuation bytes (10xxxxxx) starts a character. A character is at
  // most 4 bytes: text that is not UTF-8 (a run of continuation bytes) still counts a quarter of
  // its bytes, so that a limit bounds its size whatever it holds.
  size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return std::max(count, (text.size() + 3) / 4);
}

void CheckLocalizedText(const google::protobuf::Map<std::string, std::string>& text,
                        const std::string& field, bool required, size_t max_len, Violations* v) {
  if (required && text.empty()) {
    v->Add(field, "must have a value in at least one language (hy, ro, ru, uk, ka, en)");
  }
  for (const auto& [lang, value] : text) {
    if (!IsSupportedLanguage(lang)) {
      v->Add(absl::StrCat(field, "[", lang, "]"), "language must be one of hy, ro, ru, uk, ka, en");
    } else if (value.empty() || CharacterCount(value) > max_len) {
      v->Add(absl::StrCat(field, "[", lang, "]"),
             absl::StrCat("must be 1 to ", max_len, " characters long"));
    }
  }
}

bool IsValidDate(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(date.substr(0, 4), &y) || !absl::SimpleAtoi(date.substr(5, 2), &m) ||
      !absl::SimpleAtoi(date.substr(8, 2), &d)) {
    return false;
  }
  absl::CivilDay day(y, m, d);
  return day.year() == y && day.month() == m && day.day() == d && y >= 1900 && y <= 2200;
}

void CheckDate(const std::string& date, const std::string& field, bool required, Violations* v) {
  if (date.empty()) {
    if (required) v->Add(field, "is required (YYYY-MM-DD)");
    return;
  }
  if (!IsValidDate(date)) v->Add(field, "must be a calendar date YYYY-MM-DD");
}

void CheckDateRange(const std::string& start, const std::string& end,
                    const std::string& start_field, const std::string& end_field, Violations* v) {
  if (!start.empty() && !end.empty() && IsValidDate(start) && IsValidDate(end) && end < start) {
    v->Add(end_field, absl::StrCat("must not be before ", start_field));
  }
}

bool IsSupportedCurrency(const std::string& code) {
  for (const char* c : {"EUR", "AMD", "MDL", "GEL", "UAH", "USD"}) {
    if (code == c) return true;
  }
  return false;
}

void CheckMoney(const civitas::common::v1::Money& money, const std::string& field, bool required,
                Violations* v) {
  if (money.currency_code().empty() && money.amount_minor() == 0) {
    if (required) v->Add(field, "is required");
    return;
  }
  if (!IsSupportedCurrency(money.currency_code())) {
    v->Add(field + ".currency_code", "must be one of EUR, AMD, MDL, GEL, UAH, USD");
  }
  if (money.amount_minor() < 0) {
    v->Add(field + ".amount_minor", "must not be negative");
  } else if (money.amount_minor() > kMaxExactInteger) {
    v->Add(field + ".amount_minor", absl::StrCat("must be at most ", kMaxExactInteger,
                                                 " (the largest amount held exactly)"));
  }
}

bool IsResourceName(const std::string& name, const std::string& collection) {
  std::string prefix = collection + "/";
  return absl::StartsWith(name, prefix) && IsValidResourceId(name.substr(prefix.size()));
}

std::string IdOf(const std::string& name, const std::string& collection) {
  return IsResourceName(name, collection) ? name.substr(collection.size() + 1) : "";
}

void CheckResourceName(const std::string& name, const std::string& collection,
                       const std::string& field, bool required, Violations* v) {
  if (name.empty()) {
    if (required) v->Add(field, absl::StrCat("is required (", collection, "/{id})"));
    return;
  }
  if (!IsResourceName(name, collection)) {
    v->Add(field, absl::StrCat("must be a resource name ", collection, "/{id}"));
  }
}

void CheckText(const std::string& text, const std::string& field, bool required, size_t max_len,
               Violations* v) {
  if (text.empty()) {
    if (required) v->Add(field, "is required");
    return;
  }
  if (CharacterCount(text) > max_len) {
    v->Add(field, absl::StrCat("must be at most ", max_len, " characters"));
  }
}

}  // namespace civitas::aip
