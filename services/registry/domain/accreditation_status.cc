#include "services/registry/domain/accreditation_status.h"

#include <algorithm>
#include <utility>

namespace civitas::registry {

using accreditation::v1::Certificate;

std::set<std::string> ServicesOfCertificateEvent(const Certificate& certificate,
                                                 const Certificate* previous) {
  std::set<std::string> services(certificate.social_services().begin(),
                                 certificate.social_services().end());
  if (previous != nullptr) {
    services.insert(previous->social_services().begin(), previous->social_services().end());
  }
  return services;
}

std::vector<Certificate> CertificatesOfServiceAfter(const std::string& service,
                                                    std::vector<Certificate> held,
                                                    const Certificate& certificate) {
  std::erase_if(held, [&](const Certificate& c) { return c.name() == certificate.name(); });
  if (std::find(certificate.social_services().begin(), certificate.social_services().end(),
                service) != certificate.social_services().end()) {
    held.push_back(certificate);
  }
  return held;
}

bool ShowAccreditationStatus(const certificates::RegistryStatus& status,
                             v1::SocialService* service) {
  if (service->accreditation_status() == status.status &&
      service->accreditation_certificate() == status.certificate &&
      service->accreditation_valid_until() == status.valid_until) {
    return false;
  }
  service->set_accreditation_status(status.status);
  service->set_accreditation_certificate(status.certificate);
  service->set_accreditation_valid_until(status.valid_until);
  return true;
}

}  // namespace civitas::registry
