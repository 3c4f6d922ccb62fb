// Partitions seen with their home (PartitionView) and the reference copies partitioned plans are
// checked against (ReferenceCopies), over in-memory stores: where reads and writes go, what a
// partition's plan may hold, and copies that follow home's changes, fence them while they are
// under way, come back when a change is refused, only move forward and are filled and repaired.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>

#include "libs/store/in_memory_document_store.h"
#include "libs/store/partition_view.h"
#include "libs/store/partitioned_stores.h"
#include "libs/testing/forwarding_document_store.h"

namespace civitas {
namespace {

using ::testing::HasSubstr;

// The home store, with a hook run before each write reaches it.
class HookedHome : public testing::ForwardingDocumentStore {
 public:
  using ForwardingDocumentStore::ForwardingDocumentStore;
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override {
    if (before_write) before_write(plan);
    return ForwardingDocumentStore::Write(plan);
  }
  std::function<void(const WritePlan&)> before_write;
};

// A partition whose writes can be refused, as a Redis that went away would.
class Refusing : public testing::ForwardingDocumentStore {
 public:
  using ForwardingDocumentStore::ForwardingDocumentStore;
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override {
    if (refuse) return absl::UnavailableError("md is away (test)");
    return ForwardingDocumentStore::Write(plan);
  }
  std::atomic<bool> refuse = false;
};

class ReferenceCopiesTest : public ::testing::Test {
 protected:
  // A data set at home, created or updated to `state` at `version` (0: create).
  absl::StatusOr<WriteOutcome> DataSet(const std::string& id, const std::string& state,
                                       int64_t version = 0) {
    WritePlan plan;
    DocumentChange& doc = plan.documents.emplace_back();
    doc.kind = version == 0 ? DocumentChange::Kind::kCreate : DocumentChange::Kind::kUpdate;
    doc.collection = "dataSets";
    doc.id = id;
    doc.expected_version = version;
    doc.payload = "form " + state;
    doc.state = state;
    return stores_.home()->Write(plan);
  }
  // A submission of `partition` that requires data set `data_set` to be ACTIVE.
  absl::StatusOr<WriteOutcome> Entry(const std::string& partition, const std::string& id,
                                     const std::string& data_set = "d1") {
    WritePlan plan;
    DocumentChange& doc = plan.documents.emplace_back();
    doc.collection = "submissions";
    doc.id = IdInPartition(partition, id);
    doc.payload = "figures";
    plan.references.push_back({{"dataSets", data_set}, {"ACTIVE"}});
    return stores_.Write(plan);
  }
  StoredDocument CopyIn(const std::string& partition, const std::string& id) {
    auto copy = raw_[partition]->Get("dataSets", id);
    EXPECT_TRUE(copy.ok() && copy->has_value()) << partition << " holds no copy of " << id;
    return copy.ok() && copy->has_value() ? **copy : StoredDocument{};
  }

  InMemoryDocumentStore home_;
  HookedHome hooked_{&home_};
  std::map<std::string, InMemoryDocumentStore*> raw_;
  PartitionedStores stores_{
      &hooked_,
      {"submissions"},
      [this](const std::string& partition) -> absl::StatusOr<std::unique_ptr<DocumentStore>> {
        auto store = std::make_unique<InMemoryDocumentStore>();
        raw_[partition] = store.get();
        if (partition != "md") return store;
        md_ = std::move(store);
        auto refusing = std::make_unique<Refusing>(md_.get());
        md_refusing_ = refusing.get();
        return refusing;
      },
      {"dataSets"}};
  std::unique_ptr<InMemoryDocumentStore> md_;
  Refusing* md_refusing_ = nullptr;
};

TEST_F(ReferenceCopiesTest, AViewReadsHomeCollectionsAtHomeAndWritesItsOwnRecordsOnly) {
  ASSERT_TRUE(DataSet("d1", "ACTIVE").ok());
  ASSERT_TRUE(Entry("am", "s1").ok());
  absl::StatusOr<DocumentStore*> am = stores_.Of("am");
  ASSERT_TRUE(am.ok());
  auto form = (*am)->Get("dataSets", "d1");
  ASSERT_TRUE(form.ok() && form->has_value());
  EXPECT_EQ((*form)->payload, "form ACTIVE") << "the home record, not the partition's copy";
  EXPECT_TRUE((*(*am)->Get("submissions", "am-s1")).has_value());
  EXPECT_FALSE((*home_.Get("submissions", "am-s1")).has_value());
  auto both = (*am)->GetAcross({{"submissions", "am-s1"}, {"dataSets", "d1"}, {"dataSets", "d9"}});
  ASSERT_TRUE(both.ok());
  ASSERT_EQ(both->size(), 3u);
  EXPECT_EQ((*both)[0]->payload, "figures");
  EXPECT_EQ((*both)[1]->payload, "form ACTIVE");
  EXPECT_FALSE((*both)[2].has_value());

  WritePlan home_record;
  home_record.documents.push_back({.collection = "dataSets", .id = "d2"});
  auto refused = (*am)->Write(home_record);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("dataSets/d2 is kept at home"));
  WritePlan not_copied;
  not_copied.documents.push_back({.collection = "submissions", .id = "am-s2"});
  not_copied.references.push_back({{"indicators", "i1"}, {"ACTIVE"}});
  refused = (*am)->Write(not_copied);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("indicators/i1"));
  not_copied.references = {{{"dataSets", "d1"}, {"ACTIVE"}, /*version=*/1}};
  refused = (*am)->Write(not_copied);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("cannot require its version"));
  EXPECT_FALSE((*raw_["am"]->Get("submissions", "am-s2")).has_value());
}

