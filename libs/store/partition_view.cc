#include "libs/store/partition_view.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace civitas {

PartitionView::PartitionView(DocumentStore* home, DocumentStore* partition,
                             const std::set<std::string>* partitioned,
                             const std::set<std::string>* copied)
    : home_(home), partition_(partition), partitioned_(partitioned), copied_(copied) {}

DocumentStore* PartitionView::Holding(const std::string& collection) const {
  return partitioned_->contains(collection) ? partition_ : home_;
}

absl::Status PartitionView::CheckPlan(const WritePlan& plan) const {
  for (const DocumentChange& doc : plan.documents) {
    if (!partitioned_->contains(doc.collection)) {
      return absl::InvalidArgumentError(
          absl::StrCat(doc.collection, "/", doc.id,
                       " is kept at home: a partition's plan writes its own records only"));
    }
  }
  for (const Reference& ref : plan.references) {
    const std::string& collection = ref.document.collection;
    if (partitioned_->contains(collection)) continue;
    if (!copied_->contains(collection)) {
      return absl::InvalidArgumentError(
          absl::StrCat("referenced ", collection, "/", ref.document.id,
                       " is kept at home and partitions keep no copies of its collection"));
    }
    if (ref.version != 0) {
      // A copy holds the home record's state, not its version.
      return absl::InvalidArgumentError(
          absl::StrCat("referenced ", collection, "/", ref.document.id,
                       " is kept at home: a partition's plan cannot require its version"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<WriteOutcome> PartitionView::Write(const WritePlan& plan) {
  if (absl::Status checked = CheckPlan(plan); !checked.ok()) return checked;
  return partition_->Write(plan);
}

void PartitionView::WriteAsync(WritePlan plan, WriteDone done) {
  if (absl::Status checked = CheckPlan(plan); !checked.ok()) return done(checked);
  partition_->WriteAsync(std::move(plan), std::move(done));
}

std::vector<absl::StatusOr<WriteOutcome>> PartitionView::WriteAll(std::vector<WritePlan> plans) {
  // Each plan on its own: a malformed one is refused, the others are written together.
  std::vector<absl::StatusOr<WriteOutcome>> out(plans.size(), absl::UnknownError(""));
  std::vector<WritePlan> checked;
  std::vector<size_t> at;
  for (size_t i = 0; i < plans.size(); ++i) {
    if (absl::Status s = CheckPlan(plans[i]); !s.ok()) {
      out[i] = s;
      continue;
    }
    checked.push_back(std::move(plans[i]));
    at.push_back(i);
  }
  if (checked.empty()) return out;
  std::vector<absl::StatusOr<WriteOutcome>> written = partition_->WriteAll(std::move(checked));
  for (size_t j = 0; j < at.size(); ++j) out[at[j]] = std::move(written[j]);
  return out;
}

absl::StatusOr<std::optional<StoredDocument>> PartitionView::Get(const std::string& collection,
                                                                 const std::string& id) {
  return Holding(collection)->Get(collection, id);
}

void PartitionView::GetAsync(const std::string& collection, const std::string& id, GetDone done) {
  Holding(collection)->GetAsync(collection, id, std::move(done));
}

absl::StatusOr<std::vector<std::optional<StoredDocument>>> PartitionView::GetMany(
    const std::string& collection, const std::vector<std::string>& ids) {
  return Holding(collection)->GetMany(collection, ids);
}

absl::StatusOr<std::vector<std::optional<StoredDocument>>> PartitionView::GetAcross(
    const std::vector<DocumentKey>& keys) {
  std::vector<DocumentKey> at_home, here;
  std::vector<bool> is_here(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    is_here[i] = partitioned_->contains(keys[i].collection);
    (is_here[i] ? here : at_home).push_back(keys[i]);
  }
  if (at_home.empty()) return partition_->GetAcross(keys);
  if (here.empty()) return home_->GetAcross(keys);
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> from_home = home_->GetAcross(at_home);
  if (!from_home.ok()) return from_home.status();
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> from_here =
      partition_->GetAcross(here);
  if (!from_here.ok()) return from_here.status();
  std::vector<std::optional<StoredDocument>> out;
  out.reserve(keys.size());
  size_t h = 0, p = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    out.push_back(is_here[i] ? std::move((*from_here)[p++]) : std::move((*from_home)[h++]));
  }
  return out;
}

absl::StatusOr<ScanPage> PartitionView::Scan(const ScanRequest& request) {
  return Holding(request.collection)->Scan(request);
}

absl::StatusOr<std::optional<std::string>> PartitionView::FindUnique(const std::string& collection,
                                                                     const std::string& value) {
  return Holding(collection)->FindUnique(collection, value);
}

absl::StatusOr<std::vector<std::optional<std::string>>> PartitionView::FindUniques(
    const std::string& collection, const std::vector<std::string>& values) {
  return Holding(collection)->FindUniques(collection, values);
}

absl::StatusOr<int64_t> PartitionView::GetCounter(const std::string& name) {
  return partition_->GetCounter(name);
}

absl::StatusOr<std::vector<Totals>> PartitionView::GetTotals(const std::vector<std::string>& keys) {
  return partition_->GetTotals(keys);
}

absl::StatusOr<int64_t> PartitionView::ChangeCursor() { return partition_->ChangeCursor(); }

absl::StatusOr<ChangePage> PartitionView::Changes(const ChangeScan& scan) {
  return Holding(scan.collection)->Changes(scan);
}

}  // namespace civitas
