// What the registry says about an org unit now, captured as a snapshot when its figures are
// accepted (domain/snapshots.h).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/clients/registry_client.h"

namespace civitas::monitoring {

// The org unit's display name and path, and for an organisation its territories and the social
// services it provides, read from the registry (two or three calls). FAILED_PRECONDITION naming
// it when the registry no longer knows it; the registry's error when it cannot answer.
absl::StatusOr<v1::OrgUnitSnapshot> CaptureOrgUnit(clients::RegistryClient* registry,
                                                   const std::string& org_unit,
                                                   const clients::CallContext& ctx, absl::Time now);

}  // namespace civitas::monitoring
