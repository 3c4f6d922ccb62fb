#include "libs/store/in_memory_document_store.h"

#include "absl/strings/str_cat.h"

namespace civitas {

absl::StatusOr<WriteOutcome> InMemoryDocumentStore::Write(const WritePlan& plan) {
  absl::MutexLock lock(&mu_);
  if (!plan.idempotency_key.empty()) {
    auto it = idempotency_.find({plan.collection, plan.idempotency_key});
    if (it != idempotency_.end()) {
      return WriteOutcome{it->second, 0, true};
    }
  }
  auto doc_it = docs_.find({plan.collection, plan.id});
  int64_t version = 0;
  int64_t seq = 0;
  if (plan.kind == WritePlan::Kind::kCreate) {
    if (doc_it != docs_.end()) {
      return absl::AlreadyExistsError(absl::StrCat(plan.resource_name, " already exists"));
    }
  } else {
    if (doc_it == docs_.end()) {
      return absl::NotFoundError(absl::StrCat(plan.resource_name, " not found"));
    }
    if (doc_it->second.version != plan.expected_version) {
      return absl::AbortedError(absl::StrCat(plan.resource_name, " was changed concurrently"));
    }
    version = doc_it->second.version;
    seq = doc_it->second.sequence;
  }
  for (const auto& ref : plan.must_exist) {
    if (!docs_.contains({ref.collection, ref.id})) {
      return absl::FailedPreconditionError(
          absl::StrCat("referenced ", ref.collection, "/", ref.id, " does not exist"));
    }
  }
  for (const auto& u : plan.unique_claim) {
    auto it = unique_.find({plan.collection, u});
    if (it != unique_.end() && it->second != plan.id) {
      return absl::AlreadyExistsError(
          absl::StrCat(u, " is already used by ", plan.collection, "/", it->second));
    }
  }
  if (plan.kind == WritePlan::Kind::kCreate) {
    seq = ++sequence_;
    indexes_[{plan.collection, ""}][seq] = plan.id;
  }
  docs_[{plan.collection, plan.id}] = StoredDocument{plan.id, version + 1, seq, plan.payload};
  for (const auto& i : plan.index_remove) indexes_[{plan.collection, i}].erase(seq);
  for (const auto& i : plan.index_add) indexes_[{plan.collection, i}][seq] = plan.id;
  for (const auto& u : plan.unique_release) {
    auto it = unique_.find({plan.collection, u});
    if (it != unique_.end() && it->second == plan.id) unique_.erase(it);
  }
  for (const auto& u : plan.unique_claim) unique_[{plan.collection, u}] = plan.id;
  if (!plan.idempotency_key.empty()) {
    idempotency_[{plan.collection, plan.idempotency_key}] = plan.id;
  }
  events_.push_back({plan.event_type, plan.resource_name, version + 1, plan.actor});
  return WriteOutcome{plan.id, version + 1, false};
}

absl::StatusOr<std::optional<StoredDocument>> InMemoryDocumentStore::Get(
    const std::string& collection, const std::string& id) {
  absl::MutexLock lock(&mu_);
  auto it = docs_.find({collection, id});
  if (it == docs_.end()) {
    return std::nullopt;
  }
  return it->second;
}

absl::StatusOr<std::vector<std::optional<StoredDocument>>> InMemoryDocumentStore::GetMany(
    const std::string& collection, const std::vector<std::string>& ids) {
  std::vector<std::optional<StoredDocument>> out;
  for (const auto& id : ids) {
    auto doc = Get(collection, id);
    if (!doc.ok()) return doc.status();
    out.push_back(*doc);
  }
  return out;
}

absl::StatusOr<ScanPage> InMemoryDocumentStore::Scan(const ScanRequest& request) {
  absl::MutexLock lock(&mu_);
  ScanPage page;
  page.last_sequence = request.after_sequence;
  std::vector<const std::map<int64_t, std::string>*> sets;
  static const std::map<int64_t, std::string> kEmpty;
  std::vector<std::string> names = request.indexes;
  if (names.empty()) names.push_back("");
  for (const auto& name : names) {
    auto it = indexes_.find({request.collection, name});
    sets.push_back(it == indexes_.end() ? &kEmpty : &it->second);
  }
  size_t driver = 0;
  for (size_t i = 1; i < sets.size(); ++i) {
    if (sets[i]->size() < sets[driver]->size()) driver = i;
  }
  const auto& entries = *sets[driver];
  int budget = request.max_examined;
  auto visit = [&](int64_t seq, const std::string& id) {
    --budget;
    ++page.examined;
    page.last_sequence = seq;
    for (size_t i = 0; i < sets.size(); ++i) {
      if (i != driver && !sets[i]->contains(seq)) return;
    }
    page.documents.push_back(docs_.at({request.collection, id}));
  };
  auto full = [&] {
    return static_cast<int>(page.documents.size()) >= request.limit || budget <= 0;
  };
  if (request.descending) {
    auto it =
        request.after_sequence > 0 ? entries.lower_bound(request.after_sequence) : entries.end();
    while (it != entries.begin() && !full()) {
      --it;
      visit(it->first, it->second);
    }
    page.exhausted = it == entries.begin() &&
                     static_cast<int>(page.documents.size()) < request.limit && budget > 0;
  } else {
    auto it = entries.upper_bound(request.after_sequence);
    for (; it != entries.end() && !full(); ++it) visit(it->first, it->second);
    page.exhausted = it == entries.end() &&
                     static_cast<int>(page.documents.size()) < request.limit && budget > 0;
  }
  return page;
}

absl::StatusOr<std::optional<std::string>> InMemoryDocumentStore::FindUnique(
    const std::string& collection, const std::string& value) {
  absl::MutexLock lock(&mu_);
  auto it = unique_.find({collection, value});
  if (it == unique_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::vector<InMemoryDocumentStore::Event> InMemoryDocumentStore::events() const {
  absl::MutexLock lock(&mu_);
  return events_;
}

}  // namespace civitas
