// What a social service shows of its accreditation, kept in step with the accreditation
// service's certificate events: which services an event concerns, the certificates each then
// holds, and the fields the resulting status sets. Pure: app/ reads the copies and writes.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "civitas/accreditation/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/certificates/certificate_standing.h"

namespace civitas::registry {

// The social services an event for `certificate` concerns: those it lists, and those its copy
// as held before (`previous`, null: none) listed, which may have lost it.
std::set<std::string> ServicesOfCertificateEvent(const accreditation::v1::Certificate& certificate,
                                                 const accreditation::v1::Certificate* previous);

// The certificates of `service` once the event applies: the copies that listed it (`held`), the
// event's certificate replacing its own old copy, or left out when it no longer lists `service`.
std::vector<accreditation::v1::Certificate> CertificatesOfServiceAfter(
    const std::string& service, std::vector<accreditation::v1::Certificate> held,
    const accreditation::v1::Certificate& certificate);

// Sets the service's accreditation status, certificate number and valid-until date to
// `status`'s; whether any of them changed.
bool ShowAccreditationStatus(const certificates::RegistryStatus& status,
                             v1::SocialService* service);

}  // namespace civitas::registry
