#include "libs/store/redis_document_store.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/store/scan_script.h"
#include "libs/store/write_script.h"

namespace civitas {
namespace {

constexpr char kAllIndex[] = "_all";

absl::StatusOr<std::optional<StoredDocument>> ParseHash(const std::string& id,
                                                        const RedisReply& reply) {
  // HMGET v s d st (and, for the change feed, c ch)
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() < 4) {
    return absl::InternalError("unexpected document shape in redis");
  }
  if (reply.elements[0].is_nil()) {
    return std::nullopt;
  }
  StoredDocument doc;
  doc.id = id;
  if (!absl::SimpleAtoi(reply.elements[0].str, &doc.version) ||
      !absl::SimpleAtoi(reply.elements[1].str, &doc.sequence)) {
    return absl::InternalError("corrupt document version in redis");
  }
  doc.payload = reply.elements[2].str;
  // Empty for documents written before states were stored beside them.
  doc.state = reply.elements[3].str;
  return doc;
}

}  // namespace

RedisDocumentStore::RedisDocumentStore(RedisClient* redis, RedisDocumentStoreOptions options,
                                       RedisPipeliner* pipeliner, RedisPipeliner* write_pipeliner)
    : redis_(redis),
      options_(std::move(options)),
      pipeliner_(pipeliner),
      write_pipeliner_(write_pipeliner),
      write_script_(kWriteScriptSource),
      scan_script_(kScanScriptSource) {}

std::string RedisDocumentStore::EventsKey() const {
  return absl::StrCat(options_.key_prefix, ":events");
}

std::string RedisDocumentStore::DocKey(const std::string& collection, const std::string& id) const {
  return absl::StrCat(options_.key_prefix, ":doc:", collection, ":", id);
}

std::string RedisDocumentStore::IndexKey(const std::string& collection,
                                         const std::string& index) const {
  return absl::StrCat(options_.key_prefix, ":idx:", collection, ":",
                      index.empty() ? kAllIndex : index);
}

std::string RedisDocumentStore::TotalsKey(const std::string& key) const {
  return absl::StrCat(options_.key_prefix, ":tot:", key);
}

std::string RedisDocumentStore::ChangeLogKey(const std::string& collection) const {
  return absl::StrCat(options_.key_prefix, ":changelog:", collection);
}

std::string RedisDocumentStore::UniqueKey(const std::string& collection,
                                          const std::string& value) const {
  return absl::StrCat(options_.key_prefix, ":uniq:", collection, ":", value);
}

std::string RedisDocumentStore::CounterKey(const std::string& name) const {
  return absl::StrCat(options_.key_prefix, ":ctr:", name);
}

