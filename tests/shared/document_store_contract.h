// The behaviour every DocumentStore must have, as parameterized tests. A test binary instantiates
// DocumentStoreContractTest with a factory for its implementation.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include "absl/synchronization/notification.h"
#include "libs/store/document_store.h"

namespace civitas::testing {

using StoreFactory = std::function<std::unique_ptr<DocumentStore>()>;

class DocumentStoreContractTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override { store_ = GetParam()(); }

  static WritePlan Create(std::string id, std::string payload) {
    WritePlan p;
    p.kind = WritePlan::Kind::kCreate;
    p.collection = "things";
    p.id = id;
    p.payload = std::move(payload);
    p.event_type = "thing.created";
    p.resource_name = "things/" + id;
    p.actor = "tester";
    return p;
  }
  static WritePlan Update(std::string id, int64_t expected, std::string payload) {
    WritePlan p = Create(std::move(id), std::move(payload));
    p.kind = WritePlan::Kind::kUpdate;
    p.expected_version = expected;
    p.event_type = "thing.updated";
    return p;
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

  std::unique_ptr<DocumentStore> store_;
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

TEST_P(DocumentStoreContractTest, UniqueValueCannotBeTakenTwiceAndIsFreedOnRelease) {
  WritePlan a = Create("a", "1");
  a.unique_claim = {"code=X"};
  ASSERT_TRUE(store_->Write(a).ok());
  WritePlan b = Create("b", "1");
  b.unique_claim = {"code=X"};
  auto taken = store_->Write(b);
  EXPECT_EQ(taken.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(taken.status().message()), ::testing::HasSubstr("code=X"));
  // Nothing of the refused create was written.
  EXPECT_FALSE(store_->Get("things", "b")->has_value());
  EXPECT_THAT(ScanIds(""), ::testing::ElementsAre("a"));

  WritePlan release = Update("a", 1, "2");
  release.unique_release = {"code=X"};
  ASSERT_TRUE(store_->Write(release).ok());
  EXPECT_FALSE(store_->FindUnique("things", "code=X")->has_value());
  ASSERT_TRUE(store_->Write(b).ok());
  EXPECT_EQ(**store_->FindUnique("things", "code=X"), "b");
}

TEST_P(DocumentStoreContractTest, MustExistRefusesDanglingReference) {
  WritePlan p = Create("a", "1");
  p.must_exist = {{"things", "ghost"}};
  auto out = store_->Write(p);
  EXPECT_EQ(out.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(out.status().message()), ::testing::HasSubstr("ghost"));
  EXPECT_FALSE(store_->Get("things", "a")->has_value());
}

TEST_P(DocumentStoreContractTest, IndexesFollowUpdatesInCreationOrder) {
  for (std::string id : {"a", "b", "c", "d"}) {
    WritePlan p = Create(id, id);
    p.index_add = {id == "b" ? "color=blue" : "color=red"};
    ASSERT_TRUE(store_->Write(p).ok());
  }
  EXPECT_THAT(ScanIds("color=red"), ::testing::ElementsAre("a", "c", "d"));
  WritePlan move = Update("c", 1, "c2");
  move.index_remove = {"color=red"};
  move.index_add = {"color=blue"};
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
    p.index_add = {i % 2 == 0 ? "colour=red" : "colour=blue"};
    if (i >= 2) p.index_add.push_back("size=small");
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
  claim.unique_claim = {"code=X"};
  ASSERT_TRUE(WriteAsync(claim).ok());
  WritePlan taken = Create("c", "1");
  taken.unique_claim = {"code=X"};
  auto refused = WriteAsync(taken);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(refused.status().message()), ::testing::HasSubstr("code=X"));
  WritePlan dangling = Create("d", "1");
  dangling.must_exist = {{"things", "ghost"}};
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

}  // namespace civitas::testing
