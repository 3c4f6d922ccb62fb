#include "services/accreditation/domain/issued_certificates.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/common/calendar.h"

namespace civitas::accreditation {
namespace {

absl::CivilDay Today(absl::Time now) { return absl::ToCivilDay(now, absl::UTCTimeZone()); }

}  // namespace

bool IssuesCertificate(v1::DecisionOutcome outcome) {
  return outcome == v1::ACCREDIT || outcome == v1::ACCREDIT_PROVISIONALLY;
}

v1::Certificate MakeCertificate(const v1::AccreditationCase& decided,
                                const DecisionRequest& request, const v1::CountryPolicy& policy,
                                int64_t n, std::vector<std::string> territories,
                                const std::string& actor, absl::Time now) {
  const absl::CivilDay today = Today(now);
  const v1::AccreditationKind kind = CertificateKind(decided, request.outcome);
  const Validity validity = IssueValidity(kind, policy, today, request.corrective_actions);
  v1::Certificate certificate;
  certificate.set_number(CertificateNumber(decided.country(), today.year(), n));
  certificate.set_country(decided.country());
  certificate.set_provider(decided.provider());
  *certificate.mutable_service_types() = decided.service_types();
  *certificate.mutable_social_services() = decided.social_services();
  certificate.set_kind(kind);
  certificate.set_case_(decided.name());
  certificate.set_valid_from(FormatDay(validity.from));
  certificate.set_valid_to(FormatDay(validity.to));
  certificate.set_state(v1::ACTIVE);
  *certificate.add_history() = Issued(validity, actor, now);
  certificate.set_renews(decided.renews());
  certificate.mutable_territories()->Assign(territories.begin(), territories.end());
  return certificate;
}

std::vector<std::string> CertificateTerritories(
    const std::vector<registry::v1::SocialService>& services,
    const registry::v1::Organization& provider) {
  std::set<std::string> out;
  for (const registry::v1::SocialService& s : services) {
    if (!s.territory().empty()) out.insert(s.territory());
  }
  if (out.empty()) out.insert(provider.territories().begin(), provider.territories().end());
  return std::vector<std::string>(out.begin(), out.end());
}

ChangeRequest RenewalBy(const v1::Certificate& issued, const std::string& issued_name,
                        const v1::AccreditationCase& decided, const std::string& actor,
                        absl::Time now) {
  ChangeRequest change;
  change.today = Today(now);
  change.effective_from = change.today;
  ParseDay(issued.valid_from(), &change.effective_from);
  change.now = now;
  change.actor = actor;
  change.reason = absl::StrCat("renewed by ", issued_name, " (", decided.name(), ")");
  return change;
}

}  // namespace civitas::accreditation
