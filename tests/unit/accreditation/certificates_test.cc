// Certificates: numbers, validity arithmetic, the standing on a date from the kept history
// (past answers unchanged by later suspensions, withdrawals and renewals), expiry and alerts.
#include "services/accreditation/domain/certificates.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/accreditation/domain/certificate_changes.h"
#include "services/accreditation/domain/scheduled_changes.h"
#include "tests/unit/accreditation/accreditation_test_values.h"

namespace civitas::accreditation {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using Day = absl::CivilDay;

// A certificate for day care issued on `from` for `months`, as the decision writes it.
v1::Certificate Issue(const std::string& number, Day from, int months = 12) {
  v1::CountryPolicy policy = Moldova();
  policy.set_initial_validity_months(months);
  const Validity validity = IssueValidity(v1::INITIAL, policy, from, {});
  v1::Certificate c;
  c.set_name("certificates/" + number);
  c.set_number(number);
  c.set_provider("organizations/keystone");
  c.add_service_types("day-care");
  c.set_kind(v1::INITIAL);
  c.set_valid_from(FormatDay(validity.from));
  c.set_valid_to(FormatDay(validity.to));
  *c.add_history() = Issued(validity, "council@md", absl::FromCivil(from, absl::UTCTimeZone()));
  return c;
}

ChangeRequest On(Day today, Day from, const std::string& reason = "inspection") {
  ChangeRequest r;
  r.today = today;
  r.effective_from = from;
  r.reason = reason;
  r.actor = "council@md";
  r.now = absl::FromCivil(today, absl::UTCTimeZone());
  return r;
}

TEST(CertificateNumber, CountryYearAndSixDigitsAtLeast) {
  EXPECT_EQ(CertificateNumber("MD", 2026, 123), "MD-2026-000123");
  EXPECT_EQ(CertificateNumber("GE", 2027, 1234567), "GE-2027-1234567");
  EXPECT_EQ(CertificateSequence("MD", 2026), "certificates/MD-2026");
  EXPECT_EQ(CertificateName("MD-2026-000123"), "certificates/md-2026-000123");
}

TEST(IssueValidity, MonthsOfTheKindLessOneDay) {
  const v1::CountryPolicy md = Moldova();
  Validity initial = IssueValidity(v1::INITIAL, md, Day(2026, 3, 15), {});
  EXPECT_EQ(initial.from, Day(2026, 3, 15));
  EXPECT_EQ(initial.to, Day(2027, 3, 14));
  Validity periodic = IssueValidity(v1::PERIODIC, md, Day(2026, 3, 15), {});
  EXPECT_EQ(periodic.to, Day(2031, 3, 14));
  // The end of a month: one month from 31 January is 28 February, less a day.
  v1::CountryPolicy monthly = md;
  monthly.set_initial_validity_months(1);
  EXPECT_EQ(IssueValidity(v1::INITIAL, monthly, Day(2026, 1, 31), {}).to, Day(2026, 2, 27));
  // 29 February plus a year.
  EXPECT_EQ(IssueValidity(v1::INITIAL, md, Day(2028, 2, 29), {}).to, Day(2029, 2, 27));
}

TEST(IssueValidity, AProvisionalOneEndsWithTheLastDeadlineWithinItsMonths) {
  v1::CorrectiveAction a, b;
  a.set_deadline("2026-06-30");
  b.set_deadline("2026-09-30");
  EXPECT_EQ(IssueValidity(v1::PROVISIONAL, Moldova(), Day(2026, 3, 15), {a, b}).to,
            Day(2026, 9, 30));
  v1::CorrectiveAction late;
  late.set_deadline("2028-01-01");
  EXPECT_EQ(IssueValidity(v1::PROVISIONAL, Moldova(), Day(2026, 3, 15), {late}).to,
            Day(2027, 3, 14));
}

TEST(StateOn, ActiveWithinItsValidityExpiredAfter) {
  const v1::Certificate c = Issue("MD-2026-000001", Day(2026, 3, 15));
  EXPECT_EQ(StateOn(c, Day(2026, 3, 14)), v1::CERTIFICATE_STATE_UNSPECIFIED);
  EXPECT_EQ(StateOn(c, Day(2026, 3, 15)), v1::ACTIVE);
  EXPECT_EQ(StateOn(c, Day(2027, 3, 14)), v1::ACTIVE);
  EXPECT_EQ(StateOn(c, Day(2027, 3, 15)), v1::EXPIRED);
}

TEST(StateOn, ASuspensionRecordedAfterADateLeavesThatDatesAnswer) {
  v1::Certificate c = Issue("MD-2026-000001", Day(2026, 3, 15));
  const Day audited = Day(2026, 5, 10);
  ASSERT_EQ(StateOn(c, audited), v1::ACTIVE);
  // Suspended in June for a month; the May answer stands.
  ChangeRequest june = On(Day(2026, 6, 1), Day(2026, 6, 1));
  june.effective_to = Day(2026, 6, 30);
  ASSERT_TRUE(SuspendCertificate(june, &c).ok());
  EXPECT_EQ(StateOn(c, audited), v1::ACTIVE);
  EXPECT_EQ(StateOn(c, Day(2026, 6, 1)), v1::SUSPENDED);
  EXPECT_EQ(StateOn(c, Day(2026, 6, 30)), v1::SUSPENDED);
  EXPECT_EQ(StateOn(c, Day(2026, 7, 1)), v1::ACTIVE) << "the suspension had an end";
  EXPECT_FALSE(CertificateInForce(c, Day(2026, 6, 15)));
}

TEST(StateOn, AnOpenSuspensionLastsUntilReinstated) {
  v1::Certificate c = Issue("MD-2026-000001", Day(2026, 3, 15));
  ASSERT_TRUE(SuspendCertificate(On(Day(2026, 6, 1), Day(2026, 6, 1)), &c).ok());
  EXPECT_EQ(StateOn(c, Day(2026, 12, 1)), v1::SUSPENDED);
  ASSERT_TRUE(ReinstateCertificate(On(Day(2026, 8, 1), Day(2026, 8, 10), "fixed"), &c).ok());
  EXPECT_EQ(StateOn(c, Day(2026, 8, 9)), v1::SUSPENDED);
  EXPECT_EQ(StateOn(c, Day(2026, 8, 10)), v1::ACTIVE);
  EXPECT_EQ(StateOn(c, Day(2026, 6, 15)), v1::SUSPENDED) << "June's answer kept";
  // A second suspension later on still counts after the reinstatement.
  ChangeRequest again = On(Day(2026, 10, 1), Day(2026, 10, 1));
  again.effective_to = Day(2026, 10, 31);
  ASSERT_TRUE(SuspendCertificate(again, &c).ok());
  EXPECT_EQ(StateOn(c, Day(2026, 10, 15)), v1::SUSPENDED);
  EXPECT_EQ(StateOn(c, Day(2026, 11, 1)), v1::ACTIVE);
}

TEST(StateOn, AWithdrawalEndsItFromItsDateOnly) {
  v1::Certificate c = Issue("MD-2026-000001", Day(2026, 3, 15));
  ASSERT_TRUE(SuspendCertificate(On(Day(2026, 6, 1), Day(2026, 6, 1)), &c).ok());
  ASSERT_TRUE(WithdrawCertificate(On(Day(2026, 7, 1), Day(2026, 7, 1), "fraud"), &c).ok());
  EXPECT_EQ(StateOn(c, Day(2026, 5, 1)), v1::ACTIVE);
  EXPECT_EQ(StateOn(c, Day(2026, 6, 20)), v1::SUSPENDED);
  EXPECT_EQ(StateOn(c, Day(2026, 7, 1)), v1::WITHDRAWN);
  EXPECT_EQ(StateOn(c, Day(2028, 1, 1)), v1::WITHDRAWN) << "withdrawn, not expired";
  // Nothing follows a withdrawal.
  absl::Status s = SuspendCertificate(On(Day(2026, 7, 2), Day(2026, 7, 2)), &c);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("is WITHDRAWN on 2026-07-02"));
}

