#include "services/accreditation/app/certificate_rules.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/accreditation/app/reference_checks.h"
#include "services/accreditation/domain/access_policy.h"
#include "services/accreditation/domain/cases.h"
#include "services/accreditation/domain/resource_spec.h"
#include "services/accreditation/domain/standards.h"
#include "services/accreditation/domain/state_models.h"

namespace civitas::accreditation {

const aip::ResourceSpec& CertificateRules::spec() const { return CertificateSpec(); }

const records::StateModel<v1::Certificate>& CertificateRules::states() const {
  return CertificateStates();
}

bool CertificateRules::CanRead(const records::RuleContext&, const v1::Certificate&) const {
  return true;
}

absl::Status CertificateRules::Authorize(const records::ChangeContext<v1::Certificate>& ctx,
                                         const v1::Certificate&) const {
  return AuthorizeCertificateChange(ctx.caller, ctx.change);
}

void CertificateRules::Validate(const v1::Certificate*, const v1::Certificate& after,
                                Violations* v) const {
  aip::CheckDate(after.valid_from(), "certificate.valid_from", true, v);
  aip::CheckDate(after.valid_to(), "certificate.valid_to", true, v);
}

absl::Status CertificateRules::LoadReferences(const records::ChangeContext<v1::Certificate>&,
                                              v1::Certificate*, Violations*,
                                              std::vector<Reference>*) {
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> CertificateRules::SubtreeValues(
    const v1::Certificate& certificate) {
  std::set<std::string> out;
  for (const std::string& territory : certificate.territories()) {
    ASSIGN_OR_RETURN(clients::TerritoryAncestry ancestry,
                     registry_->GetTerritoryAncestry({}, territory));
    out.insert(ancestry.path.begin(), ancestry.path.end());
  }
  return std::vector<std::string>(out.begin(), out.end());
}

}  // namespace civitas::accreditation
