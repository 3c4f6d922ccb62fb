#include "services/grants/app/call_publication.h"

#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/call_transitions.h"

namespace civitas::grants {

absl::StatusOr<v1::Programme> CallPublication::OpenProgramme(const Principal& p,
                                                             const std::string& name,
                                                             const std::string& etag,
                                                             const std::string& rid) {
  return programmes_->Apply(p, name, etag, grants::OpenProgramme(), rid);
}

absl::StatusOr<v1::Programme> CallPublication::CloseProgramme(const Principal& p,
                                                              const std::string& name,
                                                              const std::string& etag,
                                                              const std::string& rid) {
  return programmes_->Apply(p, name, etag, grants::CloseProgramme(), rid);
}

absl::StatusOr<v1::Call> CallPublication::PublishCall(const Principal& p, const std::string& name,
                                                      const std::string& etag,
                                                      const std::string& rid) {
  ASSIGN_OR_RETURN(v1::Call call, calls_->Get(p, name));
  ASSIGN_OR_RETURN(auto programme,
                   ReadExisting<v1::Programme>(store_, "programmes", call.programme()));
  records::Transition<v1::Call> publish = grants::PublishCall(programme.record);
  // The programme must still be open when the call goes out.
  publish.extend = [](const v1::Call&, const v1::Call& after, WritePlan* plan) {
    plan->references.push_back(
        {{"programmes", aip::IdOf(after.programme(), "programmes")}, {"PROGRAMME_OPEN"}});
    return absl::OkStatus();
  };
  return calls_->Apply(p, name, etag, publish, rid);
}

absl::StatusOr<v1::Call> CallPublication::CloseCall(const Principal& p, const std::string& name,
                                                    const std::string& etag,
                                                    const std::string& rid) {
  ASSIGN_OR_RETURN(v1::Call call, calls_->Get(p, name));
  ASSIGN_OR_RETURN(ProgrammeParties parties, PartiesOfProgramme(store_, call.programme()));
  return calls_->Apply(p, name, etag, grants::CloseCall(parties), rid);
}

}  // namespace civitas::grants
