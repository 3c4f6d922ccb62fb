// The behaviour every DocumentStore must have, as parameterized tests. A test binary instantiates
// DocumentStoreContractTest with a factory for its implementation.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <tuple>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "libs/common/request_fingerprint.h"
#include "libs/store/document_store.h"

namespace civitas::testing {

// A store under test and a way to read back the outbox events it recorded, oldest first.
struct StoreUnderTest {
  std::unique_ptr<DocumentStore> store;
  std::function<std::vector<OutboxEvent>()> events;
};
using StoreFactory = std::function<StoreUnderTest()>;

class DocumentStoreContractTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    subject_ = GetParam()();
    store_ = subject_.store.get();
  }

  static DocumentChange CreateDoc(std::string id, std::string payload,
                                  std::string collection = "things") {
    DocumentChange d;
    d.kind = DocumentChange::Kind::kCreate;
    d.resource_name = collection + "/" + id;
    d.collection = std::move(collection);
    d.id = std::move(id);
    d.payload = std::move(payload);
    d.event_type = "thing.created";
    return d;
  }
  static DocumentChange UpdateDoc(std::string id, int64_t expected, std::string payload) {
    DocumentChange d = CreateDoc(std::move(id), std::move(payload));
    d.kind = DocumentChange::Kind::kUpdate;
    d.expected_version = expected;
    d.event_type = "thing.updated";
    return d;
  }
  static WritePlan Plan(std::vector<DocumentChange> docs) {
    WritePlan p;
    p.documents = std::move(docs);
    p.actor = "tester";
    return p;
  }
  static WritePlan Create(std::string id, std::string payload) {
    return Plan({CreateDoc(std::move(id), std::move(payload))});
  }
  static WritePlan Update(std::string id, int64_t expected, std::string payload) {
    return Plan({UpdateDoc(std::move(id), expected, std::move(payload))});
  }
  static CounterChange Counter(std::string name, int64_t delta, int64_t min, int64_t max) {
    return CounterChange{std::move(name), delta, min, max};
  }
  std::vector<std::string> ScanIds(std::string index, int64_t after = 0, bool desc = false,
                                   int limit = 100) {
    std::vector<std::string> indexes;
    if (!index.empty()) indexes.push_back(std::move(index));
    auto page = store_->Scan({"things", indexes, after, desc, limit});
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> ids;
    for (const auto& d : page->documents) ids.push_back(d.id);
    return ids;
  }
  std::optional<StoredDocument> Doc(const std::string& id,
                                    const std::string& collection = "things") {
    auto doc = store_->Get(collection, id);
    EXPECT_TRUE(doc.ok()) << doc.status();
    return doc.ok() ? *doc : std::nullopt;
  }
  int64_t CounterValue(const std::string& name) {
    auto value = store_->GetCounter(name);
    EXPECT_TRUE(value.ok()) << value.status();
    return value.value_or(-1);
  }

  // WriteAsync, waited for.
  absl::StatusOr<WriteOutcome> WriteAsync(WritePlan plan) {
    absl::Notification done;
    absl::StatusOr<WriteOutcome> out;
    store_->WriteAsync(std::move(plan), [&](absl::StatusOr<WriteOutcome> o) {
      out = std::move(o);
      done.Notify();
    });
    EXPECT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(30)));
    return out;
  }

  StoreUnderTest subject_;
  DocumentStore* store_ = nullptr;
};

TEST_P(DocumentStoreContractTest, CreateThenGetReturnsPayloadAtVersionOne) {
  auto out = store_->Write(Create("a", std::string("\x00\x01payload", 9)));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->version, 1);
  EXPECT_FALSE(out->replayed);
  auto doc = store_->Get("things", "a");
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(doc->has_value());
  EXPECT_EQ((*doc)->payload, std::string("\x00\x01payload", 9));
  EXPECT_EQ((*doc)->version, 1);
}

TEST_P(DocumentStoreContractTest, GetOfMissingIsEmpty) {
  auto doc = store_->Get("things", "nope");
  ASSERT_TRUE(doc.ok());
  EXPECT_FALSE(doc->has_value());
}

TEST_P(DocumentStoreContractTest, CreateOfExistingIdIsAlreadyExists) {
  ASSERT_TRUE(store_->Write(Create("a", "1")).ok());
  EXPECT_EQ(store_->Write(Create("a", "2")).status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ((*store_->Get("things", "a"))->payload, "1");
}

TEST_P(DocumentStoreContractTest, UpdateChecksVersion) {
  ASSERT_TRUE(store_->Write(Create("a", "1")).ok());
  auto ok = store_->Write(Update("a", 1, "2"));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->version, 2);
  EXPECT_EQ(store_->Write(Update("a", 1, "3")).status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ((*store_->Get("things", "a"))->payload, "2");
  EXPECT_EQ(store_->Write(Update("zz", 1, "3")).status().code(), absl::StatusCode::kNotFound);
}

TEST_P(DocumentStoreContractTest, IdempotentCreateReplaysFirstResult) {
  WritePlan p = Create("a", "1");
  p.idempotency_key = "req-1";
  ASSERT_TRUE(store_->Write(p).ok());
  WritePlan retry = Create("b", "other");
  retry.idempotency_key = "req-1";
  auto out = store_->Write(retry);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->replayed);
  EXPECT_EQ(out->id, "a");
  EXPECT_FALSE(store_->Get("things", "b")->has_value());
}

TEST_P(DocumentStoreContractTest, AKeyReusedForAnotherRequestIsRefusedAndWritesNothing) {
  WritePlan p = Create("a", "1");
  p.idempotency_key = "req-7";
  p.idempotency_fingerprint = RequestFingerprint({"create", "a", "1"});
  ASSERT_TRUE(store_->Write(p).ok());
  // The same request again: the first outcome.
  auto same = store_->Write(p);
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_TRUE(same->replayed);
  EXPECT_EQ(same->id, "a");
  // Another request with the key: refused, naming the field the key came from; nothing written.
  WritePlan other = Create("b", "2");
  other.idempotency_key = "req-7";
  other.idempotency_fingerprint = RequestFingerprint({"create", "b", "2"});
  auto refused = store_->Write(other);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(IsIdempotencyKeyReused(refused.status())) << refused.status();
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::HasSubstr("request_id (Idempotency-Key) was already used"));
  EXPECT_FALSE(store_->Get("things", "b")->has_value());
}

TEST_P(DocumentStoreContractTest, UniqueValueCannotBeTakenTwiceAndIsFreedOnRelease) {
  WritePlan a = Create("a", "1");
  a.documents[0].unique_claim = {"code=X"};
  ASSERT_TRUE(store_->Write(a).ok());
  WritePlan b = Create("b", "1");
  b.documents[0].unique_claim = {"code=X"};
  auto taken = store_->Write(b);
  EXPECT_EQ(taken.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(taken.status().message()), ::testing::HasSubstr("code=X"));
  // Nothing of the refused create was written.
  EXPECT_FALSE(store_->Get("things", "b")->has_value());
  EXPECT_THAT(ScanIds(""), ::testing::ElementsAre("a"));

  WritePlan release = Update("a", 1, "2");
  release.documents[0].unique_release = {"code=X"};
  ASSERT_TRUE(store_->Write(release).ok());
  EXPECT_FALSE(store_->FindUnique("things", "code=X")->has_value());
  ASSERT_TRUE(store_->Write(b).ok());
  EXPECT_EQ(**store_->FindUnique("things", "code=X"), "b");
  // Many at once, in order, those not taken empty.
  std::vector<std::string> values(2500, "code=none");
  values[0] = "code=X";
  values[2400] = "code=X";
  auto found = store_->FindUniques("things", values);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), values.size());
  EXPECT_EQ((*found)[0], "b");
  EXPECT_EQ((*found)[2400], "b");
  EXPECT_FALSE((*found)[1].has_value());
  EXPECT_FALSE((*found)[2499].has_value());
}

