#include "services/grants/app/review_workflow.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/review_transitions.h"
#include "services/grants/domain/reviews.h"
#include "services/grants/domain/scoring.h"

namespace civitas::grants {

absl::StatusOr<v1::Review> ReviewWorkflow::DeclareConflictOfInterest(const records::Request& r,
                                                                     const std::string& name,
                                                                     bool conflict,
                                                                     const std::string& statement,
                                                                     const std::string& etag) {
  return reviews_->Apply(r, name, etag, grants::DeclareConflictTransition(conflict, statement));
}

absl::Status ReviewWorkflow::ScoreInPlan(const v1::Call& call, const v1::Review& submitted,
                                         WritePlan* plan) {
  // Read inside the write's attempt: a concurrent submission makes the application's version
  // stale, the write ABORTED, and the retry counts that review too.
  ASSIGN_OR_RETURN(auto application,
                   ReadExisting<v1::Application>(store_, submitted.application()));
  ASSIGN_OR_RETURN(
      std::vector<v1::Review> reviews,
      ScanAll<v1::Review>(store_, {absl::StrCat("application=", submitted.application()),
                                   records::StateIndex<v1::Review>(v1::REVIEW_SUBMITTED)}));
  std::vector<int32_t> scores;
  for (const v1::Review& r : reviews) {
    if (r.name() != submitted.name()) scores.push_back(r.weighted_score_centi());
  }
  scores.push_back(submitted.weighted_score_centi());
  v1::Application scored = application.record;
  ASSIGN_OR_RETURN(const std::string event, RecordScores(call, scores, &scored));
  ASSIGN_OR_RETURN(
      plan->documents.emplace_back(),
      applications_->PlanUpdate(application.record, application.version, &scored, event));
  return absl::OkStatus();
}

absl::StatusOr<v1::Review> ReviewWorkflow::Submit(const records::Request& r,
                                                  const std::string& name, const v1::Review& scored,
                                                  const std::string& etag) {
  ASSIGN_OR_RETURN(v1::Review review, reviews_->Get(r, name));
  ASSIGN_OR_RETURN(auto application,
                   ReadExisting<v1::Application>(r.reads(store_), review.application()));
  ASSIGN_OR_RETURN(auto call, ReadExisting<v1::Call>(r.reads(store_), application.record.call()));
  records::Transition<v1::Review> submit =
      SubmitScoresTransition(call.record, scored, clock_->Now());
  submit.extend = [this, &call](const v1::Review&, const v1::Review& after, WritePlan* plan) {
    return ScoreInPlan(call.record, after, plan);
  };
  return reviews_->Apply(r, name, etag, submit);
}

absl::StatusOr<v1::Review> ReviewWorkflow::Reassign(const records::Request& r,
                                                    const std::string& name,
                                                    const std::string& reviewer) {
  const Principal& p = r.caller();
  ASSIGN_OR_RETURN(v1::Review review, reviews_->Get(r, name));
  ASSIGN_OR_RETURN(ProgrammeParties parties,
                   PartiesOfApplication(r.reads(store_), review.application()));
  RETURN_IF_ERROR(AuthorizeProgrammeStaff(p, parties, "reassigning reviews"));
  RETURN_IF_ERROR(CheckReplacementReviewer(review, reviewer));
  const std::string new_id = ids_->NewId();
  records::Transition<v1::Review> reassign =
      grants::ReassignTransition(parties, aip::NameOf<v1::Review>(new_id));
  reassign.extend = [&](const v1::Review&, const v1::Review&, WritePlan* plan) -> absl::Status {
    ASSIGN_OR_RETURN(auto created,
                     reviews_->PlanCreate(r, ReplacementReview(review, reviewer), new_id, ""));
    MergePlan(std::move(created.plan), plan);
    return absl::OkStatus();
  };
  return reviews_->Apply(r, name, "", reassign);
}

absl::StatusOr<v1::RankApplicationsResponse> ReviewWorkflow::Rank(const records::Request& r,
                                                                  const std::string& call_name) {
  const Principal& p = r.caller();
  ASSIGN_OR_RETURN(auto call, ReadNamed<v1::Call>(r.reads(store_), call_name));
  if (!call.has_value()) return absl::NotFoundError(absl::StrCat(call_name, " not found"));
  ASSIGN_OR_RETURN(ProgrammeParties parties,
                   PartiesOfProgramme(r.reads(store_), call->record.programme()));
  // A call the caller may not read (a draft) is answered as a missing one.
  if (!CanReadCall(p, call->record, parties)) {
    return absl::NotFoundError(absl::StrCat(call_name, " not found"));
  }
  RETURN_IF_ERROR(AuthorizeProgrammeStaff(p, parties, "ranking applications"));
  ASSIGN_OR_RETURN(std::vector<v1::Application> applications,
                   ScanAll<v1::Application>(r.reads(store_), {absl::StrCat("call=", call_name)}));
  std::vector<RankEntry> entries;
  absl::flat_hash_map<std::string, const v1::Application*> by_name;
  for (const v1::Application& a : applications) {
    if (!IsRanked(a)) continue;
    entries.push_back(RankEntryOf(a));
    by_name[a.name()] = &a;
  }
  entries = grants::RankOrder(std::move(entries));
  const std::vector<Proposal> proposals = FundingLine(entries, call->record.score_threshold_centi(),
                                                      call->record.envelope().amount_minor());
  v1::RankApplicationsResponse out;
  for (size_t i = 0; i < entries.size(); ++i) {
    v1::RankedApplication& ranked = *out.add_ranking();
    ranked.set_application(entries[i].application);
    ranked.set_score_centi(entries[i].score_centi);
    ranked.set_divergent(by_name[entries[i].application]->score_divergent());
    ranked.set_proposal(ProposalName(proposals[i]));
  }
  return out;
}

}  // namespace civitas::grants
