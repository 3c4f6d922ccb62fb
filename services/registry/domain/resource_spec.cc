#include "services/registry/domain/resource_spec.h"

#include "civitas/registry/v1/capacity.pb.h"
#include "civitas/registry/v1/resources.pb.h"

namespace civitas::registry {

const aip::ResourceSpec& TerritorySpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::Territory::descriptor(), {{"level", "level", true, false},
                                    {"parent", "parent", true, false},
                                    {"ancestor", "ancestors", true, true},
                                    {"tag", "tags", true, false},
                                    {"code", "code", false, false},
                                    {"state", "state", true, false},
                                    {"display_name", "display_name", false, false}}));
  return *kSpec;
}

const aip::ResourceSpec& OrganizationSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::Organization::descriptor(),
                            {{"type", "type", true, false},
                             {"state", "state", true, false},
                             {"territory", "territories", true, true},  // field name
                             {"target_group", "target_groups", true, false},
                             {"external_id", "external_ids", false, false, /*unique=*/true},
                             {"display_name", "display_name", false, false}}));
  return *kSpec;
}

const aip::ResourceSpec& SocialServiceSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::SocialService::descriptor(),
                            {{"service_type", "service_type", true, false},
                             {"provider", "provider", true, false},
                             {"territory", "territory", true, true},
                             {"target_group", "target_groups", true, false},
                             {"state", "state", true, false},
                             {"accreditation_status", "accreditation_status", true, false},
                             {"display_name", "display_name", false, false}}));
  return *kSpec;
}

const aip::ResourceSpec& PartnershipSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::Partnership::descriptor(), {{"kind", "kind", true, false},
                                      {"cso", "cso", true, false},
                                      {"authority", "authority", true, false},
                                      {"social_service", "social_service", true, false},
                                      {"state", "state", true, false},
                                      {"title", "title", false, false}}));
  return *kSpec;
}

const aip::ResourceSpec& NetworkSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::Network::descriptor(), {{"member", "members", true, false},
                                  {"coordinator", "coordinator", true, false},
                                  {"territory", "territories", true, false},  // field name
                                  {"state", "state", true, false},
                                  {"display_name", "display_name", false, false}}));
  return *kSpec;
}

const aip::ResourceSpec& TrainingProgrammeSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::TrainingProgramme::descriptor(),
                            {{"provider", "provider", true, false},
                             {"topic", "topics", true, false},
                             {"territory", "territories", true, false},  // field name
                             {"state", "state", true, false},
                             {"display_name", "display_name", false, false}}));
  return *kSpec;
}

const aip::ResourceSpec& TrainingEventSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::TrainingEvent::descriptor(), {{"programme", "programme", true, false},
                                        {"kind", "kind", true, false},
                                        {"provider", "provider", true, false},
                                        {"state", "state", true, false}}));
  return *kSpec;
}

}  // namespace civitas::registry