TEST_P(DocumentStoreContractTest, MustExistRefusesDanglingReference) {
  WritePlan p = Create("a", "1");
  p.references = {{{"things", "ghost"}, {}}};
  auto out = store_->Write(p);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(out.status().message()), ::testing::HasSubstr("ghost"));
  EXPECT_FALSE(store_->Get("things", "a")->has_value());
}

TEST_P(DocumentStoreContractTest, IndexesFollowUpdatesInCreationOrder) {
  for (std::string id : {"a", "b", "c", "d"}) {
    WritePlan p = Create(id, id);
    p.documents[0].index_add = {id == "b" ? "color=blue" : "color=red"};
    ASSERT_TRUE(store_->Write(p).ok());
  }
  EXPECT_THAT(ScanIds("color=red"), ::testing::ElementsAre("a", "c", "d"));
  WritePlan move = Update("c", 1, "c2");
  move.documents[0].index_remove = {"color=red"};
  move.documents[0].index_add = {"color=blue"};
  ASSERT_TRUE(store_->Write(move).ok());
  EXPECT_THAT(ScanIds("color=red"), ::testing::ElementsAre("a", "d"));
  EXPECT_THAT(ScanIds("color=blue"), ::testing::ElementsAre("b", "c"));
  EXPECT_THAT(ScanIds(""), ::testing::ElementsAre("a", "b", "c", "d"));
}

TEST_P(DocumentStoreContractTest, ScanPagesForwardAndBackward) {
  for (std::string id : {"a", "b", "c", "d", "e"}) ASSERT_TRUE(store_->Write(Create(id, id)).ok());
  auto first = store_->Scan({"things", {}, 0, false, 2});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->documents.size(), 2u);
  EXPECT_FALSE(first->exhausted);
  EXPECT_EQ(first->last_sequence, first->documents.back().sequence);
  EXPECT_THAT(ScanIds("", first->last_sequence, false, 2), ::testing::ElementsAre("c", "d"));
  EXPECT_THAT(ScanIds("", 0, true, 2), ::testing::ElementsAre("e", "d"));
  auto desc = store_->Scan({"things", {}, 0, true, 2});
  EXPECT_THAT(ScanIds("", desc->last_sequence, true, 10), ::testing::ElementsAre("c", "b", "a"));
  auto rest = store_->Scan({"things", {}, desc->last_sequence, true, 10});
  EXPECT_TRUE(rest->exhausted);
}

TEST_P(DocumentStoreContractTest, ScanKeepsOnlyEntriesInEveryIndexWithinBudget) {
  // colour: a b c d e f red/blue alternating; size: small for c..f.
  const std::vector<std::string> ids = {"a", "b", "c", "d", "e", "f"};
  for (size_t i = 0; i < ids.size(); ++i) {
    WritePlan p = Create(ids[i], ids[i]);
    p.documents[0].index_add = {i % 2 == 0 ? "colour=red" : "colour=blue"};
    if (i >= 2) p.documents[0].index_add.push_back("size=small");
    ASSERT_TRUE(store_->Write(p).ok());
  }
  auto page = store_->Scan({"things", {"colour=red", "size=small"}, 0, false, 10});
  ASSERT_TRUE(page.ok()) << page.status();
  std::vector<std::string> got;
  for (const auto& d : page->documents) got.push_back(d.id);
  EXPECT_THAT(got, ::testing::ElementsAre("c", "e"));
  EXPECT_TRUE(page->exhausted);
  // A budget of two entries stops early, not exhausted, and says where to continue.
  auto partial = store_->Scan({"things", {"colour=red", "size=small"}, 0, false, 10, 2});
  ASSERT_TRUE(partial.ok());
  EXPECT_FALSE(partial->exhausted);
  EXPECT_EQ(partial->examined, 2);
  auto rest =
      store_->Scan({"things", {"colour=red", "size=small"}, partial->last_sequence, false, 10});
  std::vector<std::string> all;
  for (const auto& d : partial->documents) all.push_back(d.id);
  for (const auto& d : rest->documents) all.push_back(d.id);
  EXPECT_THAT(all, ::testing::ElementsAre("c", "e"));
  // An index nobody is in makes an empty, exhausted page.
  auto none = store_->Scan({"things", {"colour=green", "size=small"}, 0, false, 10});
  EXPECT_TRUE(none->documents.empty());
  EXPECT_TRUE(none->exhausted);
}

TEST_P(DocumentStoreContractTest, RacingUpdatesWithSameVersionExactlyOneWins) {
  ASSERT_TRUE(store_->Write(Create("a", "0")).ok());
  constexpr int kThreads = 8;
  std::atomic<int> ok{0}, aborted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto out = store_->Write(Update("a", 1, std::to_string(i)));
      if (out.ok()) ++ok;
      if (out.status().code() == absl::StatusCode::kAborted) ++aborted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), kThreads - 1);
  EXPECT_EQ((*store_->Get("things", "a"))->version, 2);
}

// WriteAsync applies and refuses exactly as Write does.
TEST_P(DocumentStoreContractTest, WriteAsyncAppliesAndRefusesLikeWrite) {
  auto created = WriteAsync(Create("a", "1"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ((*store_->Get("things", "a"))->payload, "1");
  EXPECT_EQ(WriteAsync(Create("a", "2")).status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(WriteAsync(Update("a", 7, "2")).status().code(), absl::StatusCode::kAborted);
  auto updated = WriteAsync(Update("a", 1, "2"));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->version, 2);

  WritePlan claim = Create("b", "1");
  claim.documents[0].unique_claim = {"code=X"};
  ASSERT_TRUE(WriteAsync(claim).ok());
  WritePlan taken = Create("c", "1");
  taken.documents[0].unique_claim = {"code=X"};
  auto refused = WriteAsync(taken);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(refused.status().message()), ::testing::HasSubstr("code=X"));
  WritePlan dangling = Create("d", "1");
  dangling.references = {{{"things", "ghost"}, {}}};
  auto missing = WriteAsync(dangling);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(missing.status().message()), ::testing::HasSubstr("ghost"));
  EXPECT_THAT(ScanIds(""), ::testing::ElementsAre("a", "b"));

  WritePlan first = Create("e", "1");
  first.idempotency_key = "req-1";
  ASSERT_TRUE(WriteAsync(first).ok());
  WritePlan replay = Create("f", "1");
  replay.idempotency_key = "req-1";
  auto replayed = WriteAsync(replay);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  EXPECT_TRUE(replayed->replayed);
  EXPECT_EQ(replayed->id, "e");
}

