// The RecordRules of reviews (libs/records): programme staff assign a reviewer to an eligible
// application; the reviewer and programme staff see the review. Assigning moves the application
// under review and counts the reviewer against the call's reviewers per application, in the same
// write. Thread-safe.
#pragma once

#include "civitas/grants/v1/resources.pb.h"
#include "libs/records/record_rules.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

// The bounded counter of an application's active reviews (assigned and not reassigned).
std::string ReviewersCounter(const std::string& application_name);

class ReviewRules final : public records::RecordRules<v1::Review> {
 public:
  explicit ReviewRules(records::RecordService<v1::Application>* applications)
      : applications_(applications) {}
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Review>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::Review& review) const override;
  // Assigning: programme staff. Reviews change only through their custom methods.
  absl::Status Authorize(const records::ChangeContext<v1::Review>& ctx,
                         const v1::Review& after) const override;
  void Validate(const v1::Review* before, const v1::Review& after, Violations* v) const override;
  // The application must exist and be eligible or under review when the write applies.
  absl::Status LoadReferences(const records::ChangeContext<v1::Review>& ctx, v1::Review* review,
                              Violations* v, std::vector<Reference>* references) override;
  // One active review per reviewer and application.
  std::vector<std::string> UniqueValues(const v1::Review& review) const override;
  // On assignment: the reviewers counter (at most the call's reviewers per application) and an
  // eligible application moved under review; on reassignment, the counter given back.
  absl::Status ExtendPlan(const records::ChangeContext<v1::Review>& ctx, const v1::Review& after,
                          WritePlan* plan) override;

 private:
  records::RecordService<v1::Application>* const applications_;
};

}  // namespace civitas::grants
