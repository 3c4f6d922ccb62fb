// Votes raced through AdvocacyRecords over a real redis-server: 200 participants cast, change,
// withdraw and cast again their votes on the needs of one round, all at once, some of them
// sending the same change twice at once from two threads: the round's tallies equal the votes as
// finally stored (each participant counted once per need, with their last score), and a close
// racing the last votes leaves the tallies equal to what was stored before it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <random>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/clients/fake_grants_client.h"
#include "libs/clients/fake_monitoring_client.h"
#include "libs/clients/fake_registry_client.h"
#include "libs/redis/redis_client.h"
#include "libs/store/redis_document_store.h"
#include "libs/testing/redis_server.h"
#include "services/advocacy/app/advocacy_records.h"
#include "tests/shared/planning_world.h"

namespace civitas::advocacy {
namespace {

using namespace planning_world;  // NOLINT: the shared test world's names

constexpr int kVoters = 200;
constexpr int kNeeds = 3;
constexpr int kOrganizations = 8;
constexpr char kRound[] = "prioritisationRounds/pw";

std::string Need(int i) { return absl::StrCat("needs/pw-", i); }

class VoteRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server).value();
    RedisOptions options = server_->options();
    options.pool_size = 64;
    redis_ = std::make_unique<RedisClient>(options);
    store_ = std::make_unique<RedisDocumentStore>(redis_.get(),
                                                  RedisDocumentStoreOptions{"civitas:{advocacy}"});
    Register(&registry_, kOrganizations);
    records_ = std::make_unique<AdvocacyRecords>(store_.get(), &registry_, &grants_, &monitoring_,
                                                 &clock_, &ids_);
    OpenRound(records_.get(), kNeeds, kOrganizations);
  }

  // Runs `voter(v)` for every voter on its own thread, all released together.
  template <typename F>
  void Race(int threads, F voter) {
    std::atomic<bool> go{false};
    std::vector<std::thread> running;
    for (int v = 0; v < threads; ++v) {
      running.emplace_back([&, v] {
        while (!go.load()) std::this_thread::yield();
        voter(v);
      });
    }
    go.store(true);
    for (auto& t : running) t.join();
  }

  // Every stored vote of the round, as an admin lists them.
  std::vector<v1::Vote> StoredVotes() {
    Principal admin;
    admin.subject = "admin";
    admin.roles = {kRoleAdmin};
    std::vector<v1::Vote> out;
    aip::ListQuery q;
    q.filter = absl::StrCat("round=\"", kRound, "\"");
    q.page_size = 1000;
    for (;;) {
      auto page = records_->votes.List(records::Request(admin), q);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) return out;
      for (v1::Vote& v : page->items) out.push_back(std::move(v));
      if (page->next_page_token.empty()) return out;
      q.page_token = page->next_page_token;
    }
  }

  FakeClock clock_{absl::FromUnixSeconds(1'801'008'000)};  // 2027-01-26
  RandomIdGenerator ids_;
  clients::FakeRegistryClient registry_;
  clients::FakeGrantsClient grants_;
  clients::FakeMonitoringClient monitoring_;
  std::unique_ptr<testing::RedisServer> server_;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<RedisDocumentStore> store_;
  std::unique_ptr<AdvocacyRecords> records_;
};

// Each voter's script: cast on every need, change two, withdraw one and cast it again, withdraw
// the last; voters with an even number send their first change twice at once (two threads).
TEST_F(VoteRaceTest, TwoHundredVotersChangingTheirVotesAtOnceAreEachCountedOnceWithTheirLast) {
  std::atomic<int> refused{0};
  std::mutex mu;
  std::vector<std::string> reasons;
  auto ok = [&](const absl::StatusOr<v1::Vote>& r) {
    if (r.ok()) return;
    ++refused;
    std::lock_guard<std::mutex> lock(mu);
    reasons.push_back(r.status().ToString());
  };
  Race(kVoters, [&](int v) {
    const records::Request me(Person(absl::StrCat("voter-", v), Org(v % kOrganizations)));
    std::mt19937 rng(v);
    for (int n = 0; n < kNeeds; ++n)
      ok(records_->vote_box.Cast(me, kRound, Need(n), 1 + rng() % 5));
    if (v % 2 == 0) {
      std::thread twin([&] { ok(records_->vote_box.Cast(me, kRound, Need(0), 5)); });
      ok(records_->vote_box.Cast(me, kRound, Need(0), 5));
      twin.join();
    } else {
      ok(records_->vote_box.Cast(me, kRound, Need(0), 4));
    }
    ok(records_->vote_box.Cast(me, kRound, Need(1), 2));
    ok(records_->vote_box.Withdraw(me, kRound, Need(1)));
    ok(records_->vote_box.Cast(me, kRound, Need(1), 3));
    ok(records_->vote_box.Withdraw(me, kRound, Need(2)));
  });
  EXPECT_EQ(refused.load(), 0) << (reasons.empty() ? "" : reasons[0]);

  // What was stored: one vote per voter and need, with the script's last word.
  const std::vector<v1::Vote> votes = StoredVotes();
  ASSERT_EQ(votes.size(), static_cast<size_t>(kVoters * kNeeds));
  std::map<std::string, int64_t> count, sum;
  std::map<std::pair<std::string, std::string>, int> per_voter;
  for (const v1::Vote& v : votes) {
    ++per_voter[{v.voter(), v.need()}];
    if (v.state() != v1::VOTE_CAST) continue;
    ++count[v.need()];
    sum[v.need()] += v.score();
  }
  for (const auto& [key, n] : per_voter) EXPECT_EQ(n, 1) << key.first << " " << key.second;
  EXPECT_EQ(count[Need(0)], kVoters);
  EXPECT_EQ(sum[Need(0)], (kVoters / 2) * 5 + (kVoters / 2) * 4);
  EXPECT_EQ(count[Need(1)], kVoters);
  EXPECT_EQ(sum[Need(1)], kVoters * 3);
  EXPECT_EQ(count[Need(2)], 0);

  // The tallies equal them, exactly.
  auto round = records_->rounds.Get(records::Request(Principal::Anonymous()), kRound);
  ASSERT_TRUE(round.ok()) << round.status();
  ASSERT_EQ(round->tallies_size(), kNeeds);
  for (const v1::NeedTally& t : round->tallies()) {
    EXPECT_EQ(t.votes(), count[t.need()]) << t.need();
    EXPECT_EQ(t.score_total(), sum[t.need()]) << t.need();
    int64_t group_votes = 0;
    for (const v1::GroupTally& g : t.groups()) group_votes += g.votes();
    EXPECT_EQ(group_votes, t.votes()) << t.need();
  }
  EXPECT_EQ(round->tallies(0).rank(), 1);
}

TEST_F(VoteRaceTest, VotesRacingTheCloseAreCountedOrRefusedNeverChangedAfterIt) {
  std::atomic<int> counted{0}, refused_closed{0}, other{0};
  Race(kVoters + 1, [&](int v) {
    if (v == kVoters) {
      auto closed = records_->planning.CloseRound(records::Request(Mayor()), kRound, "");
      EXPECT_TRUE(closed.ok()) << closed.status();
      return;
    }
    const records::Request me(Person(absl::StrCat("voter-", v), Org(v % kOrganizations)));
    auto r = records_->vote_box.Cast(me, kRound, Need(0), 1 + v % 5);
    if (r.ok()) {
      ++counted;
    } else if (absl::StrContains(r.status().message(), "ROUND_CLOSED")) {
      ++refused_closed;
    } else {
      ++other;
    }
  });
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(counted.load() + refused_closed.load(), kVoters);
  const std::vector<v1::Vote> votes = StoredVotes();
  EXPECT_EQ(votes.size(), static_cast<size_t>(counted.load()));
  int64_t sum = 0;
  for (const v1::Vote& v : votes) sum += v.score();
  auto round = records_->rounds.Get(records::Request(Principal::Anonymous()), kRound);
  ASSERT_TRUE(round.ok()) << round.status();
  EXPECT_EQ(round->state(), v1::ROUND_CLOSED);
  EXPECT_EQ(round->tallies(0).votes(), counted.load());
  EXPECT_EQ(round->tallies(0).score_total(), sum);
}

}  // namespace
}  // namespace civitas::advocacy
