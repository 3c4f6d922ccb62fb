// CertificateSync against an in-memory store: each certificate event of the accreditation
// service is copied into the registry's store and sets the social services it lists to what
// their certificates say today; a redelivered or late event changes nothing; other events and
// payloads that are not certificates are not the registry's.
#include "services/registry/app/certificate_sync.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <utility>

#include "absl/strings/ascii.h"
#include "libs/common/clock.h"
#include "libs/common/id_generator.h"
#include "libs/records/read_record.h"
#include "libs/store/in_memory_document_store.h"
#include "libs/testing/forwarding_document_store.h"
#include "services/registry/app/certificate_copies.h"
#include "services/registry/app/registry_records.h"

namespace civitas::registry {
namespace {

namespace cert = ::civitas::accreditation::v1;

constexpr char kService[] = "socialServices/keystone-day-care";

cert::Certificate Certificate(const std::string& number, cert::AccreditationKind kind,
                              const std::string& from, const std::string& to, int version) {
  cert::Certificate c;
  c.set_name("certificates/" + absl::AsciiStrToLower(number));
  c.set_number(number);
  c.set_provider("organizations/keystone");
  c.add_service_types("day-care");
  c.add_social_services(kService);
  c.set_kind(kind);
  c.set_valid_from(from);
  c.set_valid_to(to);
  c.set_state(cert::ACTIVE);
  c.set_etag(std::to_string(version));
  cert::StatusChange* issued = c.add_history();
  issued->set_state(cert::ACTIVE);
  issued->set_effective_from(from);
  return c;
}

events::DeliveredEvent EventOf(const cert::Certificate& c, const std::string& id) {
  events::DeliveredEvent e;
  e.id = id;
  e.event.collection = "certificates";
  e.event.resource_name = c.name();
  e.event.correlation_id = "req-" + id;
  e.event.payload = c.SerializeAsString();
  return e;
}

class CertificateSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::SocialService service;
    service.set_name(kService);
    service.set_provider("organizations/keystone");
    service.set_service_type("day-care");
    service.set_state(v1::ACTIVE);
    service.set_accreditation_status(v1::NOT_ACCREDITED);
    service.set_etag("1");
    WritePlan plan;
    DocumentChange& d = plan.documents.emplace_back();
    d.collection = "socialServices";
    d.id = "keystone-day-care";
    d.payload = service.SerializeAsString();
    d.state = "ACTIVE";
    d.event_type = "social_service.created";
    d.resource_name = kService;
    ASSERT_TRUE(store_.Write(plan).ok());
  }

  v1::SocialService InRegistry() {
    auto stored =
        records::ReadRecord<v1::SocialService>(&store_, "socialServices", "keystone-day-care");
    EXPECT_TRUE(stored.ok() && stored->has_value());
    return (*stored)->record;
  }

  InMemoryDocumentStore store_;
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 3, 15, 9, 0, 0), absl::UTCTimeZone())};
  SequentialIdGenerator ids_{"id"};
  RegistryRecords records_{&store_, &clock_, &ids_};
};

TEST_F(CertificateSyncTest, AnIssuedCertificateIsCopiedAndShowsInTheRegistry) {
  cert::Certificate c = Certificate("MD-2026-000001", cert::INITIAL, "2026-03-15", "2027-03-14", 1);
  ASSERT_TRUE(records_.certificate_sync.Handle(EventOf(c, "1-0")).ok());
  EXPECT_EQ(InRegistry().accreditation_status(), v1::INITIAL);
  EXPECT_EQ(InRegistry().accreditation_certificate(), "MD-2026-000001");
  EXPECT_EQ(InRegistry().accreditation_valid_until(), "2027-03-14");
  auto held = CertificatesOfProvider(&store_, "organizations/keystone");
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ((*held)[0].number(), "MD-2026-000001");
  // The service's change carries the event's correlation id.
  bool seen = false;
  for (const OutboxEvent& e : store_.events()) {
    if (e.type == "social_service.accreditation_changed") {
      seen = true;
      EXPECT_EQ(e.correlation_id, "req-1-0");
    }
  }
  EXPECT_TRUE(seen);
}

TEST_F(CertificateSyncTest, ARedeliveredOrLateEventChangesNothing) {
  cert::Certificate issued =
      Certificate("MD-2026-000001", cert::INITIAL, "2026-03-15", "2027-03-14", 1);
  ASSERT_TRUE(records_.certificate_sync.Handle(EventOf(issued, "1-0")).ok());
  cert::Certificate suspended = issued;
  suspended.set_etag("2");
  suspended.set_state(cert::SUSPENDED);
  cert::StatusChange* s = suspended.add_history();
  s->set_state(cert::SUSPENDED);
  s->set_effective_from("2026-03-15");
  ASSERT_TRUE(records_.certificate_sync.Handle(EventOf(suspended, "2-0")).ok());
  EXPECT_EQ(InRegistry().accreditation_status(), v1::ACCREDITATION_SUSPENDED);
  const std::string etag = InRegistry().etag();
  const size_t events = store_.events().size();
  // The issue event again (a consumer crash), and under a new id (a replayed stream): the copy
  // already holds a later version; nothing is written.
  ASSERT_TRUE(records_.certificate_sync.Handle(EventOf(issued, "1-0")).ok());
  ASSERT_TRUE(records_.certificate_sync.Handle(EventOf(issued, "9-0")).ok());
  EXPECT_EQ(InRegistry().accreditation_status(), v1::ACCREDITATION_SUSPENDED);
  EXPECT_EQ(InRegistry().etag(), etag);
  EXPECT_EQ(store_.events().size(), events);
}

