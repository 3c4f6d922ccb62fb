// Merging plans without I/O: counters and total fields that several plans move become one
// change each, and a reference several plans hold is checked once.
#include "libs/store/write_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civitas {
namespace {

WritePlan Submission(const std::string& id, const std::string& data_set, int64_t figure) {
  WritePlan plan;
  plan.documents.push_back(
      {.kind = DocumentChange::Kind::kCreate, .collection = "submissions", .id = id});
  plan.references.push_back({{"dataSets", data_set}, {"DATA_SET_ACTIVE"}});
  plan.totals.push_back({"indicators/i/territories/am/2025", "202501|||s", figure});
  plan.totals.push_back({"indicators/i/territories/am/2025", "202501|||n", 1});
  plan.counters.push_back({.name = "entries", .delta = 1, .max = 10});
  return plan;
}

TEST(PlanMerger, SharedChangesBecomeOneAndEachReferenceIsCheckedOnce) {
  WritePlan batch;
  PlanMerger merger(&batch);
  merger.Merge(Submission("s1", "d1", 5));
  merger.Merge(Submission("s2", "d1", 7));
  merger.Merge(Submission("s3", "d2", 1));
  WritePlan other_state = Submission("s4", "d1", 1);
  other_state.references[0].states = {"DATA_SET_ACTIVE", "DATA_SET_CLOSED"};
  merger.Merge(std::move(other_state));
  WritePlan no_state = Submission("s8", "d1", 0);
  no_state.references[0].states = {""};
  merger.Merge(std::move(no_state));
  WritePlan any_state = Submission("s9", "d1", 0);
  any_state.references[0].states = {};
  merger.Merge(std::move(any_state));
  WritePlan at_version = Submission("s5", "d1", 1);
  at_version.references[0].version = 3;
  merger.Merge(std::move(at_version));

  EXPECT_EQ(batch.documents.size(), 7u);
  ASSERT_EQ(batch.references.size(), 6u)
      << "d1 once, d2, d1 in other states, in no state, in any state, at a version";
  EXPECT_EQ(batch.references[0].document.id, "d1");
  EXPECT_EQ(batch.references[1].document.id, "d2");
  EXPECT_EQ(batch.references[2].states.size(), 2u);
  EXPECT_EQ(batch.references[3].states, std::vector<std::string>{""});
  EXPECT_TRUE(batch.references[4].states.empty());
  EXPECT_EQ(batch.references[5].version, 3);
  ASSERT_EQ(batch.totals.size(), 2u);
  EXPECT_EQ(batch.totals[0].delta, 5 + 7 + 1 + 1 + 1);
  EXPECT_EQ(batch.totals[1].delta, 7);
  ASSERT_EQ(batch.counters.size(), 1u);
  EXPECT_EQ(batch.counters[0].delta, 7);
  EXPECT_TRUE(ValidateWritePlan(batch).ok());

  // A plan merged into one that already holds the reference adds it no more.
  WritePlan single = Submission("s6", "d2", 2);
  MergePlan(Submission("s7", "d2", 3), &single);
  EXPECT_EQ(single.references.size(), 1u);
  EXPECT_EQ(single.totals[0].delta, 5);
}

}  // namespace
}  // namespace civitas
