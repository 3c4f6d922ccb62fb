#include "services/grants/app/grants_rules.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/access_policy.h"
#include "services/grants/domain/application_rules.h"
#include "services/grants/domain/call_rules.h"
#include "services/grants/domain/programme_rules.h"
#include "services/grants/domain/resource_spec.h"

namespace civitas::grants {
namespace {

using records::Change;

// The programme a call names, with the version it was read at; nullopt when missing.
absl::StatusOr<std::optional<records::StoredRecord<v1::Programme>>> ReadProgramme(
    DocumentStore* store, const std::string& name) {
  return ReadNamed<v1::Programme>(store, name);
}

using clients::CheckOrganizationRegistered;

// A draft call is its programme staff's; any other state is public.
bool CallReadableBy(const records::RuleContext& ctx, const v1::Call& call) {
  if (call.state() != v1::CALL_DRAFT) return true;
  auto parties = PartiesOfProgramme(ctx.reads, call.programme());
  return parties.ok() && IsProgrammeStaff(ctx.caller, *parties);
}

// The ids in `collection` of `names` (those that are its resource names), each once.
std::vector<std::string> IdsIn(const std::string& collection,
                               const std::vector<std::string>& names) {
  std::vector<std::string> ids;
  for (const std::string& name : names) {
    if (std::string id = aip::IdOf(name, collection);
        !id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      ids.push_back(std::move(id));
    }
  }
  return ids;
}

// Reads the programmes named in one round trip (into the request's reads).
absl::Status PrefetchProgrammes(const records::RuleContext& ctx,
                                const std::vector<std::string>& names) {
  const std::string& programmes = ProgrammeSpec().collection;
  const std::vector<std::string> ids = IdsIn(programmes, names);
  if (ids.empty()) return absl::OkStatus();
  return ctx.reads->GetMany(programmes, ids).status();
}

}  // namespace

std::string AllocatedCounter(const std::string& programme_name) {
  return absl::StrCat(programme_name, "/allocated");
}

std::string AwardedCallCounter(const std::string& call_name) {
  return absl::StrCat(call_name, "/awarded");
}

std::string SubProgrammesCounter(const std::string& grant_name) {
  return absl::StrCat(grant_name, "/sub_programmes");
}

std::string AllocatedWhat(const std::string& programme_name) {
  return absl::StrCat("envelopes of the calls of ", programme_name);
}

// --- Programmes ---

const aip::ResourceSpec& ProgrammeRecordRules::spec() const { return ProgrammeSpec(); }

const records::StateModel<v1::Programme>& ProgrammeRecordRules::states() const {
  static const records::StateModel<v1::Programme> kStates{
      v1::PROGRAMME_DRAFT, {v1::PROGRAMME_DRAFT}, v1::PROGRAMME_ARCHIVED};
  return kStates;
}

bool ProgrammeRecordRules::CanRead(const records::RuleContext& ctx,
                                   const v1::Programme& programme) const {
  return CanReadProgramme(ctx.caller, programme);
}

absl::Status ProgrammeRecordRules::Authorize(const records::ChangeContext<v1::Programme>& ctx,
                                             const v1::Programme& after) const {
  // A creator must act for the programme's own funder or lead; a change, for the parties it had.
  const v1::Programme& parties_of = ctx.before != nullptr ? *ctx.before : after;
  const char* what = ctx.change == Change::kCreate   ? "creating a programme"
                     : ctx.change == Change::kUpdate ? "changing a programme"
                                                     : "archiving a programme";
  return AuthorizeProgrammeStaff(ctx.caller, PartiesOf(parties_of), what);
}

void ProgrammeRecordRules::Validate(const v1::Programme* before, const v1::Programme& after,
                                    Violations* v) const {
  ValidateProgramme(after, v);
  if (before != nullptr) ValidateProgrammeChange(*before, after, v);
}

absl::Status ProgrammeRecordRules::LoadReferences(const records::ChangeContext<v1::Programme>& ctx,
                                                  v1::Programme* programme, Violations* v,
                                                  std::vector<Reference>* references) {
  RETURN_IF_ERROR(
      CheckOrganizationRegistered(registry_, programme->funder(), "programme.funder", v, ctx.call));
  RETURN_IF_ERROR(CheckOrganizationRegistered(registry_, programme->lead_organization(),
                                              "programme.lead_organization", v, ctx.call));
  if (const std::string grant = aip::IdIn<v1::Grant>(programme->parent_grant()); !grant.empty()) {
    ASSIGN_OR_RETURN(auto parent, records::ReadRecord<v1::Grant>(ctx.reads, grant));
    if (!parent.has_value()) {
      v->Add("programme.parent_grant", absl::StrCat(programme->parent_grant(), " does not exist"));
    } else {
      if (parent->record.amount().currency_code() != programme->envelope().currency_code()) {
        v->Add("programme.envelope.currency_code",
               absl::StrCat("must be the parent grant's currency (",
                            parent->record.amount().currency_code(), ")"));
      }
      if (parent->record.recipient() != programme->lead_organization()) {
        v->Add("programme.lead_organization",
               absl::StrCat("must be the parent grant's recipient (", parent->record.recipient(),
                            "): it re-grants what it received"));
      }
      references->push_back(records::RefTo<v1::Grant>(grant, {v1::GRANT_ACTIVE}));
    }
  }
  return absl::OkStatus();
}

absl::Status ProgrammeRecordRules::ExtendPlan(const records::ChangeContext<v1::Programme>& ctx,
                                              const v1::Programme& after, WritePlan* plan) {
  const v1::Programme* before = ctx.before;
  if (before != nullptr && before->envelope().amount_minor() != after.envelope().amount_minor()) {
    plan->counters.push_back({.name = AllocatedCounter(after.name()),
                              .max = after.envelope().amount_minor(),
                              .what = AllocatedWhat(after.name()),
                              .max_is = "the programme's envelope"});
  }
  // A sub-programme's envelope counts against its parent grant's amount while it is not archived.
  auto held = [](const v1::Programme* p) {
    return p == nullptr || p->state() == v1::PROGRAMME_ARCHIVED ? 0 : p->envelope().amount_minor();
  };
  const int64_t delta = held(&after) - held(before);
  if (!after.parent_grant().empty() && delta != 0) {
    ASSIGN_OR_RETURN(auto parent, records::ReadRecord<v1::Grant>(
                                      ctx.reads, aip::IdIn<v1::Grant>(after.parent_grant())));
    if (!parent.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(after.parent_grant(), " does not exist"));
    }
    plan->counters.push_back(
        {.name = SubProgrammesCounter(after.parent_grant()),
         .delta = delta,
         .max = parent->record.amount().amount_minor(),
         .what = absl::StrCat("envelopes of the programmes funded by ", after.parent_grant()),
         .max_is = "the grant's amount"});
  }
  return absl::OkStatus();
}

