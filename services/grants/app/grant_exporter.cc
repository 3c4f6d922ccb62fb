#include "services/grants/app/grant_exporter.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"

namespace civitas::grants {

absl::StatusOr<ExportedOrganization> GrantExporter::Organization(const std::string& name,
                                                                 OrganizationCache* cache,
                                                                 const clients::CallContext& ctx) {
  if (auto it = cache->find(name); it != cache->end()) return it->second;
  ExportedOrganization out;
  out.id = absl::StrCat(settings_.organization_prefix, "-", aip::IdOf(name, "organizations"));
  auto org = registry_->GetOrganization(ctx, name);
  if (org.ok()) {
    out.iati_type = IatiOrganisationType(org->type());
    if (org->external_ids_size() > 0) {
      out.id = absl::StrCat(absl::AsciiStrToUpper(org->external_ids(0).scheme()), "-",
                            org->external_ids(0).value());
    }
    auto en = org->display_name().find("en");
    out.name = en != org->display_name().end() ? en->second
               : org->display_name().empty()   ? name
                                               : org->display_name().begin()->second;
  } else if (org.status().code() == absl::StatusCode::kNotFound) {
    out.name = name;  // gone from the registry since the award: the record still names it
  } else {
    return org.status();
  }
  (*cache)[name] = out;
  return out;
}

absl::Status GrantExporter::ResolveLinks(ExportedGrant* e) {
  ASSIGN_OR_RETURN(auto programme,
                   ReadNamed<v1::Programme>(store_, "programmes", e->grant.programme()));
  if (programme.has_value()) {
    if (!programme->record.parent_grant().empty()) {
      e->parent_activity =
          GrantIdentifier(settings_.grant_prefix, programme->record.parent_grant());
    } else {
      e->parent_activity = programme->record.parent_iati_activity();
    }
  }
  ASSIGN_OR_RETURN(std::vector<v1::Programme> subs,
                   ScanAll<v1::Programme>(store_, "programmes",
                                          {absl::StrCat("parent_grant=", e->grant.name())}));
  for (const v1::Programme& sub : subs) {
    if (sub.state() == v1::PROGRAMME_ARCHIVED) continue;
    e->regranted = true;
    ASSIGN_OR_RETURN(
        std::vector<v1::Grant> below,
        ScanAll<v1::Grant>(store_, "grants", {absl::StrCat("programme=", sub.name())}));
    for (const v1::Grant& child : below) {
      e->child_activities.push_back(GrantIdentifier(settings_.grant_prefix, child.name()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<records::ListResult<ExportedGrant>> GrantExporter::Page(
    const Principal& p, const records::ListQuery& query, OrganizationCache* cache,
    const std::string& request_id) {
  ASSIGN_OR_RETURN(records::ListResult<v1::Grant> page, grants_->List(p, query));
  const clients::CallContext ctx{.request_id = request_id};
  records::ListResult<ExportedGrant> out;
  out.next_page_token = std::move(page.next_page_token);
  for (v1::Grant& grant : page.items) {
    ExportedGrant& e = out.items.emplace_back();
    ASSIGN_OR_RETURN(e.recipient, Organization(grant.recipient(), cache, ctx));
    ASSIGN_OR_RETURN(e.grantor, Organization(grant.grantor(), cache, ctx));
    ASSIGN_OR_RETURN(e.funder, Organization(grant.funder(), cache, ctx));
    e.grant = std::move(grant);
    RETURN_IF_ERROR(ResolveLinks(&e));
  }
  return out;
}

}  // namespace civitas::grants
