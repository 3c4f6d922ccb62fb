#include "libs/store/partitioned_stores.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"

namespace civitas {

PartitionedStores::PartitionedStores(DocumentStore* home, std::set<std::string> partitioned,
                                     Opener open)
    : home_(home), partitioned_(std::move(partitioned)), open_(std::move(open)) {}

absl::StatusOr<DocumentStore*> PartitionedStores::Of(const std::string& partition) {
  return Open(partition, /*record=*/true);
}

absl::StatusOr<DocumentStore*> PartitionedStores::Open(const std::string& partition, bool record) {
  if (!IsPartitionName(partition)) {
    return absl::InvalidArgumentError(
        absl::StrCat("partition `", partition, "`: must be a letter, then up to 15 of [a-z0-9]"));
  }
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = opened_.find(partition);
    if (it != opened_.end()) return it->second.get();
  }
  // First uses are serialized (each partition is opened exactly once) apart from lookups of the
  // partitions already open, which never wait behind this one's round trips.
  absl::MutexLock opening(&open_mu_);
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = opened_.find(partition);
    if (it != opened_.end()) return it->second.get();
  }
  absl::StatusOr<std::optional<StoredDocument>> known =
      home_->Get(kPartitionsCollection, partition);
  if (!known.ok()) return known.status();
  if (!known->has_value()) {
    // A read of a partition nothing was ever written in finds nothing, and records nothing:
    // names made up by callers do not become partitions.
    if (!record) return absl::NotFoundError(absl::StrCat("no partition `", partition, "`"));
    // Recorded before its store is handed out: a partition holding records is always listed
    // (one recorded that holds nothing yet reads as empty).
    WritePlan plan;
    DocumentChange& doc = plan.documents.emplace_back();
    doc.kind = DocumentChange::Kind::kCreate;
    doc.collection = kPartitionsCollection;
    doc.id = partition;
    absl::StatusOr<WriteOutcome> written = home_->Write(plan);
    // Another replica may have recorded it meanwhile.
    if (!written.ok() && !absl::IsAlreadyExists(written.status())) return written.status();
  }
  absl::StatusOr<std::unique_ptr<DocumentStore>> store = open_(partition);
  if (!store.ok()) return store.status();
  absl::MutexLock lock(&mu_);
  return opened_.emplace(partition, *std::move(store)).first->second.get();
}

absl::StatusOr<DocumentStore*> PartitionedStores::OfRecord(const std::string& collection,
                                                           const std::string& id) {
  const absl::string_view partition =
      partitioned_.contains(collection) ? PartitionOfId(id) : absl::string_view();
  // A record of a collection kept at home, or written before its collection was partitioned.
  if (partition.empty()) return home_;
  absl::StatusOr<DocumentStore*> store = Open(std::string(partition), /*record=*/false);
  if (absl::IsNotFound(store.status())) {
    return absl::NotFoundError(absl::StrCat(collection, "/", id, " not found"));
  }
  return store;
}

absl::StatusOr<std::vector<std::string>> PartitionedStores::List() {
  std::vector<std::string> out;
  ScanRequest scan;
  scan.collection = kPartitionsCollection;
  scan.limit = 1000;
  while (true) {
    absl::StatusOr<ScanPage> page = home_->Scan(scan);
    if (!page.ok()) return page.status();
    for (StoredDocument& d : page->documents) out.push_back(std::move(d.id));
    if (page->exhausted) break;
    scan.after_sequence = page->last_sequence;
  }
  std::sort(out.begin(), out.end());
  return out;
}

absl::StatusOr<WriteOutcome> PartitionedStores::Write(const WritePlan& plan) {
  absl::StatusOr<std::string> keyspace = PartitionOfPlan(plan, partitioned_);
  if (!keyspace.ok()) return keyspace.status();
  if (keyspace->empty()) return home_->Write(plan);
  absl::StatusOr<DocumentStore*> store = Of(*keyspace);
  if (!store.ok()) return store.status();
  return (*store)->Write(plan);
}

}  // namespace civitas