TEST_F(ReferenceCopiesTest, EntriesFollowTheHomeRecordsStateInEveryPartition) {
  ASSERT_TRUE(Entry("am", "s0", "d1").status().code() == absl::StatusCode::kFailedPrecondition)
      << "no such data set anywhere";
  ASSERT_TRUE(DataSet("d1", "ACTIVE").ok());
  ASSERT_TRUE(Entry("am", "s1").ok()) << "a partition opened after the data set is filled";
  ASSERT_TRUE(Entry("md", "s1").ok());
  ASSERT_TRUE(DataSet("d1", "ARCHIVED", 1).ok());
  for (const char* p : {"am", "md"}) {
    auto refused = Entry(p, "s2");
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << p;
    EXPECT_THAT(refused.status().message(), HasSubstr("dataSets/d1 is ARCHIVED")) << p;
    EXPECT_EQ(CopyIn(p, "d1").payload, "2") << "the home version it reflects";
  }
  ASSERT_TRUE(DataSet("d1", "ACTIVE", 2).ok());
  EXPECT_TRUE(Entry("am", "s3").ok());
  EXPECT_TRUE(Entry("md", "s3").ok());
}

TEST_F(ReferenceCopiesTest, AChangeUnderWayFencesEveryCopyBeforeHomeIsWritten) {
  ASSERT_TRUE(DataSet("d1", "ACTIVE").ok());
  ASSERT_TRUE(Entry("am", "s1").ok());
  ASSERT_TRUE(Entry("md", "s1").ok());
  std::vector<absl::StatusCode> during;
  hooked_.before_write = [&](const WritePlan&) {
    during.push_back(Entry("am", "s2").status().code());
    during.push_back(Entry("md", "s2").status().code());
  };
  ASSERT_TRUE(DataSet("d1", "ARCHIVED", 1).ok());
  EXPECT_THAT(during, ::testing::Each(absl::StatusCode::kFailedPrecondition));
  during.clear();
  // A change of the record that keeps its state fences nothing.
  ASSERT_TRUE(DataSet("d1", "ARCHIVED", 2).ok());
  ASSERT_TRUE(DataSet("d1", "ACTIVE", 3).ok());
  during.clear();
  ASSERT_TRUE(DataSet("d1", "ACTIVE", 4).ok());
  EXPECT_THAT(during, ::testing::Each(absl::StatusCode::kOk));
  EXPECT_EQ(during.size(), 2u);
}

