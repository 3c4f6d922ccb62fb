#include "services/grants/domain/programmes.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"

namespace civitas::grants {
namespace {

// An IATI activity identifier: the reporting organisation's identifier and the activity's own,
// e.g. `XI-IATI-EC_NEAR-ENI/2019/410-270`; printable, no spaces.
bool IsIatiIdentifier(const std::string& id) {
  if (id.empty() || id.size() > 150) return false;
  for (char c : id) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

}  // namespace

void ValidateProgramme(const v1::Programme& p, Violations* v) {
  aip::CheckLocalizedText(p.display_name(), "programme.display_name", true, 200, v);
  aip::CheckLocalizedText(p.description(), "programme.description", false, 5000, v);
  aip::CheckNameOf<registry::v1::Organization>(p.funder(), "programme.funder", true, v);
  aip::CheckNameOf<registry::v1::Organization>(p.lead_organization(), "programme.lead_organization",
                                               true, v);
  aip::CheckMoney(p.envelope(), "programme.envelope", true, v);
  if (p.has_envelope() && p.envelope().amount_minor() <= 0) {
    v->Add("programme.envelope.amount_minor", "must be positive");
  }
  aip::CheckDate(p.start_date(), "programme.start_date", true, v);
  aip::CheckDate(p.end_date(), "programme.end_date", true, v);
  if (aip::IsValidDate(p.start_date()) && aip::IsValidDate(p.end_date())) {
    aip::CheckDateRange(p.start_date(), p.end_date(), "programme.start_date", "programme.end_date",
                        v);
  }
  std::set<std::string> territories;
  for (int i = 0; i < p.territories_size(); ++i) {
    const std::string field = absl::StrCat("programme.territories[", i, "]");
    aip::CheckNameOf<registry::v1::Territory>(p.territories(i), field, true, v);
    if (!territories.insert(p.territories(i)).second) v->Add(field, "is listed twice");
  }
  std::set<std::string> languages;
  for (int i = 0; i < p.languages_size(); ++i) {
    const std::string field = absl::StrCat("programme.languages[", i, "]");
    if (!aip::IsSupportedLanguage(p.languages(i))) {
      v->Add(field, "must be one of hy ro ru uk ka en");
    } else if (!languages.insert(p.languages(i)).second) {
      v->Add(field, "is listed twice");
    }
  }
  if (!p.parent_grant().empty() && !p.parent_iati_activity().empty()) {
    v->Add("programme.parent_iati_activity",
           "a programme has one parent: a Civitas grant or an IATI activity, not both");
  }
  aip::CheckNameOf<v1::Grant>(p.parent_grant(), "programme.parent_grant", false, v);
  if (!p.parent_iati_activity().empty() && !IsIatiIdentifier(p.parent_iati_activity())) {
    v->Add("programme.parent_iati_activity",
           "must be an IATI activity identifier: printable, no spaces, at most 150 characters");
  }
}

void ValidateProgrammeChange(const v1::Programme& before, const v1::Programme& after,
                             Violations* v) {
  if (before.envelope().currency_code() != after.envelope().currency_code()) {
    v->Add("programme.envelope.currency_code",
           absl::StrCat("is fixed once the programme exists (", before.envelope().currency_code(),
                        ")"));
  }
}

void CheckParentGrant(const v1::Programme& programme, const v1::Grant& parent, Violations* v) {
  if (parent.amount().currency_code() != programme.envelope().currency_code()) {
    v->Add("programme.envelope.currency_code", absl::StrCat("must be the parent grant's currency (",
                                                            parent.amount().currency_code(), ")"));
  }
  if (parent.recipient() != programme.lead_organization()) {
    v->Add("programme.lead_organization",
           absl::StrCat("must be the parent grant's recipient (", parent.recipient(),
                        "): it re-grants what it received"));
  }
}

int64_t EnvelopeHeldFromParentGrant(const v1::Programme* programme) {
  if (programme == nullptr || programme->state() == v1::PROGRAMME_ARCHIVED) return 0;
  return programme->envelope().amount_minor();
}

}  // namespace civitas::grants