RedisDocumentStore::ScriptCall RedisDocumentStore::WriteCall(const WritePlan& plan) const {
  const bool has_idem = !plan.idempotency_key.empty();
  ScriptCall call;
  std::vector<std::string>& keys = call.keys;
  std::vector<std::string>& args = call.args;
  const std::string seq_key = absl::StrCat(options_.key_prefix, ":seq");
  keys.push_back(seq_key);
  keys.push_back(EventsKey());
  // Scripts must name every key they touch; without idempotency the slot repeats the seq key.
  keys.push_back(has_idem ? absl::StrCat(options_.key_prefix,
                                         ":idem:", plan.documents.front().collection, ":",
                                         plan.idempotency_key)
                          : seq_key);
  args = {has_idem ? "1" : "0",
          absl::StrCat(absl::ToInt64Seconds(options_.idempotency_ttl)),
          plan.actor,
          plan.correlation_id,
          absl::StrCat(plan.documents.size()),
          absl::StrCat(plan.counters.size()),
          absl::StrCat(plan.references.size()),
          plan.idempotency_fingerprint,
          /*hashes of totals, below*/ ""};
  for (const DocumentChange& d : plan.documents) {
    keys.push_back(DocKey(d.collection, d.id));
    keys.push_back(IndexKey(d.collection, ""));
    keys.push_back(ChangeLogKey(d.collection));
    for (const auto& i : d.index_add) keys.push_back(IndexKey(d.collection, i));
    for (const auto& i : d.index_remove) keys.push_back(IndexKey(d.collection, i));
    for (const auto& u : d.unique_claim) keys.push_back(UniqueKey(d.collection, u));
    for (const auto& u : d.unique_release) keys.push_back(UniqueKey(d.collection, u));
    args.push_back(d.kind == DocumentChange::Kind::kCreate ? "create" : "update");
    args.push_back(absl::StrCat(d.expected_version));
    args.push_back(d.id);
    args.push_back(d.collection);
    args.push_back(d.payload);
    args.push_back(d.state);
    args.push_back(d.event_type);
    args.push_back(d.resource_name);
    args.push_back(absl::StrCat(d.index_add.size()));
    args.push_back(absl::StrCat(d.index_remove.size()));
    args.push_back(absl::StrCat(d.unique_claim.size()));
    args.push_back(absl::StrCat(d.unique_release.size()));
  }
  for (const CounterChange& c : plan.counters) {
    keys.push_back(CounterKey(c.name));
    args.push_back(absl::StrCat(c.delta));
    args.push_back(absl::StrCat(c.min));
    args.push_back(absl::StrCat(c.max));
    args.push_back(c.expected.has_value() ? absl::StrCat(*c.expected) : "");
  }
  for (const Reference& r : plan.references) {
    keys.push_back(DocKey(r.document.collection, r.document.id));
    args.push_back(absl::StrCat(r.version));
    args.push_back(absl::StrCat(r.states.size()));
    for (const auto& state : r.states) args.push_back(state);
  }
  // Totals grouped by hash, in the order each first appears: its key once (a batch of an import
  // moves hundreds of fields of a few dozen hashes), then its fields and their deltas.
  absl::flat_hash_map<absl::string_view, size_t> hash_at;
  std::vector<std::vector<const TotalChange*>> hashes;
  for (const TotalChange& t : plan.totals) {
    auto [slot, added] = hash_at.try_emplace(t.key, hashes.size());
    if (added) hashes.emplace_back();
    hashes[slot->second].push_back(&t);
  }
  args[8] = absl::StrCat(hashes.size());
  for (const std::vector<const TotalChange*>& fields : hashes) {
    keys.push_back(TotalsKey(fields.front()->key));
    args.push_back(absl::StrCat(fields.size()));
    for (const TotalChange* t : fields) {
      args.push_back(t->field);
      args.push_back(absl::StrCat(t->delta));
    }
  }
  return call;
}

std::vector<std::string> RedisDocumentStore::WriteArgv(const WritePlan& plan) const {
  ScriptCall call = WriteCall(plan);
  std::vector<std::string> argv;
  argv.reserve(3 + call.keys.size() + call.args.size());
  argv.push_back("EVALSHA");
  argv.push_back(write_script_.sha());
  argv.push_back(std::to_string(call.keys.size()));
  for (auto& k : call.keys) argv.push_back(std::move(k));
  for (auto& a : call.args) argv.push_back(std::move(a));
  return argv;
}

absl::StatusOr<WriteOutcome> RedisDocumentStore::WriteOnPooledConnection(const WritePlan& plan) {
  ScriptCall call = WriteCall(plan);
  auto reply =
      redis_->Eval(write_script_, call.keys, call.args, Retry::kNever, Durability::kReplicated);
  if (!reply.ok()) {
    return reply.status();
  }
  return WriteOutcomeOf(plan, *reply);
}

absl::StatusOr<WriteOutcome> RedisDocumentStore::WriteOutcomeOrRetry(
    const WritePlan& plan, absl::StatusOr<RedisReply> reply) {
  if (!reply.ok()) {
    // NOSCRIPT (Redis restarted or its script cache was flushed): the script did not run, so
    // running it again through EVAL is safe.
    if (absl::StartsWith(reply.status().message(), "NOSCRIPT")) {
      return WriteOnPooledConnection(plan);
    }
    return reply.status();
  }
  return WriteOutcomeOf(plan, *reply);
}

absl::StatusOr<WriteOutcome> RedisDocumentStore::Write(const WritePlan& plan) {
  if (absl::Status valid = ValidateWritePlan(plan); !valid.ok()) return valid;
  if (write_pipeliner_ == nullptr) return WriteOnPooledConnection(plan);
  return WriteOutcomeOrRetry(plan, write_pipeliner_->Call(WriteArgv(plan)));
}

void RedisDocumentStore::WriteAsync(WritePlan plan, WriteDone done) {
  if (write_pipeliner_ == nullptr) {
    done(Write(plan));
    return;
  }
  if (absl::Status valid = ValidateWritePlan(plan); !valid.ok()) {
    done(valid);
    return;
  }
  std::vector<std::string> argv = WriteArgv(plan);
  write_pipeliner_->Submit(std::move(argv), [this, plan = std::move(plan), done = std::move(done)](
                                                absl::StatusOr<RedisReply> reply) {
    done(WriteOutcomeOrRetry(plan, std::move(reply)));
  });
}

