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
#include "libs/common/change_history.h"
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

// A change feed: the documents of a collection changed between two cursors. A cursor is a
// position in the store's sequence of changes (every applied document change takes the next
// one); it survives restarts with the store and never goes back. The store keeps a change log
// (each document's last kChangeHistoryLength changes, change_history.h) written in the same
// script as the change. Documents are never removed from a store (a deletion is a state or a
// tombstone inside the document), so deletions reach the feed as changes, and the log is kept
// apart from the outbox stream: trimming events never shortens it.
//
// A reader goes from cursor to cursor, each pull reading (since, until]. A page returns each
// document at most once per pull (at its last change up to `until`) and as it is now, which may
// be later than `until` when it changed during the pull. A reader of whole documents leaves
// those out (change_sequence > until: the next pull has them); a reader of a document's parts
// (each stamped with the version that changed it) takes the parts ChangedWithin(since, until).
// Either way nothing is skipped or repeated from pull to pull.
struct ChangeScan {
  std::string collection;
  // Changes after this cursor. 0: a snapshot, every document created up to `until`, in creation
  // order (including those written before the change log existed).
  int64_t since = 0;
  // Changes up to this cursor, inclusive. 0: the store's cursor when the scan's first page is read
  // (ChangePage::until says which; later pages pass it back).
  int64_t until = 0;
  // Where the previous page stopped (ChangePage::position); 0 for the first page.
  int64_t position = 0;
  // Most entries examined per page.
  int limit = 100;
  // When set, a page also ends after the document that brings the payloads it holds to this many
  // bytes (the entries after it are the next page's): pages of small documents can then be long
  // while a page of large ones stays bounded.
  size_t max_bytes = 0;
};

struct ChangedDocument {
  StoredDocument document;
  // The cursor of the document's last change (possibly after `until`).
  int64_t change_sequence = 0;
  // Its last changes (empty for a document written before histories were kept).
  std::vector<Change> history;
};

struct ChangePage {
  std::vector<ChangedDocument> documents;
  int64_t until = 0;
  int64_t position = 0;
  // True when nothing is left up to `until`.
  bool exhausted = false;
};

// Where a document is: its collection and id.
struct DocumentKey {
  std::string collection;
  std::string id;
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
  // Independent plans written together, each atomically on its own (one may land and another
  // be refused); outcomes in order. Stores send them in one round trip (one fsync). By default
  // one Write each.
  virtual std::vector<absl::StatusOr<WriteOutcome>> WriteAll(std::vector<WritePlan> plans) {
    std::vector<absl::StatusOr<WriteOutcome>> out;
    out.reserve(plans.size());
    for (const WritePlan& plan : plans) out.push_back(Write(plan));
    return out;
  }
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
  // Documents of any collections, in the order of `keys`; nullopt where missing. Stores answer in
  // one round trip (a record and the records it names, read together). By default one Get each.
  virtual absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetAcross(
      const std::vector<DocumentKey>& keys) {
    std::vector<std::optional<StoredDocument>> out;
    out.reserve(keys.size());
    for (const DocumentKey& key : keys) {
      absl::StatusOr<std::optional<StoredDocument>> doc = Get(key.collection, key.id);
      if (!doc.ok()) return doc.status();
      out.push_back(*std::move(doc));
    }
    return out;
  }
  // The next documents in all of `request.indexes`, in sequence order.
  virtual absl::StatusOr<ScanPage> Scan(const ScanRequest& request) = 0;
  // Id of the document holding a unique value, if any.
  virtual absl::StatusOr<std::optional<std::string>> FindUnique(const std::string& collection,
                                                                const std::string& value) = 0;
  // FindUnique for each of `values`, in order; stores answer them in one round trip.
  virtual absl::StatusOr<std::vector<std::optional<std::string>>> FindUniques(
      const std::string& collection, const std::vector<std::string>& values) {
    std::vector<std::optional<std::string>> out;
    out.reserve(values.size());
    for (const std::string& value : values) {
      absl::StatusOr<std::optional<std::string>> id = FindUnique(collection, value);
      if (!id.ok()) return id.status();
      out.push_back(*std::move(id));
    }
    return out;
  }
  // A counter's value (0 when no plan has changed it).
  virtual absl::StatusOr<int64_t> GetCounter(const std::string& name) = 0;
  // The hashes of totals at `keys` (TotalChange), in order; empty where nothing is kept.
  virtual absl::StatusOr<std::vector<Totals>> GetTotals(const std::vector<std::string>& keys) = 0;
  // The store's cursor now: every change up to it has been applied.
  virtual absl::StatusOr<int64_t> ChangeCursor() = 0;
  // The next page of a change feed.
  virtual absl::StatusOr<ChangePage> Changes(const ChangeScan& scan) = 0;
};

}  // namespace civitas
