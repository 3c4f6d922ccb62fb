#include "services/accreditation/domain/register_queries.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/common/calendar.h"
#include "services/accreditation/domain/cases.h"
#include "services/accreditation/domain/certificates.h"
#include "services/accreditation/domain/standards.h"

namespace civitas::accreditation {
namespace {

// A violation under `filter` for each term on a field outside `allowed`.
void CheckFilterFields(const std::vector<aip::FilterTerm>& terms,
                       std::initializer_list<std::string_view> allowed, const char* allowed_text,
                       Violations* v) {
  for (const aip::FilterTerm& term : terms) {
    if (std::find(allowed.begin(), allowed.end(), term.field->name) == allowed.end()) {
      v->Add("filter", absl::StrCat("filters on ", allowed_text, " only, not ", term.field->name));
    }
  }
}

void CheckOptionalDay(const std::string& date, const char* field, absl::CivilDay* day,
                      Violations* v) {
  if (!date.empty() && !ParseDay(date, day)) v->Add(field, "must be a date, YYYY-MM-DD");
}

}  // namespace

void CheckAccreditationQuestion(const std::string& provider, const std::string& service_type,
                                const std::string& date, absl::CivilDay* day, Violations* v) {
  aip::CheckNameOf<registry::v1::Organization>(provider, "provider", true, v);
  if (!IsServiceTypeCode(service_type)) v->Add("service_type", "must be a service type code");
  CheckOptionalDay(date, "date", day, v);
}

void CheckValidOn(const std::string& valid_on, absl::CivilDay* day, Violations* v) {
  CheckOptionalDay(valid_on, "valid_on", day, v);
}

void CheckExpiringQuery(int within_days, const std::vector<aip::FilterTerm>& terms, Violations* v) {
  if (within_days < 0 || within_days > 3650) v->Add("within_days", "must be 0..3650");
  CheckFilterFields(terms, {"country", "provider", "service_type"},
                    "country, provider and service_type", v);
}

std::optional<v1::ExpiringCertificate> ExpiringRowOf(v1::Certificate c, absl::CivilDay today,
                                                     int within_days) {
  const v1::CertificateState standing = StateOn(c, today);
  if (std::find(kStatesThatCanExpire.begin(), kStatesThatCanExpire.end(), standing) ==
      kStatesThatCanExpire.end()) {
    return std::nullopt;
  }
  const int64_t left = DaysLeft(c, today);
  if (left > within_days) return std::nullopt;
  ShowStateOn(today, &c);
  v1::ExpiringCertificate row;
  row.set_days_left(static_cast<int32_t>(left));
  *row.mutable_certificate() = std::move(c);
  return row;
}

void SortExpiring(std::vector<v1::ExpiringCertificate>* rows) {
  std::sort(rows->begin(), rows->end(), [](const auto& a, const auto& b) {
    if (a.days_left() != b.days_left()) return a.days_left() < b.days_left();
    return a.certificate().name() < b.certificate().name();
  });
}

void CheckOverdueQuery(const std::string& as_of, const std::vector<aip::FilterTerm>& terms,
                       absl::CivilDay* day, Violations* v) {
  CheckOptionalDay(as_of, "as_of", day, v);
  CheckFilterFields(terms, {"country", "provider"}, "country and provider", v);
}

std::vector<v1::OverdueCorrectiveAction> OverdueRowsOf(const v1::AccreditationCase& c,
                                                       absl::CivilDay day) {
  std::vector<v1::OverdueCorrectiveAction> out;
  for (const v1::CorrectiveAction& a : OverdueActionsOf(c, day)) {
    v1::OverdueCorrectiveAction& o = out.emplace_back();
    o.set_case_(c.name());
    o.set_provider(c.provider());
    o.set_certificate(c.decision().certificate());
    *o.mutable_action() = a;
    // A deadline that does not parse (none is stored so) leaves the days unknown: 0.
    if (absl::CivilDay deadline; ParseDay(a.deadline(), &deadline)) {
      o.set_days_overdue(static_cast<int32_t>(day - deadline));
    }
  }
  return out;
}

}  // namespace civitas::accreditation