std::vector<absl::StatusOr<WriteOutcome>> RedisDocumentStore::WriteAll(
    std::vector<WritePlan> plans) {
  if (write_pipeliner_ == nullptr) return DocumentStore::WriteAll(std::move(plans));
  std::vector<absl::StatusOr<WriteOutcome>> out(plans.size(), absl::UnknownError("not sent"));
  std::vector<std::vector<std::string>> commands;
  std::vector<size_t> sent;  // the plan of each command
  for (size_t i = 0; i < plans.size(); ++i) {
    if (absl::Status valid = ValidateWritePlan(plans[i]); !valid.ok()) {
      out[i] = valid;
      continue;
    }
    commands.push_back(WriteArgv(plans[i]));
    sent.push_back(i);
  }
  std::vector<absl::StatusOr<RedisReply>> replies = write_pipeliner_->CallAll(std::move(commands));
  for (size_t c = 0; c < sent.size(); ++c) {
    out[sent[c]] = WriteOutcomeOrRetry(plans[sent[c]], std::move(replies[c]));
  }
  return out;
}

absl::StatusOr<RedisReply> RedisDocumentStore::Read(std::vector<std::string> argv) {
  if (pipeliner_ == nullptr) return redis_->Command(argv, Retry::kOnConnectionError);
  return pipeliner_->Call(std::move(argv));
}

absl::StatusOr<std::vector<RedisReply>> RedisDocumentStore::ReadAll(
    std::vector<std::vector<std::string>> commands) {
  // A page's reads (a List's 50 documents) go on a pooled connection of their own: queued on the
  // pipeliner's one connection, 16 pages' replies came back as one reply of ~0.5 MB, which Redis
  // writes 64 KiB per turn of its loop, and a List cost Redis ~10% more CPU (bench/README,
  // 2026-12-06 "reads that wait"). A record and the few it names still share round trips.
  constexpr size_t kMostPipelinedReads = 8;
  if (pipeliner_ == nullptr || commands.size() > kMostPipelinedReads) {
    return redis_->Pipeline(commands, Retry::kOnConnectionError);
  }
  std::vector<absl::StatusOr<RedisReply>> replies = pipeliner_->CallAll(std::move(commands));
  std::vector<RedisReply> out;
  out.reserve(replies.size());
  for (absl::StatusOr<RedisReply>& reply : replies) {
    if (!reply.ok()) return reply.status();
    out.push_back(*std::move(reply));
  }
  return out;
}

