// A plan's progress view over a real redis-server, with grants and monitoring as their typed
// clients answer (fakes): each action with its grant's amount awarded and paid, its indicators'
// latest published figure for the cycle's territory (the latest period with figures, not a
// later empty one), totals per currency over the live actions; a cancelled action shown, not
// counted; a grant the view may not read shows no money rather than failing the view.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

common::v1::Money Eur(int64_t minor) {
  common::v1::Money m;
  m.set_currency_code("EUR");
  m.set_amount_minor(minor);
  return m;
}

class PlanProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(server).value();
    redis_ = std::make_unique<RedisClient>(server_->options());
    store_ = std::make_unique<RedisDocumentStore>(redis_.get(),
                                                  RedisDocumentStoreOptions{"civitas:{advocacy}"});
    Register(&registry_, 2);
    records_ = std::make_unique<AdvocacyRecords>(store_.get(), &registry_, &grants_, &monitoring_,
                                                 &clock_, &ids_);
    OpenRound(records_.get(), 1, 2);
    grants::v1::Grant grant;
    grant.set_name("grants/g1");
    grant.set_recipient(Org(0));
    *grant.mutable_amount() = Eur(2'000'000);
    *grant.mutable_disbursed() = Eur(800'000);
    grants_.Add(grant);
    grant.set_name("grants/g-other");
    grant.set_recipient(Org(1));
    grants_.Add(grant);
    registry::v1::Partnership contract;
    contract.set_name("partnerships/p1");
    contract.set_kind(registry::v1::Partnership::SERVICE_CONTRACT);
    contract.set_authority("organizations/pw-town");
    contract.set_cso(Org(0));
    *contract.mutable_total_value() = Eur(2'400'000);
    registry_.Add(contract);
    contract.set_name("partnerships/memo");
    contract.set_kind(registry::v1::Partnership::MEMORANDUM);
    registry_.Add(contract);
    for (const auto& [period, figures] : {std::pair{"2026", 12}, {"2027", 30}, {"2028", 0}}) {
      monitoring::v1::AnalyticsRow row;
      row.set_indicator("indicators/served");
      row.set_org_unit("territories/pw");
      row.set_period(period);
      row.set_value(figures * 10);
      row.set_figures(figures);
      if (std::string(period) == "2027") row.set_target(400);
      monitoring_.SetRow(row);
    }
  }

  v1::PlanAction Planned(const std::string& title, int64_t budget) {
    v1::PlanAction a;
    a.set_cycle("planningCycles/pw");
    a.add_needs("needs/pw-0");
    a.set_kind(v1::CREATE_SERVICE);
    (*a.mutable_title())["en"] = title;
    a.set_responsible_organization(Org(0));
    *a.mutable_budget() = Eur(budget);
    a.set_funding_source(v1::FSTP_GRANT);
    a.set_start_date("2027-03-01");
    a.set_end_date("2028-12-31");
    return a;
  }

  FakeClock clock_{absl::FromUnixSeconds(1'861'920'000)};  // 2029-01-01
  RandomIdGenerator ids_;
  clients::FakeRegistryClient registry_;
  clients::FakeGrantsClient grants_;
  clients::FakeMonitoringClient monitoring_;
  std::unique_ptr<testing::RedisServer> server_;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<RedisDocumentStore> store_;
  std::unique_ptr<AdvocacyRecords> records_;
};

TEST_F(PlanProgressTest, EachActionShowsItsGrantsMoneyAndItsIndicatorsLatestFigure) {
  const records::Request mayor(Mayor());
  ASSERT_TRUE(records_->planning.CloseRound(mayor, "prioritisationRounds/pw", "").ok());
  ASSERT_TRUE(
      records_->planning.Advance(mayor, "planningCycles/pw", "", v1::CYCLE_ACTION_PLANNING, "")
          .ok());
  v1::PlanAction funded = Planned("Day care", 2'500'000);
  funded.set_grant("grants/g1");
  funded.set_partnership("partnerships/p1");
  funded.add_indicators("indicators/served");
  auto a1 = records_->plan_actions.Create(mayor, funded, "a1", "");
  ASSERT_TRUE(a1.ok()) << a1.status();
  v1::PlanAction unknown = Planned("Transport", 700'000);
  unknown.set_grant("grants/g-elsewhere");
  auto refused = records_->plan_actions.Create(mayor, unknown, "a2", "");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), ::testing::HasSubstr("plan_action.grant"));
  // Another organisation's grant, and a memorandum rather than a contract, are refused.
  v1::PlanAction foreign = Planned("Respite care", 300'000);
  foreign.set_grant("grants/g-other");
  foreign.set_partnership("partnerships/memo");
  auto mismatched = records_->plan_actions.Create(mayor, foreign, "a4", "");
  EXPECT_EQ(mismatched.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(mismatched.status().message(),
              ::testing::HasSubstr("grants/g-other goes to organizations/pw-org-1"));
  EXPECT_THAT(mismatched.status().message(),
              ::testing::HasSubstr("partnerships/memo must be a SERVICE_CONTRACT"));
  auto a3 = records_->plan_actions.Create(mayor, Planned("Home care", 900'000), "a3", "");
  ASSERT_TRUE(a3.ok()) << a3.status();
  ASSERT_TRUE(records_->planning
                  .Advance(mayor, "planningCycles/pw", "", v1::CYCLE_ADOPTED, "Council decision 7")
                  .ok());
  ASSERT_TRUE(
      records_->planning
          .MoveAction(mayor, "planActions/a3", "", PlanningDesk::ActionStep::kCancel, "no call")
          .ok());

  auto progress =
      records_->progress.Of(records::Request(Principal::Anonymous()), "planningCycles/pw");
  ASSERT_TRUE(progress.ok()) << progress.status();
  ASSERT_EQ(progress->actions_size(), 2);
  const v1::ActionProgress& p = progress->actions(0);
  EXPECT_EQ(p.action(), "planActions/a1");
  EXPECT_EQ(p.awarded().amount_minor(), 2'000'000);
  EXPECT_EQ(p.paid().amount_minor(), 800'000);
  EXPECT_EQ(p.contract_value().amount_minor(), 2'400'000);
  ASSERT_EQ(p.indicators_size(), 1);
  EXPECT_EQ(p.indicators(0).period(), "2027");
  EXPECT_EQ(p.indicators(0).value(), 300);
  EXPECT_EQ(p.indicators(0).target(), 400);
  EXPECT_EQ(progress->actions(1).state(), v1::ACTION_CANCELLED);
  ASSERT_EQ(progress->budget_total_size(), 1);
  EXPECT_EQ(progress->budget_total(0).amount_minor(), 2'500'000);
  ASSERT_EQ(progress->paid_total_size(), 1);
  EXPECT_EQ(progress->paid_total(0).amount_minor(), 800'000);

  // grants answers for the grant no more (withdrawn from this service's view): no money shown.
  grants_.FailNext(absl::PermissionDeniedError("not yours"));
  auto hidden =
      records_->progress.Of(records::Request(Principal::Anonymous()), "planningCycles/pw");
  ASSERT_TRUE(hidden.ok()) << hidden.status();
  EXPECT_FALSE(hidden->actions(0).has_awarded());
  // Anything else from grants is the view's own error: no half-made figures.
  grants_.FailNext(absl::UnavailableError("grants is down"));
  EXPECT_EQ(records_->progress.Of(records::Request(Principal::Anonymous()), "planningCycles/pw")
                .status()
                .code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace civitas::advocacy
