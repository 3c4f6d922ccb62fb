// AccreditationOverride: an administrator sets a social service's accreditation by hand (the
// SetSocialServiceAccreditation use case): the change is validated and applied by domain/changes.h
// as one write; the certificate sync sets it again from the next certificate event.
#pragma once

#include "absl/status/statusor.h"
#include "civitas/registry/v1/registry_service.pb.h"
#include "libs/records/record_service.h"

namespace civitas::registry {

class AccreditationOverride {
 public:
  explicit AccreditationOverride(records::RecordService<v1::SocialService>* services)
      : services_(services) {}

  // INVALID_ARGUMENT naming each bad field, before anything is read.
  absl::StatusOr<v1::SocialService> Set(const records::Request& r,
                                        const v1::SetSocialServiceAccreditationRequest& request);

 private:
  records::RecordService<v1::SocialService>* const services_;
};

}  // namespace civitas::registry
