// ReportRules: the RecordRules of grant reports (libs/records). Reports are written by the
// grantee's own people on an active grant and read by them and programme staff. Thread-safe.
#pragma once

#include "civitas/grants/v1/resources.pb.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

class ReportRules final : public records::RecordRules<v1::Report> {
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
