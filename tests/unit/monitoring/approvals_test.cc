// The approval levels of reported figures and their locks, without I/O.
#include "services/monitoring/domain/approvals.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civitas::monitoring {
namespace {

using ::testing::HasSubstr;

const std::vector<std::string> kGoris = {"territories/am", "territories/am-su",
                                         "territories/am-su-goris"};
const absl::Time kNow = absl::FromUnixSeconds(1'796'000'000);

Principal Caller(const std::string& role, std::vector<std::string> territories = {}) {
  Principal p;
  p.subject = role + "-user";
  p.roles = {role};
  p.territories = std::move(territories);
  return p;
}

TEST(Approvals, EnterApproveAcceptThenEachLevelAboveUndoes) {
  const Principal goris = Caller(kRoleMunicipality, {"territories/am-su-goris"});
  const Principal ministry = Caller(kRoleMinistry);
  ApprovalStatus s;
  EXPECT_TRUE(CheckEditable(s).ok());

  absl::StatusOr<ApprovalStatus> approved = Approve(s, goris, kGoris, kNow);
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->level, ApprovalLevel::kApproved);
  EXPECT_EQ(approved->by, "municipality-user");
  const absl::Status locked = CheckEditable(*approved);
  EXPECT_EQ(locked.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(locked.message(), HasSubstr("locked: approved by municipality-user on 2026-"));

  EXPECT_EQ(Approve(*approved, goris, kGoris, kNow).status().code(),
            absl::StatusCode::kFailedPrecondition)
      << "approved once";
  absl::StatusOr<ApprovalStatus> accepted = Accept(*approved, ministry, kNow + absl::Hours(1));
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_THAT(CheckEditable(*accepted).message(), HasSubstr("locked: accepted by ministry-user"));

  // The municipality cannot undo the ministry's acceptance, nor unapprove under it.
  EXPECT_EQ(Unaccept(*accepted, goris, "typo", kNow).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(Unapprove(*accepted, goris, kGoris, "typo", kNow).status().message(),
              HasSubstr("unaccept first"));
  EXPECT_EQ(Unaccept(*accepted, ministry, "", kNow).status().code(),
            absl::StatusCode::kInvalidArgument)
      << "an undo needs a reason";
  absl::StatusOr<ApprovalStatus> unaccepted =
      Unaccept(*accepted, ministry, "Kapan's figures were swapped", kNow);
  ASSERT_TRUE(unaccepted.ok());
  EXPECT_EQ(unaccepted->level, ApprovalLevel::kApproved);
  EXPECT_EQ(unaccepted->reason, "Kapan's figures were swapped");
  // Still locked by the municipality's approval; the ministry only undid its acceptance.
  EXPECT_THAT(CheckEditable(*unaccepted).message(),
              HasSubstr("locked: approved (its acceptance undone by ministry-user on 2026-"));
  EXPECT_THAT(CheckEditable(*unaccepted).message(), HasSubstr(": Kapan's figures were swapped)"));
  EXPECT_THAT(CheckEditable(*unaccepted).message(),
              ::testing::Not(HasSubstr("approved by ministry-user")));
  absl::StatusOr<ApprovalStatus> reopened =
      Unapprove(*unaccepted, goris, kGoris, "corrected in March", kNow);
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE(CheckEditable(*reopened).ok());
}

TEST(Approvals, OnlyTheResponsibleMunicipalityApprovesAndOnlyTheMinistryAccepts) {
  const Principal kapan = Caller(kRoleMunicipality, {"territories/am-su-kapan"});
  const Principal syunik = Caller(kRoleMunicipality, {"territories/am-su"});
  const Principal cso = Caller(kRoleCso);
  ApprovalStatus open;
  EXPECT_EQ(Approve(open, kapan, kGoris, kNow).status().code(), absl::StatusCode::kPermissionDenied)
      << "another municipality's org unit";
  EXPECT_TRUE(Approve(open, syunik, kGoris, kNow).ok()) << "the region above the municipality";
  EXPECT_TRUE(Approve(open, Caller(kRoleAdmin), kGoris, kNow).ok());
  EXPECT_EQ(Approve(open, cso, kGoris, kNow).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Approve(open, Principal::Anonymous(), kGoris, kNow).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_FALSE(ApprovesFor(Caller(kRoleMunicipality), kGoris)) << "no territories, no approval";

  ApprovalStatus approved{ApprovalLevel::kApproved, "municipality-user", kNow, ""};
  EXPECT_EQ(Accept(approved, syunik, kNow).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Accept(open, Caller(kRoleMinistry), kNow).status().code(),
            absl::StatusCode::kFailedPrecondition)
      << "accepting needs them approved first";
  EXPECT_TRUE(Unapprove(approved, Caller(kRoleMinistry), kGoris, "re-check", kNow).ok())
      << "the ministry may send approved figures back";
  EXPECT_EQ(Unapprove(approved, kapan, kGoris, "not mine", kNow).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_STREQ(ApprovalLevelName(ApprovalLevel::kAccepted), "ACCEPTED");
}

}  // namespace
}  // namespace civitas::monitoring
