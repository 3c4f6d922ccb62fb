// GrantExporter: pages of grants made ready for the open-data formats (domain/grant_exports.h):
// each grant's organisations named and identified from the registry (an org-id from the
// organisation's first external identifier, else the publisher's own), and its cascade links
// (the activity above, the grants below, whether it is re-granted) read from this store.
// Thread-safe; one OrganizationCache per export.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
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

// Organisations already resolved during one export, by resource name.
using OrganizationCache = std::map<std::string, ExportedOrganization>;

class GrantExporter {
 public:
  GrantExporter(DocumentStore* store, clients::RegistryClient* registry,
                records::RecordService<v1::Grant>* grants, ExportSettings settings)
      : store_(store), registry_(registry), grants_(grants), settings_(std::move(settings)) {}

  const ExportSettings& settings() const { return settings_; }

  // One page of the grants `query` selects, resolved.
  absl::StatusOr<records::ListResult<ExportedGrant>> Page(const Principal& p,
                                                          const records::ListQuery& query,
                                                          OrganizationCache* cache,
                                                          const std::string& request_id);

 private:
  absl::StatusOr<ExportedOrganization> Organization(const std::string& name,
                                                    OrganizationCache* cache,
                                                    const clients::CallContext& ctx);
  absl::Status ResolveLinks(ExportedGrant* e);

  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  records::RecordService<v1::Grant>* const grants_;
  const ExportSettings settings_;
};

}  // namespace civitas::grants
