// The RecordRules of the grants resources (libs/records): decisions come from domain/; what is
// loaded here are the records a resource depends on: its programme from this service's store,
// its organisations from the registry (RegistryClient). Thread-safe.
#pragma once

#include "civitas/grants/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"
#include "services/grants/domain/access_policy.h"

namespace civitas::grants {

// The bounded counter of a programme's call envelopes: never above the programme's envelope.
std::string AllocatedCounter(const std::string& programme_name);
// The bounded counter of the envelopes of the sub-programmes a grant funds: never above its
// amount (the cascade).
std::string SubProgrammesCounter(const std::string& grant_name);
// What the allocated counter adds up, as refusals name it.
std::string AllocatedWhat(const std::string& programme_name);
// The bounded counter of a call's awards: never above its envelope.
std::string AwardedCallCounter(const std::string& call_name);

class ProgrammeRecordRules final : public records::RecordRules<v1::Programme> {
 public:
  explicit ProgrammeRecordRules(clients::RegistryClient* registry) : registry_(registry) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Programme>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::Programme& programme) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Programme>& ctx,
                         const v1::Programme& after) const override;
  void Validate(const v1::Programme* before, const v1::Programme& after,
                Violations* v) const override;
  // The funder and lead organisation must be in the registry; a parent grant in this store.
  absl::Status LoadReferences(const records::ChangeContext<v1::Programme>& ctx,
                              v1::Programme* programme, Violations* v,
                              std::vector<Reference>* references) override;
  // A changed envelope must still hold what the calls were given: a zero move of the allocated
  // counter bounded by the new envelope, in the same write.
  absl::Status ExtendPlan(const records::ChangeContext<v1::Programme>& ctx,
                          const v1::Programme& after, WritePlan* plan) override;

 private:
  clients::RegistryClient* const registry_;
};

class CallRecordRules final : public records::RecordRules<v1::Call> {
 public:
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Call>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::Call& call) const override;
  // The programmes of the page's draft calls, in one round trip.
  absl::Status PrefetchForRead(const records::RuleContext& ctx,
                               absl::Span<const v1::Call> calls) const override;
  // Programme staff only; the programme is read for its parties.
  absl::Status Authorize(const records::ChangeContext<v1::Call>& ctx,
                         const v1::Call& after) const override;
  void Validate(const v1::Call* before, const v1::Call& after, Violations* v) const override;
  // The programme must exist, not be closed or archived, and share the call's currency; the
  // call's defaults (EU practice) are filled in.
  absl::Status LoadReferences(const records::ChangeContext<v1::Call>& ctx, v1::Call* call,
                              Violations* v, std::vector<Reference>* references) override;
  // The call's envelope moves the programme's allocated counter (bounded by the programme's
  // envelope as read, the programme referenced at that version); archiving gives it back.
  absl::Status ExtendPlan(const records::ChangeContext<v1::Call>& ctx, const v1::Call& after,
                          WritePlan* plan) override;
};

class ApplicationRecordRules final : public records::RecordRules<v1::Application> {
 public:
  explicit ApplicationRecordRules(clients::RegistryClient* registry) : registry_(registry) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Application>& states() const override;
  // The applicant's people; programme staff once submitted; a reviewer assigned to it once they
  // declared no conflict of interest.
  bool CanRead(const records::RuleContext& ctx, const v1::Application& application) const override;
  // The calls of the page's submitted applications, then their programmes: two round trips.
  absl::Status PrefetchForRead(const records::RuleContext& ctx,
                               absl::Span<const v1::Application> applications) const override;
  // The applicant's people, on drafts.
  absl::Status Authorize(const records::ChangeContext<v1::Application>& ctx,
                         const v1::Application& after) const override;
  void Validate(const v1::Application* before, const v1::Application& after,
                Violations* v) const override;
  // For a draft: the call must be published (re-checked when the write applies) and in the
  // same currency; the applicant and partners must be in the registry.
  absl::Status LoadReferences(const records::ChangeContext<v1::Application>& ctx,
                              v1::Application* application, Violations* v,
                              std::vector<Reference>* references) override;

 private:
  // How `p` stands as a reviewer of `application` (their review's state).
  ReviewerStanding StandingOf(const records::RuleContext& ctx,
                              const v1::Application& application) const;

  clients::RegistryClient* const registry_;
};

}  // namespace civitas::grants