// Many writers at once (where the store shares round trips between them): each caller is told
// its own outcome exactly once, and exactly one of the racing creates of one id wins.
TEST_P(DocumentStoreContractTest, ConcurrentAsyncWritesEachGetTheirOwnOutcome) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 40;
  std::atomic<int> created{0}, shared_won{0}, shared_lost{0}, wrong{0}, calls{0};
  std::atomic<int> remaining{kThreads * (kPerThread + 1)};
  absl::Notification all_done;
  auto finish = [&] {
    if (remaining.fetch_sub(1) == 1) all_done.Notify();
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        store_->WriteAsync(Create(id, "payload-" + id), [&, id](absl::StatusOr<WriteOutcome> out) {
          ++calls;
          if (out.ok() && out->id == id && out->version == 1) {
            ++created;
          } else {
            ++wrong;
          }
          finish();
        });
      }
      store_->WriteAsync(Create("shared", std::to_string(t)),
                         [&](absl::StatusOr<WriteOutcome> out) {
                           ++calls;
                           if (out.ok()) ++shared_won;
                           if (out.status().code() == absl::StatusCode::kAlreadyExists) {
                             ++shared_lost;
                           }
                           finish();
                         });
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(all_done.WaitForNotificationWithTimeout(absl::Seconds(60)));
  EXPECT_EQ(calls.load(), kThreads * (kPerThread + 1));
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(created.load(), kThreads * kPerThread);
  EXPECT_EQ(shared_won.load(), 1);
  EXPECT_EQ(shared_lost.load(), kThreads - 1);
  for (int t = 0; t < kThreads; ++t) {
    const std::string id = "t" + std::to_string(t) + "-" + std::to_string(kPerThread - 1);
    auto doc = store_->Get("things", id);
    ASSERT_TRUE(doc.ok() && doc->has_value()) << id;
    EXPECT_EQ((*doc)->payload, "payload-" + id);
  }
}

// --- Write plans of several documents, counters and state-checked references ---

TEST_P(DocumentStoreContractTest, PlanOfSeveralDocumentsAppliesAllOrNothing) {
  ASSERT_TRUE(store_->Write(Create("a", "a1")).ok());
  ASSERT_TRUE(store_->Write(Create("b", "b1")).ok());
  ASSERT_TRUE(store_->Write(Update("b", 1, "b2")).ok());
  const size_t events_before = subject_.events().size();

  // b is at version 2, so the whole plan is refused, naming b; a and c are untouched.
  WritePlan stale = Plan({UpdateDoc("a", 1, "a2"), CreateDoc("c", "c1"), UpdateDoc("b", 1, "b3")});
  auto refused = store_->Write(stale);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(std::string(refused.status().message()), ::testing::HasSubstr("things/b"));
  EXPECT_THAT(std::string(refused.status().message()), ::testing::HasSubstr("etag 2"));
  EXPECT_EQ(Doc("a")->payload, "a1");
  EXPECT_FALSE(Doc("c").has_value());
  EXPECT_EQ(subject_.events().size(), events_before);

  WritePlan fresh = Plan({UpdateDoc("a", 1, "a2"), CreateDoc("c", "c1"), UpdateDoc("b", 2, "b3")});
  auto applied = store_->Write(fresh);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_THAT(applied->versions, ::testing::ElementsAre(2, 1, 3));
  EXPECT_EQ(applied->id, "a");
  EXPECT_EQ(applied->version, 2);
  EXPECT_EQ(Doc("a")->payload, "a2");
  EXPECT_EQ(Doc("b")->payload, "b3");
  EXPECT_EQ(Doc("c")->payload, "c1");
  EXPECT_THAT(ScanIds(""), ::testing::ElementsAre("a", "b", "c"));
}

TEST_P(DocumentStoreContractTest, PlanWritesDocumentsOfSeveralCollections) {
  WritePlan p = Plan({CreateDoc("app", "x", "applications"), CreateDoc("g", "y", "grants")});
  ASSERT_TRUE(store_->Write(p).ok());
  EXPECT_EQ(Doc("app", "applications")->payload, "x");
  EXPECT_EQ(Doc("g", "grants")->payload, "y");
  EXPECT_FALSE(Doc("g", "applications").has_value());
}

