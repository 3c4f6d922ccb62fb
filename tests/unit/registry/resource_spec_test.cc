#include "services/registry/domain/resource_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civitas::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

// The update rules follow the protos' field_behavior annotations: a field annotated OUTPUT_ONLY,
// IDENTIFIER or IMMUTABLE in resources.proto is refused in update masks without a list here.
TEST(ResourceSpecTest, OutputOnlyAndImmutableFieldsComeFromFieldBehavior) {
  EXPECT_THAT(TerritorySpec().output_only,
              ElementsAre("ancestors", "create_time", "etag", "name", "update_time"));
  EXPECT_THAT(TerritorySpec().immutable, ElementsAre("level", "parent"));
  EXPECT_THAT(SocialServiceSpec().output_only,
              IsSupersetOf({"accreditation_status", "accreditation_certificate",
                            "accreditation_valid_until"}));
  EXPECT_THAT(SocialServiceSpec().immutable, ElementsAre("provider"));
  EXPECT_THAT(PartnershipSpec().output_only, IsSupersetOf({"total_value"}));
  EXPECT_THAT(PartnershipSpec().immutable, ElementsAre("authority", "cso"));
  EXPECT_THAT(OrganizationSpec().output_only,
              ElementsAre("create_time", "etag", "name", "update_time"));
  EXPECT_TRUE(OrganizationSpec().immutable.empty());
  EXPECT_TRUE(NetworkSpec().immutable.empty());
}

}  // namespace
}  // namespace civitas::registry
