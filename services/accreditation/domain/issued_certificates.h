// What a case's decision issues: whether it issues a certificate, the certificate as issued (its
// number, kind, validity, services, territories and first history entry), and the change that
// renewal makes to the certificate it replaces. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "services/accreditation/domain/cases.h"
#include "services/accreditation/domain/certificates.h"

namespace civitas::accreditation {

// ACCREDIT and ACCREDIT_PROVISIONALLY issue a certificate; the other outcomes do not.
bool IssuesCertificate(v1::DecisionOutcome outcome);

// The certificate `request` issues for the decided case `decided` on the day of `now`: number `n`
// of its country and year, the kind and validity the policy gives (IssueValidity), ACTIVE, listed
// under `territories` (those of its social services, else the provider's: the registry's), with
// its Issued history entry by `actor`.
v1::Certificate MakeCertificate(const v1::AccreditationCase& decided,
                                const DecisionRequest& request, const v1::CountryPolicy& policy,
                                int64_t n, std::vector<std::string> territories,
                                const std::string& actor, absl::Time now);

// The territories a certificate is listed under: those of its social services (as the registry
// holds them), else, when none has one, the provider's. Sorted, each once.
std::vector<std::string> CertificateTerritories(
    const std::vector<registry::v1::SocialService>& services,
    const registry::v1::Organization& provider);

// The renewal of the certificate `decided` renews by `issued` (its successor), effective on the
// successor's first day: RenewCertificate's request.
ChangeRequest RenewalBy(const v1::Certificate& issued, const std::string& issued_name,
                        const v1::AccreditationCase& decided, const std::string& actor,
                        absl::Time now);

}  // namespace civitas::accreditation
