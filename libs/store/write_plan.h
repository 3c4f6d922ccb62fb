// WritePlan: everything one mutation changes, applied all-or-nothing by a DocumentStore: several
// documents (each created, or updated at the version it was read at), bounded counters, references
// that must exist in given states, uniqueness claims, index changes, an idempotency record and one
// outbox event per changed document. Every check runs before the first write, so a refused plan
// changes nothing; refusals name what failed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/common/exact_integer.h"
#include "libs/common/totals.h"

namespace civitas {

struct DocumentRef {
  std::string collection;
  std::string id;
};

// One document a plan creates or updates.
struct DocumentChange {
  enum class Kind { kCreate, kUpdate };
  Kind kind = Kind::kCreate;
  std::string collection;
  std::string id;
  // For kUpdate: the version the document must still have (else ABORTED).
  int64_t expected_version = 0;
  // The serialized entity as it will be at version expected_version + 1 (1 for a create).
  std::string payload;
  // The document's lifecycle state (e.g. `ACTIVE`), stored beside the payload so that a later
  // plan's Reference can require it when it applies. Empty for documents without states.
  std::string state;
  // Index names (e.g. `type=CSO`) to add the document to / remove it from.
  std::vector<std::string> index_add;
  std::vector<std::string> index_remove;
  // Unique values (e.g. `external_id=md-idno|1003`) this document takes / gives up.
  std::vector<std::string> unique_claim;
  std::vector<std::string> unique_release;
  // The outbox event this change emits; empty for a service's own bookkeeping (an import's
  // progress), which emits none.
  std::string event_type;
  std::string resource_name;
};

// `counter += delta`, applied only if the result stays within [min, max]. Counters are integers
// (amounts in minor units) that start at 0; all values are within +-kMaxExactInteger.
struct CounterChange {
  // The store's key, e.g. `calls/c1/awarded`: internal, never shown to callers.
  std::string name;
  int64_t delta = 0;
  int64_t min = 0;
  int64_t max = kMaxExactInteger;
  // When set, the counter must still hold this value when the plan applies (else ABORTED): the
  // plan was computed from it, e.g. a document numbered after the counter's next value. The
  // caller re-reads and retries; a number is then taken exactly once and none is skipped.
  std::optional<int64_t> expected = std::nullopt;
  // The rule in the caller's terms, for refusals: what the counter adds up (`amount awarded from
  // calls/c1`) and what bounds it above (`the call's envelope`) and below (`nothing`). A refusal
  // says which rule refused and with which figures, e.g. "amount awarded from calls/c1 would be
  // 5600000 (5000000 before this change of +600000), above the call's envelope 5500000".
  std::string what;
  std::string max_is = "its limit";
  std::string min_is = "its floor";
};

// A document the plan depends on without changing it: it must exist and, when `states` is not
// empty, be in one of them when the plan applies (else FAILED_PRECONDITION); when `version` is
// set, it must still be at that version (else ABORTED: the plan was computed from a document
// that has changed since, e.g. a programme's envelope that bounds its calls).
struct Reference {
  DocumentRef document;
  std::vector<std::string> states;
  // 0: any version.
  int64_t version = 0;
};

struct WritePlan {
  // At least one; no document twice.
  std::vector<DocumentChange> documents;
  // No counter twice.
  std::vector<CounterChange> counters;
  std::vector<Reference> references;
  // No (key, field) twice.
  std::vector<TotalChange> totals;
  // When set, a plan with the same key (within the first document's collection) returns the first
  // plan's outcome instead of writing.
  std::string idempotency_key;
  // The request's fingerprint (RequestFingerprint), kept with the key: a plan whose key matches
  // an earlier plan's but whose fingerprint differs is a new request reusing the key, refused
  // (IdempotencyKeyReusedError) rather than answered with the first request's outcome.
  std::string idempotency_fingerprint;
  // The request field the key came from, for that refusal (`request_id`).
  std::string idempotency_field = "request_id";
  // Carried by every event of the plan: ties the events of one mutation (and one request) together.
  std::string correlation_id;
  // Who made the change; carried by every event.
  std::string actor;
};

struct WriteOutcome {
  // The first document's id and new version (version 0 when replayed).
  std::string id;
  int64_t version = 0;
  // Every document's new version, in plan order (empty when replayed).
  std::vector<int64_t> versions;
  // Every counter's value after the write, in plan order (empty when replayed).
  std::vector<int64_t> counter_values;
  // True when idempotency_key matched an earlier plan: nothing was written, `id` is the first
  // document that plan wrote.
  bool replayed = false;
};

// The answer to a plan whose idempotency key was found with `stored` (`<first id>\n<fingerprint>`,
// or only the id as written before fingerprints were kept): the first plan's outcome, or the
// refusal of a different request reusing the key.
absl::StatusOr<WriteOutcome> Replayed(const WritePlan& plan, absl::string_view stored);

// Adds `from`'s documents, counters, references and totals to `into`, for a use case that writes
// several records' changes as one plan. A counter both move becomes one change: the deltas
// summed, within the tighter of the two bounds; so does a total field both move; a reference
// both hold (the same document, version and states) is checked once. The idempotency key,
// correlation id and actor stay `into`'s when set.
void MergePlan(WritePlan from, WritePlan* into);

// MergePlan for many plans into one (an import's batch): the counters, totals and references
// already merged are indexed, so each merge costs what it adds rather than what `into` holds.
// `into` is changed only through the merger while it lives.
class PlanMerger {
 public:
  explicit PlanMerger(WritePlan* into);
  void Merge(WritePlan from);

 private:
  WritePlan* const into_;
  absl::flat_hash_map<std::string, size_t> counters_;
  // By key and field joined with '\n' (keys and fields hold no line breaks).
  absl::flat_hash_map<std::string, size_t> totals_;
  // References already in `into`, by document, version and states: each is checked once.
  absl::flat_hash_set<std::string> references_;
};

// INVALID_ARGUMENT when a plan is malformed (no documents, a document or counter twice, a unique
// value claimed twice, a number beyond kMaxExactInteger, min > max). Stores call it before
// applying; a malformed plan is a bug in the caller, never a user's input error, but it must not
// reach the store.
absl::Status ValidateWritePlan(const WritePlan& plan);

// The refusals every store returns, worded once.
namespace refusal {
absl::Status AlreadyExists(const DocumentChange& doc);
absl::Status NotFound(const DocumentChange& doc);
absl::Status VersionMismatch(const DocumentChange& doc, int64_t current_version);
absl::Status Missing(const Reference& ref);
absl::Status WrongState(const Reference& ref, const std::string& state);
absl::Status ReferenceChanged(const Reference& ref, int64_t current_version);
absl::Status Taken(const DocumentChange& doc, const std::string& value, const std::string& owner);
absl::Status OutOfBounds(const CounterChange& counter, int64_t current);
absl::Status CounterChanged(const CounterChange& counter, int64_t current);
absl::Status Inexact(const std::string& counter);
absl::Status TotalOutOfRange();
}  // namespace refusal

}  // namespace civitas
