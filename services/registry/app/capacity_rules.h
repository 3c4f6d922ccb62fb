// The RecordRules of capacity development (libs/records): training programmes, run by their
// provider, and their events, which record the programme's provider with them (who owns an event
// is who runs its programme). Decisions from domain/capacity.h and changes.h.
#pragma once

#include <vector>

#include "civitas/registry/v1/capacity.pb.h"
#include "services/registry/app/reference_loading.h"
#include "services/registry/app/registry_record_rules.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

class TrainingProgrammeRules final : public RegistryRules<v1::TrainingProgramme> {
 public:
  explicit TrainingProgrammeRules(DocumentStore* store) : territories_(store) {}
  const aip::ResourceSpec& spec() const override { return TrainingProgrammeSpec(); }
  void Validate(const v1::TrainingProgramme* before, const v1::TrainingProgramme& p,
                Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::TrainingProgramme>& ctx,
                         const v1::TrainingProgramme& after) const override;
  // The provider and the territories registered.
  absl::Status LoadReferences(const records::ChangeContext<v1::TrainingProgramme>& ctx,
                              v1::TrainingProgramme* p, Violations* v,
                              std::vector<Reference>* references) override;

 private:
  TerritoryResolver territories_;
};

class TrainingEventRules final : public RegistryRules<v1::TrainingEvent> {
 public:
  const aip::ResourceSpec& spec() const override { return TrainingEventSpec(); }
  // As every registry record, and only while its programme is readable too (a draft
  // programme's events are its provider's and staff's).
  bool CanRead(const records::RuleContext& ctx, const v1::TrainingEvent& e) const override;
  absl::Status PrefetchForRead(const records::RuleContext& ctx,
                               absl::Span<const v1::TrainingEvent> events) const override;
  void Validate(const v1::TrainingEvent* before, const v1::TrainingEvent& e,
                Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::TrainingEvent>& ctx,
                         const v1::TrainingEvent& after) const override;
  // The programme readable and live (its provider recorded with the event; an archived
  // programme's events no longer change), the attending organisations and the trainers'
  // organisations the change adds registered.
  absl::Status LoadReferences(const records::ChangeContext<v1::TrainingEvent>& ctx,
                              v1::TrainingEvent* e, Violations* v,
                              std::vector<Reference>* references) override;
};

}  // namespace civitas::registry
