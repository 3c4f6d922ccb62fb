// RequestReads: what one request read it does not fetch again; it reads its own writes; a
// GetMany fetches only what is missing, in one round trip; Forget reads everything again.
#include "libs/records/request_reads.h"

#include <gtest/gtest.h>

#include "libs/store/in_memory_document_store.h"
#include "libs/testing/counting_document_store.h"

namespace civitas::records {
namespace {

WritePlan CreateDoc(const std::string& id, const std::string& payload) {
  WritePlan plan;
  DocumentChange& d = plan.documents.emplace_back();
  d.kind = DocumentChange::Kind::kCreate;
  d.collection = "things";
  d.id = id;
  d.payload = payload;
  d.state = "ACTIVE";
  d.event_type = "things.created";
  d.resource_name = "things/" + id;
  d.unique_claim = {"code=" + id};
  return plan;
}

class RequestReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Write(CreateDoc("a", "alpha")).ok());
    ASSERT_TRUE(store_.Write(CreateDoc("b", "beta")).ok());
  }
  InMemoryDocumentStore store_;
  testing::CountingDocumentStore counting_{&store_};
  RequestReads reads_{&counting_};
};

TEST_F(RequestReadsTest, ARecordReadTwiceIsFetchedOnceMissingOnesToo) {
  ASSERT_EQ((*reads_.Get("things", "a"))->payload, "alpha");
  ASSERT_EQ((*reads_.Get("things", "a"))->payload, "alpha");
  EXPECT_FALSE(reads_.Get("things", "zz")->has_value());
  EXPECT_FALSE(reads_.Get("things", "zz")->has_value());
  EXPECT_EQ(counting_.reads(), 2);
  EXPECT_EQ(**reads_.FindUnique("things", "code=b"), "b");
  EXPECT_EQ(**reads_.FindUnique("things", "code=b"), "b");
  EXPECT_EQ(counting_.reads(), 3);
}

TEST_F(RequestReadsTest, GetManyFetchesOnlyWhatTheRequestHasNotReadInOneRoundTrip) {
  ASSERT_TRUE(reads_.Get("things", "a").ok());
  counting_.Reset();
  auto many = reads_.GetMany("things", {"b", "a", "zz", "b"});
  ASSERT_TRUE(many.ok());
  ASSERT_EQ(many->size(), 4u);
  EXPECT_EQ((*many)[0]->payload, "beta");
  EXPECT_EQ((*many)[1]->payload, "alpha");
  EXPECT_FALSE((*many)[2].has_value());
  EXPECT_EQ((*many)[3]->payload, "beta");
  EXPECT_EQ(counting_.reads(), 1);
  // Everything is known now: no round trip at all.
  ASSERT_TRUE(reads_.GetMany("things", {"a", "b", "zz"}).ok());
  EXPECT_EQ(counting_.reads(), 1);
}

TEST_F(RequestReadsTest, GetAcrossFetchesOnlyWhatTheRequestHasNotReadInOneRoundTrip) {
  ASSERT_TRUE(reads_.Get("things", "a").ok());
  counting_.Reset();
  auto docs =
      reads_.GetAcross({{"things", "b"}, {"things", "a"}, {"others", "a"}, {"things", "b"}});
  ASSERT_TRUE(docs.ok());
  ASSERT_EQ(docs->size(), 4u);
  EXPECT_EQ((*docs)[0]->payload, "beta");
  EXPECT_EQ((*docs)[1]->payload, "alpha");
  EXPECT_FALSE((*docs)[2].has_value());
  EXPECT_EQ((*docs)[3]->payload, "beta");
  EXPECT_EQ(counting_.reads(), 1);
  // What it read is known to every kind of read now.
  EXPECT_FALSE(reads_.Get("others", "a")->has_value());
  ASSERT_TRUE(reads_.GetMany("things", {"a", "b"}).ok());
  ASSERT_TRUE(reads_.GetAcross({{"things", "a"}, {"others", "a"}}).ok());
  EXPECT_EQ(counting_.reads(), 1);
}

TEST_F(RequestReadsTest, AWriteForgetsWhatItChangedAndForgetReadsEverythingAgain) {
  ASSERT_TRUE(reads_.Get("things", "a").ok());
  ASSERT_TRUE(reads_.Get("things", "b").ok());
  ASSERT_FALSE(reads_.FindUnique("things", "code=c")->has_value());
  ASSERT_TRUE(reads_.Write(CreateDoc("c", "gamma")).ok());
  counting_.Reset();
  // The request reads its own write: the unique value it claimed is found.
  EXPECT_EQ(**reads_.FindUnique("things", "code=c"), "c");
  EXPECT_EQ((*reads_.Get("things", "c"))->payload, "gamma");
  EXPECT_EQ(counting_.reads(), 2);
  // What the write did not name is still what was read.
  ASSERT_TRUE(reads_.Get("things", "a").ok());
  EXPECT_EQ(counting_.reads(), 2);
  // Another writer changes `a` behind the request's back: it sees it only after Forget.
  WritePlan update;
  DocumentChange& d = update.documents.emplace_back();
  d.kind = DocumentChange::Kind::kUpdate;
  d.collection = "things";
  d.id = "a";
  d.expected_version = 1;
  d.payload = "alpha 2";
  d.state = "ACTIVE";
  d.event_type = "things.updated";
  d.resource_name = "things/a";
  ASSERT_TRUE(store_.Write(update).ok());
  EXPECT_EQ((*reads_.Get("things", "a"))->payload, "alpha");
  reads_.Forget();
  EXPECT_EQ((*reads_.Get("things", "a"))->payload, "alpha 2");
}

}  // namespace
}  // namespace civitas::records
