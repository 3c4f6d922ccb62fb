// GrantExporter: pages of grants made ready for the open-data formats (domain/grant_exports.h):
// each grant's organisations named, identified and typed from the registry (an org-id from the
// organisation's first external identifier, else the publisher's own), the countries of its
// territories (the registry's ancestry: the country at the top, its ISO code), and its cascade
// links (the activity above, the grants below, whether it is re-granted) read from this store,
// each IATI link naming the other grant by its own reporting organisation's identifier; for IATI,
// each grant's results framework from the monitoring service (one call per page).
// Thread-safe; one ExportCache per export (registry answers are read once per export).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/clients/monitoring_client.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"
#include "services/grants/domain/grant_exports.h"

namespace civitas::grants {

struct ExportSettings {
  // Prefix of grant identifiers (360Giving ids, IATI activity identifiers), e.g. `360G-civitas`.
  std::string grant_prefix;
  // Prefix of organisation identifiers for organisations without an external identifier.
  std::string organization_prefix;
};

// What one export already resolved.
struct ExportCache {
  // Organisations, by resource name.
  std::map<std::string, ExportedOrganization> organizations;
  // The ISO 3166-1 alpha-2 code of each territory's country (empty: none known), by name.
  std::map<std::string, std::string> countries;
  // Whether the export carries results frameworks (IATI does; 360Giving has no place for them).
  bool with_results = false;
};

class GrantExporter {
 public:
  GrantExporter(DocumentStore* store, clients::RegistryClient* registry,
                clients::MonitoringClient* monitoring, records::RecordService<v1::Grant>* grants,
                ExportSettings settings)
      : store_(store),
        registry_(registry),
        monitoring_(monitoring),
        grants_(grants),
        settings_(std::move(settings)) {}

  const ExportSettings& settings() const { return settings_; }

  // One page of the grants `query` selects, resolved.
  absl::StatusOr<records::ListResult<ExportedGrant>> Page(const records::Request& r,
                                                          const records::ListQuery& query,
                                                          ExportCache* cache);

 private:
  absl::StatusOr<ExportedOrganization> Organization(const std::string& name, ExportCache* cache,
                                                    const clients::CallContext& ctx);
  absl::StatusOr<std::string> CountryOf(const std::string& territory, ExportCache* cache,
                                        const clients::CallContext& ctx);
  // The IATI identifier of another grant: its own grantor's identifier, then its id.
  absl::StatusOr<std::string> IatiIdentifierOf(const v1::Grant& grant, ExportCache* cache,
                                               const clients::CallContext& ctx);
  absl::Status ResolveLinks(const records::Request& r, ExportedGrant* e, ExportCache* cache);
  // Each grant's results framework, asked of monitoring together.
  absl::Status ResolveResults(const clients::CallContext& ctx, std::vector<ExportedGrant>* page);

  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  clients::MonitoringClient* const monitoring_;
  records::RecordService<v1::Grant>* const grants_;
  const ExportSettings settings_;
};

}  // namespace civitas::grants
