#include "services/registry/domain/resource_spec.h"

namespace civitas::registry {
namespace {

ResourceSpec Make(std::string collection, std::string singular, std::vector<FilterField> fields,
                  std::set<std::string> extra_output_only, std::set<std::string> immutable) {
  ResourceSpec s;
  s.collection = std::move(collection);
  s.singular = singular;
  s.event_prefix = std::move(singular);
  s.filter_fields = std::move(fields);
  s.output_only.insert(extra_output_only.begin(), extra_output_only.end());
  s.immutable = std::move(immutable);
  return s;
}

}  // namespace

const ResourceSpec& TerritorySpec() {
  static const auto* const kSpec =
      new ResourceSpec(Make("territories", "territory",
                            {{"level", "level", true, false},
                             {"parent", "parent", true, false},
                             {"ancestor", "ancestors", true, true},
                             {"tag", "tags", true, false},
                             {"code", "code", false, false},
                             {"state", "state", true, false},
                             {"display_name", "display_name", false, false}},
                            {"ancestors"}, {"parent", "level"}));
  return *kSpec;
}

const ResourceSpec& OrganizationSpec() {
  static const auto* const kSpec =
      new ResourceSpec(Make("organizations", "organization",
                            {{"type", "type", true, false},
                             {"state", "state", true, false},
                             {"territory", "territories", true, true},
                             {"target_group", "target_groups", true, false},
                             {"external_id", "external_ids", false, false, /*unique=*/true},
                             {"display_name", "display_name", false, false}},
                            {}, {}));
  return *kSpec;
}

const ResourceSpec& SocialServiceSpec() {
  static const auto* const kSpec = new ResourceSpec(
      Make("socialServices", "social_service",
           {{"service_type", "service_type", true, false},
            {"provider", "provider", true, false},
            {"territory", "territory", true, true},
            {"target_group", "target_groups", true, false},
            {"state", "state", true, false},
            {"accreditation_status", "accreditation_status", true, false},
            {"display_name", "display_name", false, false}},
           {"accreditation_status", "accreditation_certificate", "accreditation_valid_until"},
           {"provider"}));
  return *kSpec;
}

const ResourceSpec& PartnershipSpec() {
  static const auto* const kSpec =
      new ResourceSpec(Make("partnerships", "partnership",
                            {{"kind", "kind", true, false},
                             {"cso", "cso", true, false},
                             {"authority", "authority", true, false},
                             {"social_service", "social_service", true, false},
                             {"state", "state", true, false},
                             {"title", "title", false, false}},
                            {"total_value"}, {"cso", "authority"}));
  return *kSpec;
}

const ResourceSpec& NetworkSpec() {
  static const auto* const kSpec =
      new ResourceSpec(Make("networks", "network",
                            {{"member", "members", true, false},
                             {"coordinator", "coordinator", true, false},
                             {"territory", "territories", true, false},
                             {"state", "state", true, false},
                             {"display_name", "display_name", false, false}},
                            {}, {}));
  return *kSpec;
}

}  // namespace civitas::registry
