#include "services/registry/domain/access_policy.h"

#include <gtest/gtest.h>

#include "services/registry/domain/changes.h"

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

// A record named by another: missing and another organisation's draft read alike ("does not
// exist"), an archived one is a precondition, a live one may be referred to.
TEST(RegistryAccess, WhatARecordMayReferTo) {
  v1::Organization org;
  org.set_name("organizations/o1");
  org.set_state(v1::DRAFT);
  Principal stranger;
  stranger.subject = "someone";
  stranger.roles = {"cso"};
  stranger.organization = "organizations/other";
  Violations missing;
  EXPECT_FALSE(
      CheckReferenced<v1::Organization>(nullptr, "organizations/o1", nullptr, "f", &missing));
  EXPECT_EQ(missing.items().at(0).description, "organizations/o1 does not exist");
  Violations hidden;
  EXPECT_TRUE(HiddenFrom(&stranger, org));
  EXPECT_FALSE(CheckReferenced(&stranger, "organizations/o1", &org, "f", &hidden));
  EXPECT_EQ(hidden.items().at(0).description, "organizations/o1 does not exist");
  Violations none;
  EXPECT_TRUE(CheckReferenced<v1::Organization>(nullptr, "organizations/o1", &org, "f", &none))
      << "without a reader nothing is hidden";
  org.set_state(v1::SUSPENDED);
  Violations suspended;
  EXPECT_FALSE(CheckReferenced(&stranger, "organizations/o1", &org, "f", &suspended))
      << "what the write's reference would refuse is refused here, naming the field";
  EXPECT_EQ(suspended.items().at(0).description, "organizations/o1 is suspended");
  org.set_state(v1::ARCHIVED);
  Violations archived;
  EXPECT_FALSE(CheckReferenced(&stranger, "organizations/o1", &org, "f", &archived));
  EXPECT_EQ(archived.ToStatus().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace civitas::registry