// --- Calls ---

const aip::ResourceSpec& CallRecordRules::spec() const { return CallSpec(); }

const records::StateModel<v1::Call>& CallRecordRules::states() const {
  static const records::StateModel<v1::Call> kStates{
      v1::CALL_DRAFT, {v1::CALL_DRAFT}, v1::CALL_ARCHIVED};
  return kStates;
}

bool CallRecordRules::CanRead(const records::RuleContext& ctx, const v1::Call& call) const {
  return CallReadableBy(ctx, call);
}

absl::Status CallRecordRules::PrefetchForRead(const records::RuleContext& ctx,
                                              absl::Span<const v1::Call> calls) const {
  std::vector<std::string> programmes;
  for (const v1::Call& call : calls) {
    if (call.state() == v1::CALL_DRAFT) programmes.push_back(call.programme());
  }
  return PrefetchProgrammes(ctx, programmes);
}

absl::Status CallRecordRules::Authorize(const records::ChangeContext<v1::Call>& ctx,
                                        const v1::Call& after) const {
  const char* what = ctx.change == Change::kCreate   ? "creating a call"
                     : ctx.change == Change::kUpdate ? "changing a call"
                                                     : "archiving a call";
  if (ctx.caller.anonymous()) {
    return absl::UnauthenticatedError(absl::StrCat(what, " needs a bearer token"));
  }
  // A missing programme is LoadReferences' violation; only admins get that far without one.
  ASSIGN_OR_RETURN(
      ProgrammeParties parties,
      PartiesOfProgramme(ctx.reads, (ctx.before != nullptr ? *ctx.before : after).programme()));
  return AuthorizeProgrammeStaff(ctx.caller, parties, what);
}

