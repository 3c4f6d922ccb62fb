// CountingDocumentStore: a DocumentStore that counts the round trips a use case makes to the one
// it decorates (each Get, GetMany, GetAcross, Scan, FindUnique, GetCounter and Write is one), so
// that tests can bound what a request costs in store round trips.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "libs/store/document_store.h"

namespace civitas::testing {

class CountingDocumentStore final : public DocumentStore {
 public:
  explicit CountingDocumentStore(DocumentStore* store) : store_(store) {}

  // Round trips that read (everything but writes), and writes.
  int reads() const { return reads_.load(); }
  int writes() const { return writes_.load(); }
  void Reset() {
    reads_ = 0;
    writes_ = 0;
  }

  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override {
    ++writes_;
    return store_->Write(plan);
  }
  absl::StatusOr<std::optional<StoredDocument>> Get(const std::string& collection,
                                                    const std::string& id) override {
    ++reads_;
    return store_->Get(collection, id);
  }
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetMany(
      const std::string& collection, const std::vector<std::string>& ids) override {
    ++reads_;
    return store_->GetMany(collection, ids);
  }
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetAcross(
      const std::vector<DocumentKey>& keys) override {
    ++reads_;
    return store_->GetAcross(keys);
  }
  absl::StatusOr<ScanPage> Scan(const ScanRequest& request) override {
    ++reads_;
    return store_->Scan(request);
  }
  absl::StatusOr<std::optional<std::string>> FindUnique(const std::string& collection,
                                                        const std::string& value) override {
    ++reads_;
    return store_->FindUnique(collection, value);
  }
  absl::StatusOr<int64_t> GetCounter(const std::string& name) override {
    ++reads_;
    return store_->GetCounter(name);
  }
  absl::StatusOr<std::vector<Totals>> GetTotals(const std::vector<std::string>& keys) override {
    ++reads_;
    return store_->GetTotals(keys);
  }
  absl::StatusOr<int64_t> ChangeCursor() override {
    ++reads_;
    return store_->ChangeCursor();
  }
  absl::StatusOr<ChangePage> Changes(const ChangeScan& scan) override {
    ++reads_;
    return store_->Changes(scan);
  }

 private:
  DocumentStore* const store_;
  std::atomic<int> reads_{0};
  std::atomic<int> writes_{0};
};

}  // namespace civitas::testing
