#include "services/grants/app/grants_lookup.h"

#include "absl/container/flat_hash_map.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "services/grants/domain/reports.h"

namespace civitas::grants {

absl::StatusOr<ProgrammeParties> PartiesOfProgramme(DocumentStore* store,
                                                    const std::string& programme_name) {
  ASSIGN_OR_RETURN(auto programme, ReadNamed<v1::Programme>(store, programme_name));
  if (!programme.has_value()) return ProgrammeParties{};
  return PartiesOf(programme->record);
}

absl::StatusOr<ProgrammeParties> PartiesOfCall(DocumentStore* store, const std::string& call_name) {
  ASSIGN_OR_RETURN(auto call, ReadNamed<v1::Call>(store, call_name));
  if (!call.has_value()) return ProgrammeParties{};
  return PartiesOfProgramme(store, call->record.programme());
}

absl::StatusOr<ProgrammeParties> PartiesOfApplication(DocumentStore* store,
                                                      const std::string& application_name) {
  ASSIGN_OR_RETURN(auto application, ReadNamed<v1::Application>(store, application_name));
  if (!application.has_value()) return ProgrammeParties{};
  return PartiesOfCall(store, application->record.call());
}

absl::StatusOr<std::vector<v1::Grant>> ActiveGrantsManagedBy(DocumentStore* store,
                                                             const Principal& p,
                                                             const std::string& programme) {
  std::vector<std::string> indexes = {records::StateIndex<v1::Grant>(v1::GRANT_ACTIVE)};
  if (!programme.empty()) {
    if (!aip::IsNameOf<v1::Programme>(programme)) {
      return absl::InvalidArgumentError("programme: must be a resource name programmes/{id}");
    }
    indexes.push_back(absl::StrCat("programme=", programme));
  }
  ASSIGN_OR_RETURN(std::vector<v1::Grant> grants, ScanAll<v1::Grant>(store, std::move(indexes)));
  absl::flat_hash_map<std::string, bool> staff_of;  // by programme
  std::vector<v1::Grant> out;
  for (v1::Grant& g : grants) {
    // The grantee's own grants need no programme read; a programme's parties are read once.
    bool allowed = IsGrantParty(p, g, nullptr);
    if (!allowed) {
      auto [it, inserted] = staff_of.try_emplace(g.programme(), false);
      if (inserted) {
        ASSIGN_OR_RETURN(ProgrammeParties parties, PartiesOfProgramme(store, g.programme()));
        it->second = IsGrantParty(p, g, &parties);
      }
      allowed = it->second;
    }
    if (allowed) out.push_back(std::move(g));
  }
  return out;
}

}  // namespace civitas::grants