void CallRecordRules::Validate(const v1::Call* before, const v1::Call& after, Violations* v) const {
  // The rules as they will be stored: with the defaults LoadReferences fills in.
  v1::Call call = after;
  ApplyCallDefaults(&call);
  ValidateCall(call, call.envelope().currency_code(), v);
  if (before != nullptr) ValidateCallChange(*before, after, v);
}

absl::Status CallRecordRules::LoadReferences(const records::ChangeContext<v1::Call>& ctx,
                                             v1::Call* call, Violations* v,
                                             std::vector<Reference>* references) {
  ApplyCallDefaults(call);
  ASSIGN_OR_RETURN(auto programme, ReadProgramme(ctx.reads, call->programme()));
  // A programme the caller may not read is answered as a missing one.
  if (!programme.has_value() || !CanReadProgramme(ctx.caller, programme->record)) {
    if (aip::IsNameOf<v1::Programme>(call->programme())) {
      v->Add("call.programme", absl::StrCat(call->programme(), " does not exist"));
    }
    return absl::OkStatus();
  }
  const v1::Programme& p = programme->record;
  if (p.state() == v1::PROGRAMME_CLOSED || p.state() == v1::PROGRAMME_ARCHIVED) {
    v->AddPrecondition("call.programme",
                       absl::StrCat(p.name(), " is ", v1::ProgrammeState_Name(p.state()),
                                    "; calls belong to a draft or open programme"));
  }
  if (call->envelope().currency_code() != p.envelope().currency_code()) {
    v->Add("call.envelope.currency_code",
           absl::StrCat("must be the programme's currency (", p.envelope().currency_code(), ")"));
  }
  references->push_back(records::RefTo<v1::Programme>(aip::IdIn<v1::Programme>(p.name()),
                                                      {v1::PROGRAMME_DRAFT, v1::PROGRAMME_OPEN}));
  return absl::OkStatus();
}

absl::Status CallRecordRules::ExtendPlan(const records::ChangeContext<v1::Call>& ctx,
                                         const v1::Call& after, WritePlan* plan) {
  const v1::Call* before = ctx.before;
  auto held = [](const v1::Call* c) {
    return c == nullptr || c->state() == v1::CALL_ARCHIVED ? 0 : c->envelope().amount_minor();
  };
  int64_t delta = held(&after) - held(before);
  if (before != nullptr && before->state() != v1::CALL_ARCHIVED &&
      after.state() == v1::CALL_ARCHIVED) {
    // What was awarded from the call stays committed; only the unawarded part goes back to the
    // programme. The awarded total is the one read: an award landing before this plan applies
    // makes it ABORTED, and the retry reads the new total (an archived call takes no awards).
    const std::string awarded_counter = AwardedCallCounter(after.name());
    ASSIGN_OR_RETURN(const int64_t awarded, ctx.reads->GetCounter(awarded_counter));
    delta += awarded;
    plan->counters.push_back({.name = awarded_counter,
                              .expected = awarded,
                              .what = absl::StrCat("amount awarded from ", after.name())});
  }
  if (delta == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto programme, ReadProgramme(ctx.reads, after.programme()));
  if (!programme.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(after.programme(), " does not exist"));
  }
  plan->counters.push_back({.name = AllocatedCounter(after.programme()),
                            .delta = delta,
                            .max = programme->record.envelope().amount_minor(),
                            .what = AllocatedWhat(after.programme()),
                            .max_is = "the programme's envelope",
                            .min_is = "nothing allocated"});
  // The bound is the envelope as read: the plan applies only if the programme is unchanged.
  for (Reference& r : plan->references) {
    if (records::RefersTo<v1::Programme>(r)) r.version = programme->version;
  }
  return absl::OkStatus();
}

// --- Applications ---

const aip::ResourceSpec& ApplicationRecordRules::spec() const { return ApplicationSpec(); }

