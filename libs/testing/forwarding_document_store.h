// ForwardingDocumentStore: a DocumentStore that hands every call to the one it decorates, for
// tests that change one thing (a write refused, a hook before a write) and pass the rest on.
// Only the interface's own methods are forwarded: the async and batched forms (WriteAsync,
// WriteAll, GetAsync, GetAcross, FindUniques) keep DocumentStore's defaults, which call these,
// so a decorator that overrides Write sees every write however it is made.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "libs/store/document_store.h"

namespace civitas::testing {

class ForwardingDocumentStore : public DocumentStore {
 public:
  explicit ForwardingDocumentStore(DocumentStore* store) : store_(store) {}

  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override { return store_->Write(plan); }
  absl::StatusOr<std::optional<StoredDocument>> Get(const std::string& collection,
                                                    const std::string& id) override {
    return store_->Get(collection, id);
  }
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetMany(
      const std::string& collection, const std::vector<std::string>& ids) override {
    return store_->GetMany(collection, ids);
  }
  absl::StatusOr<ScanPage> Scan(const ScanRequest& request) override {
    return store_->Scan(request);
  }
  absl::StatusOr<std::optional<std::string>> FindUnique(const std::string& collection,
                                                        const std::string& value) override {
    return store_->FindUnique(collection, value);
  }
  absl::StatusOr<int64_t> GetCounter(const std::string& name) override {
    return store_->GetCounter(name);
  }
  absl::StatusOr<std::vector<Totals>> GetTotals(const std::vector<std::string>& keys) override {
    return store_->GetTotals(keys);
  }
  absl::StatusOr<int64_t> ChangeCursor() override { return store_->ChangeCursor(); }
  absl::StatusOr<ChangePage> Changes(const ChangeScan& scan) override {
    return store_->Changes(scan);
  }

 protected:
  DocumentStore* store() const { return store_; }

 private:
  DocumentStore* const store_;
};

}  // namespace civitas::testing
