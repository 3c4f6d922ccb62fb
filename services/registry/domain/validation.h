// Field-level validation of registry resources as a client submitted them: formats, required
// fields, ranges. Every problem is collected; references to other records are checked by the
// application layer, which can read them.
#pragma once

#include "absl/status/statusor.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/common/field_violations.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

// `field` is the request field holding the resource, e.g. `organization`.
void ValidateTerritory(const v1::Territory& t, const std::string& field, Violations* v);
void ValidateOrganization(const v1::Organization& o, const std::string& field, Violations* v);
void ValidateSocialService(const v1::SocialService& s, const std::string& field, Violations* v);
void ValidatePartnership(const v1::Partnership& p, const std::string& field, Violations* v);
void ValidateNetwork(const v1::Network& n, const std::string& field, Violations* v);

// Rules between a territory and its parent: levels strictly descend (country at the root).
void ValidateTerritoryParent(const v1::Territory& child, const v1::Territory* parent,
                             const std::string& field, Violations* v);

// Whether a territory's parent must be live (draft or active, not archived) and keep the levels
// order: while the territory itself is not archived. An archived territory only needs its parent
// to exist (a region may be archived after its parent was).
bool NeedsLiveParent(const v1::Territory& t);

// A partnership's parties: the CSO must be a CSO; the authority a public authority or ministry.
void ValidatePartnershipParties(const v1::Organization& cso, const v1::Organization& authority,
                                const std::string& field, Violations* v);

// volume x unit_cost, or an error when it does not fit in int64 minor units.
absl::StatusOr<civitas::common::v1::Money> PartnershipTotalValue(const v1::Partnership& p);

}  // namespace civitas::registry