// Documents of several collections read together come back in the order asked, a missing one
// (or one of the same id in another collection) as nullopt, a repeat as often as asked.
TEST_P(DocumentStoreContractTest, GetAcrossReadsDocumentsOfSeveralCollectionsInOrder) {
  ASSERT_TRUE(
      store_->Write(Plan({CreateDoc("app", "x", "applications"), CreateDoc("g", "y", "grants")}))
          .ok());
  auto docs = store_->GetAcross({{"grants", "g"},
                                 {"applications", "app"},
                                 {"applications", "g"},
                                 {"grants", "missing"},
                                 {"grants", "g"}});
  ASSERT_TRUE(docs.ok()) << docs.status();
  ASSERT_EQ(docs->size(), 5u);
  ASSERT_TRUE((*docs)[0].has_value());
  EXPECT_EQ((*docs)[0]->id, "g");
  EXPECT_EQ((*docs)[0]->payload, "y");
  EXPECT_EQ((*docs)[0]->version, 1);
  ASSERT_TRUE((*docs)[1].has_value());
  EXPECT_EQ((*docs)[1]->payload, "x");
  EXPECT_FALSE((*docs)[2].has_value());
  EXPECT_FALSE((*docs)[3].has_value());
  ASSERT_TRUE((*docs)[4].has_value());
  EXPECT_EQ((*docs)[4]->payload, "y");
  auto none = store_->GetAcross({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(DocumentStoreContractTest, EveryChangedDocumentEmitsOneEventWithCorrelationAndActor) {
  ASSERT_TRUE(store_->Write(Create("a", "a1")).ok());
  WritePlan p = Plan({UpdateDoc("a", 1, "a2"), CreateDoc("b", "b1")});
  p.counters = {Counter("totals/x", 5, 0, 10)};
  p.correlation_id = "req-42";
  p.actor = "users/alice";
  ASSERT_TRUE(store_->Write(p).ok());
  std::vector<OutboxEvent> events = subject_.events();
  ASSERT_EQ(events.size(), 3u);
  const OutboxEvent& a = events[1];
  EXPECT_EQ(a.type, "thing.updated");
  EXPECT_EQ(a.resource_name, "things/a");
  EXPECT_EQ(a.collection, "things");
  EXPECT_EQ(a.id, "a");
  EXPECT_EQ(a.version, 2);
  EXPECT_EQ(a.payload, "a2");
  const OutboxEvent& b = events[2];
  EXPECT_EQ(b.type, "thing.created");
  EXPECT_EQ(b.id, "b");
  EXPECT_EQ(b.version, 1);
  for (const OutboxEvent* e : {&a, &b}) {
    EXPECT_EQ(e->correlation_id, "req-42");
    EXPECT_EQ(e->actor, "users/alice");
  }
  // A document without an event type (a service's bookkeeping) is written without one.
  WritePlan quiet = Plan({UpdateDoc("b", 1, "b2")});
  quiet.documents[0].event_type.clear();
  ASSERT_TRUE(store_->Write(quiet).ok());
  EXPECT_EQ(Doc("b")->payload, "b2");
  EXPECT_EQ(subject_.events().size(), 3u);
}

TEST_P(DocumentStoreContractTest, CounterChangesOnlyWithinItsBounds) {
  EXPECT_EQ(CounterValue("calls/c1/awarded"), 0);
  WritePlan first = Create("award-1", "60");
  first.counters = {Counter("calls/c1/awarded", 60'000, 0, 100'000)};
  auto applied = store_->Write(first);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_THAT(applied->counter_values, ::testing::ElementsAre(60'000));
  EXPECT_EQ(CounterValue("calls/c1/awarded"), 60'000);

  // Over the maximum: refused naming the counter, its value and its bound; nothing written.
  WritePlan over = Create("award-2", "50");
  over.counters = {Counter("calls/c1/awarded", 50'000, 0, 100'000)};
  auto refused = store_->Write(over);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  const std::string message(refused.status().message());
  EXPECT_THAT(message, ::testing::HasSubstr("calls/c1/awarded"));
  EXPECT_THAT(message, ::testing::HasSubstr("110000"));
  EXPECT_THAT(message, ::testing::HasSubstr("above its limit 100000"));
  EXPECT_FALSE(Doc("award-2").has_value());
  EXPECT_EQ(CounterValue("calls/c1/awarded"), 60'000);
  // A counter that says which rule it keeps is named by that rule, never by its key.
  over.counters[0].what = "amount awarded from calls/c1";
  over.counters[0].max_is = "the call's envelope";
  refused = store_->Write(over);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "amount awarded from calls/c1 would be 110000 (60000 before this change of +50000), "
            "above the call's envelope 100000");

  // Exactly at the bound is allowed; below the minimum is refused.
  WritePlan to_max = Create("award-3", "40");
  to_max.counters = {Counter("calls/c1/awarded", 40'000, 0, 100'000)};
  ASSERT_TRUE(store_->Write(to_max).ok());
  WritePlan under = Update("award-3", 1, "returned");
  under.counters = {Counter("calls/c1/awarded", -100'001, 0, 100'000)};
  auto below = store_->Write(under);
  EXPECT_EQ(below.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(below.status().message()), ::testing::HasSubstr("below its floor 0"));
  EXPECT_EQ(CounterValue("calls/c1/awarded"), 100'000);
  EXPECT_EQ(Doc("award-3")->version, 1);
}

TEST_P(DocumentStoreContractTest, OneFailingCounterRefusesThePlanAndNamesThatCounter) {
  WritePlan p = Create("a", "1");
  p.counters = {Counter("programme/envelope", 10, 0, 100), Counter("call/envelope", 10, 0, 5)};
  auto refused = store_->Write(p);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()), ::testing::HasSubstr("call/envelope"));
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::Not(::testing::HasSubstr("programme/envelope")));
  EXPECT_EQ(CounterValue("programme/envelope"), 0);
  EXPECT_FALSE(Doc("a").has_value());
}

TEST_P(DocumentStoreContractTest, CountersAreExactUpToTwoToThe53AndRefuseBeyond) {
  // 2^53 - 1 is exact; a double would already round 2^53 + 1.
  WritePlan near = Create("a", "1");
  near.counters = {Counter("big", kMaxExactInteger - 1, 0, kMaxExactInteger)};
  ASSERT_TRUE(store_->Write(near).ok());
  WritePlan last = Create("b", "1");
  last.counters = {Counter("big", 1, 0, kMaxExactInteger)};
  auto at_max = store_->Write(last);
  ASSERT_TRUE(at_max.ok()) << at_max.status();
  EXPECT_THAT(at_max->counter_values, ::testing::ElementsAre(kMaxExactInteger));
  EXPECT_EQ(CounterValue("big"), 9007199254740991);

  WritePlan beyond = Create("c", "1");
  beyond.counters = {Counter("other", int64_t{1} << 53, 0, int64_t{1} << 60)};
  auto refused = store_->Write(beyond);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_THAT(std::string(refused.status().message()), ::testing::HasSubstr("other"));
  EXPECT_FALSE(Doc("c").has_value());
  EXPECT_EQ(CounterValue("other"), 0);
}

TEST_P(DocumentStoreContractTest, RacingCounterIncrementsNeverPassTheBound) {
  constexpr int kThreads = 8;
  std::atomic<int> ok{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      WritePlan p = Create(absl::StrCat("award-", i), "30");
      p.counters = {Counter("envelope", 30, 0, 100)};
      auto out = store_->Write(p);
      if (out.ok()) ++ok;
      if (out.status().code() == absl::StatusCode::kFailedPrecondition) ++refused;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(refused.load(), kThreads - 3);
  EXPECT_EQ(CounterValue("envelope"), 90);
  EXPECT_EQ(ScanIds("").size(), 3u);
}

TEST_P(DocumentStoreContractTest, ACounterReadAtAValueRefusesThePlanOnceItMoved) {
  // Numbering as the accreditation service does it: read the counter, name the document after
  // its next value, and expect the counter unchanged when the plan applies.
  CounterChange first = Counter("certificates/MD-2026", 1, 0, kMaxExactInteger);
  first.expected = 0;
  WritePlan p1 = Create("MD-2026-000001", "first");
  p1.counters = {first};
  auto applied = store_->Write(p1);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_THAT(applied->counter_values, ::testing::ElementsAre(1));

  // A second writer that read the counter at 0 too: ABORTED naming it and its value; nothing
  // written, so the number it would have taken is not taken.
  WritePlan stale = Create("MD-2026-000001-again", "stale");
  stale.counters = {first};
  auto refused = store_->Write(stale);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kAborted) << refused.status();
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::HasSubstr("counter certificates/MD-2026 is 1, not 0"));
  EXPECT_EQ(CounterValue("certificates/MD-2026"), 1);
  EXPECT_THAT(ScanIds(""), ::testing::ElementsAre("MD-2026-000001"));

  CounterChange second = first;
  second.expected = 1;
  WritePlan p2 = Create("MD-2026-000002", "second");
  p2.counters = {second};
  ASSERT_TRUE(store_->Write(p2).ok());
  EXPECT_EQ(CounterValue("certificates/MD-2026"), 2);
}

TEST_P(DocumentStoreContractTest, RacingNumberersTakeEveryNumberOnceWithoutGaps) {
  constexpr int kThreads = 8;
  constexpr int kEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> aborted{0};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int done = 0; done < kEach;) {
        auto current = store_->GetCounter("numbers");
        ASSERT_TRUE(current.ok());
        CounterChange next = Counter("numbers", 1, 0, kMaxExactInteger);
        next.expected = *current;
        WritePlan p = Create(absl::StrCat("n-", *current + 1), "numbered");
        p.counters = {next};
        auto out = store_->Write(p);
        if (out.ok()) {
          ++done;
        } else {
          ASSERT_EQ(out.status().code(), absl::StatusCode::kAborted) << out.status();
          ++aborted;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(CounterValue("numbers"), kThreads * kEach);
  std::vector<std::string> ids = ScanIds("");
  ASSERT_EQ(ids.size(), static_cast<size_t>(kThreads * kEach));
  std::set<std::string> unique(ids.begin(), ids.end());
  for (int n = 1; n <= kThreads * kEach; ++n) {
    EXPECT_TRUE(unique.contains(absl::StrCat("n-", n))) << "number " << n << " skipped";
  }
}

TEST_P(DocumentStoreContractTest, AReferenceAtAVersionRefusesThePlanOnceThatDocumentChanged) {
  DocumentChange programme = CreateDoc("p", "envelope 100", "programmes");
  programme.state = "OPEN";
  ASSERT_TRUE(store_->Write(Plan({programme})).ok());

  WritePlan call = Create("c1", "call");
  call.references = {{{"programmes", "p"}, {"OPEN"}, 1}};
  ASSERT_TRUE(store_->Write(call).ok()) << "still at the version it was read at";

  DocumentChange shrink = programme;
  shrink.kind = DocumentChange::Kind::kUpdate;
  shrink.expected_version = 1;
  shrink.payload = "envelope 50";
  ASSERT_TRUE(store_->Write(Plan({shrink})).ok());

  WritePlan stale = Create("c2", "call");
  stale.references = {{{"programmes", "p"}, {"OPEN"}, 1}};
  auto refused = store_->Write(stale);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::HasSubstr("programmes/p changed (version 2, read at 1)"));
  EXPECT_FALSE(Doc("c2").has_value());

  stale.references[0].version = 2;
  EXPECT_TRUE(store_->Write(stale).ok());
}

TEST_P(DocumentStoreContractTest, ReferenceMustBeInOneOfTheGivenStatesWhenThePlanApplies) {
  DocumentChange org = CreateDoc("o", "org", "organizations");
  org.state = "ACTIVE";
  ASSERT_TRUE(store_->Write(Plan({org})).ok());
  EXPECT_EQ(Doc("o", "organizations")->state, "ACTIVE");

  WritePlan uses = Create("s1", "service");
  uses.references = {{{"organizations", "o"}, {"ACTIVE", "DRAFT"}}};
  ASSERT_TRUE(store_->Write(uses).ok());

  DocumentChange archive = org;
  archive.kind = DocumentChange::Kind::kUpdate;
  archive.expected_version = 1;
  archive.state = "ARCHIVED";
  ASSERT_TRUE(store_->Write(Plan({archive})).ok());
  EXPECT_EQ(Doc("o", "organizations")->state, "ARCHIVED");

  WritePlan late = Create("s2", "service");
  late.references = {{{"organizations", "o"}, {"ACTIVE", "DRAFT"}}};
  auto refused = store_->Write(late);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  const std::string message(refused.status().message());
  EXPECT_THAT(message, ::testing::HasSubstr("organizations/o"));
  EXPECT_THAT(message, ::testing::HasSubstr("ARCHIVED"));
  EXPECT_THAT(message, ::testing::HasSubstr("ACTIVE or DRAFT"));
  EXPECT_FALSE(Doc("s2").has_value());

  // Without states, existence is enough.
  WritePlan any = Create("s3", "service");
  any.references = {{{"organizations", "o"}, {}}};
  EXPECT_TRUE(store_->Write(any).ok());
}

TEST_P(DocumentStoreContractTest, IdempotentPlanOfSeveralDocumentsReplaysWithoutWriting) {
  WritePlan p = Plan({CreateDoc("a", "1"), CreateDoc("b", "2")});
  p.counters = {Counter("total", 7, 0, 100)};
  p.idempotency_key = "award-req-1";
  ASSERT_TRUE(store_->Write(p).ok());
  const size_t events = subject_.events().size();
  WritePlan retry = Plan({CreateDoc("c", "1"), CreateDoc("d", "2")});
  retry.counters = {Counter("total", 7, 0, 100)};
  retry.idempotency_key = "award-req-1";
  auto out = store_->Write(retry);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(out->replayed);
  EXPECT_EQ(out->id, "a");
  EXPECT_EQ(CounterValue("total"), 7);
  EXPECT_FALSE(Doc("c").has_value());
  EXPECT_EQ(subject_.events().size(), events);
}

TEST_P(DocumentStoreContractTest, UniqueValueTakenByAnotherDocumentRefusesThePlan) {
  WritePlan a = Create("a", "1");
  a.documents[0].unique_claim = {"code=X"};
  ASSERT_TRUE(store_->Write(a).ok());
  DocumentChange b = CreateDoc("b", "1");
  DocumentChange c = CreateDoc("c", "1");
  c.unique_claim = {"code=Y", "code=X"};
  auto refused = store_->Write(Plan({b, c}));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(refused.status().message()), ::testing::HasSubstr("code=X"));
  EXPECT_THAT(std::string(refused.status().message()), ::testing::HasSubstr("things/a"));
  EXPECT_FALSE(Doc("b").has_value());
  EXPECT_FALSE(store_->FindUnique("things", "code=Y")->has_value());
}

TEST_P(DocumentStoreContractTest, MalformedPlansAreRefusedBeforeTheStore) {
  EXPECT_EQ(store_->Write(Plan({})).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Write(Plan({CreateDoc("a", "1"), UpdateDoc("a", 1, "2")})).status().code(),
            absl::StatusCode::kInvalidArgument);
  WritePlan twice = Create("a", "1");
  twice.counters = {Counter("n", 1, 0, 9), Counter("n", 1, 0, 9)};
  EXPECT_EQ(store_->Write(twice).status().code(), absl::StatusCode::kInvalidArgument);
  WritePlan inverted = Create("a", "1");
  inverted.counters = {Counter("n", 1, 9, 0)};
  EXPECT_EQ(store_->Write(inverted).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteAsync(Plan({})).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(Doc("a").has_value());
  EXPECT_EQ(CounterValue("n"), 0);
}

TEST_P(DocumentStoreContractTest, WriteAsyncAppliesPlansWithCountersAndReferences) {
  DocumentChange call = CreateDoc("call", "open", "calls");
  call.state = "OPEN";
  ASSERT_TRUE(WriteAsync(Plan({call})).ok());
  WritePlan award = Plan({CreateDoc("g1", "grant"), CreateDoc("g2", "grant")});
  award.counters = {Counter("calls/call/awarded", 70, 0, 100)};
  award.references = {{{"calls", "call"}, {"OPEN"}}};
  auto out = WriteAsync(award);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_THAT(out->versions, ::testing::ElementsAre(1, 1));
  EXPECT_THAT(out->counter_values, ::testing::ElementsAre(70));
  WritePlan again = Create("g3", "grant");
  again.counters = {Counter("calls/call/awarded", 70, 0, 100)};
  EXPECT_EQ(WriteAsync(again).status().code(), absl::StatusCode::kFailedPrecondition);
  WritePlan closed = Create("g4", "grant");
  closed.references = {{{"calls", "call"}, {"CLOSED"}}};
  EXPECT_EQ(WriteAsync(closed).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CounterValue("calls/call/awarded"), 70);
}

// Plans written together are each atomic on their own: one refused (here, its document exists;
// another, malformed) leaves the others to land, and each outcome comes back in its place.
TEST_P(DocumentStoreContractTest, PlansWrittenTogetherLandOrAreRefusedEachOnItsOwn) {
  ASSERT_TRUE(store_->Write(Create("w1", "first")).ok());
  std::vector<WritePlan> plans;
  plans.push_back(Create("w1", "again"));
  plans.push_back(Create("w2", "second"));
  plans.push_back(WritePlan());  // no document: malformed
  WritePlan third = Update("w1", 1, "third");
  third.counters = {Counter("together", 3, 0, 10)};
  plans.push_back(third);
  std::vector<absl::StatusOr<WriteOutcome>> out = store_->WriteAll(std::move(plans));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(out[1].ok()) << out[1].status();
  EXPECT_EQ(out[2].status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(out[3].ok()) << out[3].status();
  EXPECT_EQ(out[3]->counter_values, (std::vector<int64_t>{3}));
  auto w1 = store_->Get("things", "w1");
  ASSERT_TRUE(w1.ok() && w1->has_value());
  EXPECT_EQ((*w1)->payload, "third");
  auto w2 = store_->Get("things", "w2");
  ASSERT_TRUE(w2.ok() && w2->has_value());
  EXPECT_EQ((*w2)->payload, "second");
}

TEST_P(DocumentStoreContractTest, TotalsMoveWithThePlanAndFieldsAtZeroAreDropped) {
  WritePlan first = Create("a", "1");
  first.totals = {{"t/1", "2025|x", 7}, {"t/1", "2025|y", 3}, {"t/2", "2025|x", -4}};
  ASSERT_TRUE(store_->Write(first).ok());
  WritePlan second = Update("a", 1, "2");
  second.totals = {{"t/1", "2025|x", -7}, {"t/2", "2025|x", 4}, {"t/1", "2026|x", 1}};
  ASSERT_TRUE(store_->Write(second).ok());
  absl::StatusOr<std::vector<Totals>> read = store_->GetTotals({"t/1", "t/2", "t/none"});
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 3u);
  EXPECT_EQ((*read)[0], (Totals{{"2025|y", 3}, {"2026|x", 1}}));
  EXPECT_TRUE((*read)[1].empty());
  EXPECT_TRUE((*read)[2].empty());
}

TEST_P(DocumentStoreContractTest, ATotalBeyondTheExactRangeRefusesThePlanAndChangesNothing) {
  WritePlan near = Create("a", "1");
  near.totals = {{"t/1", "f", kMaxExactInteger - 1}};
  ASSERT_TRUE(store_->Write(near).ok());
  WritePlan over = Update("a", 1, "2");
  over.totals = {{"t/1", "g", 5}, {"t/1", "f", 2}};
  absl::Status refused = store_->Write(over).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), ::testing::HasSubstr("a total this change counts in would go"));
  EXPECT_THAT(refused.message(), ::testing::Not(::testing::HasSubstr("t/1")));
  EXPECT_EQ(Doc("a")->payload, "1");
  EXPECT_EQ((*store_->GetTotals({"t/1"}))[0], (Totals{{"f", kMaxExactInteger - 1}}));
  // Below the range too; the fields moved before the one refused (new and existing, in two
  // hashes) are put back as they were.
  WritePlan low_seed = Create("b", "1");
  low_seed.totals = {{"t/3", "y", -1}};
  ASSERT_TRUE(store_->Write(low_seed).ok());
  WritePlan low = Update("b", 1, "2");
  low.totals = {{"t/1", "f", -1},
                {"t/1", "h", 7},
                {"t/3", "x", -kMaxExactInteger},
                {"t/3", "y", -kMaxExactInteger}};
  EXPECT_EQ(store_->Write(low).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*store_->GetTotals({"t/1"}))[0], (Totals{{"f", kMaxExactInteger - 1}}));
  EXPECT_EQ((*store_->GetTotals({"t/3"}))[0], (Totals{{"y", -1}}));
  EXPECT_EQ(Doc("b")->payload, "1");
  // Many fields of one hash (a batch of figures): the one going beyond, wherever it is, refuses
  // the whole plan, and the hundreds moved before it are put back.
  WritePlan seed = Update("a", 1, "2");
  for (const char* near : {"m999", "m1000", "m1500"}) {
    seed.totals.push_back({"t/2", near, kMaxExactInteger});
  }
  ASSERT_TRUE(store_->Write(seed).ok());
  WritePlan many = Update("a", 2, "3");
  for (int i = 0; i < 2500; ++i) many.totals.push_back({"t/2", absl::StrCat("m", i), 1});
  many.totals.push_back({"t/2", "m-last", 1});
  // m999, m1000 and m1500 hold 2^53 - 1: one more in any of them refuses the plan.
  EXPECT_EQ(store_->Write(many).status().code(), absl::StatusCode::kFailedPrecondition);
  for (int over : {999, 1000, 1500}) {
    WritePlan one = Update("a", 2, "3");
    for (int i = 0; i < 2500; ++i) {
      if (i == over || (i != 999 && i != 1000 && i != 1500)) {
        one.totals.push_back({"t/2", absl::StrCat("m", i), 1});
      }
    }
    EXPECT_EQ(store_->Write(one).status().code(), absl::StatusCode::kFailedPrecondition) << over;
  }
  EXPECT_EQ((*store_->GetTotals({"t/2"}))[0].size(), 3u);
  WritePlan below = Update("a", 2, "3");
  for (int i = 0; i < 2500; ++i) {
    if (i != 999 && i != 1000 && i != 1500) {
      below.totals.push_back({"t/2", absl::StrCat("m", i), 1});
    }
  }
  below.totals.push_back({"t/2", "m1000", -5});
  ASSERT_TRUE(store_->Write(below).ok());
  EXPECT_EQ((*store_->GetTotals({"t/2"}))[0].size(), 2500u);
  // The same field twice in one plan is a caller's bug, refused before the store.
  WritePlan twice = Update("a", 3, "4");
  twice.totals = {{"t/1", "g", 1}, {"t/1", "g", 1}};
  EXPECT_EQ(store_->Write(twice).status().code(), absl::StatusCode::kInvalidArgument);
}

