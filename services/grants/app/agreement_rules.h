// The RecordRules of grant agreements and their reports (libs/records). Grants are made only by
// awards (this service writes every field) and change only through their payment methods; they
// are public. Reports are written by the grantee's own people on an active grant and read by them
// and programme staff. Thread-safe.
#pragma once

#include "civitas/grants/v1/resources.pb.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

class GrantRecordRules final : public records::RecordRules<v1::Grant> {
 public:
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Grant>& states() const override;
  bool CanRead(const records::RuleContext& ctx, const v1::Grant& grant) const override;
  // Made by programme staff (through an award); no other standard change.
  absl::Status Authorize(const records::ChangeContext<v1::Grant>& ctx,
                         const v1::Grant& after) const override;
  void Validate(const v1::Grant* before, const v1::Grant& after, Violations* v) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Grant>& ctx, v1::Grant* grant,
                              Violations* v, std::vector<Reference>* references) override;
  // Agreement numbers are unique.
  std::vector<std::string> UniqueValues(const v1::Grant& grant) const override;
};

class ReportRecordRules final : public records::RecordRules<v1::Report> {
 public:
  const aip::ResourceSpec& spec() const override;
  const records::StateModel<v1::Report>& states() const override;
  // The grantee's people and programme staff.
  bool CanRead(const records::RuleContext& ctx, const v1::Report& report) const override;
  // The page's grants, then their programmes: two round trips.
  absl::Status PrefetchForRead(const records::RuleContext& ctx,
                               absl::Span<const v1::Report> reports) const override;
  // The grantee's people, while the report is a draft or sent back for revision.
  absl::Status Authorize(const records::ChangeContext<v1::Report>& ctx,
                         const v1::Report& after) const override;
  void Validate(const v1::Report* before, const v1::Report& after, Violations* v) const override;
  // The grant must exist and be active when the write applies; expenditure in its currency and
  // under the awarded budget's categories.
  absl::Status LoadReferences(const records::ChangeContext<v1::Report>& ctx, v1::Report* report,
                              Violations* v, std::vector<Reference>* references) override;
};

}  // namespace civitas::grants
