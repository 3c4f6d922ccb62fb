#include "services/registry/app/network_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/registry/domain/validation.h"

namespace civitas::registry {

void NetworkRules::Validate(const v1::Network*, const v1::Network& n, Violations* v) const {
  ValidateNetwork(n, "network", v);
}

absl::Status NetworkRules::Authorize(const records::ChangeContext<v1::Network>& ctx,
                                     const v1::Network& after) const {
  return AuthorizeOwnedRecordChange(ctx.caller, ctx.before, after, "changing a network");
}

absl::Status NetworkRules::LoadReferences(const records::ChangeContext<v1::Network>& ctx,
                                          v1::Network* n, Violations* v,
                                          std::vector<Reference>* references) {
  if (!n->coordinator().empty()) {
    RETURN_IF_ERROR(CheckOrganization(ctx.reads, ReaderOfReferences(ctx), n->coordinator(),
                                      "network.coordinator", v, references));
  }
  for (int i = 0; i < n->members_size(); ++i) {
    RETURN_IF_ERROR(CheckOrganization(ctx.reads, ReaderOfReferences(ctx), n->members(i),
                                      absl::StrCat("network.members[", i, "]"), v, references));
  }
  for (int i = 0; i < n->territories_size(); ++i) {
    RETURN_IF_ERROR(territories_.Check(ReaderOfReferences(ctx), n->territories(i),
                                       absl::StrCat("network.territories[", i, "]"), v,
                                       references));
  }
  return absl::OkStatus();
}

}  // namespace civitas::registry
