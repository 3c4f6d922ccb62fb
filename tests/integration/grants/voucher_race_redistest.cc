// Vouchers raced through GrantsRecords over a real redis-server: 32 clients redeem the same
// voucher (round after round, each a fresh voucher): exactly one succeeds, the others are refused
// naming the voucher's state; 32 clients issue vouchers against one envelope: exactly what it
// holds is issued, every refusal names the scheme's issued counter, and the stored vouchers add
// up to the counter; two replicas of the expiry pass race over the same expired vouchers: each is
// expired once and the counter is back at zero.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/redis/redis_client.h"
#include "libs/store/redis_document_store.h"
#include "libs/testing/counting_document_store.h"
#include "libs/testing/redis_server.h"
#include "services/grants/app/grants_records.h"
#include "tests/shared/voucher_world.h"

namespace civitas::grants {
namespace {

using namespace voucher_world;  // NOLINT: the shared test world's names

constexpr int kClients = 32;
constexpr int kRounds = 20;
constexpr int64_t kValue = 500'00;
constexpr int kFitInEnvelope = 100;

class VoucherRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server).value();
    RedisOptions options = server_->options();
    options.pool_size = kClients + 4;
    redis_ = std::make_unique<RedisClient>(options);
    store_ = std::make_unique<RedisDocumentStore>(redis_.get(),
                                                  RedisDocumentStoreOptions{"civitas:{grants}"});
    Populate(&registry_, &accreditation_);
    records_ =
        std::make_unique<GrantsRecords>(store_.get(), &registry_, &accreditation_, &clock_, &ids_);
  }

  // Runs `attempt(client)` on kClients threads released together.
  template <typename F>
  void Race(F attempt) {
    std::atomic<bool> go{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        while (!go.load()) std::this_thread::yield();
        attempt(c);
      });
    }
    go.store(true);
    for (auto& t : clients) t.join();
  }

  FakeClock clock_{absl::FromUnixSeconds(1'772'323'200)};  // 2026-03-01
  RandomIdGenerator ids_;
  clients::FakeRegistryClient registry_;
  clients::FakeAccreditationClient accreditation_;
  std::unique_ptr<testing::RedisServer> server_;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<RedisDocumentStore> store_;
  std::unique_ptr<GrantsRecords> records_;
};

TEST_F(VoucherRaceTest, OfThirtyTwoRedemptionsOfOneVoucherExactlyOneSucceeds) {
  OpenScheme(records_.get(), "tb", kValue * kRounds, kValue);
  for (int round = 0; round < kRounds; ++round) {
    const std::string ref = absl::StrCat("TB-", 1000 + round);
    auto voucher = records_->vouchers.Create(records::Request(CityHall()), For("tb", ref), "", "");
    ASSERT_TRUE(voucher.ok()) << voucher.status();
    std::mutex mu;
    int succeeded = 0;
    std::vector<std::string> refusals;
    Race([&](int c) {
      // Half as the provider's own people, half as the city hall's clerk on its behalf.
      const Principal who = c % 2 == 0 ? ProviderStaff() : CityHall();
      auto r =
          records_->voucher_desk.Redeem(records::Request(who), RedeemRequest(voucher->name(), ref));
      std::lock_guard<std::mutex> lock(mu);
      if (r.ok()) {
        ++succeeded;
      } else {
        refusals.push_back(
            absl::StrCat(absl::StatusCodeToString(r.status().code()), ": ", r.status().message()));
      }
    });
    EXPECT_EQ(succeeded, 1) << "round " << round;
    ASSERT_EQ(refusals.size(), kClients - 1u);
    for (const std::string& refusal : refusals) {
      EXPECT_TRUE(absl::StartsWith(refusal, "FAILED_PRECONDITION: ") &&
                  absl::StrContains(refusal, "is VOUCHER_REDEEMED"))
          << refusal;
    }
    auto stored = records_->vouchers.Get(records::Request(CityHall()), voucher->name());
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->state(), v1::VOUCHER_REDEEMED);
    EXPECT_EQ(stored->etag(), "2") << "written once";
  }
}

