// The certificate scheduler over an in-memory store with a settable clock: expiry alerts once per
// threshold even with two replicas running, expiry and dated changes taking effect as events,
// overdue corrective actions alerted once.
#include "services/accreditation/app/certificate_scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "libs/clients/fake_registry_client.h"
#include "libs/records/read_record.h"
#include "libs/store/in_memory_document_store.h"
#include "services/accreditation/app/accreditation_records.h"
#include "services/accreditation/domain/certificates.h"
#include "tests/unit/accreditation/accreditation_test_values.h"

namespace civitas::accreditation {
namespace {

using ::testing::ElementsAre;

const Principal kJob = BackgroundJobPrincipal("accreditation", "certificate-scheduler");

class CertificateSchedulerTest : public ::testing::Test {
 protected:
  // An initial certificate issued 2026-03-15, valid to 2027-03-14.
  void SetUp() override {
    v1::Certificate c;
    c.set_number("MD-2026-000001");
    c.set_provider("organizations/keystone");
    c.add_service_types("day-care");
    c.set_kind(v1::INITIAL);
    const Validity v = IssueValidity(v1::INITIAL, Moldova(), absl::CivilDay(2026, 3, 15), {});
    c.set_valid_from(FormatDay(v.from));
    c.set_valid_to(FormatDay(v.to));
    c.set_state(v1::ACTIVE);
    *c.add_history() = Issued(v, "council@md", clock_.Now());
    auto created =
        records_.certificates.PlanCreate(records::Request(Body()), c, "md-2026-000001", "",
                                         records::RecordService<v1::Certificate>::Origin::kServer);
    ASSERT_TRUE(created.ok()) << created.status();
    ASSERT_TRUE(store_.Write(created->plan).ok());
  }

  v1::Certificate Stored() {
    return (*records::ReadRecord<v1::Certificate>(&store_, "certificates", "md-2026-000001"))
        ->record;
  }

  std::vector<std::string> Events() {
    std::vector<std::string> out;
    for (const auto& e : store_.events()) {
      if (e.type != "certificate.created") out.push_back(e.type);
    }
    return out;
  }

