#include "services/accreditation/app/reference_checks.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/records/record.h"
#include "services/accreditation/domain/standards.h"

namespace civitas::accreditation {

absl::Status CheckServiceTypes(clients::RegistryClient* registry,
                               const std::vector<std::string>& codes, const std::string& field,
                               bool indexed, Violations* v, const clients::CallContext& ctx) {
  if (codes.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<registry::v1::ServiceType> types, registry->ListServiceTypes(ctx));
  std::set<std::string> catalogue;
  for (const auto& t : types) catalogue.insert(t.code());
  CheckServiceTypesKnown(codes, catalogue, field, indexed, v);
  return absl::OkStatus();
}

// The country's policy, as a reference the write re-checks: it must exist and be active.
void RequirePolicy(const std::string& country, std::vector<Reference>* references) {
  if (!IsCountryCode(country)) return;
  references->push_back(records::RefTo<v1::CountryPolicy>(PolicyId(country), {v1::POLICY_ACTIVE}));
}

}  // namespace civitas::accreditation