const records::StateModel<v1::Application>& ApplicationRecordRules::states() const {
  static const records::StateModel<v1::Application> kStates{
      v1::APPLICATION_DRAFT, {v1::APPLICATION_DRAFT}, v1::APPLICATION_ARCHIVED};
  return kStates;
}

bool ApplicationRecordRules::CanRead(const records::RuleContext& ctx,
                                     const v1::Application& a) const {
  const Principal& p = ctx.caller;
  if (p.anonymous()) return false;
  if (!p.organization.empty() && p.organization == a.applicant()) return true;
  if (a.state() == v1::APPLICATION_DRAFT) return false;
  // Without its call and programme only admins (empty parties) read it.
  auto parties = PartiesOfCall(ctx.reads, a.call());
  if (!parties.ok()) return false;
  return CanReadApplication(p, a, *parties, StandingOf(ctx, a));
}

absl::Status ApplicationRecordRules::PrefetchForRead(
    const records::RuleContext& ctx, absl::Span<const v1::Application> applications) const {
  std::vector<std::string> calls;
  for (const v1::Application& a : applications) {
    // The applicant's own and drafts need nothing read.
    const bool own = !ctx.caller.organization.empty() && ctx.caller.organization == a.applicant();
    if (!own && a.state() != v1::APPLICATION_DRAFT) calls.push_back(a.call());
  }
  const std::vector<std::string> call_ids = IdsIn(CallSpec().collection, calls);
  if (call_ids.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto docs, ctx.reads->GetMany(CallSpec().collection, call_ids));
  std::vector<std::string> programmes;
  for (const std::optional<StoredDocument>& doc : docs) {
    v1::Call call;
    if (doc.has_value() && call.ParseFromString(doc->payload)) {
      programmes.push_back(call.programme());
    }
  }
  return PrefetchProgrammes(ctx, programmes);
}

ReviewerStanding ApplicationRecordRules::StandingOf(const records::RuleContext& ctx,
                                                    const v1::Application& a) const {
  const Principal& p = ctx.caller;
  if (!p.HasRole(kRoleReviewer)) return ReviewerStanding::kNotAssigned;
  auto review_id = ctx.reads->FindUnique(aip::CollectionOf<v1::Review>(),
                                         absl::StrCat("assignment=", a.name(), "|", p.subject));
  if (!review_id.ok() || !review_id->has_value()) return ReviewerStanding::kNotAssigned;
  auto review = records::ReadRecord<v1::Review>(ctx.reads, **review_id);
  if (!review.ok() || !review->has_value()) return ReviewerStanding::kNotAssigned;
  switch ((*review)->record.state()) {
    case v1::REVIEW_DECLARED:
    case v1::REVIEW_SUBMITTED:
      return ReviewerStanding::kDeclaredNoConflict;
    case v1::REVIEW_ASSIGNED:
      return ReviewerStanding::kAssignedUndeclared;
    default:
      return ReviewerStanding::kNotAssigned;
  }
}

absl::Status ApplicationRecordRules::Authorize(const records::ChangeContext<v1::Application>& ctx,
                                               const v1::Application& after) const {
  return AuthorizeApplicationEdit(ctx.caller, ctx.before != nullptr ? *ctx.before : after);
}

void ApplicationRecordRules::Validate(const v1::Application*, const v1::Application& after,
                                      Violations* v) const {
  ValidateApplication(after, v);
}

absl::Status ApplicationRecordRules::LoadReferences(
    const records::ChangeContext<v1::Application>& ctx, v1::Application* a, Violations* v,
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
      if (call->record.state() != v1::CALL_PUBLISHED) {
        v->AddPrecondition("application.call",
                           absl::StrCat(a->call(), " is ", v1::CallState_Name(call->record.state()),
                                        "; applications are made to a published call"));
      }
      const std::string& currency = call->record.envelope().currency_code();
      if (a->requested_amount().currency_code() != currency) {
        v->Add("application.requested_amount.currency_code",
               absl::StrCat("must be the call's currency (", currency, ")"));
      }
      references->push_back(records::RefTo<v1::Call>(call_id, {v1::CALL_PUBLISHED}));
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
