// Resource specs the aip tests work with, described here, not taken from the registry: the
// library knows no service's resources. The registry's messages serve as sample protos.
#pragma once

#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/resource_spec.h"

namespace civitas::aip::test_specs {

// An organisation with filterable, indexed, subtree and unique fields.
inline const ResourceSpec& OrganizationSpec() {
  static const auto* const kSpec = new ResourceSpec(
      MakeResourceSpec(registry::v1::Organization::descriptor(),
                       {{"type", "type", true, false},
                        {"state", "state", true, false},
                        {"territory", "territories", true, true},
                        {"target_group", "target_groups", true, false},
                        {"external_id", "external_ids", false, false, /*unique=*/true},
                        {"display_name", "display_name", false, false}}));
  return *kSpec;
}

// A social service: only its annotations (output-only and immutable fields) matter.
inline const ResourceSpec& SocialServiceSpec() {
  static const auto* const kSpec =
      new ResourceSpec(MakeResourceSpec(registry::v1::SocialService::descriptor(), {}));
  return *kSpec;
}

}  // namespace civitas::aip::test_specs
