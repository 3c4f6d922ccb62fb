// An application's programme parties in store round trips: an application that names its
// programme has its call and programme read together; one stored before it did (no programme) is
// still answered, its programme read after its call.
#include "services/grants/app/grants_lookup.h"

#include <gtest/gtest.h>

#include "libs/records/request_reads.h"
#include "libs/store/in_memory_document_store.h"
#include "libs/testing/counting_document_store.h"

namespace civitas::grants {
namespace {

void Store(DocumentStore* store, const std::string& collection, const std::string& id,
           const google::protobuf::Message& record) {
  WritePlan plan;
  DocumentChange& d = plan.documents.emplace_back();
  d.collection = collection;
  d.id = id;
  d.payload = record.SerializeAsString();
  d.resource_name = collection + "/" + id;
  ASSERT_TRUE(store->Write(plan).ok());
}

class GrantsLookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* id : {"p", "q"}) {
      v1::Programme programme;
      programme.set_funder("organizations/eu");
      programme.set_lead_organization(std::string("organizations/lead-") + id);
      Store(&store_, "programmes", id, programme);
      v1::Call call;
      call.set_programme(std::string("programmes/") + id);
      Store(&store_, "calls", std::string("call-") + id, call);
    }
  }

  static v1::Application ApplicationTo(const std::string& programme_id, bool names_programme) {
    v1::Application a;
    a.set_call("calls/call-" + programme_id);
    if (names_programme) a.set_programme("programmes/" + programme_id);
    return a;
  }

  InMemoryDocumentStore store_;
  testing::CountingDocumentStore counting_{&store_};
  records::RequestReads reads_{&counting_};
};

TEST_F(GrantsLookupTest, AnApplicationNamingItsProgrammeCostsOneRoundTrip) {
  auto parties = PartiesOfApplication(&reads_, ApplicationTo("p", true));
  ASSERT_TRUE(parties.ok()) << parties.status();
  EXPECT_EQ(parties->lead_organization, "organizations/lead-p");
  EXPECT_EQ(parties->funder, "organizations/eu");
  EXPECT_EQ(counting_.reads(), 1);
}

TEST_F(GrantsLookupTest, AnApplicationStoredBeforeItNamedItsProgrammeIsAnsweredInTwo) {
  auto parties = PartiesOfApplication(&reads_, ApplicationTo("q", false));
  ASSERT_TRUE(parties.ok()) << parties.status();
  EXPECT_EQ(parties->lead_organization, "organizations/lead-q");
  EXPECT_EQ(counting_.reads(), 2);
}

TEST_F(GrantsLookupTest, APageReadsEveryCallAndProgrammeAtOnceThenNothing) {
  const v1::Application page[] = {ApplicationTo("p", true), ApplicationTo("q", false),
                                  ApplicationTo("p", false)};
  const v1::Application* pointers[] = {&page[0], &page[1], &page[2]};
  ASSERT_TRUE(PrefetchCallsAndProgrammes(&reads_, pointers).ok());
  // One for the calls and the named programme; one for the programme only the call of an
  // unnamed one tells (q; p's was read already).
  EXPECT_EQ(counting_.reads(), 2);
  counting_.Reset();
  for (const v1::Application& a : page) {
    auto parties = PartiesOfApplication(&reads_, a);
    ASSERT_TRUE(parties.ok()) << parties.status();
    EXPECT_EQ(parties->lead_organization,
              a.call() == "calls/call-p" ? "organizations/lead-p" : "organizations/lead-q");
  }
  EXPECT_EQ(counting_.reads(), 0);
}

TEST_F(GrantsLookupTest, AMissingCallLeavesAdminsOnly) {
  v1::Application a;
  a.set_call("calls/gone");
  a.set_programme("programmes/p");
  auto parties = PartiesOfApplication(&reads_, a);
  ASSERT_TRUE(parties.ok()) << parties.status();
  EXPECT_TRUE(parties->lead_organization.empty());
  EXPECT_TRUE(parties->funder.empty());
}

}  // namespace
}  // namespace civitas::grants
