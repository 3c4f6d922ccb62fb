// Checks on value types that many resource fields share: localized text, calendar dates, money,
// resource names. Each adds violations naming the field; none does I/O.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "civitas/common/v1/types.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/map.h"
#include "google/protobuf/repeated_field.h"
#include "libs/common/exact_integer.h"
#include "libs/common/field_violations.h"

namespace civitas::aip {

// Language keys accepted in localized text.
bool IsSupportedLanguage(const std::string& code);

// Characters (Unicode code points) of UTF-8 `text`: what a length limit counts, so that Armenian,
// Georgian and Cyrillic text gets the length Latin text gets (two or three bytes a letter).
size_t CharacterCount(absl::string_view text);

// At least one entry when `required`; keys hy ro ru uk ka en; values 1..max_len characters.
void CheckLocalizedText(const google::protobuf::Map<std::string, std::string>& text,
                        const std::string& field, bool required, size_t max_len, Violations* v);

// `YYYY-MM-DD`, a real calendar date.
bool IsValidDate(const std::string& date);
void CheckDate(const std::string& date, const std::string& field, bool required, Violations* v);
// When both are valid dates, the end not before the start. It checks the order only: each date's
// own validity is CheckDate's (call both).
void CheckDateRange(const std::string& start, const std::string& end,
                    const std::string& start_field, const std::string& end_field, Violations* v);

// ISO 4217 code among those Civitas handles; 0 <= amount_minor <= kMaxExactInteger.
bool IsSupportedCurrency(const std::string& code);
void CheckMoney(const civitas::common::v1::Money& money, const std::string& field, bool required,
                Violations* v);

// `collection/{id}` with a valid id.
bool IsResourceName(const std::string& name, const std::string& collection);
void CheckResourceName(const std::string& name, const std::string& collection,
                       const std::string& field, bool required, Violations* v);
// The id part of a resource name (empty when the name is not of `collection`).
std::string IdOf(const std::string& name, const std::string& collection);

// A repeated enum field: every entry a defined value of `type` other than 0 (unspecified), none
// twice; violations name `field[i]` and say "is not a known <what>".
void CheckEnumList(const google::protobuf::RepeatedField<int>& values,
                   const google::protobuf::EnumDescriptor* type, const std::string& what,
                   const std::string& field, Violations* v);

// A single enum field: one of `allowed` (every defined value but 0 when empty). 0 reads "is
// required: A, B or C"; an undefined number "is not a known <Type> (7); one of A, B or C"; a
// defined value not allowed "must be A, B or C". The names are the enum's own.
void CheckEnum(int value, const google::protobuf::EnumDescriptor* type,
               const std::vector<int>& allowed, const std::string& field, Violations* v);

// Plain text of at most max_len characters (CharacterCount), required or not.
void CheckText(const std::string& text, const std::string& field, bool required, size_t max_len,
               Violations* v);

}  // namespace civitas::aip
