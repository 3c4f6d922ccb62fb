// RegistryRules<T>: what the RecordRules of every registry resource share (libs/records): the
// RecordState model and who reads drafts, and who must be able to read what a record refers to.
// The registry's decisions come from domain/; its rules load what a resource refers to through
// the request's reads. Thread-safe.
#pragma once

#include "civitas/registry/v1/resources.pb.h"
#include "libs/records/record_rules.h"
#include "services/registry/domain/access_policy.h"
#include "services/registry/domain/changes.h"
#include "services/registry/domain/resource_spec.h"
#include "services/registry/domain/state_models.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

// What every registry resource shares: the RecordState model and who reads drafts.
template <typename T>
class RegistryRules : public records::RecordRules<T> {
 public:
  const records::StateModel<T>& states() const override { return RegistryStates<T>(); }
  bool CanRead(const records::RuleContext& ctx, const T& record) const override {
    return registry::CanReadRecord(ctx.caller, record.state() == v1::DRAFT, OwnersOf(record));
  }
};

// Who must be able to read the records a record refers to: the caller when it creates the record
// (a reference to another organisation's draft is answered as a missing one); nobody in
// particular when it changes a record already stored, whose references were checked when made
// (its owner edits it whatever happened since to the drafts it names).
template <typename T>
const Principal* ReaderOfReferences(const records::ChangeContext<T>& ctx) {
  return ctx.change == records::Change::kCreate ? &ctx.caller : nullptr;
}

}  // namespace civitas::registry
