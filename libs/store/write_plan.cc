#include "libs/store/write_plan.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/request_fingerprint.h"

namespace civitas {
namespace {

bool Exact(int64_t v) { return v >= -kMaxExactInteger && v <= kMaxExactInteger; }

std::string Signed(int64_t v) { return v >= 0 ? absl::StrCat("+", v) : absl::StrCat(v); }

std::string ReferenceKey(const Reference& ref) {
  // The states' count first: no states (any) and one empty state (none) differ.
  return absl::StrCat(ref.document.collection, "\n", ref.document.id, "\n", ref.version, "\n",
                      ref.states.size(), "\n", absl::StrJoin(ref.states, "\n"));
}

}  // namespace

void MergePlan(WritePlan from, WritePlan* into) { PlanMerger(into).Merge(std::move(from)); }

PlanMerger::PlanMerger(WritePlan* into) : into_(into) {
  for (size_t i = 0; i < into->counters.size(); ++i) counters_.emplace(into->counters[i].name, i);
  for (size_t i = 0; i < into->totals.size(); ++i) {
    totals_.emplace(absl::StrCat(into->totals[i].key, "\n", into->totals[i].field), i);
  }
  for (const Reference& ref : into->references) references_.insert(ReferenceKey(ref));
}

void PlanMerger::Merge(WritePlan from) {
  WritePlan* into = into_;
  for (DocumentChange& doc : from.documents) into->documents.push_back(std::move(doc));
  for (CounterChange& counter : from.counters) {
    auto [slot, added] = counters_.try_emplace(counter.name, into->counters.size());
    if (added) {
      into->counters.push_back(std::move(counter));
      continue;
    }
    CounterChange* same = &into->counters[slot->second];
    same->delta += counter.delta;
    same->min = std::max(same->min, counter.min);
    same->max = std::min(same->max, counter.max);
    if (!same->expected.has_value()) same->expected = counter.expected;
  }
  for (Reference& ref : from.references) {
    // The same check once: an import's batch refers to its data set once per submission.
    if (references_.insert(ReferenceKey(ref)).second) into->references.push_back(std::move(ref));
  }
  for (TotalChange& total : from.totals) {
    auto [slot, added] =
        totals_.try_emplace(absl::StrCat(total.key, "\n", total.field), into->totals.size());
    if (added) {
      into->totals.push_back(std::move(total));
    } else {
      into->totals[slot->second].delta += total.delta;
    }
  }
  if (into->idempotency_key.empty()) {
    into->idempotency_key = std::move(from.idempotency_key);
    into->idempotency_fingerprint = std::move(from.idempotency_fingerprint);
    into->idempotency_field = std::move(from.idempotency_field);
  }
  if (into->correlation_id.empty()) into->correlation_id = std::move(from.correlation_id);
  if (into->actor.empty()) into->actor = std::move(from.actor);
}

absl::StatusOr<WriteOutcome> Replayed(const WritePlan& plan, absl::string_view stored) {
  const size_t newline = stored.find('\n');
  const absl::string_view fingerprint =
      newline == absl::string_view::npos ? absl::string_view() : stored.substr(newline + 1);
  if (!fingerprint.empty() && !plan.idempotency_fingerprint.empty() &&
      fingerprint != plan.idempotency_fingerprint) {
    return IdempotencyKeyReusedError(plan.idempotency_field);
  }
  WriteOutcome out;
  out.id = std::string(stored.substr(0, newline));
  out.replayed = true;
  return out;
}

absl::Status ValidateWritePlan(const WritePlan& plan) {
  if (plan.documents.empty()) {
    return absl::InvalidArgumentError("a write plan changes at least one document");
  }
  std::set<std::pair<std::string, std::string>> docs, claims;
  for (const DocumentChange& d : plan.documents) {
    if (d.collection.empty() || d.id.empty()) {
      return absl::InvalidArgumentError("a write plan's document needs a collection and an id");
    }
    if (!docs.insert({d.collection, d.id}).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("a write plan changes ", d.collection, "/", d.id, " twice"));
    }
    for (const std::string& u : d.unique_claim) {
      if (!claims.insert({d.collection, u}).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("a write plan claims ", d.collection, " ", u, " twice"));
      }
    }
  }
  std::set<std::string> counters;
  for (const CounterChange& c : plan.counters) {
    if (c.name.empty()) return absl::InvalidArgumentError("a write plan's counter needs a name");
    if (!counters.insert(c.name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("a write plan changes counter ", c.name, " twice"));
    }
    if (!Exact(c.delta) || !Exact(c.min) || !Exact(c.max) ||
        (c.expected.has_value() && !Exact(*c.expected))) {
      return absl::OutOfRangeError(absl::StrCat("counter ", c.name, " change ", Signed(c.delta),
                                                " within [", c.min, ", ", c.max, "] goes beyond +-",
                                                kMaxExactInteger, ", the largest exact integer"));
    }
    if (c.min > c.max) {
      return absl::InvalidArgumentError(
          absl::StrCat("counter ", c.name, " has min ", c.min, " above max ", c.max));
    }
  }
  std::set<std::pair<std::string, std::string>> totals;
  for (const TotalChange& t : plan.totals) {
    if (t.key.empty() || t.field.empty()) {
      return absl::InvalidArgumentError("a write plan's total needs a key and a field");
    }
    if (!totals.insert({t.key, t.field}).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("a write plan changes total ", t.key, " ", t.field, " twice"));
    }
    if (!Exact(t.delta)) {
      return absl::OutOfRangeError(absl::StrCat("total ", t.key, " ", t.field, " change ",
                                                Signed(t.delta), " goes beyond +-",
                                                kMaxExactInteger, ", the largest exact integer"));
    }
  }
  return absl::OkStatus();
}

