#include "services/registry/app/accreditation_override.h"

#include "services/registry/domain/changes.h"

namespace civitas::registry {

absl::StatusOr<v1::SocialService> AccreditationOverride::Set(
    const records::Request& r, const v1::SetSocialServiceAccreditationRequest& request) {
  AccreditationChange change{request.accreditation_status(), request.accreditation_certificate(),
                             request.accreditation_valid_until(), request.request_id()};
  Violations v;
  ValidateAccreditationChange(change, &v);
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  return services_->Apply(r, request.name(), "", SetAccreditationTransition(std::move(change)));
}

}  // namespace civitas::registry
