#include "services/grants/app/application_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/grants/app/call_rules.h"
#include "services/grants/app/grants_counters.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/access_policy.h"
#include "services/grants/domain/applications.h"
#include "services/grants/domain/resource_spec.h"
#include "services/grants/domain/state_models.h"

namespace civitas::grants {
namespace {

using clients::CheckOrganizationRegistered;

}  // namespace

const aip::ResourceSpec& ApplicationRules::spec() const { return ApplicationSpec(); }

const records::StateModel<v1::Application>& ApplicationRules::states() const {
  return ApplicationStates();
}

bool ApplicationRules::CanRead(const records::RuleContext& ctx, const v1::Application& a) const {
  const Principal& p = ctx.caller;
  if (!ApplicationAccessNeedsProgramme(p, a)) {
    return CanReadApplication(p, a, {}, ReviewerStanding::kNotAssigned);
  }
  // Without its call and programme only admins (empty parties) read it.
  auto parties = PartiesOfApplication(ctx.reads, a);
  if (!parties.ok()) return false;
  return CanReadApplication(p, a, *parties, StandingOf(ctx, a));
}

absl::Status ApplicationRules::PrefetchForRead(
    const records::RuleContext& ctx, absl::Span<const v1::Application> applications) const {
  std::vector<const v1::Application*> needed;
  for (const v1::Application& a : applications) {
    if (ApplicationAccessNeedsProgramme(ctx.caller, a)) needed.push_back(&a);
  }
  return PrefetchCallsAndProgrammes(ctx.reads, needed);
}

ReviewerStanding ApplicationRules::StandingOf(const records::RuleContext& ctx,
                                              const v1::Application& a) const {
  const Principal& p = ctx.caller;
  // Only a reviewer's own review is looked up (by its unique assignment).
  if (!p.HasRole(kRoleReviewer)) return StandingFrom(p, nullptr);
  auto review_id = ctx.reads->FindUnique(aip::CollectionOf<v1::Review>(),
                                         absl::StrCat("assignment=", a.name(), "|", p.subject));
  if (!review_id.ok() || !review_id->has_value()) return StandingFrom(p, nullptr);
  auto review = records::ReadRecord<v1::Review>(ctx.reads, **review_id);
  if (!review.ok() || !review->has_value()) return StandingFrom(p, nullptr);
  return StandingFrom(p, &(*review)->record);
}

absl::Status ApplicationRules::Authorize(const records::ChangeContext<v1::Application>& ctx,
                                         const v1::Application& after) const {
  return AuthorizeApplicationEdit(ctx.caller, ctx.before != nullptr ? *ctx.before : after);
}

void ApplicationRules::Validate(const v1::Application*, const v1::Application& after,
                                Violations* v) const {
  ValidateApplication(after, v);
}

absl::Status ApplicationRules::LoadReferences(const records::ChangeContext<v1::Application>& ctx,
                                              v1::Application* a, Violations* v,
                                              std::vector<Reference>* references) {
  // Only a draft's fields change; after submission its call and organisations were checked.
  if (a->state() != v1::APPLICATION_DRAFT) return absl::OkStatus();
  const std::string call_id = aip::IdIn<v1::Call>(a->call());
  if (!call_id.empty()) {
    ASSIGN_OR_RETURN(auto call, records::ReadRecord<v1::Call>(ctx.reads, call_id));
    // A call the caller may not read (a draft) is answered as a missing one.
    if (!call.has_value() || !CallReadableBy(ctx, call->record)) {
      v->Add("application.call", absl::StrCat(a->call(), " does not exist"));
    } else {
      CheckApplicationCall(*a, call->record, v);
      references->push_back(records::RefTo<v1::Call>(call_id, {v1::CALL_PUBLISHED}));
      // A call's programme never changes: kept here, it is read together with the call.
      a->set_programme(call->record.programme());
    }
  }
  RETURN_IF_ERROR(
      CheckOrganizationRegistered(registry_, a->applicant(), "application.applicant", v, ctx.call));
  for (int i = 0; i < a->partners_size(); ++i) {
    RETURN_IF_ERROR(CheckOrganizationRegistered(
        registry_, a->partners(i), absl::StrCat("application.partners[", i, "]"), v, ctx.call));
  }
  return absl::OkStatus();
}

}  // namespace civitas::grants
