#include "services/registry/app/certificate_copies.h"

#include "absl/strings/str_cat.h"
#include "libs/records/read_record.h"

namespace civitas::registry {

absl::StatusOr<std::vector<accreditation::v1::Certificate>> CertificatesOfProvider(
    DocumentStore* reads, const std::string& provider) {
  return records::ScanAll<accreditation::v1::Certificate>(reads, kCertificateCopies,
                                                          {absl::StrCat("provider=", provider)});
}

absl::StatusOr<std::vector<accreditation::v1::Certificate>> CertificatesOfService(
    DocumentStore* reads, const std::string& social_service) {
  return records::ScanAll<accreditation::v1::Certificate>(
      reads, kCertificateCopies, {absl::StrCat("social_service=", social_service)});
}

std::vector<std::string> CopyIndexes(const accreditation::v1::Certificate& certificate) {
  std::vector<std::string> out = {absl::StrCat("provider=", certificate.provider())};
  for (const std::string& service : certificate.social_services()) {
    out.push_back(absl::StrCat("social_service=", service));
  }
  return out;
}

}  // namespace civitas::registry
