#include "libs/aip/update_mask.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/page_token.h"
#include "libs/common/field_violations.h"
#include "tests/unit/aip/test_specs.h"

namespace civitas::aip {
namespace {

namespace v1 = ::civitas::registry::v1;

using test_specs::OrganizationSpec;
using test_specs::SocialServiceSpec;

v1::Organization Stored() {
  v1::Organization o;
  o.set_name("organizations/a");
  (*o.mutable_display_name())["en"] = "Old";
  o.set_type(v1::CSO);
  o.set_legal_form("foundation");
  o.add_target_groups(v1::ELDERLY);
  o.set_etag("3");
  return o;
}

TEST(UpdateMaskTest, MaskCopiesOnlyNamedFieldsAndReplacesRepeated) {
  v1::Organization target = Stored();
  v1::Organization patch;
  (*patch.mutable_display_name())["ro"] = "Nou";
  patch.set_legal_form("ignored: not in mask");
  patch.add_target_groups(v1::YOUTH);
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  mask.add_paths("target_groups");
  ASSERT_TRUE(ApplyUpdate(patch, mask, OrganizationSpec(), &target).ok());
  EXPECT_EQ(target.display_name().size(), 1u);
  EXPECT_EQ(target.display_name().at("ro"), "Nou");
  EXPECT_EQ(target.legal_form(), "foundation");
  ASSERT_EQ(target.target_groups_size(), 1);
  EXPECT_EQ(target.target_groups(0), v1::YOUTH);
}

// A named field the patch leaves unset is cleared: the mask says "make it what the patch says".
TEST(UpdateMaskTest, NamedFieldUnsetInPatchIsCleared) {
  v1::Organization target = Stored();
  google::protobuf::FieldMask mask;
  mask.add_paths("legal_form");
  mask.add_paths("target_groups");
  ASSERT_TRUE(ApplyUpdate(v1::Organization(), mask, OrganizationSpec(), &target).ok());
  EXPECT_EQ(target.legal_form(), "");
  EXPECT_EQ(target.target_groups_size(), 0);
  EXPECT_EQ(target.display_name().at("en"), "Old");
}

TEST(UpdateMaskTest, EmptyMaskMeansFieldsSetInPatchExceptNameAndEtag) {
  v1::Organization target = Stored();
  v1::Organization patch;
  patch.set_name("organizations/other");
  patch.set_etag("99");
  patch.set_legal_form("association");
  ASSERT_TRUE(ApplyUpdate(patch, {}, OrganizationSpec(), &target).ok());
  EXPECT_EQ(target.legal_form(), "association");
  EXPECT_EQ(target.name(), "organizations/a");
  EXPECT_EQ(target.etag(), "3");
  EXPECT_EQ(target.display_name().at("en"), "Old");
}

TEST(UpdateMaskTest, UnknownOutputOnlyAndImmutablePathsAreRejected) {
  v1::SocialService target;
  google::protobuf::FieldMask mask;
  mask.add_paths("colour");
  mask.add_paths("create_time");
  mask.add_paths("etag");  // ignored: it conditions the update, it is not a change
  mask.add_paths("provider");
  mask.add_paths("accreditation_status");
  absl::Status s = ApplyUpdate(v1::SocialService(), mask, SocialServiceSpec(), &target);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  auto v = FieldViolationsOf(s);
  ASSERT_EQ(v.size(), 4u);
  for (const auto& x : v) EXPECT_EQ(x.field, "update_mask");
}

TEST(UpdateMaskTest, CamelCaseSpellingsNameTheSameFields) {
  v1::Organization target = Stored();
  v1::Organization patch;
  patch.set_legal_form("association");
  google::protobuf::FieldMask mask;
  mask.add_paths("LegalForm");
  ASSERT_TRUE(ApplyUpdate(patch, mask, OrganizationSpec(), &target).ok());
  EXPECT_EQ(target.legal_form(), "association");
  google::protobuf::FieldMask output_only;
  output_only.add_paths("createTime");
  EXPECT_FALSE(ApplyUpdate(patch, output_only, OrganizationSpec(), &target).ok());
  google::protobuf::FieldMask wrong;
  wrong.add_paths("legal__form");
  EXPECT_FALSE(ApplyUpdate(patch, wrong, OrganizationSpec(), &target).ok());
}

TEST(PageTokenTest, RoundTripsAndIsBoundToTheQuery) {
  std::string fp = QueryFingerprint("organizations", "type = CSO", "", false);
  std::string token = EncodePageToken(42, fp);
  auto seq = DecodePageToken(token, fp);
  ASSERT_TRUE(seq.ok());
  EXPECT_EQ(*seq, 42);
  std::string other = QueryFingerprint("organizations", "type = DONOR", "", false);
  EXPECT_EQ(DecodePageToken(token, other).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(DecodePageToken("garbage!", fp).ok());
  EXPECT_EQ(*DecodePageToken("", fp), 0);
}

}  // namespace
}  // namespace civitas::aip
