#include "services/accreditation/app/registry_sync.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/accreditation/domain/registry_status.h"

namespace civitas::accreditation {

absl::Status RegistrySync::Handle(const events::DeliveredEvent& delivered) {
  if (delivered.event.collection != "certificates") return absl::OkStatus();
  v1::Certificate certificate;
  if (!certificate.ParseFromString(delivered.event.payload)) {
    return absl::DataLossError(absl::StrCat(delivered.event.resource_name, " does not parse"));
  }
  const absl::CivilDay today = absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone());
  for (const std::string& service : certificate.social_services()) {
    ASSIGN_OR_RETURN(std::vector<v1::Certificate> of_service,
                     records::ScanAll<v1::Certificate>(store_, "certificates",
                                                       {absl::StrCat("social_service=", service)}));
    const RegistryStatus status = StatusInRegistry(of_service, today);
    registry::v1::SetSocialServiceAccreditationRequest request;
    request.set_name(service);
    request.set_accreditation_status(status.status);
    request.set_accreditation_certificate(status.certificate);
    request.set_accreditation_valid_until(status.valid_until);
    // One key per event and service: a redelivery is answered from the registry's record.
    request.set_request_id(absl::StrCat("event/", delivered.id, "/", service));
    clients::CallContext ctx;
    ctx.request_id = delivered.event.correlation_id;
    auto set = registry_->SetSocialServiceAccreditation(ctx, request);
    // A social service deleted from the registry since has nothing left to keep in step.
    if (!set.ok() && set.status().code() != absl::StatusCode::kNotFound) return set.status();
  }
  return absl::OkStatus();
}

}  // namespace civitas::accreditation
