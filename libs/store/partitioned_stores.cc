#include "libs/store/partitioned_stores.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"

namespace civitas {

PartitionedStores::PartitionedStores(DocumentStore* home, std::set<std::string> partitioned,
                                     Opener open, std::set<std::string> copied)
    : home_(home),
      partitioned_(std::move(partitioned)),
      copied_(copied),
      open_(std::move(open)),
      copies_(home, std::move(copied), [this] { return RecordedStores(); }),
      home_with_copies_(home, &copies_) {}

absl::StatusOr<DocumentStore*> PartitionedStores::Of(const std::string& partition) {
  if (partition.empty()) return home();
  return Open(partition, /*record=*/true);
}

absl::StatusOr<DocumentStore*> PartitionedStores::OfRecorded(const std::string& partition) {
  if (partition.empty()) return home();
  return Open(partition, /*record=*/false);
}

absl::StatusOr<std::vector<DocumentStore*>> PartitionedStores::RecordedStores() {
  absl::StatusOr<std::vector<std::string>> names = List();
  if (!names.ok()) return names.status();
  std::vector<DocumentStore*> out;
  for (const std::string& name : *names) {
    absl::StatusOr<DocumentStore*> view = Open(name, /*record=*/false);
    if (!view.ok()) return view.status();
    out.push_back(static_cast<PartitionView*>(*view)->partition());
  }
  return out;
}

absl::StatusOr<DocumentStore*> PartitionedStores::Open(const std::string& partition, bool record) {
  if (!IsPartitionName(partition)) {
    return absl::InvalidArgumentError(
        absl::StrCat("partition `", partition, "`: must be a letter, then up to 15 of [a-z0-9]"));
  }
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = opened_.find(partition);
    if (it != opened_.end()) return it->second.view.get();
  }
  // First uses are serialized (each partition is opened exactly once) apart from lookups of the
  // partitions already open, which never wait behind this one's round trips.
  absl::MutexLock opening(&open_mu_);
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = opened_.find(partition);
    if (it != opened_.end()) return it->second.view.get();
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
  // Its copies as home holds them now, before anything is written through it (a change under
  // way meanwhile fences and sets them too: the partition is recorded).
  if (!copied_.empty()) {
    if (absl::Status filled = copies_.Fill(store->get()); !filled.ok()) return filled;
  }
  Opened opened;
  opened.view = std::make_unique<PartitionView>(home_, store->get(), &partitioned_, &copied_);
  opened.store = *std::move(store);
  absl::MutexLock lock(&mu_);
  return opened_.emplace(partition, std::move(opened)).first->second.view.get();
}

absl::StatusOr<DocumentStore*> PartitionedStores::OfRecord(const std::string& collection,
                                                           const std::string& id) {
  const absl::string_view partition =
      partitioned_.contains(collection) ? PartitionOfId(id) : absl::string_view();
  // A record of a collection kept at home, or written before its collection was partitioned.
  if (partition.empty()) return home();
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
  absl::StatusOr<std::string> keyspace = PartitionOfPlan(plan, partitioned_, copied_);
  if (!keyspace.ok()) return keyspace.status();
  absl::StatusOr<DocumentStore*> store = Of(*keyspace);
  if (!store.ok()) return store.status();
  return (*store)->Write(plan);
}

absl::StatusOr<WriteOutcome> PartitionedStores::HomeWithCopies::Write(const WritePlan& plan) {
  return copies_->Write(plan);
}

void PartitionedStores::HomeWithCopies::WriteAsync(WritePlan plan, WriteDone done) {
  if (copies_->Copies(plan)) return done(copies_->Write(plan));
  home_->WriteAsync(std::move(plan), std::move(done));
}

std::vector<absl::StatusOr<WriteOutcome>> PartitionedStores::HomeWithCopies::WriteAll(
    std::vector<WritePlan> plans) {
  for (const WritePlan& plan : plans) {
    // Changes of copied records are written one by one, each with its copies.
    if (copies_->Copies(plan)) return DocumentStore::WriteAll(std::move(plans));
  }
  return home_->WriteAll(std::move(plans));
}

absl::StatusOr<std::optional<StoredDocument>> PartitionedStores::HomeWithCopies::Get(
    const std::string& collection, const std::string& id) {
  return home_->Get(collection, id);
}

void PartitionedStores::HomeWithCopies::GetAsync(const std::string& collection,
                                                 const std::string& id, GetDone done) {
  home_->GetAsync(collection, id, std::move(done));
}

absl::StatusOr<std::vector<std::optional<StoredDocument>>>
PartitionedStores::HomeWithCopies::GetMany(const std::string& collection,
                                           const std::vector<std::string>& ids) {
  return home_->GetMany(collection, ids);
}

absl::StatusOr<std::vector<std::optional<StoredDocument>>>
PartitionedStores::HomeWithCopies::GetAcross(const std::vector<DocumentKey>& keys) {
  return home_->GetAcross(keys);
}

absl::StatusOr<ScanPage> PartitionedStores::HomeWithCopies::Scan(const ScanRequest& request) {
  return home_->Scan(request);
}

absl::StatusOr<std::optional<std::string>> PartitionedStores::HomeWithCopies::FindUnique(
    const std::string& collection, const std::string& value) {
  return home_->FindUnique(collection, value);
}

absl::StatusOr<std::vector<std::optional<std::string>>>
PartitionedStores::HomeWithCopies::FindUniques(const std::string& collection,
                                               const std::vector<std::string>& values) {
  return home_->FindUniques(collection, values);
}

absl::StatusOr<int64_t> PartitionedStores::HomeWithCopies::GetCounter(const std::string& name) {
  return home_->GetCounter(name);
}

absl::StatusOr<std::vector<Totals>> PartitionedStores::HomeWithCopies::GetTotals(
    const std::vector<std::string>& keys) {
  return home_->GetTotals(keys);
}

absl::StatusOr<int64_t> PartitionedStores::HomeWithCopies::ChangeCursor() {
  return home_->ChangeCursor();
}

absl::StatusOr<ChangePage> PartitionedStores::HomeWithCopies::Changes(const ChangeScan& scan) {
  return home_->Changes(scan);
}

}  // namespace civitas
