#include "services/grants/app/grant_exporter.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/resource_spec.h"

namespace civitas::grants {

absl::StatusOr<ExportedOrganization> GrantExporter::Organization(const std::string& name,
                                                                 ExportCache* cache,
                                                                 const clients::CallContext& ctx) {
  if (auto it = cache->organizations.find(name); it != cache->organizations.end()) {
    return it->second;
  }
  auto org = registry_->GetOrganization(ctx, name);
  if (!org.ok() && org.status().code() != absl::StatusCode::kNotFound) return org.status();
  ExportedOrganization out =
      ExportedOrganizationOf(name, org.ok() ? &*org : nullptr, settings_.organization_prefix);
  cache->organizations[name] = out;
  return out;
}

absl::StatusOr<std::string> GrantExporter::CountryOf(const std::string& territory,
                                                     ExportCache* cache,
                                                     const clients::CallContext& ctx) {
  if (auto it = cache->countries.find(territory); it != cache->countries.end()) return it->second;
  std::string code;
  auto ancestry = registry_->GetTerritoryAncestry(ctx, territory);
  if (ancestry.ok() && !ancestry->path.empty()) {
    const std::string& country = ancestry->path.front();
    if (country == territory) {
      code = IatiCountryCode(ancestry->territory);
    } else if (auto it = cache->countries.find(country); it != cache->countries.end()) {
      code = it->second;
    } else {
      auto top = registry_->GetTerritoryAncestry(ctx, country);
      if (top.ok()) {
        code = IatiCountryCode(top->territory);
      } else if (top.status().code() != absl::StatusCode::kNotFound) {
        return top.status();
      }
      cache->countries[country] = code;
    }
  } else if (!ancestry.ok() && ancestry.status().code() != absl::StatusCode::kNotFound) {
    return ancestry.status();
  }
  cache->countries[territory] = code;
  return code;
}

absl::StatusOr<std::string> GrantExporter::IatiIdentifierOf(const v1::Grant& grant,
                                                            ExportCache* cache,
                                                            const clients::CallContext& ctx) {
  ASSIGN_OR_RETURN(ExportedOrganization grantor, Organization(grant.grantor(), cache, ctx));
  return IatiIdentifier(grantor.id, grant.name());
}

absl::Status GrantExporter::ResolveLinks(const records::Request& r, ExportedGrant* e,
                                         ExportCache* cache) {
  const clients::CallContext& ctx = r.call();
  ASSIGN_OR_RETURN(auto programme, ReadNamed<v1::Programme>(r.reads(store_), e->grant.programme()));
  if (programme.has_value()) {
    if (const std::string& parent = programme->record.parent_grant(); !parent.empty()) {
      ASSIGN_OR_RETURN(auto parent_grant, ReadNamed<v1::Grant>(r.reads(store_), parent));
      if (parent_grant.has_value()) {
        ASSIGN_OR_RETURN(e->parent_activity, IatiIdentifierOf(parent_grant->record, cache, ctx));
      }
    } else {
      e->parent_activity = programme->record.parent_iati_activity();
    }
  }
  ASSIGN_OR_RETURN(
      std::vector<v1::Programme> subs,
      ScanAll<v1::Programme>(r.reads(store_), {absl::StrCat("parent_grant=", e->grant.name())}));
  for (const v1::Programme& sub : subs) {
    if (!RegrantsThrough(sub)) continue;
    e->regranted = true;
    ASSIGN_OR_RETURN(std::vector<v1::Grant> below,
                     ScanAll<v1::Grant>(r.reads(store_), {absl::StrCat("programme=", sub.name())}));
    for (const v1::Grant& child : below) {
      ASSIGN_OR_RETURN(e->child_activities.emplace_back(), IatiIdentifierOf(child, cache, ctx));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<records::ListResult<ExportedGrant>> GrantExporter::Page(
    const records::Request& r, const records::ListQuery& query, ExportCache* cache) {
  ASSIGN_OR_RETURN(records::ListResult<v1::Grant> page, grants_->List(r, query));
  const clients::CallContext& ctx = r.call();
  records::ListResult<ExportedGrant> out;
  out.next_page_token = std::move(page.next_page_token);
  for (v1::Grant& grant : page.items) {
    ExportedGrant& e = out.items.emplace_back();
    ASSIGN_OR_RETURN(e.recipient, Organization(grant.recipient(), cache, ctx));
    ASSIGN_OR_RETURN(e.grantor, Organization(grant.grantor(), cache, ctx));
    ASSIGN_OR_RETURN(e.funder, Organization(grant.funder(), cache, ctx));
    for (const std::string& territory : grant.territories()) {
      ASSIGN_OR_RETURN(std::string country, CountryOf(territory, cache, ctx));
      if (!country.empty() && std::find(e.recipient_countries.begin(), e.recipient_countries.end(),
                                        country) == e.recipient_countries.end()) {
        e.recipient_countries.push_back(std::move(country));
      }
    }
    e.grant = std::move(grant);
    RETURN_IF_ERROR(ResolveLinks(r, &e, cache));
  }
  if (cache->with_results) RETURN_IF_ERROR(ResolveResults(ctx, &out.items));
  return out;
}

absl::Status GrantExporter::ResolveResults(const clients::CallContext& ctx,
                                           std::vector<ExportedGrant>* page) {
  // BatchGetResults takes at most 100 attributions a call.
  constexpr size_t kPerCall = 100;
  for (size_t from = 0; from < page->size(); from += kPerCall) {
    const size_t to = std::min(page->size(), from + kPerCall);
    std::vector<std::string> names;
    for (size_t i = from; i < to; ++i) names.push_back((*page)[i].grant.name());
    absl::StatusOr<std::vector<monitoring::v1::ResultsFramework>> frameworks =
        monitoring_->BatchGetResults(ctx, names);
    if (!frameworks.ok()) {
      return absl::Status(
          frameworks.status().code(),
          absl::StrCat("the grants' results from monitoring: ", frameworks.status().message()));
    }
    for (size_t i = from; i < to; ++i) {
      auto& indicators = *(*frameworks)[i - from].mutable_indicators();
      (*page)[i].results.assign(std::make_move_iterator(indicators.begin()),
                                std::make_move_iterator(indicators.end()));
    }
  }
  return absl::OkStatus();
}

}  // namespace civitas::grants