TEST_F(CertificateSyncTest, TheServiceShowsTheLatestCertificateInForceOfAllItsCertificates) {
  cert::Certificate initial =
      Certificate("MD-2025-000007", cert::INITIAL, "2025-03-01", "2026-02-28", 3);
  ASSERT_TRUE(records_.certificate_sync.Handle(EventOf(initial, "1-0")).ok());
  EXPECT_EQ(InRegistry().accreditation_status(), v1::EXPIRED) << "past its validity";
  cert::Certificate full =
      Certificate("MD-2026-000002", cert::PERIODIC, "2026-03-01", "2031-02-28", 1);
  ASSERT_TRUE(records_.certificate_sync.Handle(EventOf(full, "2-0")).ok());
  EXPECT_EQ(InRegistry().accreditation_status(), v1::ACCREDITED);
  EXPECT_EQ(InRegistry().accreditation_certificate(), "MD-2026-000002");
  // A later event about the expired one does not hide the one in force.
  initial.set_etag("4");
  ASSERT_TRUE(records_.certificate_sync.Handle(EventOf(initial, "3-0")).ok());
  EXPECT_EQ(InRegistry().accreditation_certificate(), "MD-2026-000002");
}

TEST_F(CertificateSyncTest, OtherEventsAreNotTheRegistrysAndGarbageIsDataLoss) {
  events::DeliveredEvent e;
  e.id = "1-0";
  e.event.collection = "cases";
  e.event.payload = "not a certificate";
  EXPECT_TRUE(records_.certificate_sync.Handle(e).ok());
  e.event.collection = "certificates";
  EXPECT_EQ(records_.certificate_sync.Handle(e).code(), absl::StatusCode::kDataLoss);
  cert::Certificate unversioned =
      Certificate("MD-2026-000001", cert::INITIAL, "2026-03-15", "2027-03-14", 1);
  unversioned.clear_etag();
  EXPECT_EQ(records_.certificate_sync.Handle(EventOf(unversioned, "2-0")).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(InRegistry().accreditation_status(), v1::NOT_ACCREDITED);
}

// A store that runs `hook` once, just before the first write reaches it: another consumer's
// event applied between this one's reads and its write.
class InterleavingStore final : public testing::ForwardingDocumentStore {
 public:
  InterleavingStore(DocumentStore* store, std::function<void()> hook)
      : ForwardingDocumentStore(store), hook_(std::move(hook)) {}
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override {
    if (hook_) std::exchange(hook_, nullptr)();
    return store()->Write(plan);
  }

 private:
  std::function<void()> hook_;
};

cert::Certificate Withdrawn(cert::Certificate c, int version) {
  c.set_etag(std::to_string(version));
  c.set_state(cert::WITHDRAWN);
  cert::StatusChange* w = c.add_history();
  w->set_state(cert::WITHDRAWN);
  w->set_effective_from("2026-03-15");
  return c;
}

// Two events for one service, each computed from copies the other is about to change: the one
// that writes second is refused and computed again, so the service never shows a certificate
// that both events together withdrew (whichever changes what the service shows).
TEST_F(CertificateSyncTest, RacingEventsForOneServiceAreAppliedOneAtATime) {
  cert::Certificate older =
      Certificate("MD-2025-000001", cert::PERIODIC, "2025-06-01", "2030-05-31", 1);
  cert::Certificate newer =
      Certificate("MD-2026-000009", cert::PERIODIC, "2026-01-10", "2031-01-09", 1);
  ASSERT_TRUE(records_.certificate_sync.Handle(EventOf(older, "1-0")).ok());
  ASSERT_TRUE(records_.certificate_sync.Handle(EventOf(newer, "2-0")).ok());
  ASSERT_EQ(InRegistry().accreditation_certificate(), "MD-2026-000009");
  // The newer one is withdrawn (the service would show the older one), and while that event is
  // between its reads and its write, the older one's withdrawal (which alone changes nothing
  // the service shows) is applied by another consumer.
  InterleavingStore interleaving(&store_, [&] {
    ASSERT_TRUE(records_.certificate_sync.Handle(EventOf(Withdrawn(older, 2), "3-0")).ok());
  });
  RegistryRecords racing(&interleaving, &clock_, &ids_);
  ASSERT_TRUE(racing.certificate_sync.Handle(EventOf(Withdrawn(newer, 2), "4-0")).ok());
  EXPECT_EQ(InRegistry().accreditation_status(), v1::WITHDRAWN);
  EXPECT_EQ(InRegistry().accreditation_certificate(), "MD-2026-000009");
}

}  // namespace
}  // namespace civitas::registry
