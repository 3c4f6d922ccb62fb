#include "services/grants/app/call_publication.h"

#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/call_transitions.h"

namespace civitas::grants {

absl::StatusOr<v1::Programme> CallPublication::OpenProgramme(const records::Request& r,
                                                             const std::string& name,
                                                             const std::string& etag) {
  return programmes_->Apply(r, name, etag, grants::OpenProgrammeTransition());
}

absl::StatusOr<v1::Programme> CallPublication::CloseProgramme(const records::Request& r,
                                                              const std::string& name,
                                                              const std::string& etag) {
  return programmes_->Apply(r, name, etag, grants::CloseProgrammeTransition());
}

absl::StatusOr<v1::Call> CallPublication::PublishCall(const records::Request& r,
                                                      const std::string& name,
                                                      const std::string& etag) {
  ASSIGN_OR_RETURN(v1::Call call, calls_->Get(r, name));
  ASSIGN_OR_RETURN(auto programme, ReadExisting<v1::Programme>(r.reads(store_), call.programme()));
  records::Transition<v1::Call> publish = grants::PublishCallTransition(programme.record);
  // The programme must still be open when the call goes out.
  publish.extend = [](const v1::Call&, const v1::Call& after, WritePlan* plan) {
    plan->references.push_back(records::RefTo<v1::Programme>(
        aip::IdIn<v1::Programme>(after.programme()), {v1::PROGRAMME_OPEN}));
    return absl::OkStatus();
  };
  return calls_->Apply(r, name, etag, publish);
}

absl::StatusOr<v1::Call> CallPublication::CloseCall(const records::Request& r,
                                                    const std::string& name,
                                                    const std::string& etag) {
  ASSIGN_OR_RETURN(v1::Call call, calls_->Get(r, name));
  ASSIGN_OR_RETURN(ProgrammeParties parties, PartiesOfProgramme(r.reads(store_), call.programme()));
  return calls_->Apply(r, name, etag, grants::CloseCallTransition(parties));
}

}  // namespace civitas::grants
