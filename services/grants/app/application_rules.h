// ApplicationRules: the RecordRules of applications (libs/records). Decisions come from domain/;
// loaded here: the call applied to (and its programme, for who may read), the applicant and
// partners from the registry, a reviewer's own review.
#pragma once

#include "absl/status/status.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/records/record_rules.h"
#include "services/grants/domain/access_policy.h"

namespace civitas::grants {

class ApplicationRules final : public records::RecordRules<v1::Application> {
 public:
  explicit ApplicationRules(clients::RegistryClient* registry) : registry_(registry) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Application>& states() const override;
  // The applicant's people; programme staff once submitted; a reviewer assigned to it once they
  // declared no conflict of interest.
  bool CanRead(const records::RuleContext& ctx, const v1::Application& application) const override;
  // The calls and programmes of the page's submitted applications: one round trip (two for
  // applications stored before they named their programme).
  absl::Status PrefetchForRead(const records::RuleContext& ctx,
                               absl::Span<const v1::Application> applications) const override;
  // The applicant's people, on drafts.
  absl::Status Authorize(const records::ChangeContext<v1::Application>& ctx,
                         const v1::Application& after) const override;
  void Validate(const v1::Application* before, const v1::Application& after,
                Violations* v) const override;
  // For a draft: the call must be published (re-checked when the write applies) and in the
  // same currency; the applicant and partners must be in the registry. Sets the programme from
  // the call.
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
