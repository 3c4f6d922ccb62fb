#include "libs/store/redis_document_store.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/store/scan_script.h"
#include "libs/store/write_script.h"

namespace civitas {
namespace {

constexpr char kAllIndex[] = "_all";

absl::StatusOr<std::optional<StoredDocument>> ParseHash(const std::string& id,
                                                        const RedisReply& reply) {
  // HMGET v s d
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() != 3) {
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

std::string RedisDocumentStore::UniqueKey(const std::string& collection,
                                          const std::string& value) const {
  return absl::StrCat(options_.key_prefix, ":uniq:", collection, ":", value);
}

RedisDocumentStore::ScriptCall RedisDocumentStore::WriteCall(const WritePlan& plan) const {
  const bool has_idem = !plan.idempotency_key.empty();
  ScriptCall call;
  std::vector<std::string>& keys = call.keys;
  keys.reserve(5 + plan.index_add.size() + plan.index_remove.size() + plan.unique_claim.size() +
               plan.unique_release.size() + plan.must_exist.size());
  keys.push_back(DocKey(plan.collection, plan.id));
  keys.push_back(absl::StrCat(options_.key_prefix, ":seq"));
  keys.push_back(IndexKey(plan.collection, ""));
  keys.push_back(EventsKey());
  // Scripts must name every key they touch; without idempotency the slot repeats the doc key.
  keys.push_back(has_idem ? absl::StrCat(options_.key_prefix, ":idem:", plan.collection, ":",
                                         plan.idempotency_key)
                          : keys[0]);
  for (const auto& i : plan.index_add) keys.push_back(IndexKey(plan.collection, i));
  for (const auto& i : plan.index_remove) keys.push_back(IndexKey(plan.collection, i));
  for (const auto& u : plan.unique_claim) keys.push_back(UniqueKey(plan.collection, u));
  for (const auto& u : plan.unique_release) keys.push_back(UniqueKey(plan.collection, u));
  for (const auto& r : plan.must_exist) keys.push_back(DocKey(r.collection, r.id));

  call.args = {
      plan.kind == WritePlan::Kind::kCreate ? "create" : "update",
      std::to_string(plan.expected_version),
      plan.payload,
      plan.id,
      has_idem ? "1" : "0",
      std::to_string(absl::ToInt64Seconds(options_.idempotency_ttl)),
      std::to_string(plan.index_add.size()),
      std::to_string(plan.index_remove.size()),
      std::to_string(plan.unique_claim.size()),
      std::to_string(plan.unique_release.size()),
      std::to_string(plan.must_exist.size()),
      plan.event_type,
      plan.resource_name,
      plan.collection,
      plan.actor,
      std::to_string(options_.stream_max_length),
  };
  return call;
}

absl::StatusOr<WriteOutcome> RedisDocumentStore::Write(const WritePlan& plan) {
  ScriptCall call = WriteCall(plan);
  auto reply = redis_->Eval(write_script_, call.keys, call.args);
  if (!reply.ok()) {
    return reply.status();
  }
  return WriteOutcomeOf(plan, *reply);
}

void RedisDocumentStore::WriteAsync(WritePlan plan, WriteDone done) {
  if (write_pipeliner_ == nullptr) {
    done(Write(plan));
    return;
  }
  ScriptCall call = WriteCall(plan);
  std::vector<std::string> argv;
  argv.reserve(3 + call.keys.size() + call.args.size());
  argv.push_back("EVALSHA");
  argv.push_back(write_script_.sha());
  argv.push_back(std::to_string(call.keys.size()));
  for (auto& k : call.keys) argv.push_back(std::move(k));
  for (auto& a : call.args) argv.push_back(std::move(a));
  write_pipeliner_->Submit(std::move(argv), [this, plan = std::move(plan), done = std::move(done)](
                                                absl::StatusOr<RedisReply> reply) {
    if (!reply.ok()) {
      // NOSCRIPT (Redis restarted or its script cache was flushed): the script did not
      // run, so running it again through EVAL is safe.
      if (absl::StartsWith(reply.status().message(), "NOSCRIPT")) {
        done(Write(plan));
        return;
      }
      done(reply.status());
      return;
    }
    done(WriteOutcomeOf(plan, *reply));
  });
}

absl::StatusOr<WriteOutcome> RedisDocumentStore::WriteOutcomeOf(const WritePlan& plan,
                                                                const RedisReply& reply) const {
  if (reply.type != RedisReply::Type::kArray || reply.elements.empty()) {
    return absl::InternalError("unexpected reply from write script");
  }
  const std::string& code = reply.elements[0].str;
  auto detail = [&](size_t i) -> std::string {
    return i < reply.elements.size() ? reply.elements[i].str : "";
  };
  if (code == "OK") {
    WriteOutcome out;
    out.id = plan.id;
    if (!absl::SimpleAtoi(detail(1), &out.version)) {
      return absl::InternalError("write script returned a bad version");
    }
    return out;
  }
  if (code == "REPLAYED") {
    WriteOutcome out;
    out.id = detail(1);
    out.replayed = true;
    return out;
  }
  if (code == "ALREADY_EXISTS") {
    return absl::AlreadyExistsError(absl::StrCat(plan.resource_name, " already exists"));
  }
  if (code == "NOT_FOUND") {
    return absl::NotFoundError(absl::StrCat(plan.resource_name, " not found"));
  }
  if (code == "ABORTED") {
    return absl::AbortedError(absl::StrCat(plan.resource_name, " was changed concurrently (now at ",
                                           "etag ", detail(1), "); read it again and retry"));
  }
  if (code == "MISSING") {
    size_t i = 0;
    absl::SimpleAtoi(detail(1), &i);
    const DocumentRef& ref = plan.must_exist.at(i - 1);
    return absl::FailedPreconditionError(
        absl::StrCat("referenced ", ref.collection, "/", ref.id, " does not exist"));
  }
  if (code == "TAKEN") {
    size_t i = 0;
    absl::SimpleAtoi(detail(1), &i);
    return absl::AlreadyExistsError(absl::StrCat(
        plan.unique_claim.at(i - 1), " is already used by ", plan.collection, "/", detail(2)));
  }
  return absl::InternalError(absl::StrCat("write script returned ", code));
}

absl::StatusOr<std::optional<StoredDocument>> RedisDocumentStore::Get(const std::string& collection,
                                                                      const std::string& id) {
  auto reply =
      redis_->Command({"HMGET", DocKey(collection, id), "v", "s", "d"}, Retry::kOnConnectionError);
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
  pipeliner_->Submit({"HMGET", DocKey(collection, id), "v", "s", "d"},
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
    commands.push_back({"HMGET", DocKey(collection, id), "v", "s", "d"});
  }
  auto replies = redis_->Pipeline(commands, Retry::kOnConnectionError);
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
  auto reply = redis_->Command({"GET", UniqueKey(collection, value)}, Retry::kOnConnectionError);
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->is_nil()) {
    return std::nullopt;
  }
  return reply->str;
}

}  // namespace civitas