  InMemoryDocumentStore store_;
  clients::FakeRegistryClient registry_;
  FakeClock clock_{At(2026, 3, 15)};
  SequentialIdGenerator ids_{"id"};
  AccreditationRecords records_{&store_, &registry_, &clock_, &ids_};
  CertificateScheduler scheduler_{&store_, &records_.certificates, &records_.cases, &clock_};
};

TEST_F(CertificateSchedulerTest, EachExpiryAlertOnceThenTheExpiry) {
  ASSERT_TRUE(scheduler_.RunOnce(kJob).ok());
  EXPECT_TRUE(Events().empty()) << "a year left: nothing due";
  clock_.Set(At(2026, 12, 14));  // 90 days left
  ASSERT_EQ(scheduler_.RunOnce(kJob)->expiry_alerts, 1);
  ASSERT_EQ(scheduler_.RunOnce(kJob)->expiry_alerts, 0) << "sent once";
  clock_.Set(At(2027, 2, 12));  // 30 days left
  ASSERT_TRUE(scheduler_.RunOnce(kJob).ok());
  clock_.Set(At(2027, 3, 14));  // the last day
  ASSERT_TRUE(scheduler_.RunOnce(kJob).ok());
  ASSERT_TRUE(scheduler_.RunOnce(kJob).ok());
  EXPECT_THAT(Stored().expiry_alerts_sent(), ElementsAre(90, 30, 0));
  clock_.Set(At(2027, 3, 15));
  ASSERT_EQ(scheduler_.RunOnce(kJob)->state_changes, 1);
  EXPECT_EQ(Stored().state(), v1::EXPIRED);
  EXPECT_EQ(Stored().history().rbegin()->effective_from(), "2027-03-15");
  ASSERT_TRUE(scheduler_.RunOnce(kJob).ok());
  EXPECT_THAT(Events(), ElementsAre("certificate.expiry_alert_90", "certificate.expiry_alert_30",
                                    "certificate.expiry_alert_0", "certificate.expired"));
}

TEST_F(CertificateSchedulerTest, TwoReplicasRacingSendEachAlertOnce) {
  CertificateScheduler other{&store_, &records_.certificates, &records_.cases, &clock_};
  clock_.Set(At(2027, 3, 14));  // all three thresholds due, one per pass
  for (int pass = 0; pass < 4; ++pass) {
    std::thread a([&] { ASSERT_TRUE(scheduler_.RunOnce(kJob).ok()); });
    std::thread b([&] { ASSERT_TRUE(other.RunOnce(kJob).ok()); });
    a.join();
    b.join();
  }
  EXPECT_THAT(Stored().expiry_alerts_sent(), ElementsAre(90, 30, 0));
  EXPECT_THAT(Events(), ElementsAre("certificate.expiry_alert_90", "certificate.expiry_alert_30",
                                    "certificate.expiry_alert_0"));
}

TEST_F(CertificateSchedulerTest, ASuspensionDatedAheadTakesEffectOnItsDay) {
  auto suspended = records_.register_.Apply(
      records::Request(Body()), CertificateRegister::Change::kSuspend,
      "certificates/md-2026-000001", "inspection", "2026-06-01", "2026-06-30", "");
  ASSERT_TRUE(suspended.ok()) << suspended.status();
  EXPECT_EQ(suspended->state(), v1::ACTIVE) << "not yet";
  clock_.Set(At(2026, 6, 1));
  ASSERT_EQ(scheduler_.RunOnce(kJob)->state_changes, 1);
  EXPECT_EQ(Stored().state(), v1::SUSPENDED);
  clock_.Set(At(2026, 7, 1));
  ASSERT_EQ(scheduler_.RunOnce(kJob)->state_changes, 1);
  EXPECT_EQ(Stored().state(), v1::ACTIVE);
  EXPECT_THAT(Events(), ElementsAre("certificate.suspended", "certificate.state_changed",
                                    "certificate.state_changed"));
}

TEST_F(CertificateSchedulerTest, AnOverdueCorrectiveActionIsAlertedOnce) {
  // A decided case with two open actions, as a provisional decision leaves it.
  v1::AccreditationCase c = NewCase();
  c.set_state(v1::CASE_DECIDED);
  for (const auto& [id, deadline] : {std::pair{"ca1", "2026-06-30"}, {"ca2", "2026-09-30"}}) {
    v1::CorrectiveAction* a = c.add_corrective_actions();
    a->set_id(id);
    a->set_description("fix");
    a->set_deadline(deadline);
    a->set_state(v1::ACTION_OPEN);
  }
  c.set_etag("1");
  // What a case's write re-checks: its provider, service and type in the registry, its policy.
  registry::v1::Organization keystone;
  keystone.set_name("organizations/keystone");
  registry_.Add(keystone);
  registry::v1::ServiceType day_care;
  day_care.set_code("day-care");
  registry_.Add(day_care);
  registry::v1::SocialService service;
  service.set_name("socialServices/keystone-day-care");
  service.set_provider("organizations/keystone");
  service.set_service_type("day-care");
  registry_.Add(service);
  ASSERT_TRUE(records_.policies.Create(records::Request(Body()), Moldova(), "md", "").ok());
  // Stored as a decision leaves it (the procedure itself is tested elsewhere).
  WritePlan plan;
  DocumentChange& doc = plan.documents.emplace_back();
  doc.collection = "cases";
  doc.id = "k1";
  doc.payload = c.SerializeAsString();
  doc.state = "CASE_DECIDED";
  doc.index_add = {"state=CASE_DECIDED"};
  doc.event_type = "case.decided";
  doc.resource_name = c.name();
  ASSERT_TRUE(store_.Write(plan).ok());

  clock_.Set(At(2026, 6, 30));
  auto pass = [&] {
    auto counts = scheduler_.RunOnce(kJob);
    EXPECT_TRUE(counts.ok()) << counts.status();
    return counts.ok() ? counts->overdue_alerts : -1;
  };
  EXPECT_EQ(pass(), 0) << "due today, not overdue";
  clock_.Set(At(2026, 7, 1));
  EXPECT_EQ(pass(), 1);
  EXPECT_EQ(pass(), 0) << "alerted once";
  clock_.Set(At(2026, 10, 1));
  EXPECT_EQ(pass(), 1) << "the second action, once overdue";
  auto stored = records::ReadRecord<v1::AccreditationCase>(&store_, "cases", "k1");
  EXPECT_TRUE((*stored)->record.corrective_actions(0).overdue_alerted());
  EXPECT_TRUE((*stored)->record.corrective_actions(1).overdue_alerted());
  int overdue_events = 0;
  for (const auto& e : store_.events())
    overdue_events += e.type == "case.corrective_action_overdue";
  EXPECT_EQ(overdue_events, 2);
}

}  // namespace
}  // namespace civitas::accreditation