absl::StatusOr<WriteOutcome> RedisDocumentStore::WriteOutcomeOf(const WritePlan& plan,
                                                                const RedisReply& reply) const {
  if (reply.type != RedisReply::Type::kArray || reply.elements.empty()) {
    return absl::InternalError("unexpected reply from write script");
  }
  const std::string& code = reply.elements[0].str;
  auto text = [&](size_t i) -> std::string {
    return i < reply.elements.size() ? reply.elements[i].str : "";
  };
  // The 1-based index at position i of the reply into `items`, or null when out of range.
  auto item = [&](size_t i, const auto& items) -> decltype(&items[0]) {
    if (i >= reply.elements.size()) return nullptr;
    const int64_t n = reply.elements[i].integer;
    return n >= 1 && static_cast<size_t>(n) <= items.size() ? &items[n - 1] : nullptr;
  };
  const auto bad_reply = absl::InternalError(absl::StrCat("write script returned ", code));
  if (code == "OK") {
    const size_t ndocs = plan.documents.size();
    if (reply.elements.size() != 1 + ndocs + plan.counters.size()) return bad_reply;
    WriteOutcome out;
    for (size_t i = 0; i < ndocs; ++i) {
      int64_t version = 0;
      if (!absl::SimpleAtoi(text(1 + i), &version)) return bad_reply;
      out.versions.push_back(version);
    }
    for (size_t i = 0; i < plan.counters.size(); ++i) {
      out.counter_values.push_back(reply.elements[1 + ndocs + i].integer);
    }
    out.id = plan.documents.front().id;
    out.version = out.versions.front();
    return out;
  }
  if (code == "REPLAYED") return Replayed(plan, text(1));
  if (code == "ALREADY_EXISTS" || code == "NOT_FOUND" || code == "ABORTED" || code == "TAKEN") {
    const DocumentChange* doc = item(1, plan.documents);
    if (doc == nullptr) return bad_reply;
    if (code == "ALREADY_EXISTS") return refusal::AlreadyExists(*doc);
    if (code == "NOT_FOUND") return refusal::NotFound(*doc);
    if (code == "ABORTED") {
      int64_t current = 0;
      if (!absl::SimpleAtoi(text(2), &current)) return bad_reply;
      return refusal::VersionMismatch(*doc, current);
    }
    const std::string* value = item(2, doc->unique_claim);
    if (value == nullptr) return bad_reply;
    return refusal::Taken(*doc, *value, text(3));
  }
  if (code == "MISSING" || code == "STATE" || code == "REFVERSION") {
    const Reference* ref = item(1, plan.references);
    if (ref == nullptr) return bad_reply;
    if (code == "REFVERSION") {
      int64_t current = 0;
      if (!absl::SimpleAtoi(text(2), &current)) return bad_reply;
      return refusal::ReferenceChanged(*ref, current);
    }
    return code == "MISSING" ? refusal::Missing(*ref) : refusal::WrongState(*ref, text(2));
  }
  if (code == "BOUND" || code == "INEXACT" || code == "CCHANGED") {
    const CounterChange* counter = item(1, plan.counters);
    if (counter == nullptr) return bad_reply;
    if (code == "INEXACT") return refusal::Inexact(counter->name);
    int64_t current = 0;
    if (!absl::SimpleAtoi(text(2), &current)) return bad_reply;
    if (code == "CCHANGED") return refusal::CounterChanged(*counter, current);
    return refusal::OutOfBounds(*counter, current);
  }
  if (code == "TOTAL") {
    // Its position counts the totals grouped by hash (WriteCall): within the plan's number.
    if (item(1, plan.totals) == nullptr) return bad_reply;
    return refusal::TotalOutOfRange();
  }
  return bad_reply;
}

absl::StatusOr<std::optional<StoredDocument>> RedisDocumentStore::Get(const std::string& collection,
                                                                      const std::string& id) {
  auto reply = Read({"HMGET", DocKey(collection, id), "v", "s", "d", "st"});
  if (!reply.ok()) {
    return reply.status();
  }
  return ParseHash(id, *reply);
}

void RedisDocumentStore::GetAsync(const std::string& collection, const std::string& id,
                                  GetDone done) {
  if (pipeliner_ == nullptr) {
    done(Get(collection, id));
    return;
  }
  pipeliner_->Submit({"HMGET", DocKey(collection, id), "v", "s", "d", "st"},
                     [id, done = std::move(done)](absl::StatusOr<RedisReply> reply) {
                       if (!reply.ok()) {
                         done(reply.status());
                         return;
                       }
                       done(ParseHash(id, *reply));
                     });
}

absl::StatusOr<std::vector<std::optional<StoredDocument>>> RedisDocumentStore::GetMany(
    const std::string& collection, const std::vector<std::string>& ids) {
  std::vector<std::vector<std::string>> commands;
  commands.reserve(ids.size());
  for (const auto& id : ids) {
    commands.push_back({"HMGET", DocKey(collection, id), "v", "s", "d", "st"});
  }
  auto replies = ReadAll(std::move(commands));
  if (!replies.ok()) {
    return replies.status();
  }
  std::vector<std::optional<StoredDocument>> out;
  out.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    auto doc = ParseHash(ids[i], (*replies)[i]);
    if (!doc.ok()) {
      return doc.status();
    }
    out.push_back(std::move(doc).value());
  }
  return out;
}

absl::StatusOr<std::vector<std::optional<StoredDocument>>> RedisDocumentStore::GetAcross(
    const std::vector<DocumentKey>& keys) {
  std::vector<std::vector<std::string>> commands;
  commands.reserve(keys.size());
  for (const DocumentKey& key : keys) {
    commands.push_back({"HMGET", DocKey(key.collection, key.id), "v", "s", "d", "st"});
  }
  std::vector<std::optional<StoredDocument>> out;
  if (keys.empty()) return out;
  ASSIGN_OR_RETURN(std::vector<RedisReply> replies, ReadAll(std::move(commands)));
  out.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSIGN_OR_RETURN(std::optional<StoredDocument> doc, ParseHash(keys[i].id, replies[i]));
    out.push_back(std::move(doc));
  }
  return out;
}

