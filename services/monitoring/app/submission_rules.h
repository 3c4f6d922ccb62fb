// SubmissionRules: the RecordRules of submissions (libs/records): decisions from
// domain/submissions.h. Submissions are made by the data entry use case (DataEntry), never by a
// client's create; their changes are its transitions. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/records/record_rules.h"

namespace civitas::monitoring {

class SubmissionRules final : public records::RecordRules<v1::Submission> {
 public:
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Submission>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::Submission& submission) const override;
  // A create by whoever may enter the org unit's figures; updates and archiving are not offered
  // (figures change through SetValuesTransition and the approval steps).
  absl::Status Authorize(const records::ChangeContext<v1::Submission>& ctx,
                         const v1::Submission& after) const override;
  void Validate(const v1::Submission* before, const v1::Submission& after,
                Violations* v) const override;
  // The data set must still be active when figures are written (created, changed or removed).
  absl::Status LoadReferences(const records::ChangeContext<v1::Submission>& ctx,
                              v1::Submission* submission, Violations* v,
                              std::vector<Reference>* references) override;
  // One submission per data set, org unit and period.
  std::vector<std::string> UniqueValues(const v1::Submission& submission) const override;
  // The totals the figures count in move in the same write (domain/totals.h).
  absl::Status ExtendPlan(const records::ChangeContext<v1::Submission>& ctx,
                          const v1::Submission& after, WritePlan* plan) override;
};

}  // namespace civitas::monitoring
