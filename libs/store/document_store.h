// DocumentStore: versioned protobuf documents with secondary indexes, uniqueness claims,
// idempotency records and an outbox of change events, written atomically. Each service keeps its
// entities in one (its own keyspace); the domain layer decides what goes into a WritePlan.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/store/outbox_event.h"
#include "libs/store/write_plan.h"

namespace civitas {

// A stored document: serialized entity plus its version, state and creation sequence number.
struct StoredDocument {
  std::string id;
  int64_t version = 0;
  // Position in creation order; also the sort key of every index the document is in.
  int64_t sequence = 0;
  std::string payload;
  // DocumentChange::state as last written.
  std::string state;
};

struct ScanRequest {
  std::string collection;
  // Indexes every returned document is in; the smallest one is walked. Empty walks every
  // document of the collection.
  std::vector<std::string> indexes;
  // Exclusive bound on sequence: documents after it (ascending) or before it (descending).
  // 0 starts from the beginning (or the end, when descending).
  int64_t after_sequence = 0;
  bool descending = false;
  // Most documents to return.
  int limit = 100;
  // Most index entries to examine before returning (with fewer than `limit` documents).
  int max_examined = 5000;
};

struct ScanPage {
  std::vector<StoredDocument> documents;
  // Sequence of the last index entry examined: where the next scan continues.
  int64_t last_sequence = 0;
  // True when the walked index has nothing after last_sequence.
  bool exhausted = false;
  // Index entries examined (at most max_examined).
  int examined = 0;
};

// DocumentStore is an interface; implementations are thread-safe. Write refusals (see
// write_plan.h, each naming the document, value, reference or counter): INVALID_ARGUMENT /
// OUT_OF_RANGE (a malformed plan), NOT_FOUND (update of a missing document), ALREADY_EXISTS
// (create of an existing id, or a unique value held by another document), ABORTED (version
// mismatch), FAILED_PRECONDITION (a reference missing or in another state, a counter leaving its
// bounds); UNAVAILABLE / DEADLINE_EXCEEDED (store).
class DocumentStore {
 public:
  virtual ~DocumentStore() = default;
  virtual absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) = 0;
  using WriteDone = std::function<void(absl::StatusOr<WriteOutcome>)>;
  // Write without holding the calling thread where the store can: `done` runs exactly once,
  // possibly on another thread, possibly before WriteAsync returns. By default it is Write.
  virtual void WriteAsync(WritePlan plan, WriteDone done) { done(Write(plan)); }
  virtual absl::StatusOr<std::optional<StoredDocument>> Get(const std::string& collection,
                                                            const std::string& id) = 0;
  using GetDone = std::function<void(absl::StatusOr<std::optional<StoredDocument>>)>;
  // Get without holding the calling thread where the store can: `done` runs exactly once,
  // possibly on another thread, possibly before GetAsync returns. By default it is Get.
  virtual void GetAsync(const std::string& collection, const std::string& id, GetDone done) {
    done(Get(collection, id));
  }
  // Documents in the order of `ids`; nullopt where missing.
  virtual absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetMany(
      const std::string& collection, const std::vector<std::string>& ids) = 0;
  // The next documents in all of `request.indexes`, in sequence order.
  virtual absl::StatusOr<ScanPage> Scan(const ScanRequest& request) = 0;
  // Id of the document holding a unique value, if any.
  virtual absl::StatusOr<std::optional<std::string>> FindUnique(const std::string& collection,
                                                                const std::string& value) = 0;
  // A counter's value (0 when no plan has changed it).
  virtual absl::StatusOr<int64_t> GetCounter(const std::string& name) = 0;
};

}  // namespace civitas