// The whole feed from `since` up to `until` (0: now), page by page.
inline std::vector<ChangedDocument> ReadFeed(DocumentStore* store, int64_t since, int64_t* until,
                                             int limit = 3,
                                             const std::string& collection = "things") {
  std::vector<ChangedDocument> out;
  ChangeScan scan{collection, since, *until, 0, limit};
  for (;;) {
    absl::StatusOr<ChangePage> page = store->Changes(scan);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return out;
    for (ChangedDocument& d : page->documents) out.push_back(std::move(d));
    scan.until = page->until;
    scan.position = page->position;
    if (page->exhausted) break;
  }
  *until = scan.until;
  return out;
}

inline std::vector<std::string> FeedIds(const std::vector<ChangedDocument>& feed) {
  std::vector<std::string> ids;
  for (const ChangedDocument& d : feed) ids.push_back(d.document.id);
  return ids;
}

// A batch's documents share index keys, the change log and the sequence: each keeps its own
// place (indexes by creation, the feed by change), one leaving an index while another joins it,
// releases and claims of unique values among hundreds of claims.
TEST_P(DocumentStoreContractTest, DocumentsOfOnePlanShareIndexesAndUniqueValuesInOrder) {
  WritePlan first = Plan({CreateDoc("a", "a1"), CreateDoc("b", "b1")});
  first.documents[0].index_add = {"color=red", "size=s"};
  first.documents[0].unique_claim = {"code=A"};
  first.documents[1].index_add = {"color=blue", "size=s"};
  ASSERT_TRUE(store_->Write(first).ok());

  std::vector<DocumentChange> batch;
  for (int i = 0; i < 300; ++i) {
    DocumentChange d = CreateDoc(absl::StrCat("n", 1000 + i), "n");
    d.index_add = {i % 2 == 0 ? "color=red" : "color=blue", "size=s"};
    d.unique_claim = {absl::StrCat("code=N", i)};
    batch.push_back(std::move(d));
  }
  DocumentChange a = UpdateDoc("a", 1, "a2");
  a.index_remove = {"color=red", "size=s"};
  a.index_add = {"color=blue", "size=s"};  // removed and added again: still in
  a.unique_release = {"code=A"};
  batch.insert(batch.begin() + 150, a);
  DocumentChange b = UpdateDoc("b", 1, "b2");
  b.index_remove = {"color=blue"};
  b.index_add = {"color=red"};
  b.unique_claim = {"code=B"};
  batch.push_back(b);
  auto applied = store_->Write(Plan(batch));
  ASSERT_TRUE(applied.ok()) << applied.status();
  ASSERT_EQ(applied->versions.size(), 302u);

  std::vector<std::string> red = {"b"}, blue = {"a"}, all = {"a", "b"};
  for (int i = 0; i < 300; ++i) {
    (i % 2 == 0 ? red : blue).push_back(absl::StrCat("n", 1000 + i));
    all.push_back(absl::StrCat("n", 1000 + i));
  }
  EXPECT_THAT(ScanIds("color=red", 0, false, 400), ::testing::ElementsAreArray(red));
  EXPECT_THAT(ScanIds("color=blue", 0, false, 400), ::testing::ElementsAreArray(blue));
  EXPECT_THAT(ScanIds("size=s", 0, false, 400), ::testing::ElementsAreArray(all));
  EXPECT_FALSE(store_->FindUnique("things", "code=A")->has_value());
  EXPECT_EQ(**store_->FindUnique("things", "code=B"), "b");
  EXPECT_EQ(**store_->FindUnique("things", "code=N299"), "n1299");

  // The change feed since the first plan: the batch's documents in plan order, each change at
  // a sequence of its own.
  int64_t until = 0;
  std::vector<ChangedDocument> changes =
      ReadFeed(store_, *store_->ChangeCursor() - 302, &until, 1000);
  std::vector<std::string> fed = FeedIds(changes);
  std::set<int64_t> sequences;
  for (const ChangedDocument& c : changes) sequences.insert(c.change_sequence);
  EXPECT_EQ(sequences.size(), 302u);
  std::vector<std::string> expected;
  for (int i = 0; i < 300; ++i) {
    if (i == 150) expected.push_back("a");
    expected.push_back(absl::StrCat("n", 1000 + i));
  }
  expected.push_back("b");
  EXPECT_THAT(fed, ::testing::ElementsAreArray(expected));
}