TEST_F(ReferenceCopiesTest, ARefusedChangeBringsItsFencedCopiesBack) {
  ASSERT_TRUE(DataSet("d1", "ACTIVE").ok());
  ASSERT_TRUE(Entry("am", "s1").ok());
  // Another writer changes the record between the fence and the home write.
  hooked_.before_write = [&](const WritePlan&) {
    hooked_.before_write = nullptr;
    WritePlan rename;
    rename.documents.push_back({.kind = DocumentChange::Kind::kUpdate,
                                .collection = "dataSets",
                                .id = "d1",
                                .expected_version = 1,
                                .payload = "renamed",
                                .state = "ACTIVE"});
    ASSERT_TRUE(home_.Write(rename).ok());
  };
  auto archive = DataSet("d1", "ARCHIVED", 1);
  EXPECT_EQ(archive.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(CopyIn("am", "d1").state, "ACTIVE");
  EXPECT_EQ(CopyIn("am", "d1").payload, "2") << "home as it is now";
  EXPECT_TRUE(Entry("am", "s2").ok());
}

TEST_F(ReferenceCopiesTest, CopiesOnlyMoveForwardAndRepairBringsThemToHome) {
  ASSERT_TRUE(DataSet("d1", "ACTIVE").ok());
  ASSERT_TRUE(Entry("am", "s1").ok());
  // A crash between the fence and the home write leaves the copy fenced.
  WritePlan fence;
  fence.documents.push_back({.kind = DocumentChange::Kind::kUpdate,
                             .collection = "dataSets",
                             .id = "d1",
                             .expected_version = CopyIn("am", "d1").version,
                             .payload = "1",
                             .state = ReferenceCopies::kChanging});
  ASSERT_TRUE(raw_["am"]->Write(fence).ok());
  EXPECT_EQ(Entry("am", "s2").status().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(stores_.RepairCopies().ok());
  EXPECT_TRUE(Entry("am", "s2").ok());
  // A copy reflecting a later home version than a change's is left as it is.
  WritePlan later;
  later.documents.push_back({.kind = DocumentChange::Kind::kUpdate,
                             .collection = "dataSets",
                             .id = "d1",
                             .expected_version = CopyIn("am", "d1").version,
                             .payload = "9",
                             .state = "ARCHIVED"});
  ASSERT_TRUE(raw_["am"]->Write(later).ok());
  ASSERT_TRUE(DataSet("d1", "PAUSED", 1).ok());
  EXPECT_EQ(CopyIn("am", "d1").state, "ARCHIVED");
  EXPECT_EQ(CopyIn("am", "d1").payload, "9");
}

TEST_F(ReferenceCopiesTest, AChangeWhoseCopiesCannotFollowIsNotAcknowledged) {
  ASSERT_TRUE(DataSet("d1", "ACTIVE").ok());
  ASSERT_TRUE(Entry("am", "s1").ok());
  ASSERT_TRUE(Entry("md", "s1").ok());
  // md goes away once its copy is fenced, before home is written.
  hooked_.before_write = [&](const WritePlan&) { md_refusing_->refuse = true; };
  auto archived = DataSet("d1", "ARCHIVED", 1);
  EXPECT_EQ(archived.status().code(), absl::StatusCode::kUnavailable) << archived.status();
  EXPECT_THAT(archived.status().message(), HasSubstr("the change was written"));
  EXPECT_EQ((*home_.Get("dataSets", "d1"))->state, "ARCHIVED");
  EXPECT_EQ(CopyIn("am", "d1").state, "ARCHIVED");
  EXPECT_EQ(CopyIn("md", "d1").state, ReferenceCopies::kChanging) << "fenced: entries refused";
  hooked_.before_write = nullptr;
  md_refusing_->refuse = false;
  EXPECT_EQ(Entry("md", "s2").status().code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(stores_.RepairCopies().ok());
  EXPECT_EQ(CopyIn("md", "d1").state, "ARCHIVED");
}

TEST_F(ReferenceCopiesTest, APartitionOpenedDuringAChangeGetsItsOutcome) {
  ASSERT_TRUE(DataSet("d1", "ACTIVE").ok());
  ASSERT_TRUE(Entry("am", "s1").ok());
  // md is first used between the fences (am's only) and the home write: filled as ACTIVE.
  hooked_.before_write = [&](const WritePlan&) {
    hooked_.before_write = nullptr;
    ASSERT_TRUE(Entry("md", "s1").ok());
  };
  ASSERT_TRUE(DataSet("d1", "ARCHIVED", 1).ok());
  EXPECT_EQ(CopyIn("md", "d1").state, "ARCHIVED");
  EXPECT_EQ(Entry("md", "s2").status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(ReferenceCopiesTest, AHomeWriteWithoutCopiedRecordsTouchesNoPartition) {
  ASSERT_TRUE(Entry("am", "s0", "d1").status().code() == absl::StatusCode::kFailedPrecondition);
  const size_t before = raw_["am"]->Scan({.collection = "dataSets"})->documents.size();
  WritePlan job;
  job.documents.push_back({.collection = "importJobs", .id = "j1"});
  ASSERT_TRUE(stores_.home()->Write(job).ok());
  EXPECT_EQ(raw_["am"]->Scan({.collection = "dataSets"})->documents.size(), before);
  EXPECT_TRUE((*home_.Get("importJobs", "j1")).has_value());
}

}  // namespace
}  // namespace civitas
