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
  if (!IsPartitionName(partition)) {
    return absl::InvalidArgumentError(
        absl::StrCat("partition `", partition, "`: must be 1 to 16 of [a-z0-9]"));
  }
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = opened_.find(partition);
    if (it != opened_.end()) return it->second.get();
  }
  // The first use of a partition (once per process) is serialized: it is opened exactly once.
  absl::MutexLock lock(&mu_);
  auto it = opened_.find(partition);
  if (it != opened_.end()) return it->second.get();
  // Recorded first: a partition holding records is always listed (a recorded partition that
  // holds nothing yet reads as empty). A partition recorded before is not written again.
  absl::StatusOr<std::optional<StoredDocument>> known =
      home_->Get(kPartitionsCollection, partition);
  if (!known.ok()) return known.status();
  if (!known->has_value()) {
    WritePlan record;
    record.documents.push_back({.kind = DocumentChange::Kind::kCreate,
                                .collection = kPartitionsCollection,
                                .id = partition});
    absl::StatusOr<WriteOutcome> written = home_->Write(record);
    // Another replica may have recorded it meanwhile.
    if (!written.ok() && !absl::IsAlreadyExists(written.status())) return written.status();
  }
  absl::StatusOr<std::unique_ptr<DocumentStore>> store = open_(partition);
  if (!store.ok()) return store.status();
  return opened_.emplace(partition, *std::move(store)).first->second.get();
}

absl::StatusOr<DocumentStore*> PartitionedStores::OfRecord(const std::string& collection,
                                                           const std::string& id) {
  if (!partitioned_.contains(collection)) return home_;
  const absl::string_view partition = PartitionOfId(id);
  if (partition.empty())
    return absl::NotFoundError(absl::StrCat(collection, "/", id, " not found"));
  return Of(std::string(partition));
}

absl::StatusOr<std::vector<std::string>> PartitionedStores::List() {
  std::vector<std::string> out;
  ScanRequest scan{.collection = kPartitionsCollection, .limit = 1000};
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
