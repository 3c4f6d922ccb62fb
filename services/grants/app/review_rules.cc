#include "services/grants/app/review_rules.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/application_transitions.h"
#include "services/grants/domain/resource_spec.h"
#include "services/grants/domain/reviews.h"
#include "services/grants/domain/state_models.h"

namespace civitas::grants {

std::string ReviewersCounter(const std::string& application_name) {
  return absl::StrCat(application_name, "/reviewers");
}

const aip::ResourceSpec& ReviewRules::spec() const { return ReviewSpec(); }

const records::StateModel<v1::Review>& ReviewRules::states() const { return ReviewStates(); }

bool ReviewRules::CanRead(const records::RuleContext& ctx, const v1::Review& review) const {
  // Nothing is read for the reviewer, nor for an anonymous caller (who reads nothing).
  if (CanReadReview(ctx.caller, review, nullptr)) return true;
  if (ctx.caller.anonymous()) return false;
  auto parties = PartiesOfApplication(ctx.reads, review.application());
  return parties.ok() && CanReadReview(ctx.caller, review, &*parties);
}

absl::Status ReviewRules::Authorize(const records::ChangeContext<v1::Review>& ctx,
                                    const v1::Review& after) const {
  // Anything but a create is refused before anything is read.
  if (ctx.change != records::Change::kCreate) {
    return AuthorizeReviewChange(ctx.caller, ctx.change, {});
  }
  ASSIGN_OR_RETURN(ProgrammeParties parties, PartiesOfApplication(ctx.reads, after.application()));
  return AuthorizeReviewChange(ctx.caller, ctx.change, parties);
}

void ReviewRules::Validate(const v1::Review*, const v1::Review& after, Violations* v) const {
  ValidateReview(after, v);
}

absl::Status ReviewRules::LoadReferences(const records::ChangeContext<v1::Review>& ctx,
                                         v1::Review* review, Violations* v,
                                         std::vector<Reference>* references) {
  if (!aip::IsNameOf<v1::Application>(review->application())) return absl::OkStatus();
  // An assignment reads the application as the caller reads it: one the caller may not see
  // (another organisation's, a draft) is answered as a missing one, so neither its existence nor
  // its state leaks. A review already assigned was checked so when it was made; its reviewer acts
  // on it before being allowed to read the application (the conflict of interest is declared
  // first). One read either way: as the caller (Get answers NOT_FOUND for a missing or hidden one),
  // or from the store.
  std::optional<v1::Application> application;
  if (ctx.change == records::Change::kCreate) {
    auto as_caller = applications_->Get(ctx, review->application());
    if (as_caller.ok()) {
      application = *std::move(as_caller);
    } else if (as_caller.status().code() != absl::StatusCode::kNotFound) {
      return as_caller.status();
    }
  } else {
    ASSIGN_OR_RETURN(auto stored, ReadNamed<v1::Application>(ctx.reads, review->application()));
    if (stored.has_value()) application = std::move(stored->record);
  }
  if (!application.has_value()) {
    v->Add("review.application", absl::StrCat(review->application(), " does not exist"));
    return absl::OkStatus();
  }
  CheckReviewable(*application, "review.application", v);
  references->push_back(
      records::RefTo<v1::Application>(aip::IdIn<v1::Application>(review->application()),
                                      {v1::APPLICATION_ELIGIBLE, v1::APPLICATION_UNDER_REVIEW}));
  return absl::OkStatus();
}

std::vector<std::string> ReviewRules::UniqueValues(const v1::Review& review) const {
  // A reassigned review frees its reviewer's assignment (a later one may name them again).
  if (!HoldsReviewerSeat(&review)) return {};
  return {absl::StrCat("assignment=", review.application(), "|", review.reviewer())};
}

absl::Status ReviewRules::ExtendPlan(const records::ChangeContext<v1::Review>& ctx,
                                     const v1::Review& after, WritePlan* plan) {
  const bool was_active = HoldsReviewerSeat(ctx.before);
  const bool is_active = HoldsReviewerSeat(&after);
  if (was_active == is_active) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto application, ReadExisting<v1::Application>(ctx.reads, after.application()));
  ASSIGN_OR_RETURN(auto call, ReadExisting<v1::Call>(ctx.reads, application.record.call()));
  plan->counters.push_back({.name = ReviewersCounter(after.application()),
                            .delta = is_active ? 1 : -1,
                            .max = call.record.reviewers_per_application(),
                            .what = absl::StrCat("reviewers assigned to ", after.application()),
                            .max_is = "the call's reviewers per application",
                            .min_is = "none"});
  if (v1::Application under_review = application.record; is_active && StartReview(&under_review)) {
    ASSIGN_OR_RETURN(plan->documents.emplace_back(),
                     applications_->PlanUpdate(application.record, application.version,
                                               &under_review, "review_started"));
  }
  return absl::OkStatus();
}

}  // namespace civitas::grants
