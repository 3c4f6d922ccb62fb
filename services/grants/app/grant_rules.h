// GrantRules: the RecordRules of grant agreements (libs/records). Grants are made only by awards
// (this service writes every field) and change only through their payment methods; they are
// public. Thread-safe.
#pragma once

#include "civitas/grants/v1/resources.pb.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

class GrantRules final : public records::RecordRules<v1::Grant> {
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

}  // namespace civitas::grants
