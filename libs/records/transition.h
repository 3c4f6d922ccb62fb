// Transition<T>: a custom method (AIP-136) as a first-class state change. It names the states it
// may start from and the state it leads to, carries its own authorization rule and its effect,
// and is validated with the record as it was and as it will be. Services define their
// transitions in domain/ and apply them through RecordService<T>::Apply.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/records/record.h"
#include "libs/store/write_plan.h"

namespace civitas::records {

template <Record T>
struct Transition {
  using State = StateOf<T>;
  // The event suffix (`<event_prefix>.<event>`), e.g. `accreditation_changed`.
  std::string event;
  // States the record may be in; any other is FAILED_PRECONDITION naming the current state.
  std::vector<State> from;
  // The state the record is in afterwards; nullopt keeps it.
  std::optional<State> to;
  // Who may make it, given the record as it is. Required: a transition has no default rule.
  std::function<absl::Status(const Principal&, const T& before)> authorize;
  // Reads what the transition depends on besides the record (a counter, another record) on
  // every attempt of the write, with the record as just read and before `effect`: a write
  // refused because one of them changed is retried on fresh values in the write's own retry
  // loop, never in a loop around it. May be empty.
  std::function<absl::Status(const T& before)> prepare;
  // What it changes besides the state (may be empty).
  std::function<absl::Status(T& record)> effect;
  // Checks between the record as it was and as it will be, besides the resource's own Validate.
  std::function<void(const T& before, const T& after, Violations*)> validate;
  // What else the transition changes in the same atomic plan, after the resource's own
  // RecordRules::ExtendPlan (e.g. an award: the grant created, the call's awarded total moved
  // within the envelope). May be empty.
  std::function<absl::Status(const T& before, const T& after, WritePlan* plan)> extend;
  // Callers besides the record's readers (RecordRules::CanRead) who may find the record to make
  // this transition, and see the result: e.g. a provider redeeming a voucher by its code, which
  // it may not list. Null: readers only. `authorize` still decides.
  std::function<bool(const Principal&, const T& before)> visible_to;
  // When the record is already in `to` and not in `from`: answer with it unchanged instead of
  // FAILED_PRECONDITION (Delete of an archived record).
  bool repeat_is_noop = false;
  // When `effect` leaves the record exactly as it was: answer with it unwritten (no new etag, no
  // event), so that sending the same change again changes nothing (a re-import of the same
  // figures).
  bool unchanged_is_noop = false;
  // Attempts of the write when other writes keep getting in first (0: kMaxWriteAttempts): more
  // for a transition that contends on a shared counter, e.g. certificate numbers.
  int max_attempts = 0;
};

}  // namespace civitas::records
