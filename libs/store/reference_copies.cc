#include "libs/store/reference_copies.h"

#include <map>
#include <optional>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace civitas {
namespace {

// Copies written at once by one plan.
constexpr size_t kCopiesPerPlan = 256;
// Rounds of reading and writing copies that raced another writer of them.
constexpr int kCopyRounds = 16;
// Times step 3 is tried before a change is answered UNAVAILABLE.
constexpr int kFollowRounds = 3;

}  // namespace

ReferenceCopies::ReferenceCopies(DocumentStore* home, std::set<std::string> copied,
                                 Partitions partitions)
    : home_(home), copied_(std::move(copied)), partitions_(std::move(partitions)) {}

bool ReferenceCopies::Copies(const WritePlan& plan) const {
  for (const DocumentChange& doc : plan.documents) {
    if (copied_.contains(doc.collection)) return true;
  }
  return false;
}

absl::StatusOr<WriteOutcome> ReferenceCopies::Write(const WritePlan& plan) {
  if (!Copies(plan)) return home_->Write(plan);
  // 1. Fence the records whose state changes.
  std::vector<DocumentKey> updated;
  for (const DocumentChange& doc : plan.documents) {
    if (copied_.contains(doc.collection) && doc.kind == DocumentChange::Kind::kUpdate) {
      updated.push_back({doc.collection, doc.id});
    }
  }
  std::vector<Copy> fences;
  if (!updated.empty()) {
    absl::StatusOr<std::vector<std::optional<StoredDocument>>> now = home_->GetAcross(updated);
    if (!now.ok()) return now.status();
    size_t u = 0;
    for (const DocumentChange& doc : plan.documents) {
      if (!copied_.contains(doc.collection) || doc.kind != DocumentChange::Kind::kUpdate) continue;
      const std::optional<StoredDocument>& stored = (*now)[u++];
      // A record that is missing, or no longer at the version the plan expects, makes the home
      // write fail: nothing to fence.
      if (!stored.has_value() || stored->version != doc.expected_version ||
          stored->state == doc.state) {
        continue;
      }
      fences.push_back({doc.collection, doc.id, doc.expected_version, kChanging});
    }
  }
  if (!fences.empty()) {
    if (absl::Status fenced = SetEverywhere(fences); !fenced.ok()) {
      // Some copies may be fenced: back to home's, as far as that goes (Fill repairs the rest).
      std::vector<DocumentKey> keys;
      for (const Copy& f : fences) keys.push_back({f.collection, f.id});
      if (absl::StatusOr<std::vector<Copy>> back = HomeNow(keys); back.ok()) {
        (void)SetEverywhere(*back);
      }
      return fenced;
    }
  }
  // 2. The home write.
  absl::StatusOr<WriteOutcome> written = home_->Write(plan);
  std::vector<DocumentKey> keys;  // the plan's copied records
  for (const DocumentChange& doc : plan.documents) {
    if (copied_.contains(doc.collection)) keys.push_back({doc.collection, doc.id});
  }
  if (!written.ok()) {
    if (!fences.empty()) {
      // Back to home's, as far as that goes (the repair brings the rest).
      if (absl::StatusOr<std::vector<Copy>> back = HomeNow(keys); back.ok()) {
        (void)SetEverywhere(*back);
      }
    }
    return written;
  }
  // 3. Every partition's copies as home holds the records now (the versions written, or later
  // ones), the partitions listed again (one opened meanwhile, filled before this change landed,
  // gets it too). The change is acknowledged only once they hold: no plan depending on the old
  // state lands after the acknowledgement. A replayed write (it landed before) sets them too.
  absl::Status copied = absl::OkStatus();
  for (int round = 0; round < kFollowRounds; ++round) {
    absl::StatusOr<std::vector<Copy>> now = HomeNow(keys);
    copied = now.ok() ? SetEverywhere(*now) : now.status();
    if (copied.ok()) return written;
  }
  return absl::UnavailableError(
      absl::StrCat("the change was written, but the copies of its records in the partitions "
                   "could not follow (",
                   copied.message(), "); they are repaired within a minute"));
}

