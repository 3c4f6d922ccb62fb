#include "services/registry/domain/access_policy.h"

#include <gtest/gtest.h>

namespace civitas::registry {
namespace {

Principal With(std::string role, std::string org = "") {
  Principal p;
  p.subject = "someone";
  p.roles = {role};
  p.organization = std::move(org);
  return p;
}

TEST(AccessPolicyTest, DraftsAreVisibleToOwnersAndReadersOfEverythingOnly) {
  const std::vector<std::string> owners = {"organizations/a"};
  EXPECT_TRUE(CanReadRecord(Principal::Anonymous(), false, owners));
  EXPECT_FALSE(CanReadRecord(Principal::Anonymous(), true, owners));
  EXPECT_TRUE(CanReadRecord(With(kRoleCso, "organizations/a"), true, owners));
  EXPECT_FALSE(CanReadRecord(With(kRoleCso, "organizations/b"), true, owners));
  EXPECT_TRUE(CanReadRecord(With(kRoleWarehouse), true, owners));
  EXPECT_TRUE(CanReadRecord(With(kRoleMinistry), true, owners));
}

TEST(AccessPolicyTest, StaffOnly) {
  EXPECT_EQ(AuthorizeStaffOnly(Principal::Anonymous(), "x").code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(AuthorizeStaffOnly(With(kRoleCso, "organizations/a"), "x").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(AuthorizeStaffOnly(With(kRoleAdmin), "x").ok());
  EXPECT_TRUE(AuthorizeStaffOnly(With(kRoleMinistry), "x").ok());
}

TEST(AccessPolicyTest, OwnersChangeTheirOwnRecordsAndCannotHandThemOver) {
  Principal cso = With(kRoleCso, "organizations/a");
  EXPECT_TRUE(AuthorizeOwnerOrStaff(cso, {"organizations/a"}, {"organizations/a"}, "x").ok());
  EXPECT_EQ(AuthorizeOwnerOrStaff(cso, {"organizations/b"}, {"organizations/b"}, "x").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(AuthorizeOwnerOrStaff(cso, {"organizations/a"}, {"organizations/b"}, "x").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(AuthorizeOwnerOrStaff(With(kRoleWarehouse), {}, {"organizations/a"}, "x").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(AuthorizeOwnerOrStaff(With(kRoleCso), {}, {"organizations/a"}, "x").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      AuthorizeOwnerOrStaff(With(kRoleAdmin), {"organizations/b"}, {"organizations/c"}, "x").ok());
}

}  // namespace
}  // namespace civitas::registry
