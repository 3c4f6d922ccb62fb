#include "services/registry/domain/resource_spec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/aip/resource_names.h"

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

// Collections and singulars come from the google.api.resource annotations (AIP-123): the proto
// names a collection once, and code names it by the type it holds.
TEST(ResourceSpecTest, CollectionsComeFromResourceAnnotations) {
  EXPECT_EQ(SocialServiceSpec().collection, "socialServices");
  EXPECT_EQ(SocialServiceSpec().singular, "social_service");
  EXPECT_EQ(SocialServiceSpec().event_prefix, "social_service");
  EXPECT_EQ(TerritorySpec().collection, "territories");
  EXPECT_EQ(&aip::CollectionOf<v1::Territory>(), &aip::CollectionOf<v1::Territory>());
  EXPECT_EQ(aip::CollectionOf<v1::Organization>(), OrganizationSpec().collection);
  EXPECT_EQ(aip::NameOf<v1::Network>("n1"), "networks/n1");
  EXPECT_EQ(aip::IdIn<v1::Network>("networks/n1"), "n1");
  EXPECT_EQ(aip::IdIn<v1::Network>("organizations/n1"), "");
  EXPECT_TRUE(aip::IsNameOf<v1::Partnership>("partnerships/p-1"));
  EXPECT_FALSE(aip::IsNameOf<v1::Partnership>("partnerships/"));
  Violations v;
  aip::CheckNameOf<v1::Organization>("territories/t1", "provider", true, &v);
  EXPECT_FALSE(v.empty());
}

// A message without the annotation is not a resource: asking for its collection is a programming
// error caught by the first test that does.
TEST(ResourceSpecDeathTest, MessageWithoutAnnotationHasNoCollection) {
  EXPECT_DEATH(aip::ResourceDescriptorOf(v1::Contact::descriptor()), "declares no");
}

}  // namespace
}  // namespace civitas::registry
