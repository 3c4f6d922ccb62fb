#include "services/registry/app/capacity_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/registry/domain/capacity.h"
#include "services/registry/domain/changes.h"

namespace civitas::registry {

void TrainingProgrammeRules::Validate(const v1::TrainingProgramme*, const v1::TrainingProgramme& p,
                                      Violations* v) const {
  ValidateTrainingProgramme(p, v);
}

absl::Status TrainingProgrammeRules::Authorize(
    const records::ChangeContext<v1::TrainingProgramme>& ctx,
    const v1::TrainingProgramme& after) const {
  return AuthorizeOwnedRecordChange(ctx.caller, ctx.before, after, "running a training programme");
}

absl::Status TrainingProgrammeRules::LoadReferences(
    const records::ChangeContext<v1::TrainingProgramme>& ctx, v1::TrainingProgramme* p,
    Violations* v, std::vector<Reference>* references) {
  if (ctx.change == records::Change::kCreate) {
    RETURN_IF_ERROR(CheckOrganization(ctx.reads, ReaderOfReferences(ctx), p->provider(),
                                      "training_programme.provider", v, references));
  }
  std::set<std::string> had;
  if (ctx.before != nullptr) {
    had.insert(ctx.before->territories().begin(), ctx.before->territories().end());
  }
  for (int i = 0; i < p->territories_size(); ++i) {
    if (had.contains(p->territories(i))) continue;
    RETURN_IF_ERROR(territories_.Check(ReaderOfReferences(ctx), p->territories(i),
                                       absl::StrCat("training_programme.territories[", i, "]"), v,
                                       references));
  }
  return absl::OkStatus();
}

bool TrainingEventRules::CanRead(const records::RuleContext& ctx,
                                 const v1::TrainingEvent& e) const {
  if (!RegistryRules<v1::TrainingEvent>::CanRead(ctx, e)) return false;
  auto programme =
      LoadRecord<v1::TrainingProgramme>(ctx.reads, aip::IdIn<v1::TrainingProgramme>(e.programme()));
  return programme.ok() && programme->has_value() && !HiddenFrom(&ctx.caller, **programme);
}

absl::Status TrainingEventRules::PrefetchForRead(const records::RuleContext& ctx,
                                                 absl::Span<const v1::TrainingEvent> events) const {
  std::vector<std::string> names;
  for (const v1::TrainingEvent& e : events) names.push_back(e.programme());
  return records::ReadNamedMany<v1::TrainingProgramme>(ctx.reads, names).status();
}

void TrainingEventRules::Validate(const v1::TrainingEvent*, const v1::TrainingEvent& e,
                                  Violations* v) const {
  ValidateTrainingEvent(e, v);
}

absl::Status TrainingEventRules::Authorize(const records::ChangeContext<v1::TrainingEvent>& ctx,
                                           const v1::TrainingEvent& after) const {
  return AuthorizeOwnedRecordChange(ctx.caller, ctx.before, after,
                                    "recording a training programme's events");
}

absl::Status TrainingEventRules::LoadReferences(
    const records::ChangeContext<v1::TrainingEvent>& ctx, v1::TrainingEvent* e, Violations* v,
    std::vector<Reference>* references) {
  if (ctx.change == records::Change::kUpdate) {
    ASSIGN_OR_RETURN(auto programme,
                     LoadRecord<v1::TrainingProgramme>(
                         ctx.reads, aip::IdIn<v1::TrainingProgramme>(e->programme())));
    if (programme.has_value() && programme->state() == v1::ARCHIVED) {
      v->AddPrecondition("training_event.programme",
                         absl::StrCat(e->programme(), " is archived; its events no longer change"));
    }
  }
  if (ctx.change == records::Change::kCreate) {
    const std::string id = aip::IdIn<v1::TrainingProgramme>(e->programme());
    if (!id.empty()) {
      ASSIGN_OR_RETURN(auto programme, LoadRecord<v1::TrainingProgramme>(ctx.reads, id));
      const v1::TrainingProgramme* found = programme.has_value() ? &*programme : nullptr;
      if (CheckReferenced(ReaderOfReferences(ctx), e->programme(), found,
                          "training_event.programme", v)) {
        // Owned by whoever runs the programme: the create is authorized against it.
        e->set_provider(found->provider());
        references->push_back(LiveRecord<v1::TrainingProgramme>(id));
      }
    }
  }
  std::set<std::string> had;
  if (ctx.before != nullptr) {
    for (const auto& a : ctx.before->attendance()) had.insert(a.organization());
    for (const auto& t : ctx.before->trainers()) had.insert(t.organization());
  }
  for (int i = 0; i < e->attendance_size(); ++i) {
    const std::string& org = e->attendance(i).organization();
    if (had.contains(org)) continue;
    RETURN_IF_ERROR(CheckOrganization(
        ctx.reads, ReaderOfReferences(ctx), org,
        absl::StrCat("training_event.attendance[", i, "].organization"), v, references));
  }
  for (int i = 0; i < e->trainers_size(); ++i) {
    const std::string& org = e->trainers(i).organization();
    if (org.empty() || had.contains(org)) continue;
    RETURN_IF_ERROR(CheckOrganization(ctx.reads, ReaderOfReferences(ctx), org,
                                      absl::StrCat("training_event.trainers[", i, "].organization"),
                                      v, references));
  }
  return absl::OkStatus();
}

}  // namespace civitas::registry
