#include "libs/aip/list_query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/aip/page_token.h"
#include "libs/common/field_violations.h"
#include "tests/unit/aip/test_specs.h"

namespace civitas::aip {
namespace {

using test_specs::OrganizationSpec;
using ::testing::UnorderedElementsAre;

std::vector<std::string> ViolatedFields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : FieldViolationsOf(s)) out.push_back(v.field);
  return out;
}

TEST(ListQueryTest, DefaultsApplyToAnEmptyRequest) {
  auto q = ParseListQuery(ListQuery{}, OrganizationSpec());
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->page_size, kDefaultPageSize);
  EXPECT_FALSE(q->descending);
  EXPECT_TRUE(q->terms.empty());
  EXPECT_EQ(q->cursor, 0);
}

TEST(ListQueryTest, PageSizeAndOrderAreReportedTogether) {
  ListQuery bad;
  bad.page_size = kMaxPageSize + 1;
  bad.order_by = "display_name";
  auto q = ParseListQuery(bad, OrganizationSpec());
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(q.status()), UnorderedElementsAre("page_size", "order_by"));
  ListQuery negative;
  negative.page_size = -1;
  EXPECT_THAT(ViolatedFields(ParseListQuery(negative, OrganizationSpec()).status()),
              UnorderedElementsAre("page_size"));
}

TEST(ListQueryTest, NewestFirstAndFiltersParse) {
  ListQuery in;
  in.order_by = "create_time desc";
  in.filter = "type = CSO AND territory = territories/md";
  in.page_size = 7;
  auto q = ParseListQuery(in, OrganizationSpec());
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_TRUE(q->descending);
  EXPECT_EQ(q->page_size, 7);
  ASSERT_EQ(q->terms.size(), 2u);
  EXPECT_EQ(q->terms[1].field->name, "territory");
}

TEST(ListQueryTest, APageTokenContinuesOnlyTheQueryItCameFrom) {
  ListQuery first;
  first.filter = "type = CSO";
  auto q = ParseListQuery(first, OrganizationSpec());
  ASSERT_TRUE(q.ok());
  ListQuery next = first;
  next.page_token = EncodePageToken(42, q->fingerprint);
  auto continued = ParseListQuery(next, OrganizationSpec());
  ASSERT_TRUE(continued.ok()) << continued.status();
  EXPECT_EQ(continued->cursor, 42);
  ListQuery other = next;
  other.filter = "type = DONOR";
  EXPECT_THAT(ViolatedFields(ParseListQuery(other, OrganizationSpec()).status()),
              UnorderedElementsAre("page_token"));
  ListQuery archived = next;
  archived.show_archived = true;
  EXPECT_FALSE(ParseListQuery(archived, OrganizationSpec()).ok());
}

}  // namespace
}  // namespace civitas::aip