// A byte bound ends a page after the document that reaches it, within the store's read batches
// or across them; the pages still give every document once, in order.
TEST_P(DocumentStoreContractTest, ChangePagesEndAtTheirByteBound) {
  std::vector<std::string> ids;
  for (int i = 0; i < 45; ++i) {
    ids.push_back(absl::StrCat("d", 100 + i));
    ASSERT_TRUE(store_->Write(Create(ids.back(), std::string(10, 'x'))).ok());
  }
  for (const auto& [max_bytes, expected_sizes] :
       std::vector<std::pair<size_t, std::vector<size_t>>>{
           {35, {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1}},  // 4 documents of 10 bytes reach 35
           {250, {25, 20}},                             // past a batch of 20
           {0, {45}}}) {
    ChangeScan scan{"things", 0, 0, 0, 100, max_bytes};
    std::vector<std::string> seen;
    std::vector<size_t> sizes;
    for (;;) {
      absl::StatusOr<ChangePage> page = store_->Changes(scan);
      ASSERT_TRUE(page.ok()) << page.status();
      sizes.push_back(page->documents.size());
      for (const ChangedDocument& d : page->documents) seen.push_back(d.document.id);
      scan.until = page->until;
      scan.position = page->position;
      if (page->exhausted) break;
    }
    EXPECT_EQ(seen, ids) << "max_bytes " << max_bytes;
    EXPECT_EQ(sizes, expected_sizes) << "max_bytes " << max_bytes;
  }
}