absl::StatusOr<ScanPage> RedisDocumentStore::Scan(const ScanRequest& request) {
  std::vector<std::string> keys;
  if (request.indexes.empty()) {
    keys.push_back(IndexKey(request.collection, ""));
  } else {
    for (const auto& index : request.indexes) keys.push_back(IndexKey(request.collection, index));
  }
  auto reply = redis_->Eval(scan_script_, keys,
                            {std::to_string(request.after_sequence), request.descending ? "1" : "0",
                             std::to_string(request.limit), std::to_string(request.max_examined)},
                            Retry::kOnConnectionError);
  if (!reply.ok()) return reply.status();
  const auto& e = reply->elements;
  ScanPage page;
  if (reply->type != RedisReply::Type::kArray || e.size() < 3 ||
      !absl::SimpleAtoi(e[1].str, &page.last_sequence)) {
    return absl::InternalError("unexpected reply from scan script");
  }
  page.exhausted = e[0].integer == 1;
  page.examined = static_cast<int>(e[2].integer);
  std::vector<std::string> ids;
  for (size_t i = 3; i + 1 < e.size(); i += 2) ids.push_back(e[i].str);
  auto docs = GetMany(request.collection, ids);
  if (!docs.ok()) return docs.status();
  page.documents.reserve(ids.size());
  for (auto& d : *docs) {
    // An id can be in an index without a document only if the keyspace was edited by hand.
    if (d.has_value()) page.documents.push_back(std::move(*d));
  }
  return page;
}

absl::StatusOr<std::optional<std::string>> RedisDocumentStore::FindUnique(
    const std::string& collection, const std::string& value) {
  auto reply = Read({"GET", UniqueKey(collection, value)});
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->is_nil()) {
    return std::nullopt;
  }
  return reply->str;
}

absl::StatusOr<std::vector<std::optional<std::string>>> RedisDocumentStore::FindUniques(
    const std::string& collection, const std::vector<std::string>& values) {
  std::vector<std::optional<std::string>> out;
  out.reserve(values.size());
  // MGET in slices: one reply stays small whatever is asked.
  constexpr size_t kSlice = 1000;
  for (size_t start = 0; start < values.size(); start += kSlice) {
    std::vector<std::string> command = {"MGET"};
    for (size_t i = start; i < std::min(values.size(), start + kSlice); ++i) {
      command.push_back(UniqueKey(collection, values[i]));
    }
    const size_t asked = command.size() - 1;
    auto reply = Read(std::move(command));
    if (!reply.ok()) return reply.status();
    if (reply->type != RedisReply::Type::kArray || reply->elements.size() != asked) {
      return absl::InternalError("unexpected reply to MGET");
    }
    for (const RedisReply& e : reply->elements) {
      if (e.is_nil()) {
        out.emplace_back();
      } else {
        out.emplace_back(e.str);
      }
    }
  }
  return out;
}

absl::StatusOr<int64_t> RedisDocumentStore::GetCounter(const std::string& name) {
  auto reply = Read({"GET", CounterKey(name)});
  if (!reply.ok()) return reply.status();
  if (reply->is_nil()) return 0;
  int64_t value = 0;
  if (!absl::SimpleAtoi(reply->str, &value)) {
    return absl::DataLossError(absl::StrCat("counter ", name, " is not an integer"));
  }
  return value;
}

absl::StatusOr<std::vector<Totals>> RedisDocumentStore::GetTotals(
    const std::vector<std::string>& keys) {
  std::vector<std::vector<std::string>> commands;
  commands.reserve(keys.size());
  for (const std::string& key : keys) commands.push_back({"HGETALL", TotalsKey(key)});
  std::vector<Totals> out(keys.size());
  if (keys.empty()) return out;
  auto replies = redis_->Pipeline(commands, Retry::kOnConnectionError);
  if (!replies.ok()) return replies.status();
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto& e = (*replies)[i].elements;
    for (size_t j = 0; j + 1 < e.size(); j += 2) {
      int64_t value = 0;
      if (!absl::SimpleAtoi(e[j + 1].str, &value)) {
        return absl::DataLossError(
            absl::StrCat("total ", keys[i], " ", e[j].str, " is not an integer"));
      }
      out[i].emplace(e[j].str, value);
    }
  }
  return out;
}

