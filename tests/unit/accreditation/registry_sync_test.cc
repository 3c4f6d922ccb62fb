// RegistrySync against an in-memory store and a fake registry: each certificate event sets the
// social services it lists to what their certificates say now; a redelivered event changes
// nothing again; an event delivered late never sets an older state.
#include "services/accreditation/app/registry_sync.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/clients/fake_registry_client.h"
#include "libs/records/read_record.h"
#include "libs/store/in_memory_document_store.h"
#include "services/accreditation/app/accreditation_records.h"
#include "services/accreditation/domain/certificates.h"
#include "tests/unit/accreditation/accreditation_test_values.h"

namespace civitas::accreditation {
namespace {

constexpr char kService[] = "socialServices/keystone-day-care";

class RegistrySyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry::v1::SocialService service;
    service.set_name(kService);
    service.set_provider("organizations/keystone");
    service.set_service_type("day-care");
    registry_.Add(service);
  }

  // Writes `c` as the store would after a decision or change, and returns its outbox event.
  events::DeliveredEvent Write(v1::Certificate c, const std::string& event_id) {
    auto stored = records::ReadRecord<v1::Certificate>(&store_, "certificates",
                                                       aip::IdOf(c.name(), "certificates"));
    EXPECT_TRUE(stored.ok());
    WritePlan plan;
    if (stored->has_value()) {
      auto doc =
          records_.certificates.PlanUpdate((*stored)->record, (*stored)->version, &c, "changed");
      EXPECT_TRUE(doc.ok()) << doc.status();
      plan.documents.push_back(*std::move(doc));
    } else {
      auto created = records_.certificates.PlanCreate(
          records::Request(Body()), c, aip::IdOf(c.name(), "certificates"), "",
          records::RecordService<v1::Certificate>::Origin::kServer);
      EXPECT_TRUE(created.ok()) << created.status();
      plan = std::move(created->plan);
    }
    EXPECT_TRUE(store_.Write(plan).ok());
    events::DeliveredEvent e;
    e.id = event_id;
    e.event.collection = "certificates";
    e.event.resource_name = c.name();
    e.event.payload = c.SerializeAsString();
    return e;
  }

  v1::Certificate Issued(absl::CivilDay from) {
    v1::Certificate c;
    c.set_name("certificates/md-2026-000001");
    c.set_number("MD-2026-000001");
    c.set_provider("organizations/keystone");
    c.add_service_types("day-care");
    c.add_social_services(kService);
    c.set_kind(v1::INITIAL);
    const Validity v = IssueValidity(v1::INITIAL, Moldova(), from, {});
    c.set_valid_from(FormatDay(v.from));
    c.set_valid_to(FormatDay(v.to));
    c.set_state(v1::ACTIVE);
    *c.add_history() = accreditation::Issued(v, "council@md", clock_.Now());
    return c;
  }

  registry::v1::SocialService InRegistry() { return *registry_.GetSocialService({}, kService); }

  int Sets() {
    int n = 0;
    for (const auto& call : registry_.calls()) n += call.method == "SetSocialServiceAccreditation";
    return n;
  }

  InMemoryDocumentStore store_;
  clients::FakeRegistryClient registry_;
  FakeClock clock_{At(2026, 3, 15)};
  SequentialIdGenerator ids_{"id"};
  AccreditationRecords records_{&store_, &registry_, &clock_, &ids_};
  RegistrySync sync_{&store_, &registry_, &clock_};
};

TEST_F(RegistrySyncTest, AnIssuedCertificateShowsInTheRegistry) {
  ASSERT_TRUE(sync_.Handle(Write(Issued(absl::CivilDay(2026, 3, 15)), "1-0")).ok());
  EXPECT_EQ(InRegistry().accreditation_status(), registry::v1::INITIAL);
  EXPECT_EQ(InRegistry().accreditation_certificate(), "MD-2026-000001");
  EXPECT_EQ(InRegistry().accreditation_valid_until(), "2027-03-14");
}

TEST_F(RegistrySyncTest, ARedeliveredEventChangesNothingAgainAndALateOneSetsTheCurrentState) {
  v1::Certificate c = Issued(absl::CivilDay(2026, 3, 15));
  events::DeliveredEvent issued = Write(c, "1-0");
  ASSERT_TRUE(sync_.Handle(issued).ok());
  ChangeRequest r;
  r.today = absl::CivilDay(2026, 3, 15);
  r.effective_from = r.today;
  r.reason = "inspection";
  r.actor = "council@md";
  r.now = clock_.Now();
  ASSERT_TRUE(Suspend(r, &c).ok());
  events::DeliveredEvent suspended = Write(c, "2-0");
  ASSERT_TRUE(sync_.Handle(suspended).ok());
  EXPECT_EQ(InRegistry().accreditation_status(), registry::v1::ACCREDITATION_SUSPENDED);

  // The issue event again, after a consumer crash: same key, the registry keeps what it has.
  ASSERT_TRUE(sync_.Handle(issued).ok());
  EXPECT_EQ(InRegistry().accreditation_status(), registry::v1::ACCREDITATION_SUSPENDED);
  // Delivered late under a new id (a replayed stream): it reads the certificate as it is now.
  issued.id = "9-0";
  ASSERT_TRUE(sync_.Handle(issued).ok());
  EXPECT_EQ(InRegistry().accreditation_status(), registry::v1::ACCREDITATION_SUSPENDED);
  EXPECT_EQ(Sets(), 4) << "every call reached the registry; the fake applied each key once";
}

TEST_F(RegistrySyncTest, ARegistryThatCannotAnswerLeavesTheEventForARetry) {
  events::DeliveredEvent issued = Write(Issued(absl::CivilDay(2026, 3, 15)), "1-0");
  registry_.FailNext(absl::UnavailableError("registry down"));
  EXPECT_EQ(sync_.Handle(issued).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(InRegistry().accreditation_status(), registry::v1::ACCREDITATION_STATUS_UNSPECIFIED);
  ASSERT_TRUE(sync_.Handle(issued).ok());
  EXPECT_EQ(InRegistry().accreditation_status(), registry::v1::INITIAL);
}

TEST_F(RegistrySyncTest, OtherEventsAreNotTheRegistrysBusiness) {
  events::DeliveredEvent e;
  e.id = "1-0";
  e.event.collection = "cases";
  e.event.payload = "not a certificate";
  EXPECT_TRUE(sync_.Handle(e).ok());
  EXPECT_EQ(Sets(), 0);
}

}  // namespace
}  // namespace civitas::accreditation
