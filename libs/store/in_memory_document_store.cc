#include "libs/store/in_memory_document_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace civitas {

absl::StatusOr<WriteOutcome> InMemoryDocumentStore::Write(const WritePlan& plan) {
  if (absl::Status valid = ValidateWritePlan(plan); !valid.ok()) return valid;
  absl::MutexLock lock(&mu_);
  const Key idempotency{plan.documents.front().collection, plan.idempotency_key};
  if (!plan.idempotency_key.empty()) {
    auto it = idempotency_.find(idempotency);
    if (it != idempotency_.end()) return Replayed(plan, it->second);
  }
  // Checks, in the order the Redis script makes them: counters read at a value, documents,
  // references, unique values, counters' bounds.
  for (const CounterChange& c : plan.counters) {
    if (!c.expected.has_value()) continue;
    auto it = counters_.find(c.name);
    const int64_t value = it == counters_.end() ? 0 : it->second;
    if (value != *c.expected) return refusal::CounterChanged(c, value);
  }
  std::vector<const StoredDocument*> current(plan.documents.size(), nullptr);
  for (size_t i = 0; i < plan.documents.size(); ++i) {
    const DocumentChange& d = plan.documents[i];
    auto it = docs_.find({d.collection, d.id});
    if (it != docs_.end()) current[i] = &it->second;
    if (d.kind == DocumentChange::Kind::kCreate) {
      if (current[i] != nullptr) return refusal::AlreadyExists(d);
    } else {
      if (current[i] == nullptr) return refusal::NotFound(d);
      if (current[i]->version != d.expected_version) {
        return refusal::VersionMismatch(d, current[i]->version);
      }
    }
  }
  for (const Reference& r : plan.references) {
    auto it = docs_.find({r.document.collection, r.document.id});
    if (it == docs_.end()) return refusal::Missing(r);
    if (!r.states.empty() &&
        std::find(r.states.begin(), r.states.end(), it->second.state) == r.states.end()) {
      return refusal::WrongState(r, it->second.state);
    }
    if (r.version > 0 && it->second.version != r.version) {
      return refusal::ReferenceChanged(r, it->second.version);
    }
  }
  for (const DocumentChange& d : plan.documents) {
    for (const auto& u : d.unique_claim) {
      auto it = unique_.find({d.collection, u});
      if (it != unique_.end() && it->second != d.id) return refusal::Taken(d, u, it->second);
    }
  }
  for (const CounterChange& c : plan.counters) {
    auto it = counters_.find(c.name);
    const int64_t value = it == counters_.end() ? 0 : it->second;
    if (value + c.delta < c.min || value + c.delta > c.max) {
      return refusal::OutOfBounds(c, value);
    }
  }
  for (const TotalChange& t : plan.totals) {
    auto hash = totals_.find(t.key);
    int64_t value = 0;
    if (hash != totals_.end()) {
      auto field = hash->second.find(t.field);
      if (field != hash->second.end()) value = field->second;
    }
    const int64_t after = value + t.delta;
    if (after > kMaxExactInteger || after < -kMaxExactInteger) {
      return refusal::TotalOutOfRange();
    }
  }

  WriteOutcome out;
  for (size_t i = 0; i < plan.documents.size(); ++i) {
    const DocumentChange& d = plan.documents[i];
    const int64_t version = current[i] == nullptr ? 1 : current[i]->version + 1;
    const int64_t seq = current[i] == nullptr ? ++sequence_ : current[i]->sequence;
    if (current[i] == nullptr) indexes_[{d.collection, ""}][seq] = d.id;
    // A create's change is its creation; an update takes the next sequence.
    const int64_t change = current[i] == nullptr ? seq : ++sequence_;
    Changed& changed = changed_[{d.collection, d.id}];
    std::map<int64_t, std::string>& log = change_log_[d.collection];
    changed.sequence = change;
    changed.history.push_back({version, change});
    log[change] = d.id;
    // As the write script keeps it: the last changes, after a floor entry once any is dropped.
    const bool has_floor = changed.history.front().version == 0;
    if (changed.history.size() - (has_floor ? 1 : 0) > kChangeHistoryLength) {
      auto oldest = changed.history.begin() + (has_floor ? 1 : 0);
      log.erase(oldest->sequence);
      const Change floor{0, oldest->sequence};
      changed.history.erase(oldest);
      if (has_floor) {
        changed.history.front() = floor;
      } else {
        changed.history.insert(changed.history.begin(), floor);
      }
    }
    docs_[{d.collection, d.id}] = StoredDocument{d.id, version, seq, d.payload, d.state};
    for (const auto& idx : d.index_remove) indexes_[{d.collection, idx}].erase(seq);
    for (const auto& idx : d.index_add) indexes_[{d.collection, idx}][seq] = d.id;
    for (const auto& u : d.unique_release) {
      auto it = unique_.find({d.collection, u});
      if (it != unique_.end() && it->second == d.id) unique_.erase(it);
    }
    for (const auto& u : d.unique_claim) unique_[{d.collection, u}] = d.id;
    if (!d.event_type.empty()) {
      events_.push_back({d.event_type, d.resource_name, d.collection, d.id, version, plan.actor,
                         plan.correlation_id, d.payload});
    }
    out.versions.push_back(version);
  }
  for (const CounterChange& c : plan.counters) {
    out.counter_values.push_back(counters_[c.name] += c.delta);
  }
  for (const TotalChange& t : plan.totals) {
    Totals& hash = totals_[t.key];
    if ((hash[t.field] += t.delta) == 0) hash.erase(t.field);
    if (hash.empty()) totals_.erase(t.key);
  }
  if (!plan.idempotency_key.empty()) {
    idempotency_[idempotency] =
        absl::StrCat(plan.documents.front().id, "\n", plan.idempotency_fingerprint);
  }
  out.id = plan.documents.front().id;
  out.version = out.versions.front();
  return out;
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

absl::StatusOr<int64_t> InMemoryDocumentStore::GetCounter(const std::string& name) {
  absl::MutexLock lock(&mu_);
  auto it = counters_.find(name);
  return it == counters_.end() ? 0 : it->second;
}

absl::StatusOr<std::vector<Totals>> InMemoryDocumentStore::GetTotals(
    const std::vector<std::string>& keys) {
  absl::MutexLock lock(&mu_);
  std::vector<Totals> out;
  for (const std::string& key : keys) {
    auto it = totals_.find(key);
    out.push_back(it == totals_.end() ? Totals{} : it->second);
  }
  return out;
}

absl::StatusOr<int64_t> InMemoryDocumentStore::ChangeCursor() {
  absl::MutexLock lock(&mu_);
  return sequence_;
}

absl::StatusOr<ChangePage> InMemoryDocumentStore::Changes(const ChangeScan& scan) {
  if (scan.limit <= 0) return absl::InvalidArgumentError("a change scan reads at least one entry");
  absl::MutexLock lock(&mu_);
  ChangePage page;
  page.until = scan.until > 0 ? scan.until : sequence_;
  page.position = std::max(scan.position, scan.since);
  // A snapshot walks creation order (every document once); a feed walks the change index.
  static const std::map<int64_t, std::string> kEmpty;
  const std::map<int64_t, std::string>* walked = &kEmpty;
  if (scan.since == 0) {
    if (auto it = indexes_.find({scan.collection, ""}); it != indexes_.end()) walked = &it->second;
  } else if (auto it = change_log_.find(scan.collection); it != change_log_.end()) {
    walked = &it->second;
  }
  int examined = 0;
  size_t bytes = 0;
  bool full = false;
  auto it = walked->upper_bound(page.position);
  for (; it != walked->end() && it->first <= page.until && examined < scan.limit && !full; ++it) {
    ++examined;
    page.position = it->first;
    const Changed& changed = changed_.at({scan.collection, it->second});
    // Once per pull: at the document's last change up to `until`.
    if (scan.since > 0 && LastChangeUpTo(changed.history, page.until) != it->first) continue;
    page.documents.push_back(
        {docs_.at({scan.collection, it->second}), changed.sequence, changed.history});
    bytes += page.documents.back().document.payload.size();
    full = scan.max_bytes > 0 && bytes >= scan.max_bytes;
  }
  // As the Redis store answers: a full page may have a successor.
  page.exhausted = !full && examined < scan.limit;
  return page;
}

std::vector<OutboxEvent> InMemoryDocumentStore::events() const {
  absl::MutexLock lock(&mu_);
  return events_;
}

}  // namespace civitas
