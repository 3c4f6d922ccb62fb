// InMemoryDocumentStore: DocumentStore in process memory with the same semantics as the Redis one
// (checks before writes, sequences, indexes, unique values, counters, states, idempotency,
// outbox). For unit tests of application logic without I/O.
#pragma once

#include <map>
#include <set>

#include "absl/synchronization/mutex.h"
#include "libs/store/document_store.h"

namespace civitas {

// Thread-safe.
class InMemoryDocumentStore final : public DocumentStore {
 public:
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override;
  absl::StatusOr<std::optional<StoredDocument>> Get(const std::string& collection,
                                                    const std::string& id) override;
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetMany(
      const std::string& collection, const std::vector<std::string>& ids) override;
  absl::StatusOr<ScanPage> Scan(const ScanRequest& request) override;
  absl::StatusOr<std::optional<std::string>> FindUnique(const std::string& collection,
                                                        const std::string& value) override;
  absl::StatusOr<int64_t> GetCounter(const std::string& name) override;
  absl::StatusOr<std::vector<Totals>> GetTotals(const std::vector<std::string>& keys) override;
  absl::StatusOr<int64_t> ChangeCursor() override;
  absl::StatusOr<ChangePage> Changes(const ChangeScan& scan) override;

  // Every event recorded, oldest first.
  std::vector<OutboxEvent> events() const;

 private:
  using Key = std::pair<std::string, std::string>;  // (collection, id or value)
  mutable absl::Mutex mu_;
  std::map<Key, StoredDocument> docs_ ABSL_GUARDED_BY(mu_);
  // (collection, index) -> sequence -> id
  std::map<Key, std::map<int64_t, std::string>> indexes_ ABSL_GUARDED_BY(mu_);
  std::map<Key, std::string> unique_ ABSL_GUARDED_BY(mu_);
  std::map<Key, std::string> idempotency_ ABSL_GUARDED_BY(mu_);
  std::vector<OutboxEvent> events_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int64_t> counters_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, Totals> totals_ ABSL_GUARDED_BY(mu_);
  struct Changed {
    int64_t sequence = 0;
    std::vector<Change> history;
  };
  std::map<Key, Changed> changed_ ABSL_GUARDED_BY(mu_);
  // collection -> change sequence -> id, for the changes histories keep.
  std::map<std::string, std::map<int64_t, std::string>> change_log_ ABSL_GUARDED_BY(mu_);
  int64_t sequence_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace civitas