// Scheme staff list a page of vouchers: the schemes the page's vouchers name are read together
// for the access checks, so a page costs the same round trips whatever its size.
TEST_F(VoucherRaceTest, APageOfVouchersCostsAtMostThreeRoundTrips) {
  OpenScheme(records_.get(), "tb", kValue * 200, kValue);
  OpenScheme(records_.get(), "kutaisi", kValue * 200, kValue);
  for (int i = 0; i < 120; ++i) {
    auto v = records_->vouchers.Create(records::Request(CityHall()),
                                       For(i % 2 == 0 ? "tb" : "kutaisi", absl::StrCat("TB-", i)),
                                       "", "");
    ASSERT_TRUE(v.ok()) << v.status();
  }
  testing::CountingDocumentStore counting(store_.get());
  GrantsRecords counted(&counting, &registry_, &accreditation_, &clock_, &ids_);
  for (int page_size : {10, 50, 100}) {
    counting.Reset();
    records::ListQuery query;
    query.page_size = page_size;
    auto page = counted.vouchers.List(records::Request(CityHall()), query);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->items.size(), static_cast<size_t>(page_size));
    EXPECT_LE(counting.reads(), 3) << "page of " << page_size;
  }
  // The provider, who may read none of them before redeeming, is refused each at the same cost.
  counting.Reset();
  records::ListQuery query;
  query.page_size = 50;
  auto none = counted.vouchers.List(records::Request(ProviderStaff()), query);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->items.empty());
}

TEST_F(VoucherRaceTest, IssuingRacesNeverExceedTheEnvelope) {
  OpenScheme(records_.get(), "tb", kValue * kFitInEnvelope, kValue);
  std::mutex mu;
  int issued = 0;
  std::vector<std::string> refusals;
  Race([&](int c) {
    for (int i = 0; i < 2 * kFitInEnvelope / kClients + 2; ++i) {
      auto v = records_->vouchers.Create(records::Request(CityHall()),
                                         For("tb", absl::StrCat("TB-", c, "-", i)), "", "");
      std::lock_guard<std::mutex> lock(mu);
      if (v.ok()) {
        ++issued;
      } else {
        refusals.push_back(std::string(v.status().message()));
      }
    }
  });
  EXPECT_EQ(issued, kFitInEnvelope);
  EXPECT_FALSE(refusals.empty());
  for (const std::string& refusal : refusals) {
    EXPECT_THAT(refusal,
                ::testing::HasSubstr("value of the vouchers issued under voucherSchemes/tb"));
  }
  int64_t stored_value = 0;
  std::string token;
  do {
    auto page = records_->vouchers.List(records::Request(CityHall()),
                                        {1000, token, R"(scheme = "voucherSchemes/tb")", ""});
    ASSERT_TRUE(page.ok()) << page.status();
    for (const v1::Voucher& v : page->items) stored_value += v.value().amount_minor();
    token = page->next_page_token;
  } while (!token.empty());
  EXPECT_EQ(stored_value, kValue * kFitInEnvelope);
  auto counter = redis_->Command({"GET", "civitas:{grants}:ctr:voucherSchemes/tb/issued"});
  ASSERT_TRUE(counter.ok()) << counter.status();
  EXPECT_EQ(counter->str, absl::StrCat(kValue * kFitInEnvelope));
}

TEST_F(VoucherRaceTest, TwoReplicasExpireEachVoucherOnce) {
  constexpr int kVouchers = 40;
  OpenScheme(records_.get(), "tb", kValue * kVouchers, kValue);
  for (int i = 0; i < kVouchers; ++i) {
    ASSERT_TRUE(records_->vouchers
                    .Create(records::Request(CityHall()), For("tb", absl::StrCat("TB-", i)), "", "")
                    .ok());
  }
  clock_.Advance(absl::Hours(24 * 90));  // the day after their last day
  GrantsRecords replica(store_.get(), &registry_, &accreditation_, &clock_, &ids_);
  std::atomic<int> expired{0};
  std::thread other([&] {
    auto n = replica.voucher_expiry.RunOnce(BackgroundJobPrincipal("grants", "voucher-expiry"));
    ASSERT_TRUE(n.ok()) << n.status();
    expired += *n;
  });
  auto n = records_->voucher_expiry.RunOnce(BackgroundJobPrincipal("grants", "voucher-expiry"));
  other.join();
  ASSERT_TRUE(n.ok()) << n.status();
  expired += *n;
  EXPECT_EQ(expired.load(), kVouchers);
  auto page = records_->vouchers.List(records::Request(CityHall()), {1000, "", "", ""});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), static_cast<size_t>(kVouchers));
  for (const v1::Voucher& v : page->items) {
    EXPECT_EQ(v.state(), v1::VOUCHER_EXPIRED);
    EXPECT_EQ(v.etag(), "2") << v.name() << " written once";
  }
  auto counter = redis_->Command({"GET", "civitas:{grants}:ctr:voucherSchemes/tb/issued"});
  ASSERT_TRUE(counter.ok());
  EXPECT_EQ(counter->str, "0");
}

}  // namespace
}  // namespace civitas::grants
