// RecordRules<T>: what one resource adds to the generic lifecycle in RecordService<T>. A service
// implements it in app/ by asking its domain/ rules (pure decisions) and loading what they need
// (references to other records, through the request's reads or other services' clients).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "libs/aip/resource_spec.h"
#include "libs/auth/principal.h"
#include "libs/clients/call_context.h"
#include "libs/common/field_violations.h"
#include "libs/records/record.h"
#include "libs/store/write_plan.h"

namespace civitas {
class DocumentStore;
}  // namespace civitas

namespace civitas::records {

// The request a hook serves: who calls, what every peer call made for it carries on (request
// id, deadline), and the service's store as this request reads it (libs/records/request.h: a
// record read twice is fetched once, a write forgets what it changed).
struct RuleContext {
  const Principal& caller;
  const clients::CallContext& call;
  DocumentStore* reads;
};

// A hook of a change: the request, what kind of change it is, and the record as it was (null
// for a create). The record as it will be is the hook's own argument.
template <Record T>
struct ChangeContext : RuleContext {
  Change change;
  const T* before;
};

template <Record T>
class RecordRules {
 public:
  virtual ~RecordRules() = default;
  virtual const aip::ResourceSpec& spec() const = 0;
  virtual const StateModel<T>& states() const = 0;
  // Whether the caller may see `record` (List skips it, Get answers NOT_FOUND).
  virtual bool CanRead(const RuleContext& ctx, const T& record) const = 0;
  // Reads together, in as few round trips as the store allows, what CanRead will read for each
  // of `records` (a List page: its records' calls, then their programmes), so that the checks
  // that follow find it in the request's reads. Optional: CanRead reads what is missing.
  virtual absl::Status PrefetchForRead(const RuleContext& ctx, absl::Span<const T> records) const {
    return absl::OkStatus();
  }
  // Fills what `records` show but do not keep in their documents: figures many writers move at
  // once, kept as store totals beside them (a campaign's reach) so that concurrent writers never
  // contend for the record, read for all of `records` together. Called on every record a
  // method answers with (Get, a List page, the record a change leaves); a record completed this
  // way takes DerivedEtag as its etag. Optional: most records keep everything they show.
  virtual absl::Status CompleteForRead(const RuleContext& ctx, absl::Span<T> records) const {
    return absl::OkStatus();
  }
  // May the caller make the change? For an update the answer may depend on what changes (fields
  // only staff may change): asked once before looking at the request (with after ==
  // *ctx.before) and again with the record as it will be.
  virtual absl::Status Authorize(const ChangeContext<T>& ctx, const T& after) const = 0;
  // Field checks of the record as it will be; `before` (null for a create) lets a rule depend on
  // what the record was.
  virtual void Validate(const T* before, const T& after, Violations* v) const = 0;
  // Loads the records `record` refers to: adds violations for missing or unusable ones, fills
  // derived fields, and lists the references the write must re-check when it applies. A record
  // the caller may not read is answered exactly as a missing one ("<name> does not exist"): its
  // state or content must not leak through the refusal (MissingReference).
  virtual absl::Status LoadReferences(const ChangeContext<T>& ctx, T* record, Violations* v,
                                      std::vector<Reference>* references) = 0;
  // An update's last word on the record as it will be, once the patch is applied and before it
  // is checked: what the service records of the change itself (who changed what, when).
  virtual void OnUpdate(const ChangeContext<T>& ctx, T* after, absl::Time now) {}
  // Values of the spec's subtree filter field (e.g. a territory and its ancestors).
  virtual absl::StatusOr<std::vector<std::string>> SubtreeValues(const T& record) {
    return std::vector<std::string>{};
  }
  // Values no two records of the collection may share.
  virtual std::vector<std::string> UniqueValues(const T& record) const { return {}; }
  // What else writing `after` changes, in the same atomic plan: bounded counters (a call's
  // envelope counted against its programme's), other documents. Called last, once the change is
  // valid and authorized. The plan already holds the record's own document and references.
  virtual absl::Status ExtendPlan(const ChangeContext<T>& ctx, const T& after, WritePlan* plan) {
    return absl::OkStatus();
  }
};

}  // namespace civitas::records
