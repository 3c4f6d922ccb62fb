#include "services/grants/app/grants_lookup.h"

#include "libs/common/status_macros.h"

namespace civitas::grants {

absl::StatusOr<ProgrammeParties> PartiesOfProgramme(DocumentStore* store,
                                                    const std::string& programme_name) {
  ASSIGN_OR_RETURN(auto programme, ReadNamed<v1::Programme>(store, "programmes", programme_name));
  if (!programme.has_value()) return ProgrammeParties{};
  return PartiesOf(programme->record);
}

absl::StatusOr<ProgrammeParties> PartiesOfCall(DocumentStore* store, const std::string& call_name) {
  ASSIGN_OR_RETURN(auto call, ReadNamed<v1::Call>(store, "calls", call_name));
  if (!call.has_value()) return ProgrammeParties{};
  return PartiesOfProgramme(store, call->record.programme());
}

absl::StatusOr<ProgrammeParties> PartiesOfApplication(DocumentStore* store,
                                                      const std::string& application_name) {
  ASSIGN_OR_RETURN(auto application,
                   ReadNamed<v1::Application>(store, "applications", application_name));
  if (!application.has_value()) return ProgrammeParties{};
  return PartiesOfCall(store, application->record.call());
}

}  // namespace civitas::grants
