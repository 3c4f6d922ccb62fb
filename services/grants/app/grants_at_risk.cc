#include "services/grants/app/grants_at_risk.h"

#include <map>

#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/awards.h"

namespace civitas::grants {

absl::StatusOr<v1::ListGrantsAtRiskResponse> GrantsAtRisk::List(const records::Request& r,
                                                                const std::string& programme) {
  const Principal& p = r.caller();
  if (p.anonymous()) return absl::UnauthenticatedError("grants at risk need a bearer token");
  ASSIGN_OR_RETURN(std::vector<v1::Grant> grants,
                   ActiveGrantsManagedBy(r.reads(store_), p, programme));
  std::map<std::string, v1::Call> calls;
  v1::ListGrantsAtRiskResponse out;
  for (const v1::Grant& g : grants) {
    auto it = calls.find(g.call());
    if (it == calls.end()) {
      ASSIGN_OR_RETURN(auto call, ReadExisting<v1::Call>(r.reads(store_), g.call()));
      it = calls.emplace(g.call(), std::move(call.record)).first;
    }
    for (const std::string& type : it->second.eligibility().required_accreditations()) {
      ASSIGN_OR_RETURN(auto answer, accreditation_->CheckAccreditation(r.call(), g.recipient(),
                                                                       type, g.end_date()));
      if (auto row = AtRiskRow(g, type, answer)) *out.add_grants() = *std::move(row);
    }
  }
  return out;
}

}  // namespace civitas::grants