absl::StatusOr<std::vector<ReferenceCopies::Copy>> ReferenceCopies::HomeNow(
    const std::vector<DocumentKey>& keys) {
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> now = home_->GetAcross(keys);
  if (!now.ok()) return now.status();
  std::vector<Copy> out;
  for (size_t i = 0; i < keys.size(); ++i) {
    if ((*now)[i].has_value()) {
      out.push_back({keys[i].collection, keys[i].id, (*now)[i]->version, (*now)[i]->state});
    }
  }
  return out;
}

absl::Status ReferenceCopies::SetEverywhere(const std::vector<Copy>& copies) {
  absl::StatusOr<std::vector<DocumentStore*>> partitions = partitions_();
  if (!partitions.ok()) return partitions.status();
  absl::Status first = absl::OkStatus();
  for (DocumentStore* partition : *partitions) {
    absl::Status set = Set(partition, copies);
    if (first.ok() && !set.ok()) first = set;
  }
  return first;
}

absl::Status ReferenceCopies::Set(DocumentStore* partition, const std::vector<Copy>& copies) {
  for (size_t from = 0; from < copies.size(); from += kCopiesPerPlan) {
    std::vector<Copy> pending(copies.begin() + from,
                              copies.begin() + std::min(copies.size(), from + kCopiesPerPlan));
    for (int round = 0; !pending.empty(); ++round) {
      if (round == kCopyRounds) {
        return absl::AbortedError(absl::StrCat("reference copies of ", pending.front().collection,
                                               "/", pending.front().id,
                                               " kept changing while they were written"));
      }
      std::vector<DocumentKey> keys;
      for (const Copy& c : pending) keys.push_back({c.collection, c.id});
      absl::StatusOr<std::vector<std::optional<StoredDocument>>> held = partition->GetAcross(keys);
      if (!held.ok()) return held.status();
      WritePlan plan;
      std::vector<Copy> written;
      for (size_t i = 0; i < pending.size(); ++i) {
        const Copy& c = pending[i];
        const std::optional<StoredDocument>& copy = (*held)[i];
        int64_t reflects = 0;
        if (copy.has_value() && !absl::SimpleAtoi(copy->payload, &reflects)) reflects = 0;
        // Only forward; a copy already as wanted is left alone.
        if (copy.has_value() &&
            (reflects > c.home_version || (reflects == c.home_version && copy->state == c.state))) {
          continue;
        }
        DocumentChange& doc = plan.documents.emplace_back();
        doc.kind = copy.has_value() ? DocumentChange::Kind::kUpdate : DocumentChange::Kind::kCreate;
        doc.collection = c.collection;
        doc.id = c.id;
        doc.expected_version = copy.has_value() ? copy->version : 0;
        doc.payload = absl::StrCat(c.home_version);
        doc.state = c.state;
        written.push_back(c);
      }
      if (plan.documents.empty()) break;
      absl::StatusOr<WriteOutcome> out = partition->Write(plan);
      if (out.ok()) break;
      // Another writer of these copies came first: read them again.
      if (!absl::IsAborted(out.status()) && !absl::IsAlreadyExists(out.status()) &&
          !absl::IsNotFound(out.status())) {
        return out.status();
      }
      pending = std::move(written);
    }
  }
  return absl::OkStatus();
}

absl::Status ReferenceCopies::Fill(DocumentStore* partition) {
  for (const std::string& collection : copied_) {
    ScanRequest scan;
    scan.collection = collection;
    scan.limit = static_cast<int>(kCopiesPerPlan);
    scan.max_examined = static_cast<int>(kCopiesPerPlan);
    while (true) {
      absl::StatusOr<ScanPage> page = home_->Scan(scan);
      if (!page.ok()) return page.status();
      std::vector<Copy> copies;
      for (const StoredDocument& d : page->documents) {
        copies.push_back({collection, d.id, d.version, d.state});
      }
      if (absl::Status set = Set(partition, copies); !set.ok()) return set;
      if (page->exhausted) break;
      scan.after_sequence = page->last_sequence;
    }
  }
  return absl::OkStatus();
}

absl::Status ReferenceCopies::Repair() {
  absl::StatusOr<std::vector<DocumentStore*>> partitions = partitions_();
  if (!partitions.ok()) return partitions.status();
  absl::Status first = absl::OkStatus();
  for (DocumentStore* partition : *partitions) {
    absl::Status filled = Fill(partition);
    if (first.ok() && !filled.ok()) first = filled;
  }
  return first;
}

}  // namespace civitas