namespace refusal {

absl::Status AlreadyExists(const DocumentChange& doc) {
  return absl::AlreadyExistsError(absl::StrCat(doc.resource_name, " already exists"));
}

absl::Status NotFound(const DocumentChange& doc) {
  return absl::NotFoundError(absl::StrCat(doc.resource_name, " not found"));
}

absl::Status VersionMismatch(const DocumentChange& doc, int64_t current_version) {
  return absl::AbortedError(
      absl::StrCat(doc.resource_name, " was changed concurrently (now at etag ", current_version,
                   ", expected ", doc.expected_version, "); read it again and retry"));
}

absl::Status Missing(const Reference& ref) {
  return absl::FailedPreconditionError(absl::StrCat("referenced ", ref.document.collection, "/",
                                                    ref.document.id, " does not exist"));
}

absl::Status WrongState(const Reference& ref, const std::string& state) {
  return absl::FailedPreconditionError(absl::StrCat(
      "referenced ", ref.document.collection, "/", ref.document.id, " is ",
      state.empty() ? "in no state" : state, "; it must be ", absl::StrJoin(ref.states, " or ")));
}

absl::Status ReferenceChanged(const Reference& ref, int64_t current_version) {
  return absl::AbortedError(absl::StrCat("referenced ", ref.document.collection, "/",
                                         ref.document.id, " changed (version ", current_version,
                                         ", read at ", ref.version, "); read it again"));
}

absl::Status Taken(const DocumentChange& doc, const std::string& value, const std::string& owner) {
  return absl::AlreadyExistsError(
      absl::StrCat(value, " is already used by ", doc.collection, "/", owner));
}

// A counter as callers know it: the rule it keeps, else (plans that set none) its key.
std::string Described(const CounterChange& counter) {
  return counter.what.empty() ? absl::StrCat("counter ", counter.name) : counter.what;
}

absl::Status CounterChanged(const CounterChange& counter, int64_t current) {
  return absl::AbortedError(absl::StrCat(Described(counter), " is ", current, ", not ",
                                         counter.expected.value_or(0),
                                         " as read; read it again and retry"));
}

absl::Status OutOfBounds(const CounterChange& counter, int64_t current) {
  const int64_t after = current + counter.delta;
  const bool above = after > counter.max;
  if (counter.delta == 0) {
    // A plan that only requires the counter within bounds (a stage that needs none open).
    return absl::FailedPreconditionError(absl::StrCat(
        Described(counter), " is ", current, ", ", above ? "above " : "below ",
        above ? counter.max_is : counter.min_is, " ", above ? counter.max : counter.min));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      Described(counter), " would be ", after, " (", current, " before this change of ",
      Signed(counter.delta), "), ", above ? "above " : "below ",
      above ? counter.max_is : counter.min_is, " ", above ? counter.max : counter.min));
}

// Names neither the total's key nor its figures: a total adds up what the caller may not read.
absl::Status TotalOutOfRange() {
  return absl::FailedPreconditionError(
      absl::StrCat("a total this change counts in would go beyond +-", kMaxExactInteger,
                   ", the largest total kept exactly; nothing was written"));
}

absl::Status Inexact(const std::string& counter) {
  return absl::OutOfRangeError(absl::StrCat("counter ", counter, " holds a value beyond +-",
                                            kMaxExactInteger, ", the largest exact integer"));
}

}  // namespace refusal
}  // namespace civitas