TEST_P(DocumentStoreContractTest, ChangeFeedGivesEachChangedDocumentOncePerPull) {
  ASSERT_TRUE(store_->Write(Create("a", "a1")).ok());
  ASSERT_TRUE(store_->Write(Create("b", "b1")).ok());
  ASSERT_TRUE(store_->Write(Plan({CreateDoc("x", "other", "others")})).ok());
  int64_t first = 0;
  std::vector<ChangedDocument> snapshot = ReadFeed(store_, 0, &first);
  EXPECT_THAT(FeedIds(snapshot), ::testing::ElementsAre("a", "b"));
  EXPECT_EQ(first, *store_->ChangeCursor());

  ASSERT_TRUE(store_->Write(Update("a", 1, "a2")).ok());
  ASSERT_TRUE(store_->Write(Create("c", "c1")).ok());
  ASSERT_TRUE(store_->Write(Update("a", 2, "a3")).ok());
  int64_t second = 0;
  std::vector<ChangedDocument> changes = ReadFeed(store_, first, &second, 1);
  // In the order of their last change; `a` once, as it is now, with the changes that made it.
  ASSERT_THAT(FeedIds(changes), ::testing::ElementsAre("c", "a"));
  const ChangedDocument& a = changes[1];
  EXPECT_EQ(a.document.payload, "a3");
  EXPECT_EQ(a.change_sequence, second);
  ASSERT_EQ(a.history.size(), 3u);
  EXPECT_FALSE(ChangedWithin(a.history, 1, first, second));
  EXPECT_TRUE(ChangedWithin(a.history, 2, first, second));
  EXPECT_TRUE(ChangedWithin(a.history, 3, first, second));

  int64_t third = 0;
  EXPECT_TRUE(ReadFeed(store_, second, &third).empty());
  EXPECT_EQ(third, second);
}

TEST_P(DocumentStoreContractTest, ChangeFeedShowsDocumentsAsTheyAreWithTheirLastChange) {
  ASSERT_TRUE(store_->Write(Create("a", "a1")).ok());
  ASSERT_TRUE(store_->Write(Create("b", "b1")).ok());
  const int64_t until = *store_->ChangeCursor();
  ASSERT_TRUE(store_->Write(Update("a", 1, "a2")).ok());
  ASSERT_TRUE(store_->Write(Create("c", "c1")).ok());
  int64_t fixed = until;
  std::vector<ChangedDocument> snapshot = ReadFeed(store_, 0, &fixed);
  // `c` was created after `until`; `a` changed after it: a reader of whole documents leaves it
  // for the next pull, which has it.
  ASSERT_THAT(FeedIds(snapshot), ::testing::ElementsAre("a", "b"));
  EXPECT_GT(snapshot[0].change_sequence, until);
  EXPECT_LE(snapshot[1].change_sequence, until);
  int64_t now = 0;
  EXPECT_THAT(FeedIds(ReadFeed(store_, until, &now)), ::testing::ElementsAre("a", "c"));
}

