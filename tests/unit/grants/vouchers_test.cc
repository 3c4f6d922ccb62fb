// Voucher rules in domain/: who runs a scheme, its field rules and what opening freezes, the
// pseudonymous beneficiary reference, issuing (period, value, validity, commitment) and the
// voucher's transitions (redeem once within validity for the named beneficiary, reimburse with
// an IATI reimbursement, cancel with a reason).
#include "services/grants/domain/vouchers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/grants/grants_test_values.h"

namespace civitas::grants {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

common::v1::Money Gel(int64_t tetri) {
  common::v1::Money m;
  m.set_currency_code("GEL");
  m.set_amount_minor(tetri);
  return m;
}

v1::VoucherScheme Tbilisi() {
  v1::VoucherScheme s;
  s.set_name("voucherSchemes/tbilisi-day-care");
  (*s.mutable_display_name())["en"] = "Day care vouchers";
  s.set_administrator("organizations/tbilisi-city-hall");
  s.set_funder("organizations/unicef-ge");
  s.set_service_type("day-care");
  *s.mutable_envelope() = Gel(150'000'00);
  *s.mutable_voucher_value() = Gel(500'00);
  s.set_validity_days(90);
  s.set_start_date("2026-01-01");
  s.set_end_date("2026-12-31");
  s.set_state(v1::VOUCHER_SCHEME_OPEN);
  return s;
}

v1::Voucher Issued() {
  v1::Voucher v;
  v.set_name("vouchers/v1");
  v.set_scheme("voucherSchemes/tbilisi-day-care");
  v.set_beneficiary_ref("TB-2026-0042");
  FillIssuedVoucher(Tbilisi(), "2026-03-01", absl::FromUnixSeconds(1'772'323'200), &v);
  v.set_state(v1::VOUCHER_ISSUED);
  return v;
}

const SchemeParties kSchemeParties = PartiesOf(Tbilisi());

TEST(SchemeAccess, StaffAreAdminsAndTheAdministratorsAndFundersPeople) {
  EXPECT_TRUE(IsSchemeStaff(Acting(kRoleAdmin), kSchemeParties));
  EXPECT_TRUE(
      IsSchemeStaff(Acting(kRoleMunicipality, "organizations/tbilisi-city-hall"), kSchemeParties));
  EXPECT_TRUE(IsSchemeStaff(Acting(kRoleCso, "organizations/unicef-ge"), kSchemeParties));
  EXPECT_FALSE(IsSchemeStaff(Acting(kRoleCso, "organizations/provider"), kSchemeParties));
  EXPECT_FALSE(IsSchemeStaff(Acting(kRoleMinistry), kSchemeParties));
  EXPECT_EQ(AuthorizeSchemeStaff(Principal::Anonymous(), kSchemeParties, "issuing").code(),
            absl::StatusCode::kUnauthenticated);
  absl::Status other =
      AuthorizeSchemeStaff(Acting(kRoleCso, "organizations/x"), kSchemeParties, "x");
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(other.message(), HasSubstr("organizations/tbilisi-city-hall"));
}

TEST(SchemeAccess, OpenAndClosedSchemesArePublicDraftsAreNot) {
  v1::VoucherScheme s = Tbilisi();
  EXPECT_TRUE(CanReadVoucherScheme(Principal::Anonymous(), s));
  s.set_state(v1::VOUCHER_SCHEME_CLOSED);
  EXPECT_TRUE(CanReadVoucherScheme(Principal::Anonymous(), s));
  s.set_state(v1::VOUCHER_SCHEME_DRAFT);
  EXPECT_FALSE(CanReadVoucherScheme(Principal::Anonymous(), s));
  EXPECT_FALSE(CanReadVoucherScheme(Acting(kRoleCso, "organizations/provider"), s));
  EXPECT_TRUE(CanReadVoucherScheme(Acting(kRoleCso, "organizations/unicef-ge"), s));
}

TEST(VoucherAccess, StaffAndTheRedeemingProviderOnly) {
  v1::Voucher v = Issued();
  const Principal provider = Acting(kRoleCso, "organizations/provider");
  EXPECT_TRUE(CanReadVoucher(Acting(kRoleAdmin), v, kSchemeParties));
  EXPECT_FALSE(CanReadVoucher(provider, v, kSchemeParties));
  EXPECT_FALSE(CanReadVoucher(Principal::Anonymous(), v, kSchemeParties));
  v.set_provider("organizations/provider");
  EXPECT_TRUE(CanReadVoucher(provider, v, kSchemeParties));
  EXPECT_FALSE(CanReadVoucher(Acting(kRoleCso, "organizations/other"), v, kSchemeParties));
}

TEST(ValidateVoucherScheme, AcceptsAWellFormedScheme) {
  Violations v;
  ValidateVoucherScheme(nullptr, Tbilisi(), &v);
  EXPECT_TRUE(v.empty()) << v.ToStatus();
}

TEST(ValidateVoucherScheme, NamesEveryBrokenField) {
  v1::VoucherScheme s = Tbilisi();
  s.clear_display_name();
  s.set_administrator("tbilisi");
  s.clear_service_type();
  *s.mutable_envelope() = Gel(0);
  *s.mutable_voucher_value() = Eur(500'00);
  s.set_validity_days(0);
  s.set_end_date("2025-12-31");
  s.add_territories("territories/ge-tb");
  s.add_territories("territories/ge-tb");
  Violations v;
  ValidateVoucherScheme(nullptr, s, &v);
  EXPECT_THAT(FieldsOf(v),
              UnorderedElementsAre(
                  "voucher_scheme.display_name", "voucher_scheme.administrator",
                  "voucher_scheme.service_type", "voucher_scheme.envelope.amount_minor",
                  "voucher_scheme.voucher_value.amount_minor",
                  "voucher_scheme.voucher_value.currency_code", "voucher_scheme.validity_days",
                  "voucher_scheme.end_date", "voucher_scheme.territories[1]"));
}

TEST(ValidateVoucherScheme, OpeningFreezesWhatVouchersWereIssuedUnder) {
  const v1::VoucherScheme before = Tbilisi();
  v1::VoucherScheme after = before;
  after.set_service_type("home-care");
  after.mutable_voucher_value()->set_amount_minor(600'00);
  after.set_validity_days(120);
  after.set_start_date("2026-02-01");
  after.set_end_date("2027-06-30");                        // may move
  after.mutable_envelope()->set_amount_minor(200'000'00);  // may move (the counter bounds it)
  Violations v;
  ValidateVoucherScheme(&before, after, &v);
  EXPECT_THAT(FieldsOf(v),
              UnorderedElementsAre("voucher_scheme.service_type", "voucher_scheme.voucher_value",
                                   "voucher_scheme.validity_days", "voucher_scheme.start_date"));

  v1::VoucherScheme draft = before;
  draft.set_state(v1::VOUCHER_SCHEME_DRAFT);
  Violations none;
  ValidateVoucherScheme(&draft, after, &none);
  EXPECT_TRUE(none.empty()) << none.ToStatus();

  v1::VoucherScheme lari_to_euro = draft;
  *lari_to_euro.mutable_envelope() = Eur(150'000'00);
  *lari_to_euro.mutable_voucher_value() = Eur(500'00);
  Violations currency;
  ValidateVoucherScheme(&draft, lari_to_euro, &currency);
  EXPECT_THAT(FieldsOf(currency), UnorderedElementsAre("voucher_scheme.envelope.currency_code"));
}

TEST(BeneficiaryRef, PseudonymousCodesOnly) {
  EXPECT_TRUE(IsBeneficiaryRef("TB-2026-0042"));
  EXPECT_TRUE(IsBeneficiaryRef("case:17.a_b"));
  EXPECT_FALSE(IsBeneficiaryRef("abc"));
  EXPECT_FALSE(IsBeneficiaryRef("Nino Beridze"));
  EXPECT_FALSE(IsBeneficiaryRef("nino@example.ge"));
  EXPECT_FALSE(IsBeneficiaryRef("-leading-hyphen"));
  EXPECT_FALSE(IsBeneficiaryRef(std::string(65, 'a')));
  EXPECT_FALSE(IsBeneficiaryRef("ნინო-ბერიძე"));

  v1::Voucher v;
  v.set_scheme("schemes/x");
  v.set_beneficiary_ref("Nino Beridze");
  Violations violations;
  ValidateVoucher(v, &violations);
  EXPECT_THAT(FieldsOf(violations),
              UnorderedElementsAre("voucher.scheme", "voucher.beneficiary_ref"));
}

TEST(Issuing, OnlyAnOpenSchemeWithinItsIssuingPeriod) {
  EXPECT_TRUE(CheckIssuing(Tbilisi(), "2026-01-01").ok());
  EXPECT_TRUE(CheckIssuing(Tbilisi(), "2026-12-31").ok());
  absl::Status late = CheckIssuing(Tbilisi(), "2027-01-01");
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.message(), HasSubstr("from 2026-01-01 to 2026-12-31"));
  v1::VoucherScheme closed = Tbilisi();
  closed.set_state(v1::VOUCHER_SCHEME_CLOSED);
  EXPECT_THAT(CheckIssuing(closed, "2026-06-01").message(), HasSubstr("VOUCHER_SCHEME_CLOSED"));
}

TEST(Issuing, TheSchemesValueAndValidityAndACommitment) {
  const v1::Voucher v = Issued();
  EXPECT_EQ(v.value().amount_minor(), 500'00);
  EXPECT_EQ(v.value().currency_code(), "GEL");
  EXPECT_EQ(v.service_type(), "day-care");
  EXPECT_EQ(v.valid_from(), "2026-03-01");
  EXPECT_EQ(v.valid_to(), "2026-05-29");  // 90 days including the first
  ASSERT_EQ(v.transactions_size(), 1);
  EXPECT_EQ(v.transactions(0).type(), v1::OUTGOING_COMMITMENT);
  EXPECT_EQ(v.transactions(0).value().amount_minor(), 500'00);
}

TEST(Place, WithinOneOfTheSchemesTerritoriesOrAnywhereWithoutThem) {
  v1::VoucherScheme s = Tbilisi();
  EXPECT_EQ(PlaceShortfall(s, "socialServices/x", {"territories/md"}), "");
  s.add_territories("territories/ge-tb");
  s.add_territories("territories/ge-im-kutaisi");
  EXPECT_EQ(PlaceShortfall(s, "socialServices/x",
                           {"territories/ge", "territories/ge-tb", "territories/ge-tb-vake"}),
            "");
  EXPECT_EQ(PlaceShortfall(s, "socialServices/x", {"territories/ge", "territories/ge-im-kutaisi"}),
            "");
  EXPECT_EQ(PlaceShortfall(s, "socialServices/x", {"territories/ge", "territories/ge-im"}),
            "socialServices/x is in territories/ge-im, outside voucherSchemes/tbilisi-day-care's "
            "territories (territories/ge-tb, territories/ge-im-kutaisi)");
  EXPECT_THAT(PlaceShortfall(s, "socialServices/x", {}), HasSubstr("no known territory"));
}

Redemption At(const std::string& date, const std::string& ref = "TB-2026-0042") {
  return {"organizations/provider", ref, "", date, "staff@provider", "GE-2026-000001"};
}

TEST(Redeem, ByTheProvidersPeopleOrSchemeStaffWhoMayFindTheVoucher) {
  const auto t = RedeemVoucherTransition(kSchemeParties, At("2026-03-02"));
  const v1::Voucher v = Issued();
  const Principal own = Acting(kRoleCso, "organizations/provider");
  EXPECT_TRUE(t.visible_to(own, v));
  EXPECT_FALSE(t.visible_to(Acting(kRoleCso, "organizations/other"), v));
  EXPECT_TRUE(t.authorize(own, v).ok());
  EXPECT_TRUE(t.authorize(Acting(kRoleMunicipality, "organizations/tbilisi-city-hall"), v).ok());
  EXPECT_EQ(t.authorize(Acting(kRoleCso, "organizations/other"), v).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(t.authorize(Principal::Anonymous(), v).code(), absl::StatusCode::kUnauthenticated);
}

TEST(Redeem, RecordsTheProviderTheDayAndTheCertificate) {
  const auto t = RedeemVoucherTransition(kSchemeParties, At("2026-05-29"));
  EXPECT_THAT(t.from, UnorderedElementsAre(v1::VOUCHER_ISSUED));
  EXPECT_EQ(t.to, v1::VOUCHER_REDEEMED);
  v1::Voucher v = Issued();
  ASSERT_TRUE(t.effect(v).ok());
  EXPECT_EQ(v.provider(), "organizations/provider");
  EXPECT_EQ(v.redeemed_on(), "2026-05-29");
  EXPECT_EQ(v.redeemed_by(), "staff@provider");
  EXPECT_EQ(v.certificate(), "GE-2026-000001");
}

TEST(Redeem, OutsideItsValidityOrForAnotherBeneficiaryIsRefused) {
  for (const char* day : {"2026-02-28", "2026-05-30"}) {
    v1::Voucher v = Issued();
    absl::Status s = RedeemVoucherTransition(kSchemeParties, At(day)).effect(v);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << day;
    EXPECT_THAT(s.message(), HasSubstr("valid from 2026-03-01 to 2026-05-29")) << day;
  }
  v1::Voucher v = Issued();
  absl::Status s =
      RedeemVoucherTransition(kSchemeParties, At("2026-03-02", "TB-2026-0043")).effect(v);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("beneficiary_ref"));
  EXPECT_TRUE(v.provider().empty());
}

TEST(Reimburse, StaffRecordAnIatiReimbursementNotBeforeTheRedemption) {
  v1::Voucher v = Issued();
  ASSERT_TRUE(RedeemVoucherTransition(kSchemeParties, At("2026-03-02")).effect(v).ok());
  const absl::Time now = absl::FromUnixSeconds(1'773'000'000);
  const auto t =
      ReimburseVoucherTransition(kSchemeParties, "", "2026-03-10", "finance@tbilisi", now);
  EXPECT_THAT(t.from, UnorderedElementsAre(v1::VOUCHER_REDEEMED));
  EXPECT_EQ(t.authorize(Acting(kRoleCso, "organizations/provider"), v).code(),
            absl::StatusCode::kPermissionDenied);
  v1::Voucher paid = v;
  ASSERT_TRUE(t.effect(paid).ok());
  ASSERT_EQ(paid.transactions_size(), 2);
  EXPECT_EQ(paid.transactions(1).type(), v1::REIMBURSEMENT);
  EXPECT_EQ(paid.transactions(1).date(), "2026-03-10");
  EXPECT_EQ(paid.transactions(1).value().amount_minor(), 500'00);
  EXPECT_EQ(paid.transactions(1).recorded_by(), "finance@tbilisi");

  for (const char* bad : {"2026-03-01", "2026-03-11", "10.03.2026"}) {
    v1::Voucher copy = v;
    absl::Status s =
        ReimburseVoucherTransition(kSchemeParties, bad, "2026-03-10", "f", now).effect(copy);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(s.message(), HasSubstr("date")) << bad;
  }
}

TEST(Expire, TheDayAfterValidToByTheServiceOnly) {
  const v1::Voucher v = Issued();  // valid to 2026-05-29
  EXPECT_THAT(ExpireVoucherTransition("2026-05-30").from, UnorderedElementsAre(v1::VOUCHER_ISSUED));
  EXPECT_EQ(ExpireVoucherTransition("2026-05-30").to, v1::VOUCHER_EXPIRED);
  v1::Voucher on_last_day = v;
  absl::Status early = ExpireVoucherTransition("2026-05-29").effect(on_last_day);
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.message(), HasSubstr("valid until 2026-05-29"));
  v1::Voucher after = v;
  EXPECT_TRUE(ExpireVoucherTransition("2026-05-30").effect(after).ok());
  EXPECT_TRUE(ExpireVoucherTransition("2026-05-30")
                  .authorize(BackgroundJobPrincipal("grants", "voucher-expiry"), v)
                  .ok());
  EXPECT_EQ(ExpireVoucherTransition("2026-05-30").authorize(Acting(kRoleAdmin), v).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ExpireVoucherTransition("2026-05-30")
                .authorize(Acting(kRoleMunicipality, "organizations/tbilisi-city-hall"), v)
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(Cancel, AnUnusedVoucherWithAReasonByStaff) {
  const auto t = CancelVoucherTransition(kSchemeParties, "");
  EXPECT_THAT(t.from, UnorderedElementsAre(v1::VOUCHER_ISSUED));
  v1::Voucher v = Issued();
  ASSERT_TRUE(t.effect(v).ok());
  Violations missing;
  t.validate(Issued(), v, &missing);
  EXPECT_THAT(FieldsOf(missing), Contains("reason"));

  const auto with_reason = CancelVoucherTransition(kSchemeParties, "beneficiary moved to Kutaisi");
  v1::Voucher w = Issued();
  ASSERT_TRUE(with_reason.effect(w).ok());
  Violations none;
  with_reason.validate(Issued(), w, &none);
  EXPECT_THAT(FieldsOf(none), IsEmpty());
  EXPECT_EQ(with_reason.authorize(Acting(kRoleCso, "organizations/provider"), w).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(SchemeTransitions, StaffOpenADraftAndCloseAnOpenScheme) {
  v1::VoucherScheme draft = Tbilisi();
  draft.set_state(v1::VOUCHER_SCHEME_DRAFT);
  const auto open = OpenVoucherSchemeTransition();
  EXPECT_THAT(open.from, UnorderedElementsAre(v1::VOUCHER_SCHEME_DRAFT));
  EXPECT_EQ(open.to, v1::VOUCHER_SCHEME_OPEN);
  EXPECT_TRUE(open.authorize(Acting(kRoleCso, "organizations/unicef-ge"), draft).ok());
  EXPECT_EQ(open.authorize(Acting(kRoleCso, "organizations/provider"), draft).code(),
            absl::StatusCode::kPermissionDenied);
  const auto close = CloseVoucherSchemeTransition();
  EXPECT_THAT(close.from, UnorderedElementsAre(v1::VOUCHER_SCHEME_OPEN));
  EXPECT_EQ(close.to, v1::VOUCHER_SCHEME_CLOSED);
}

// What a redemption request is checked against before the store and the other services are
// asked: its own fields, who may learn the voucher exists, the social service it names.
TEST(Redemption, RequestFindingAndService) {
  v1::RedeemVoucherRequest request;
  Violations bad;
  ValidateRedeemRequest(request, &bad);
  EXPECT_THAT(FieldsOf(bad), ::testing::ElementsAre("name", "provider", "beneficiary_ref"));
  request.set_name("vouchers/v1");
  request.set_provider("organizations/provider");
  request.set_beneficiary_ref("TB-2026-0042");
  request.set_social_service("socialServices/s1");
  Violations ok;
  ValidateRedeemRequest(request, &ok);
  EXPECT_TRUE(ok.empty());

  const v1::Voucher voucher = Issued();
  const Principal provider = Acting(kRoleCso, "organizations/provider");
  EXPECT_TRUE(CanFindVoucherToRedeem(provider, voucher, kSchemeParties, request));
  v1::RedeemVoucherRequest guessed = request;
  guessed.set_beneficiary_ref("TB-2026-0043");
  EXPECT_FALSE(CanFindVoucherToRedeem(provider, voucher, kSchemeParties, guessed))
      << "without the beneficiary's reference the voucher is not found";
  EXPECT_FALSE(CanFindVoucherToRedeem(Acting(kRoleCso, "organizations/other"), voucher,
                                      kSchemeParties, request));

  registry::v1::SocialService service;
  service.set_provider("organizations/provider");
  service.set_service_type("day-care");
  Violations fits;
  CheckRedemptionService(request, voucher, Tbilisi(), &service, &fits);
  EXPECT_TRUE(fits.empty());
  service.set_provider("organizations/other");
  service.set_service_type("home-care");
  Violations wrong;
  CheckRedemptionService(request, voucher, Tbilisi(), &service, &wrong);
  EXPECT_THAT(FieldsOf(wrong), ::testing::ElementsAre("social_service", "social_service"));
  v1::VoucherScheme local = Tbilisi();
  local.add_territories("territories/ge-tbilisi");
  v1::RedeemVoucherRequest no_place = request;
  no_place.clear_social_service();
  Violations required;
  CheckRedemptionService(no_place, voucher, local, nullptr, &required);
  EXPECT_THAT(FieldsOf(required), ::testing::ElementsAre("social_service"));
}

TEST(RedemptionAsksAboutProvider, OnlyWhileTheVoucherIsIssued) {
  v1::Voucher voucher;
  voucher.set_state(v1::VOUCHER_ISSUED);
  EXPECT_TRUE(RedemptionAsksAboutProvider(voucher));
  for (v1::VoucherState s :
       {v1::VOUCHER_REDEEMED, v1::VOUCHER_REIMBURSED, v1::VOUCHER_EXPIRED, v1::VOUCHER_CANCELLED}) {
    voucher.set_state(s);
    EXPECT_FALSE(RedemptionAsksAboutProvider(voucher)) << v1::VoucherState_Name(s);
  }
}

TEST(CheckAccredited, NamesTheRuleWhoseRequirementIsShort) {
  AccreditationFact fact;
  fact.date = "2026-05-02";
  const absl::Status s =
      CheckAccredited("organizations/keystone-md", "day-care", fact, "the voucher scheme");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "accreditation: organizations/keystone-md is not accredited for day-care on "
            "2026-05-02 (no certificate); the voucher scheme requires it");
  fact.accredited = true;
  EXPECT_TRUE(
      CheckAccredited("organizations/keystone-md", "day-care", fact, "the voucher scheme").ok());
}

}  // namespace
}  // namespace civitas::grants