TEST(Changes, AreNeverBackdatedAndNeedAReason) {
  v1::Certificate c = Issue("MD-2026-000001", Day(2026, 3, 15));
  absl::Status s = SuspendCertificate(On(Day(2026, 6, 10), Day(2026, 6, 1)), &c);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("effective_from: 2026-06-01 is before today (2026-06-10)"));
  EXPECT_EQ(WithdrawCertificate(On(Day(2026, 6, 10), Day(2026, 6, 10), ""), &c).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReinstateCertificate(On(Day(2026, 6, 10), Day(2026, 6, 10), "ok"), &c).code(),
            absl::StatusCode::kFailedPrecondition)
      << "only a suspended certificate is reinstated";
  ChangeRequest inverted = On(Day(2026, 6, 10), Day(2026, 6, 20));
  inverted.effective_to = Day(2026, 6, 19);
  EXPECT_EQ(SuspendCertificate(inverted, &c).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(c.history_size(), 1) << "refused changes leave the history as it was";
}

TEST(Renew, ARenewalAcrossADateAnswersEachSideByItsCertificate) {
  v1::Certificate first = Issue("MD-2026-000001", Day(2026, 3, 15));
  // Periodic accreditation decided 2027-02-01: the new certificate from that day.
  v1::Certificate second = Issue("MD-2027-000004", Day(2027, 2, 1), 60);
  second.set_kind(v1::PERIODIC);
  ASSERT_TRUE(RenewCertificate(On(Day(2027, 2, 1), Day(2027, 2, 1), "periodic accreditation"),
                               second.name(), &first)
                  .ok());
  EXPECT_EQ(first.renewed_by(), "certificates/MD-2027-000004");
  EXPECT_EQ(StateOn(first, Day(2027, 1, 31)), v1::ACTIVE);
  EXPECT_EQ(StateOn(first, Day(2027, 2, 1)), v1::RENEWED);

  const std::vector<v1::Certificate> both = {second, first};
  v1::CheckAccreditationResponse before = Check(both, "day-care", Day(2027, 1, 31));
  EXPECT_TRUE(before.accredited());
  EXPECT_EQ(before.certificate().name(), "certificates/MD-2026-000001");
  v1::CheckAccreditationResponse after = Check(both, "day-care", Day(2027, 2, 1));
  EXPECT_TRUE(after.accredited());
  EXPECT_EQ(after.certificate().name(), "certificates/MD-2027-000004");
  ASSERT_EQ(after.history_size(), 2);
  EXPECT_EQ(after.history(0).certificate(), "certificates/MD-2026-000001") << "oldest first";
  EXPECT_EQ(after.history(0).state_on_date(), v1::RENEWED);
  EXPECT_EQ(after.history(1).state_on_date(), v1::ACTIVE);
  // Renewed once only.
  EXPECT_EQ(
      RenewCertificate(On(Day(2027, 2, 2), Day(2027, 2, 2), "again"), "certificates/x", &first)
          .code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(Renew, AnExpiredCertificateOnlyRecordsItsSuccessor) {
  v1::Certificate first = Issue("MD-2026-000001", Day(2026, 3, 15));
  ASSERT_TRUE(RenewCertificate(On(Day(2027, 6, 1), Day(2027, 6, 1), "periodic"),
                               "certificates/MD-2027-000009", &first)
                  .ok());
  EXPECT_EQ(first.history_size(), 1);
  EXPECT_EQ(StateOn(first, Day(2027, 6, 1)), v1::EXPIRED);
}

TEST(Check, NoAndWhyForOtherTypesDatesBeforeAndSuspensions) {
  v1::Certificate c = Issue("MD-2026-000001", Day(2026, 3, 15));
  ASSERT_TRUE(SuspendCertificate(On(Day(2026, 6, 1), Day(2026, 6, 1)), &c).ok());
  v1::CheckAccreditationResponse other = Check({c}, "home-care", Day(2026, 5, 1));
  EXPECT_FALSE(other.accredited());
  EXPECT_THAT(other.history(), IsEmpty());
  EXPECT_FALSE(other.has_certificate());

  v1::CheckAccreditationResponse early = Check({c}, "day-care", Day(2026, 3, 1));
  EXPECT_FALSE(early.accredited());
  EXPECT_FALSE(early.has_certificate()) << "nothing issued on or before the date";
  ASSERT_EQ(early.history_size(), 1);
  EXPECT_EQ(early.history(0).state_on_date(), v1::CERTIFICATE_STATE_UNSPECIFIED);

  v1::CheckAccreditationResponse suspended = Check({c}, "day-care", Day(2026, 6, 2));
  EXPECT_FALSE(suspended.accredited());
  EXPECT_EQ(suspended.certificate().name(), c.name());
  EXPECT_EQ(suspended.state_on_date(), v1::SUSPENDED);
  EXPECT_EQ(suspended.date(), "2026-06-02");
}

TEST(RecordExpiry, OnceTheDayAfterValidToAndNotAfterAWithdrawal) {
  v1::Certificate c = Issue("MD-2026-000001", Day(2026, 3, 15));
  EXPECT_FALSE(RecordExpiry(Day(2027, 3, 14), absl::Now(), &c));
  EXPECT_TRUE(RecordExpiry(Day(2027, 3, 20), absl::Now(), &c));
  EXPECT_EQ(c.history().rbegin()->state(), v1::EXPIRED);
  EXPECT_EQ(c.history().rbegin()->effective_from(), "2027-03-15");
  EXPECT_FALSE(RecordExpiry(Day(2027, 3, 21), absl::Now(), &c)) << "recorded once";

  v1::Certificate withdrawn = Issue("MD-2026-000002", Day(2026, 3, 15));
  ASSERT_TRUE(WithdrawCertificate(On(Day(2026, 4, 1), Day(2026, 4, 1), "fraud"), &withdrawn).ok());
  EXPECT_FALSE(RecordExpiry(Day(2027, 3, 20), absl::Now(), &withdrawn));
}

TEST(DueExpiryAlerts, EachThresholdOnceWhileInForce) {
  v1::Certificate c = Issue("MD-2026-000001", Day(2026, 3, 15));  // to 2027-03-14
  const std::vector<int32_t> thresholds = {90, 30, 0};
  EXPECT_THAT(DueExpiryAlerts(c, Day(2026, 12, 13), thresholds), IsEmpty()) << "91 days left";
  EXPECT_THAT(DueExpiryAlerts(c, Day(2026, 12, 14), thresholds), ElementsAre(90));
  c.add_expiry_alerts_sent(90);
  EXPECT_THAT(DueExpiryAlerts(c, Day(2027, 1, 1), thresholds), IsEmpty());
  EXPECT_THAT(DueExpiryAlerts(c, Day(2027, 2, 12), thresholds), ElementsAre(30));
  c.add_expiry_alerts_sent(30);
  EXPECT_THAT(DueExpiryAlerts(c, Day(2027, 3, 14), thresholds), ElementsAre(0));
  EXPECT_EQ(DaysLeft(c, Day(2027, 3, 14)), 0);
  EXPECT_THAT(DueExpiryAlerts(c, Day(2027, 3, 15), thresholds), IsEmpty()) << "expired";
}

// The body's change requests are checked before anything is read, and its transitions record the
// change and show the standing on the day.
TEST(CertificateChanges, RequestsAreCheckedAndTransitionsRecordTheChange) {
  auto bad = MakeChangeRequest("", "2026-13-01", "soon", "council@md", At(2026, 3, 20));
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("effective_from"));
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("effective_to"));
  EXPECT_THAT(bad.status().message(), ::testing::HasSubstr("reason"));
  auto request = MakeChangeRequest("premises closed", "", "", "council@md", At(2026, 3, 20));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->effective_from, Day(2026, 3, 20));
  records::Transition<v1::Certificate> suspend =
      CertificateChangeTransition(CertificateChangeKind::kSuspend, *request);
  v1::Certificate c = Issue("MD-2026-000001", Day(2026, 3, 15));
  EXPECT_EQ(suspend.event, "suspended");
  EXPECT_EQ(suspend.authorize(ProviderStaff(), c).code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(suspend.authorize(Body(), c).ok());
  ASSERT_TRUE(suspend.effect(c).ok());
  EXPECT_EQ(c.state(), v1::SUSPENDED);
  EXPECT_EQ(c.history_size(), 2);
}

