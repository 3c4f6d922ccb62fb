// Walk: what RecordService::Apply does with a transition, without a store: the authorization, the
// from-state check (none: any state), the effect, the new state, the transition's own validation
// (not `prepare`, nor the no-op answers). Returns the
// status Apply would; `record` changes only when it succeeds. For domain tests of any service's
// transitions.
#pragma once

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/records/record.h"
#include "libs/records/transition.h"

namespace civitas::testing {

template <records::Record T>
absl::Status Walk(const records::Transition<T>& t, const Principal& p, T* record) {
  // The authorization first, as Apply asks it before looking at the state.
  if (absl::Status s = t.authorize(p, *record); !s.ok()) return s;
  bool from_ok = t.from.empty();
  for (auto s : t.from) from_ok |= s == record->state();
  if (!from_ok) {
    return absl::FailedPreconditionError(
        absl::StrCat(record->name(), " is ", records::StateName<T>(record->state())));
  }
  T after = *record;
  if (t.effect) {
    if (absl::Status s = t.effect(after); !s.ok()) return s;
  }
  if (t.to.has_value()) after.set_state(*t.to);
  Violations v;
  if (t.validate) t.validate(*record, after, &v);
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  *record = std::move(after);
  return absl::OkStatus();
}

}  // namespace civitas::testing
