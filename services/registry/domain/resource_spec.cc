#include "services/registry/domain/resource_spec.h"

#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/field_behavior.h"

namespace civitas::registry {
namespace {

// Output-only and immutable fields come from the resource's field_behavior annotations; the etag
// is never stored as sent (the store computes it), although clients send it back on updates.
ResourceSpec Make(const google::protobuf::Descriptor* resource, std::string collection,
                  std::string singular, std::vector<FilterField> fields) {
  ResourceSpec s;
  s.collection = std::move(collection);
  s.singular = singular;
  s.event_prefix = std::move(singular);
  s.filter_fields = std::move(fields);
  s.output_only = aip::FieldsWithBehavior(resource, google::api::OUTPUT_ONLY);
  s.output_only.merge(aip::FieldsWithBehavior(resource, google::api::IDENTIFIER));
  s.output_only.insert("etag");
  s.immutable = aip::FieldsWithBehavior(resource, google::api::IMMUTABLE);
  return s;
}

}  // namespace

const ResourceSpec& TerritorySpec() {
  static const auto* const kSpec =
      new ResourceSpec(Make(v1::Territory::descriptor(), "territories", "territory",
                            {{"level", "level", true, false},
                             {"parent", "parent", true, false},
                             {"ancestor", "ancestors", true, true},
                             {"tag", "tags", true, false},
                             {"code", "code", false, false},
                             {"state", "state", true, false},
                             {"display_name", "display_name", false, false}}));
  return *kSpec;
}

const ResourceSpec& OrganizationSpec() {
  static const auto* const kSpec =
      new ResourceSpec(Make(v1::Organization::descriptor(), "organizations", "organization",
                            {{"type", "type", true, false},
                             {"state", "state", true, false},
                             {"territory", "territories", true, true},
                             {"target_group", "target_groups", true, false},
                             {"external_id", "external_ids", false, false, /*unique=*/true},
                             {"display_name", "display_name", false, false}}));
  return *kSpec;
}

const ResourceSpec& SocialServiceSpec() {
  static const auto* const kSpec =
      new ResourceSpec(Make(v1::SocialService::descriptor(), "socialServices", "social_service",
                            {{"service_type", "service_type", true, false},
                             {"provider", "provider", true, false},
                             {"territory", "territory", true, true},
                             {"target_group", "target_groups", true, false},
                             {"state", "state", true, false},
                             {"accreditation_status", "accreditation_status", true, false},
                             {"display_name", "display_name", false, false}}));
  return *kSpec;
}

const ResourceSpec& PartnershipSpec() {
  static const auto* const kSpec =
      new ResourceSpec(Make(v1::Partnership::descriptor(), "partnerships", "partnership",
                            {{"kind", "kind", true, false},
                             {"cso", "cso", true, false},
                             {"authority", "authority", true, false},
                             {"social_service", "social_service", true, false},
                             {"state", "state", true, false},
                             {"title", "title", false, false}}));
  return *kSpec;
}

const ResourceSpec& NetworkSpec() {
  static const auto* const kSpec =
      new ResourceSpec(Make(v1::Network::descriptor(), "networks", "network",
                            {{"member", "members", true, false},
                             {"coordinator", "coordinator", true, false},
                             {"territory", "territories", true, false},
                             {"state", "state", true, false},
                             {"display_name", "display_name", false, false}}));
  return *kSpec;
}

}  // namespace civitas::registry
