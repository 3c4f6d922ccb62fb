// Voucher schemes and vouchers through GrantsRecords over the in-memory store, the fake registry
// and the fake accreditation service: the registry checks of a scheme, the envelope bound on
// issued value (and a cancellation giving it back), who may see a voucher, redemption only by an
// accredited provider for the scheme's service type, once, and the reimbursement.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/store/in_memory_document_store.h"
#include "services/grants/app/grants_records.h"
#include "tests/shared/voucher_world.h"

namespace civitas::grants {
namespace {

using ::testing::HasSubstr;
using namespace voucher_world;  // NOLINT: the shared test world's names

class VoucherDeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Populate(&registry_, &accreditation_);
    OpenScheme(&records_, "tb", 1'500'00, 500'00);  // three vouchers of GEL 500
  }

  absl::StatusOr<v1::Voucher> Issue(const std::string& ref) {
    return records_.vouchers.Create(records::Request(CityHall()), For("tb", ref), "", "");
  }

  FakeClock clock_{absl::FromUnixSeconds(1'772'323'200)};  // 2026-03-01
  SequentialIdGenerator ids_{"v"};
  InMemoryDocumentStore store_;
  clients::FakeRegistryClient registry_;
  clients::FakeAccreditationClient accreditation_;
  GrantsRecords records_{&store_, &registry_, &accreditation_, &clock_, &ids_};
};

TEST_F(VoucherDeskTest, ASchemeNamesRegisteredOrganisationsAndACatalogueServiceType) {
  v1::VoucherScheme s = Scheme(1'000'00, 100'00);
  s.set_funder("organizations/unknown-donor");
  s.set_service_type("astrology");
  auto created = records_.voucher_schemes.Create(records::Request(CityHall()), s, "bad", "");
  ASSERT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(created.status().message(), HasSubstr("voucher_scheme.funder"));
  EXPECT_THAT(created.status().message(), HasSubstr("voucher_scheme.service_type"));

  auto other = records_.voucher_schemes.Create(records::Request(ProviderStaff()),
                                               Scheme(1'000'00, 100'00), "x", "");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(VoucherDeskTest, IssuedValueNeverExceedsTheEnvelopeAndACancellationGivesItBack) {
  std::vector<std::string> issued;
  for (const char* ref : {"TB-0001", "TB-0002", "TB-0003"}) {
    auto v = Issue(ref);
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_EQ(v->state(), v1::VOUCHER_ISSUED);
    EXPECT_EQ(v->value().amount_minor(), 500'00);
    EXPECT_EQ(v->valid_to(), "2026-05-29");
    issued.push_back(v->name());
  }
  auto fourth = Issue("TB-0004");
  ASSERT_EQ(fourth.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(fourth.status().message(),
              HasSubstr("value of the vouchers issued under voucherSchemes/tb (not cancelled) "
                        "would be 200000 (150000 before this change of +50000), above the scheme's "
                        "envelope 150000"));

  // The envelope cannot be lowered below what is issued.
  v1::VoucherScheme patch;
  patch.set_name("voucherSchemes/tb");
  *patch.mutable_envelope() = Gel(1'000'00);
  google::protobuf::FieldMask mask;
  mask.add_paths("envelope");
  auto lowered = records_.voucher_schemes.Update(records::Request(CityHall()), patch, mask);
  EXPECT_EQ(lowered.status().code(), absl::StatusCode::kFailedPrecondition);

  auto cancelled =
      records_.voucher_desk.Cancel(records::Request(CityHall()), issued[0], "moved away", "");
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->state(), v1::VOUCHER_CANCELLED);
  EXPECT_TRUE(Issue("TB-0004").ok());
}

TEST_F(VoucherDeskTest, OnlySchemeStaffIssueAndOnlyWhileTheSchemeIssues) {
  auto by_provider =
      records_.vouchers.Create(records::Request(ProviderStaff()), For("tb", "TB-0001"), "", "");
  EXPECT_EQ(by_provider.status().code(), absl::StatusCode::kPermissionDenied);
  auto bad_ref =
      records_.vouchers.Create(records::Request(CityHall()), For("tb", "Nino Beridze"), "", "");
  ASSERT_EQ(bad_ref.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_ref.status().message(), HasSubstr("voucher.beneficiary_ref"));
  ASSERT_TRUE(records_.voucher_schemes
                  .Apply(records::Request(CityHall()), "voucherSchemes/tb", "",
                         CloseVoucherSchemeTransition())
                  .ok());
  auto closed = Issue("TB-0001");
  ASSERT_EQ(closed.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(closed.status().message(), HasSubstr("VOUCHER_SCHEME_CLOSED"));
}

TEST_F(VoucherDeskTest, TheProviderRedeemsOnceThenSeesItAndIsReimbursed) {
  auto v = Issue("TB-0001");
  ASSERT_TRUE(v.ok());
  // Before redeeming, the provider cannot read the voucher (it names a beneficiary).
  EXPECT_EQ(records_.vouchers.Get(records::Request(ProviderStaff()), v->name()).status().code(),
            absl::StatusCode::kNotFound);
  v1::RedeemVoucherRequest r = RedeemRequest(v->name(), "TB-0001");
  r.set_social_service(kProviderDayCare);
  auto redeemed = records_.voucher_desk.Redeem(records::Request(ProviderStaff()), r);
  ASSERT_TRUE(redeemed.ok()) << redeemed.status();
  EXPECT_EQ(redeemed->state(), v1::VOUCHER_REDEEMED);
  EXPECT_EQ(redeemed->certificate(), kCertificate);
  EXPECT_EQ(redeemed->redeemed_on(), "2026-03-01");
  EXPECT_TRUE(records_.vouchers.Get(records::Request(ProviderStaff()), v->name()).ok());

  auto again = records_.voucher_desk.Redeem(records::Request(ProviderStaff()), r);
  ASSERT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(again.status().message(), HasSubstr("VOUCHER_REDEEMED"));

  EXPECT_EQ(records_.voucher_desk.Reimburse(records::Request(ProviderStaff()), v->name(), "", "")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  auto paid = records_.voucher_desk.Reimburse(records::Request(CityHall()), v->name(), "", "");
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->state(), v1::VOUCHER_REIMBURSED);
  ASSERT_EQ(paid->transactions_size(), 2);
  EXPECT_EQ(paid->transactions(1).type(), v1::REIMBURSEMENT);
}

TEST_F(VoucherDeskTest, AnUnaccreditedProviderOrAnotherServiceTypeIsRefusedNamingTheRule) {
  auto v = Issue("TB-0001");
  ASSERT_TRUE(v.ok());
  const Principal newcomer = Person(kRoleCso, kUnaccredited, "staff@new");
  auto refused = records_.voucher_desk.Redeem(records::Request(newcomer),
                                              RedeemRequest(v->name(), "TB-0001", kUnaccredited));
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("accreditation: "));
  EXPECT_THAT(refused.status().message(), HasSubstr("no certificate"));

  v1::RedeemVoucherRequest home = RedeemRequest(v->name(), "TB-0001");
  home.set_social_service(kProviderHomeCare);
  auto wrong_type = records_.voucher_desk.Redeem(records::Request(ProviderStaff()), home);
  ASSERT_EQ(wrong_type.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(wrong_type.status().message(), HasSubstr("pays for day-care"));

  // Another provider's people cannot redeem in its name, nor learn that the voucher exists: the
  // answer is the one for a missing voucher.
  auto impostor =
      records_.voucher_desk.Redeem(records::Request(newcomer), RedeemRequest(v->name(), "TB-0001"));
  EXPECT_EQ(impostor.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(
      records_.voucher_desk
          .Redeem(records::Request(newcomer), RedeemRequest("vouchers/no-such-voucher", "TB-0001"))
          .status()
          .message(),
      "vouchers/no-such-voucher not found");

  // Nothing changed: the voucher is still issued and redeemable by the accredited provider.
  auto stored = records_.vouchers.Get(records::Request(CityHall()), v->name());
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->state(), v1::VOUCHER_ISSUED);
  EXPECT_EQ(stored->etag(), v->etag());
}

TEST_F(VoucherDeskTest, ASchemeWithTerritoriesPaysOnlyForServicesWithinThem) {
  v1::VoucherScheme tbilisi = Scheme(1'000'00, 500'00);
  tbilisi.add_territories("territories/ge-tb");
  ASSERT_TRUE(
      records_.voucher_schemes.Create(records::Request(CityHall()), tbilisi, "tbilisi", "").ok());
  ASSERT_TRUE(records_.voucher_schemes
                  .Apply(records::Request(CityHall()), "voucherSchemes/tbilisi", "",
                         OpenVoucherSchemeTransition())
                  .ok());
  auto v =
      records_.vouchers.Create(records::Request(CityHall()), For("tbilisi", "TB-0001"), "", "");
  ASSERT_TRUE(v.ok()) << v.status();

  // Accredited for day care, but in Moldova: refused naming the place; nothing changes.
  const Principal moldovan = Person(kRoleCso, kMoldovan, "staff@keystone");
  v1::RedeemVoucherRequest abroad = RedeemRequest(v->name(), "TB-0001", kMoldovan);
  abroad.set_social_service(kMoldovanDayCare);
  auto refused = records_.voucher_desk.Redeem(records::Request(moldovan), abroad);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(),
              HasSubstr("is in territories/md, outside voucherSchemes/tbilisi's territories"));
  auto unnamed = records_.voucher_desk.Redeem(records::Request(moldovan),
                                              RedeemRequest(v->name(), "TB-0001", kMoldovan));
  ASSERT_EQ(unnamed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unnamed.status().message(), HasSubstr("social_service: is required"));
  EXPECT_EQ(records_.vouchers.Get(records::Request(CityHall()), v->name())->state(),
            v1::VOUCHER_ISSUED);

  v1::RedeemVoucherRequest here = RedeemRequest(v->name(), "TB-0001");
  here.set_social_service(kProviderDayCare);
  auto redeemed = records_.voucher_desk.Redeem(records::Request(ProviderStaff()), here);
  ASSERT_TRUE(redeemed.ok()) << redeemed.status();
  EXPECT_EQ(redeemed->social_service(), kProviderDayCare);
}

TEST_F(VoucherDeskTest, AnUnusedVoucherExpiresAfterItsValidityGivingItsValueBack) {
  auto early = Issue("TB-0001");  // valid 2026-03-01 .. 2026-05-29
  ASSERT_TRUE(early.ok());
  clock_.Advance(absl::Hours(24 * 30));
  auto later = Issue("TB-0002");  // valid 2026-03-31 .. 2026-06-28
  auto used = Issue("TB-0003");
  ASSERT_TRUE(later.ok() && used.ok());
  ASSERT_TRUE(records_.voucher_desk
                  .Redeem(records::Request(ProviderStaff()), RedeemRequest(used->name(), "TB-0003"))
                  .ok());
  EXPECT_EQ(Issue("TB-0004").status().code(), absl::StatusCode::kFailedPrecondition);

  clock_.Advance(absl::Hours(24 * 60));  // 2026-05-30: only the first is past its validity
  // Only the service's own job records an expiry: not even an admin can.
  Principal admin;
  admin.subject = "admin-1";
  admin.roles = {kRoleAdmin};
  EXPECT_EQ(records_.voucher_expiry.RunOnce(admin).status().code(),
            absl::StatusCode::kPermissionDenied);
  const Principal job = BackgroundJobPrincipal("grants", "voucher-expiry");
  auto expired = records_.voucher_expiry.RunOnce(job);
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(*expired, 1);
  EXPECT_EQ(records_.vouchers.Get(records::Request(CityHall()), early->name())->state(),
            v1::VOUCHER_EXPIRED);
  EXPECT_EQ(records_.vouchers.Get(records::Request(CityHall()), later->name())->state(),
            v1::VOUCHER_ISSUED);
  EXPECT_EQ(records_.vouchers.Get(records::Request(CityHall()), used->name())->state(),
            v1::VOUCHER_REDEEMED);
  EXPECT_EQ(*records_.voucher_expiry.RunOnce(job), 0) << "recorded once";
  // Its value is back in the envelope; it can no longer be redeemed.
  EXPECT_TRUE(Issue("TB-0004").ok());
  auto too_late = records_.voucher_desk.Redeem(records::Request(ProviderStaff()),
                                               RedeemRequest(early->name(), "TB-0001"));
  ASSERT_EQ(too_late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(too_late.status().message(), HasSubstr("is VOUCHER_EXPIRED"));
}

TEST_F(VoucherDeskTest, AnAccreditationServiceThatCannotAnswerDecidesNothing) {
  auto v = Issue("TB-0001");
  ASSERT_TRUE(v.ok());
  accreditation_.FailNext(absl::UnavailableError("accreditation is down"));
  auto r = records_.voucher_desk.Redeem(records::Request(ProviderStaff()),
                                        RedeemRequest(v->name(), "TB-0001"));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(records_.vouchers.Get(records::Request(CityHall()), v->name())->state(),
            v1::VOUCHER_ISSUED);
}

}  // namespace
}  // namespace civitas::grants