// What the days change is the scheduler's alone, each change once.
TEST(ScheduledChanges, TheSchedulerRecordsExpiryAndEachAlertOnce) {
  Principal job;
  job.subject = "services/accreditation/certificate-scheduler";
  job.background_job = true;
  EXPECT_TRUE(AuthorizeScheduler(job).ok());
  EXPECT_EQ(AuthorizeScheduler(Body()).code(), absl::StatusCode::kPermissionDenied);

  v1::Certificate c = Issue("MD-2026-000001", Day(2026, 3, 15));  // valid to 2027-03-14
  c.set_state(v1::ACTIVE);
  bool expired = false;
  EXPECT_FALSE(StandingChanges(c, Day(2026, 6, 1), At(2026, 6, 1), &expired));
  EXPECT_TRUE(StandingChanges(c, Day(2027, 3, 15), At(2027, 3, 15), &expired));
  EXPECT_TRUE(expired);
  records::Transition<v1::Certificate> standing =
      StandingTransition(true, Day(2027, 3, 15), At(2027, 3, 15));
  EXPECT_EQ(standing.event, "expired");
  ASSERT_TRUE(standing.effect(c).ok());
  EXPECT_EQ(c.state(), v1::EXPIRED);

  v1::Certificate running = Issue("MD-2026-000002", Day(2026, 3, 15));
  running.set_state(v1::ACTIVE);
  auto alert = ExpiryAlertTransition(30, Day(2027, 3, 1), {30, 7});
  ASSERT_TRUE(alert.effect(running).ok());
  EXPECT_EQ(running.expiry_alerts_sent_size(), 1);
  EXPECT_EQ(alert.effect(running).code(), absl::StatusCode::kFailedPrecondition) << "sent already";
}

}  // namespace
}  // namespace civitas::accreditation
