// The registry's copy of the accreditation service's certificates, kept from that service's
// certificate events (CertificateSync), and what the registry reads of it: the certificates of
// a provider, or of a social service. The copy is the registry's own: no request waits on the
// accreditation service, and a certificate the copy has not heard of yet is not there.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/store/document_store.h"

namespace civitas::registry {

// The collection of the copies in the registry's store (ids as the accreditation service's).
inline constexpr char kCertificateCopies[] = "accreditationCertificates";

// The copies of the certificates issued to `provider` (`organizations/{id}`), every state.
absl::StatusOr<std::vector<accreditation::v1::Certificate>> CertificatesOfProvider(
    DocumentStore* reads, const std::string& provider);
// The copies of the certificates that list `social_service` (`socialServices/{id}`).
absl::StatusOr<std::vector<accreditation::v1::Certificate>> CertificatesOfService(
    DocumentStore* reads, const std::string& social_service);

// The indexes a copy is in: its provider and each social service it lists.
std::vector<std::string> CopyIndexes(const accreditation::v1::Certificate& certificate);

}  // namespace civitas::registry
