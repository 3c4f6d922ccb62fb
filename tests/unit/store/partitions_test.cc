// Partitions without I/O: names, ids that carry them, the placement setting, keyspace prefixes,
// cursors over every partition, the one-keyspace rule of a plan, and PartitionedStores over
// in-memory stores.
#include "libs/store/partitions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "libs/store/in_memory_document_store.h"
#include "libs/store/partition_view.h"
#include "libs/store/partitioned_stores.h"

namespace civitas {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

TEST(Partitions, NamesAndIdsThatCarryThem) {
  EXPECT_TRUE(IsPartitionName("am"));
  EXPECT_TRUE(IsPartitionName("ua2"));
  for (const char* bad : {"", "AM", "a-m", "a m", "am:", "abcdefghijklmnopq", "2am", "1"}) {
    EXPECT_FALSE(IsPartitionName(bad)) << bad;
  }
  EXPECT_EQ(IdInPartition("am", "k3xq"), "am-k3xq");
  EXPECT_EQ(PartitionOfId("am-k3xq"), "am");
  EXPECT_EQ(PartitionOfId("md-a-b"), "md");
  EXPECT_EQ(PartitionOfId("k3xq"), "") << "an id from before partitions";
  EXPECT_EQ(PartitionOfId("-k3xq"), "");
  EXPECT_EQ(PartitionOfId("A-k3xq"), "");
  EXPECT_EQ(PartitionOfId("12-k3xq"), "") << "a partition starts with a letter";
}

TEST(Partitions, ACountryWhoseIdIsNoPartitionNameIsNamedByItsHash) {
  EXPECT_EQ(PartitionNameFor("am"), "am");
  const std::string random = PartitionNameFor("k3xq7m2pa9zt4bw6ye5r");  // 20 characters
  EXPECT_TRUE(IsPartitionName(random)) << random;
  EXPECT_EQ(random.size(), 16u);
  EXPECT_EQ(random.front(), 'x');
  EXPECT_EQ(PartitionNameFor("k3xq7m2pa9zt4bw6ye5r"), random) << "stable";
  EXPECT_NE(PartitionNameFor("k3xq7m2pa9zt4bw6ye5s"), random);
  EXPECT_TRUE(IsPartitionName(PartitionNameFor("1st-country")));
  EXPECT_EQ(PartitionNameFor(""), "xcbf29ce48422232") << "FNV-1a's offset basis, shifted";
}

TEST(Partitions, PlacementSetting) {
  auto none = ParsePartitionAddresses("  ");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto two = ParsePartitionAddresses(" am=10.0.4.7:6379 , md=redis://:p=w@10.0.5.7:6380");
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_THAT(*two,
              ElementsAre(Pair("am", "10.0.4.7:6379"), Pair("md", "redis://:p=w@10.0.5.7:6380")));
  for (const auto& [bad, names] : std::vector<std::pair<std::string, std::string>>{
           {"am", "`am`"},
           {"AM=10.0.4.7:6379", "`AM=10.0.4.7:6379`"},
           {"am=", "`am=`"},
           {"am=10.0.4.7:notaport", "`am=10.0.4.7:notaport`"},
           {"am=h:1=x", "`am=h:1=x`"},
           {"1=h:1", "`1=h:1`"},
           {"am=h:1,,md=h:2", "``"},
           {"am=h:1,am=h:2", "`am` is placed twice"}}) {
    auto parsed = ParsePartitionAddresses(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(parsed.status().message(), HasSubstr("partition_redis"));
    EXPECT_THAT(parsed.status().message(), HasSubstr(names)) << bad;
  }
}

TEST(Partitions, KeyPrefixesGainThePartitionInTheirHashTag) {
  EXPECT_EQ(*PartitionKeyPrefix("civitas:{monitoring}", "am"), "civitas:{monitoring@am}");
  EXPECT_EQ(*PartitionKeyPrefix("test:{m}:x", "md"), "test:{m@md}:x");
  EXPECT_EQ(*PartitionKeyPrefix("a{b}c{d}", "md"), "a{b@md}c{d}") << "Redis hashes the first tag";
  EXPECT_FALSE(PartitionKeyPrefix("civitas:{}", "am").ok()) << "an empty tag is no tag";
  EXPECT_FALSE(PartitionKeyPrefix("civitas:monitoring", "am").ok());
  EXPECT_FALSE(PartitionKeyPrefix("civitas:}monitoring{", "am").ok());
  EXPECT_FALSE(PartitionKeyPrefix("civitas:{monitoring}", "a-m").ok());
}

TEST(Partitions, CursorsRoundTripInNameOrderAndRefuseAnythingElse) {
  PartitionCursor c;
  c.at = {{"md", 977}, {"am", 1834}, {"ge", 0}};
  EXPECT_EQ(FormatPartitionCursor(c), "am:1834.md:977") << "a partition at 0 is not named";
  auto back = ParsePartitionCursor("am:1834.md:977");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->Of("am"), 1834);
  EXPECT_EQ(back->Of("md"), 977);
  EXPECT_EQ(back->Of("ge"), 0);
  EXPECT_EQ(FormatPartitionCursor(*back), "am:1834.md:977");
  EXPECT_TRUE(ParsePartitionCursor("")->at.empty());
  for (const char* bad :
       {"am", "am:", "am:0", "am:-1", "am:+1", "am:01", "am:1x", "AM:1", "am:1:2", "1:5", "am::1",
        "md:1.am:2", "am:1.am:2", "am:1.", ".am:1", "am:99999999999999999999"}) {
    auto parsed = ParsePartitionCursor(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  PartitionCursor later;
  later.at = {{"am", 1900}, {"md", 977}};
  EXPECT_TRUE(NotBefore(later, *back));
  EXPECT_FALSE(NotBefore(*back, later));
  later.at = {{"am", 1900}};
  EXPECT_FALSE(NotBefore(later, *back)) << "md went back to 0";
  EXPECT_TRUE(NotBefore(*back, PartitionCursor{}));
}

WritePlan Plan(std::vector<std::pair<std::string, std::string>> documents,
               std::vector<std::pair<std::string, std::string>> references = {}) {
  WritePlan plan;
  for (auto& [collection, id] : documents) {
    plan.documents.push_back(
        {.kind = DocumentChange::Kind::kCreate, .collection = collection, .id = id});
  }
  for (auto& [collection, id] : references) plan.references.push_back({{collection, id}});
  return plan;
}

TEST(Partitions, APlanLiesInOneKeyspace) {
  const std::set<std::string> partitioned = {"submissions", "targets"};
  EXPECT_EQ(*PartitionOfPlan(Plan({{"dataSets", "d1"}, {"indicators", "i1"}}), partitioned), "");
  EXPECT_EQ(*PartitionOfPlan(Plan({{"submissions", "am-s1"}, {"targets", "am-t1"}}), partitioned),
            "am");
  auto two =
      PartitionOfPlan(Plan({{"submissions", "am-s1"}, {"submissions", "md-s2"}}), partitioned);
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(two.status().message(),
              HasSubstr("submissions/am-s1 (am) and submissions/md-s2 (md)"));
  auto mixed = PartitionOfPlan(Plan({{"submissions", "am-s1"}}, {{"dataSets", "d1"}}), partitioned);
  ASSERT_FALSE(mixed.ok());
  EXPECT_THAT(mixed.status().message(), HasSubstr("dataSets/d1 (home)"));
  EXPECT_EQ(*PartitionOfPlan(Plan({{"submissions", "am-s1"}}, {{"dataSets", "d1"}}), partitioned,
                             {"dataSets"}),
            "am")
      << "every partition holds copies of data sets";
  EXPECT_EQ(*PartitionOfPlan(Plan({{"submissions", "s1"}, {"dataSets", "d1"}}), partitioned), "")
      << "a record from before partitions lives at home";
  auto old_and_new =
      PartitionOfPlan(Plan({{"submissions", "s1"}, {"submissions", "am-s2"}}), partitioned);
  ASSERT_FALSE(old_and_new.ok());
  EXPECT_THAT(old_and_new.status().message(),
              HasSubstr("submissions/s1 (home) and submissions/am-s2 (am)"));
}

class PartitionedStoresTest : public ::testing::Test {
 protected:
  PartitionedStores stores_{
      &home_,
      {"submissions"},
      [this](const std::string& partition) -> absl::StatusOr<std::unique_ptr<DocumentStore>> {
        ++opened_;
        if (partition == "zz") return absl::UnavailableError("zz is away");
        auto store = std::make_unique<InMemoryDocumentStore>();
        raw_[partition] = store.get();
        return store;
      }};
  InMemoryDocumentStore home_;
  std::atomic<int> opened_ = 0;
  std::map<std::string, InMemoryDocumentStore*> raw_;
};

TEST_F(PartitionedStoresTest, WritesLandInTheirPartitionOnlyAndPartitionsAreListed) {
  ASSERT_TRUE(stores_.Write(Plan({{"submissions", "md-s1"}})).ok());
  ASSERT_TRUE(stores_.Write(Plan({{"submissions", "am-s2"}})).ok());
  ASSERT_TRUE(stores_.Write(Plan({{"dataSets", "d1"}})).ok());
  EXPECT_THAT(*stores_.List(), ElementsAre("am", "md"));
  EXPECT_TRUE((*raw_["md"]->Get("submissions", "md-s1")).has_value());
  EXPECT_FALSE((*raw_["am"]->Get("submissions", "md-s1")).has_value());
  EXPECT_FALSE((*home_.Get("submissions", "md-s1")).has_value());
  EXPECT_TRUE((*home_.Get("dataSets", "d1")).has_value());
  EXPECT_EQ(static_cast<PartitionView*>(*stores_.OfRecord("submissions", "am-s2"))->partition(),
            raw_["am"]);
  EXPECT_EQ(*stores_.OfRecord("dataSets", "d1"), stores_.home());
  EXPECT_EQ(*stores_.OfRecord("submissions", "s2"), stores_.home()) << "written before partitions";
  EXPECT_EQ(stores_.Of("A").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(PartitionedStoresTest, ReadsOfPartitionsNeverWrittenRecordNothing) {
  auto made_up = stores_.OfRecord("submissions", "zz-anything");
  EXPECT_EQ(made_up.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(made_up.status().message(), HasSubstr("submissions/zz-anything not found"));
  EXPECT_TRUE(stores_.List()->empty());
  EXPECT_EQ(opened_, 0);
  ASSERT_TRUE(stores_.Write(Plan({{"submissions", "md-s1"}})).ok());
  EXPECT_EQ(static_cast<PartitionView*>(*stores_.OfRecord("submissions", "md-s9"))->partition(),
            raw_["md"])
      << "a partition written in";
}

TEST_F(PartitionedStoresTest, APlanAcrossKeyspacesWritesNothing) {
  auto refused = stores_.Write(Plan({{"submissions", "am-s1"}, {"submissions", "md-s2"}}));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(stores_.List()->empty());
  EXPECT_EQ(opened_, 0);
}

TEST_F(PartitionedStoresTest, APartitionThatCannotOpenIsAnErrorAndIsOpenedOnceWhenItCan) {
  EXPECT_EQ(stores_.Of("zz").status().code(), absl::StatusCode::kUnavailable);
  std::vector<std::thread> threads;
  std::vector<DocumentStore*> seen(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] { seen[i] = *stores_.Of("ge"); });
  }
  for (auto& t : threads) t.join();
  for (DocumentStore* s : seen) EXPECT_EQ(s, seen[0]);
  EXPECT_EQ(static_cast<PartitionView*>(seen[0])->partition(), raw_["ge"]);
  EXPECT_EQ(opened_, 2) << "zz's failed open, then ge's one";
  EXPECT_THAT(*stores_.List(), ElementsAre("ge", "zz")) << "recorded before it was opened";
}

}  // namespace
}  // namespace civitas