absl::StatusOr<int64_t> RedisDocumentStore::ChangeCursor() {
  auto reply = redis_->Command({"GET", absl::StrCat(options_.key_prefix, ":seq")},
                               Retry::kOnConnectionError);
  if (!reply.ok()) return reply.status();
  if (reply->is_nil()) return 0;
  int64_t value = 0;
  if (!absl::SimpleAtoi(reply->str, &value)) {
    return absl::DataLossError("the store's sequence is not an integer");
  }
  return value;
}

// Not one script: the page is read in two round trips (the walked index, then the documents).
// That is safe because `until` is fixed first: a document that changes between the two reads has
// a change after `until` and is left out here, to be read after `until`.
absl::StatusOr<ChangePage> RedisDocumentStore::Changes(const ChangeScan& scan) {
  if (scan.limit <= 0) return absl::InvalidArgumentError("a change scan reads at least one entry");
  ChangePage page;
  page.until = scan.until;
  if (page.until <= 0) {
    absl::StatusOr<int64_t> cursor = ChangeCursor();
    if (!cursor.ok()) return cursor.status();
    page.until = *cursor;
  }
  page.position = std::max(scan.position, scan.since);
  // A snapshot walks creation order (every document once, including those written before the
  // change log existed); a feed walks the change log, whose members are `<version>/<id>`.
  const bool snapshot = scan.since == 0;
  const std::string walked =
      snapshot ? IndexKey(scan.collection, "") : ChangeLogKey(scan.collection);
  auto range = redis_->Command(
      {"ZRANGEBYSCORE", walked, absl::StrCat("(", page.position), absl::StrCat(page.until),
       "WITHSCORES", "LIMIT", "0", absl::StrCat(scan.limit)},
      Retry::kOnConnectionError);
  if (!range.ok()) return range.status();
  const auto& e = range->elements;
  std::vector<std::string> ids;
  std::vector<int64_t> positions;
  for (size_t i = 0; i + 1 < e.size(); i += 2) {
    absl::string_view id = e[i].str;
    if (!snapshot) id = id.substr(id.find('/') + 1);
    int64_t position = 0;
    if (!absl::SimpleAtoi(e[i + 1].str, &position)) {
      return absl::InternalError("unexpected score in the change log");
    }
    ids.emplace_back(id);
    positions.push_back(position);
  }
  // Documents are read a batch at a time (one round trip each) so that a byte bound stops the
  // page after the batch that reached it: at most one batch past the bound is held.
  constexpr size_t kReadBatch = 20;
  size_t bytes = 0;
  bool full = false;
  for (size_t start = 0; start < ids.size() && !full; start += kReadBatch) {
    const size_t end = std::min(ids.size(), start + kReadBatch);
    std::vector<std::vector<std::string>> reads;
    for (size_t i = start; i < end; ++i) {
      reads.push_back({"HMGET", DocKey(scan.collection, ids[i]), "v", "s", "d", "st", "c", "ch"});
    }
    auto docs = redis_->Pipeline(reads, Retry::kOnConnectionError);
    if (!docs.ok()) return docs.status();
    for (size_t i = start; i < end && !full; ++i) {
      page.position = positions[i];
      const RedisReply& reply = (*docs)[i - start];
      if (reply.type != RedisReply::Type::kArray || reply.elements.size() != 6) {
        return absl::InternalError("unexpected document shape in redis");
      }
      absl::StatusOr<std::optional<StoredDocument>> doc = ParseHash(ids[i], reply);
      if (!doc.ok()) return doc.status();
      if (!doc->has_value()) continue;  // only if the keyspace was edited by hand
      ChangedDocument changed;
      changed.history = ParseChangeHistory(reply.elements[5].str);
      // Once per pull: at the document's last change up to `until`.
      if (!snapshot && LastChangeUpTo(changed.history, page.until) != positions[i]) continue;
      // A document written before changes were recorded changed last at its creation.
      if (!absl::SimpleAtoi(reply.elements[4].str, &changed.change_sequence)) {
        changed.change_sequence = (*doc)->sequence;
      }
      changed.document = std::move(**doc);
      bytes += changed.document.payload.size();
      page.documents.push_back(std::move(changed));
      full = scan.max_bytes > 0 && bytes >= scan.max_bytes;
    }
  }
  page.exhausted = !full && static_cast<int>(ids.size()) < scan.limit;
  return page;
}

}  // namespace civitas
