#include "services/advocacy/domain/record_checks.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "libs/aip/field_checks.h"
#include "libs/common/calendar.h"

namespace civitas::advocacy {

void CheckWebAddress(const std::string& uri, const std::string& field, Violations* v) {
  constexpr size_t kMaxUriLength = 2000;
  aip::CheckText(uri, field, false, kMaxUriLength, v);
  if (uri.empty()) return;
  absl::string_view rest = uri;
  const bool web = absl::ConsumePrefix(&rest, "https://") || absl::ConsumePrefix(&rest, "http://");
  // A host first, and nothing a browser would have to guess at: no blanks or control characters.
  bool clean = true;
  for (const char c : uri) clean &= static_cast<unsigned char>(c) > 0x20 && c != 0x7f;
  if (!web || rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#' ||
      !clean) {
    v->Add(field, "must be an https:// or http:// address with a host, without blanks");
  }
}

void CheckStatement(const std::string& text, const std::string& field, size_t max_len,
                    Violations* v) {
  const size_t problems = v->items().size();
  aip::CheckText(text, field, true, max_len, v);
  if (v->items().size() == problems && absl::StripAsciiWhitespace(text).empty()) {
    v->Add(field, "is required (not only blanks)");
  }
}

void CheckPastDate(const std::string& date, absl::CivilDay today, const std::string& field,
                   bool required, Violations* v) {
  aip::CheckDate(date, field, required, v);
  if (aip::IsValidDate(date) && date > FormatDay(today)) {
    v->Add(field, absl::StrCat("is in the future (today is ", FormatDay(today), ")"));
  }
}

}  // namespace civitas::advocacy
