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
  return PartiesOfApplication(store, application->record);
}

absl::StatusOr<ProgrammeParties> PartiesOfApplication(DocumentStore* store,
                                                      const v1::Application& application) {
  const v1::Application* one[] = {&application};
  RETURN_IF_ERROR(PrefetchCallsAndProgrammes(store, one));
  return PartiesOfCall(store, application.call());
}

absl::Status PrefetchCallsAndProgrammes(DocumentStore* reads,
                                        absl::Span<const v1::Application* const> applications) {
  std::vector<DocumentKey> keys;
  std::vector<std::string> calls_without_programme;
  for (const v1::Application* a : applications) {
    const std::string call_id = aip::IdIn<v1::Call>(a->call());
    if (call_id.empty()) continue;
    keys.push_back({aip::CollectionOf<v1::Call>(), call_id});
    const std::string programme_id = aip::IdIn<v1::Programme>(a->programme());
    if (programme_id.empty()) {
      calls_without_programme.push_back(a->call());
    } else {
      keys.push_back({aip::CollectionOf<v1::Programme>(), programme_id});
    }
  }
  if (keys.empty()) return absl::OkStatus();
  RETURN_IF_ERROR(reads->GetAcross(keys).status());
  if (calls_without_programme.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const std::vector<v1::Call> calls,
                   records::ReadNamedMany<v1::Call>(reads, calls_without_programme));
  std::vector<std::string> programmes;
  for (const v1::Call& call : calls) programmes.push_back(call.programme());
  return records::PrefetchNamed<v1::Programme>(reads, programmes);
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
