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

namespace civitas {

// A stored document: serialized entity plus its version and creation sequence number.
struct StoredDocument {
  std::string id;
  int64_t version = 0;
  // Position in creation order; also the sort key of every index the document is in.
  int64_t sequence = 0;
  std::string payload;
};

struct DocumentRef {
  std::string collection;
  std::string id;
};

// WritePlan: everything one mutation changes; applied all-or-nothing.
struct WritePlan {
  enum class Kind { kCreate, kUpdate };
  Kind kind = Kind::kCreate;
  std::string collection;
  std::string id;
  // For kUpdate: the version the document must still have (else ABORTED).
  int64_t expected_version = 0;
  // The serialized entity as it will be at version expected_version + 1 (1 for a create).
  std::string payload;
  // Index names (e.g. `type=CSO`) to add the document to / remove it from.
  std::vector<std::string> index_add;
  std::vector<std::string> index_remove;
  // Unique values (e.g. `external_id=md-idno|1003`) this document takes / gives up.
  std::vector<std::string> unique_claim;
  std::vector<std::string> unique_release;
  // Documents that must exist for the write to apply (else FAILED_PRECONDITION).
  std::vector<DocumentRef> must_exist;
  // When set, a create with the same key returns the first result instead of writing.
  std::string idempotency_key;
  // The outbox event.
  std::string event_type;
  std::string resource_name;
  std::string actor;
};

struct WriteOutcome {
  std::string id;
  int64_t version = 0;
  // True when idempotency_key matched an earlier create: nothing was written, `id` is the
  // document that create made.
  bool replayed = false;
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

// DocumentStore is an interface; implementations are thread-safe. Errors: NOT_FOUND (update of a
// missing document), ALREADY_EXISTS (create of an existing id, or a unique value held by another
// document: the message names the value), ABORTED (version mismatch), FAILED_PRECONDITION (a
// must_exist document is missing: the message names it), UNAVAILABLE / DEADLINE_EXCEEDED (store).
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
};

}  // namespace civitas