TEST_P(DocumentStoreContractTest, RefusedPlansLeaveTheChangeFeedAlone) {
  ASSERT_TRUE(store_->Write(Create("a", "a1")).ok());
  const int64_t cursor = *store_->ChangeCursor();
  EXPECT_FALSE(store_->Write(Update("a", 7, "stale")).ok());
  WritePlan bounded = Update("a", 1, "a2");
  bounded.counters = {Counter("n", 5, 0, 1)};
  EXPECT_FALSE(store_->Write(bounded).ok());
  int64_t until = 0;
  EXPECT_TRUE(ReadFeed(store_, cursor, &until).empty());
}

TEST_P(DocumentStoreContractTest, ADocumentChangedBeyondItsHistoryIsReadOncePerPull) {
  ASSERT_TRUE(store_->Write(Create("a", "0")).ok());
  const int64_t created = *store_->ChangeCursor();
  constexpr int kUpdates = static_cast<int>(kChangeHistoryLength) + 8;
  for (int v = 1; v <= kUpdates; ++v) {
    ASSERT_TRUE(store_->Write(Update("a", v, absl::StrCat(v))).ok());
  }
  int64_t until = 0;
  std::vector<ChangedDocument> feed = ReadFeed(store_, created, &until, 2);
  ASSERT_EQ(feed.size(), 1u);
  EXPECT_EQ(feed[0].document.payload, absl::StrCat(kUpdates));
  // The history keeps the last changes after a floor; version 1 is below them and counts as
  // within for a reader not yet past the oldest kept change.
  ASSERT_EQ(feed[0].history.size(), kChangeHistoryLength + 1);
  EXPECT_EQ(feed[0].history.front().version, 0);
  EXPECT_TRUE(ChangedWithin(feed[0].history, 1, created, until));
  EXPECT_FALSE(ChangedWithin(feed[0].history, 1, feed[0].history[1].sequence, until));
  EXPECT_TRUE(ChangedWithin(feed[0].history, kUpdates + 1, created, until));
}

// A document the reader has not reached yet changes more than its history keeps: none of its log
// entries up to `until` is left, so this pull does not find it; the next one reports the part
// the first pull should have (once more at worst, never missed).
TEST_P(DocumentStoreContractTest, ADocumentThatOutrunsAPullIsReportedByTheNextOne) {
  ASSERT_TRUE(store_->Write(Create("a", "0")).ok());
  ASSERT_TRUE(
      store_->Write(Create("b", "1")).ok());  // `b`'s part is stamped 1, set by its creation
  const int64_t since = *store_->ChangeCursor();
  ASSERT_TRUE(store_->Write(Update("a", 1, "0")).ok());
  ASSERT_TRUE(store_->Write(Update("b", 1, "2")).ok());  // the part the pull must not lose
  ChangeScan scan{"things", since, 0, 0, 1};
  absl::StatusOr<ChangePage> first = store_->Changes(scan);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_THAT(first->documents, ::testing::SizeIs(1));
  const int64_t until = first->until;
  for (int v = 2; v <= static_cast<int>(kChangeHistoryLength) + 1; ++v) {
    ASSERT_TRUE(store_->Write(Update("b", v, "2")).ok());  // changes that leave the part alone
  }
  scan.until = until;
  scan.position = first->position;
  absl::StatusOr<ChangePage> rest = store_->Changes(scan);
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_TRUE(rest->documents.empty()) << "`b`'s entries up to until were dropped";
  int64_t now = 0;
  std::vector<ChangedDocument> next = ReadFeed(store_, until, &now);
  ASSERT_THAT(FeedIds(next), ::testing::ElementsAre("b"));
  EXPECT_TRUE(ChangedWithin(next[0].history, 2, until, now)) << "the part set by version 2";
}

// Writers change one part at a time of documents of four parts (each part holds the version
// that last changed it) while a reader follows the feed from cursor to cursor, taking the parts
// that changed within each pull, and another takes whole documents. Every acknowledged change is
// read, none twice, and both end with the store's table.
TEST_P(DocumentStoreContractTest, ChangeFeedFollowedDuringWritesSkipsAndRepeatsNothing) {
  constexpr int kWriters = 16;
  // Within kChangeHistoryLength: the history says exactly when each part changed.
  constexpr int kWritesEach = static_cast<int>(kChangeHistoryLength) - 2;
  auto parts_of = [](const std::string& payload) {
    std::vector<int64_t> parts;
    for (absl::string_view p : absl::StrSplit(payload, ',')) {
      int64_t v = 0;
      EXPECT_TRUE(absl::SimpleAtoi(p, &v)) << payload;
      parts.push_back(v);
    }
    return parts;
  };
  for (int w = 0; w < kWriters; ++w) {
    ASSERT_TRUE(store_->Write(Create(absl::StrCat("d", w), "1,1,1,1")).ok());
  }
  std::atomic<int> running{kWriters};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      std::vector<int64_t> parts = {1, 1, 1, 1};
      for (int64_t v = 2; v <= kWritesEach + 1; ++v) {
        parts[(v * (w + 1)) % 4] = v;
        EXPECT_TRUE(
            store_->Write(Update(absl::StrCat("d", w), v - 1, absl::StrJoin(parts, ","))).ok());
      }
      --running;
    });
  }
  std::map<std::pair<std::string, int>, int64_t> table;  // (id, part) -> version read
  std::set<std::tuple<std::string, int, int64_t>> part_reads;
  std::map<std::string, std::string> documents;  // id -> payload read
  std::set<std::pair<std::string, int64_t>> document_reads;
  int64_t cursor = 0;
  for (bool last = false; !last;) {
    last = running.load() == 0;  // one more pull after the writers finished
    int64_t until = 0;
    for (const ChangedDocument& d : ReadFeed(store_, cursor, &until, 5)) {
      const std::string& id = d.document.id;
      std::vector<int64_t> parts = parts_of(d.document.payload);
      for (int p = 0; p < static_cast<int>(parts.size()); ++p) {
        if (!ChangedWithin(d.history, parts[p], cursor, until)) continue;
        EXPECT_TRUE(part_reads.insert({id, p, parts[p]}).second) << id << " part " << p;
        table[{id, p}] = parts[p];
      }
      if (d.change_sequence > until) continue;  // a whole-document reader waits for the next pull
      EXPECT_TRUE(document_reads.insert({id, d.change_sequence}).second) << id;
      documents[id] = d.document.payload;
    }
    cursor = until;
  }
  for (auto& t : writers) t.join();
  ASSERT_EQ(documents.size(), static_cast<size_t>(kWriters));
  for (int w = 0; w < kWriters; ++w) {
    const std::string id = absl::StrCat("d", w);
    std::optional<StoredDocument> stored = Doc(id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(documents[id], stored->payload);
    std::vector<int64_t> parts = parts_of(stored->payload);
    for (int p = 0; p < 4; ++p) EXPECT_EQ((table[{id, p}]), parts[p]) << id << " part " << p;
  }
}

}  // namespace civitas::testing
