#include "services/grants/app/grant_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/awards.h"
#include "services/grants/domain/reports.h"
#include "services/grants/domain/resource_spec.h"
#include "services/grants/domain/state_models.h"

namespace civitas::grants {
const aip::ResourceSpec& GrantRules::spec() const { return GrantSpec(); }

const records::StateModel<v1::Grant>& GrantRules::states() const { return GrantStates(); }

bool GrantRules::CanRead(const records::RuleContext&, const v1::Grant&) const { return true; }

absl::Status GrantRules::Authorize(const records::ChangeContext<v1::Grant>& ctx,
                                   const v1::Grant& after) const {
  // Anything but a create is refused before anything is read.
  if (ctx.change != records::Change::kCreate) {
    return AuthorizeGrantChange(ctx.caller, ctx.change, {});
  }
  ASSIGN_OR_RETURN(ProgrammeParties parties, PartiesOfProgramme(ctx.reads, after.programme()));
  return AuthorizeGrantChange(ctx.caller, ctx.change, parties);
}

void GrantRules::Validate(const v1::Grant*, const v1::Grant& after, Violations* v) const {
  ValidateGrant(after, v);
}

absl::Status GrantRules::LoadReferences(const records::ChangeContext<v1::Grant>&, v1::Grant*,
                                        Violations*, std::vector<Reference>*) {
  return absl::OkStatus();
}

std::vector<std::string> GrantRules::UniqueValues(const v1::Grant& grant) const {
  return {absl::StrCat("agreement_number=", grant.agreement_number())};
}

}  // namespace civitas::grants
