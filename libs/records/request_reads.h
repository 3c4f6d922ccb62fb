// RequestReads: a DocumentStore as one request reads it. A document, unique value or counter read
// twice is fetched once; GetMany fetches only what the request has not read yet, in one round
// trip; a write made through it forgets what the plan changed, so that the request reads its own
// writes. What it remembers is the store as it was when first read: a use case that must see
// concurrent writes forgets (Forget) before it reads again, as RecordService's write retry does.
// Scans are not remembered as such, but the documents they return are.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "libs/common/status_macros.h"
#include "libs/store/document_store.h"

namespace civitas::records {

// Thread-safe (a request's use case may hand its reads to a helper thread).
class RequestReads final : public DocumentStore {
 public:
  explicit RequestReads(DocumentStore* store) : store_(store) {}

  // Everything read so far: the next read of anything goes to the store.
  void Forget() {
    absl::MutexLock lock(&mu_);
    docs_.clear();
    unique_.clear();
    counters_.clear();
  }

  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override {
    absl::StatusOr<WriteOutcome> out = store_->Write(plan);
    // Refused or not, the plan's documents may have changed under it (ABORTED): read them again.
    ForgetWritten(plan);
    return out;
  }
  void WriteAsync(WritePlan plan, WriteDone done) override {
    ForgetWritten(plan);
    store_->WriteAsync(std::move(plan), std::move(done));
  }
  std::vector<absl::StatusOr<WriteOutcome>> WriteAll(std::vector<WritePlan> plans) override {
    for (const WritePlan& plan : plans) ForgetWritten(plan);
    return store_->WriteAll(std::move(plans));
  }

  absl::StatusOr<std::optional<StoredDocument>> Get(const std::string& collection,
                                                    const std::string& id) override {
    {
      absl::MutexLock lock(&mu_);
      if (auto it = docs_.find(Key{collection, id}); it != docs_.end()) return it->second;
    }
    absl::StatusOr<std::optional<StoredDocument>> doc = store_->Get(collection, id);
    if (doc.ok()) Remember(collection, id, *doc);
    return doc;
  }

  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetMany(
      const std::string& collection, const std::vector<std::string>& ids) override {
    std::vector<std::optional<StoredDocument>> out(ids.size());
    std::vector<std::string> missing;
    std::vector<size_t> missing_at;
    {
      absl::MutexLock lock(&mu_);
      absl::flat_hash_set<std::string> asked;
      for (size_t i = 0; i < ids.size(); ++i) {
        if (auto it = docs_.find(Key{collection, ids[i]}); it != docs_.end()) {
          out[i] = it->second;
        } else {
          if (asked.insert(ids[i]).second) missing.push_back(ids[i]);
          missing_at.push_back(i);
        }
      }
    }
    if (missing.empty()) return out;
    ASSIGN_OR_RETURN(auto fetched, store_->GetMany(collection, missing));
    absl::flat_hash_map<std::string, const std::optional<StoredDocument>*> by_id;
    for (size_t i = 0; i < missing.size(); ++i) {
      Remember(collection, missing[i], fetched[i]);
      by_id[missing[i]] = &fetched[i];
    }
    for (size_t i : missing_at) out[i] = *by_id[ids[i]];
    return out;
  }

  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetAcross(
      const std::vector<DocumentKey>& keys) override {
    std::vector<std::optional<StoredDocument>> out(keys.size());
    std::vector<DocumentKey> missing;
    std::vector<size_t> missing_at;
    {
      absl::MutexLock lock(&mu_);
      absl::flat_hash_set<Key> asked;
      for (size_t i = 0; i < keys.size(); ++i) {
        Key key{keys[i].collection, keys[i].id};
        if (auto it = docs_.find(key); it != docs_.end()) {
          out[i] = it->second;
        } else {
          if (asked.insert(key).second) missing.push_back(keys[i]);
          missing_at.push_back(i);
        }
      }
    }
    if (missing.empty()) return out;
    ASSIGN_OR_RETURN(auto fetched, store_->GetAcross(missing));
    absl::flat_hash_map<Key, const std::optional<StoredDocument>*> by_key;
    for (size_t i = 0; i < missing.size(); ++i) {
      Remember(missing[i].collection, missing[i].id, fetched[i]);
      by_key[Key{missing[i].collection, missing[i].id}] = &fetched[i];
    }
    for (size_t i : missing_at) out[i] = *by_key[Key{keys[i].collection, keys[i].id}];
    return out;
  }

  absl::StatusOr<ScanPage> Scan(const ScanRequest& request) override {
    absl::StatusOr<ScanPage> page = store_->Scan(request);
    if (page.ok()) {
      for (const StoredDocument& doc : page->documents) Remember(request.collection, doc.id, doc);
    }
    return page;
  }

  absl::StatusOr<std::optional<std::string>> FindUnique(const std::string& collection,
                                                        const std::string& value) override {
    {
      absl::MutexLock lock(&mu_);
      if (auto it = unique_.find(Key{collection, value}); it != unique_.end()) return it->second;
    }
    absl::StatusOr<std::optional<std::string>> id = store_->FindUnique(collection, value);
    if (id.ok()) {
      absl::MutexLock lock(&mu_);
      unique_[Key{collection, value}] = *id;
    }
    return id;
  }

  absl::StatusOr<int64_t> GetCounter(const std::string& name) override {
    {
      absl::MutexLock lock(&mu_);
      if (auto it = counters_.find(name); it != counters_.end()) return it->second;
    }
    absl::StatusOr<int64_t> value = store_->GetCounter(name);
    if (value.ok()) {
      absl::MutexLock lock(&mu_);
      counters_[name] = *value;
    }
    return value;
  }

  // Never remembered: totals and feeds are read to see what they are now.
  absl::StatusOr<std::vector<Totals>> GetTotals(const std::vector<std::string>& keys) override {
    return store_->GetTotals(keys);
  }
  absl::StatusOr<int64_t> ChangeCursor() override { return store_->ChangeCursor(); }
  absl::StatusOr<ChangePage> Changes(const ChangeScan& scan) override {
    return store_->Changes(scan);
  }

 private:
  using Key = std::pair<std::string, std::string>;  // (collection, id or unique value)

  void Remember(const std::string& collection, const std::string& id,
                const std::optional<StoredDocument>& doc) {
    absl::MutexLock lock(&mu_);
    docs_.insert_or_assign(Key{collection, id}, doc);
  }

  void ForgetWritten(const WritePlan& plan) {
    absl::MutexLock lock(&mu_);
    for (const DocumentChange& d : plan.documents) {
      docs_.erase(Key{d.collection, d.id});
      // Unique values it claimed or released now answer differently.
      if (!d.unique_claim.empty() || !d.unique_release.empty()) {
        absl::erase_if(unique_, [&](const auto& e) { return e.first.first == d.collection; });
      }
    }
    for (const CounterChange& c : plan.counters) counters_.erase(c.name);
    // References are only checked; counters and documents a plan does not name are unchanged.
  }

  DocumentStore* const store_;
  absl::Mutex mu_;
  absl::flat_hash_map<Key, std::optional<StoredDocument>> docs_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<Key, std::optional<std::string>> unique_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, int64_t> counters_ ABSL_GUARDED_BY(mu_);
};

}  // namespace civitas::records
