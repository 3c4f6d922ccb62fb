// The register's queries (accredited on a date, expiring soon, overdue corrective actions) and
// the case's reference checks, without I/O.
#include "services/accreditation/domain/register_queries.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/accreditation/domain/cases.h"
#include "services/accreditation/domain/certificates.h"
#include "services/accreditation/domain/resource_spec.h"
#include "tests/unit/accreditation/accreditation_test_values.h"

namespace civitas::accreditation {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Keystone's day-care certificate, valid 2026-01-01 to 2026-12-31.
v1::Certificate KeystoneDayCare(const std::string& number = "MD-2026-000001") {
  const Validity validity{absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 12, 31)};
  v1::Certificate c;
  c.set_name(CertificateName(number));
  c.set_number(number);
  c.set_provider("organizations/keystone");
  c.set_country("MD");
  c.add_service_types("day-care");
  c.set_kind(v1::INITIAL);
  c.set_valid_from("2026-01-01");
  c.set_valid_to("2026-12-31");
  c.set_state(v1::ACTIVE);
  *c.add_history() = Issued(validity, "council@md", At(2026, 1, 1));
  return c;
}

std::vector<aip::FilterTerm> Terms(const std::string& filter, const aip::ResourceSpec& spec) {
  auto terms = aip::ParseFilter(filter, spec);
  EXPECT_TRUE(terms.ok()) << terms.status();
  return terms.ok() ? *terms : std::vector<aip::FilterTerm>{};
}

TEST(CheckAccreditationQuestion, AProviderAServiceTypeAndAnOptionalDate) {
  absl::CivilDay day(2026, 6, 1);
  Violations ok;
  CheckAccreditationQuestion("organizations/keystone", "day-care", "", &day, &ok);
  EXPECT_THAT(Problems(ok), IsEmpty());
  EXPECT_EQ(day, absl::CivilDay(2026, 6, 1)) << "today when no date is asked";
  CheckAccreditationQuestion("organizations/keystone", "day-care", "2025-02-28", &day, &ok);
  EXPECT_EQ(day, absl::CivilDay(2025, 2, 28));
  EXPECT_THAT(Problems(ok), IsEmpty());

  Violations v;
  CheckAccreditationQuestion("keystone", "Day Care!", "2025-02-30", &day, &v);
  EXPECT_THAT(Problems(v), HasSubstr("provider: must be a resource name organizations/"));
  EXPECT_THAT(Problems(v), HasSubstr("service_type: must be a service type code"));
  EXPECT_THAT(Problems(v), HasSubstr("date: must be a date, YYYY-MM-DD"));

  Violations valid_on;
  CheckValidOn("tomorrow", &day, &valid_on);
  EXPECT_THAT(Problems(valid_on), HasSubstr("valid_on: must be a date"));
}

TEST(ExpiringCertificates, DaysBoundsFiltersRowsAndOrder) {
  Violations ok;
  CheckExpiringQuery(90, Terms("country=MD AND service_type=day-care", CertificateSpec()), &ok);
  EXPECT_THAT(Problems(ok), IsEmpty());
  Violations v;
  CheckExpiringQuery(3651, Terms("kind=INITIAL", CertificateSpec()), &v);
  EXPECT_THAT(Problems(v), HasSubstr("within_days: must be 0..3650"));
  EXPECT_THAT(Problems(v),
              HasSubstr("filter: filters on country, provider and service_type only, not kind"));

  const absl::CivilDay today(2026, 11, 1);
  auto soon = ExpiringRowOf(KeystoneDayCare(), today, 60);
  ASSERT_TRUE(soon.has_value());
  EXPECT_EQ(soon->days_left(), 60);
  EXPECT_EQ(soon->certificate().state(), v1::ACTIVE);
  // Stored ACTIVE, suspended from 2026-10-15 to 2026-11-15: listed as it stands today.
  v1::Certificate suspended = KeystoneDayCare();
  ChangeRequest suspension;
  suspension.today = absl::CivilDay(2026, 10, 10);
  suspension.effective_from = absl::CivilDay(2026, 10, 15);
  suspension.effective_to = absl::CivilDay(2026, 11, 15);
  suspension.reason = "inspection";
  suspension.actor = "council@md";
  suspension.now = At(2026, 10, 10);
  ASSERT_TRUE(SuspendCertificate(suspension, &suspended).ok());
  suspended.set_state(v1::ACTIVE);
  auto listed = ExpiringRowOf(suspended, today, 60);
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ(listed->certificate().state(), v1::SUSPENDED) << "the standing today, not as stored";
  EXPECT_FALSE(ExpiringRowOf(KeystoneDayCare(), today, 59).has_value()) << "ends after the window";
  EXPECT_FALSE(ExpiringRowOf(KeystoneDayCare(), absl::CivilDay(2027, 1, 1), 3650).has_value())
      << "already expired: nothing left to renew in time";

  std::vector<v1::ExpiringCertificate> rows = {
      *ExpiringRowOf(KeystoneDayCare("MD-2026-000009"), today, 90),
      *ExpiringRowOf(KeystoneDayCare(), today, 90)};
  v1::Certificate sooner = KeystoneDayCare("MD-2026-000005");
  sooner.set_valid_to("2026-11-30");
  rows.push_back(*ExpiringRowOf(sooner, today, 90));
  SortExpiring(&rows);
  std::vector<std::string> order;
  for (const auto& r : rows) order.push_back(r.certificate().number());
  EXPECT_THAT(order, ElementsAre("MD-2026-000005", "MD-2026-000001", "MD-2026-000009"));
}

TEST(OverdueCorrectiveActions, AsOfFiltersAndOneRowPerOpenActionPastItsDeadline) {
  absl::CivilDay day(2026, 6, 1);
  Violations v;
  CheckOverdueQuery("2026-13-01", Terms("service_type=day-care", CaseSpec()), &day, &v);
  EXPECT_THAT(Problems(v), HasSubstr("as_of: must be a date"));
  EXPECT_THAT(Problems(v), HasSubstr("filter: filters on country and provider only"));

  v1::AccreditationCase c = NewCase();
  c.set_state(v1::CASE_DECIDED);
  c.mutable_decision()->set_certificate("MD-2026-000003");
  auto action = [&](const std::string& id, const std::string& deadline,
                    v1::CorrectiveActionState state) {
    v1::CorrectiveAction* a = c.add_corrective_actions();
    a->set_id(id);
    a->set_deadline(deadline);
    a->set_state(state);
  };
  action("ca1", "2026-05-01", v1::ACTION_OPEN);
  action("ca2", "2026-05-01", v1::ACTION_DONE);
  action("ca3", "2026-06-01", v1::ACTION_OPEN);
  std::vector<v1::OverdueCorrectiveAction> rows = OverdueRowsOf(c, day);
  ASSERT_EQ(rows.size(), 1u) << "completed, or due today, is not overdue";
  EXPECT_EQ(rows[0].case_(), "cases/k1");
  EXPECT_EQ(rows[0].provider(), "organizations/keystone");
  EXPECT_EQ(rows[0].certificate(), "MD-2026-000003");
  EXPECT_EQ(rows[0].action().id(), "ca1");
  EXPECT_EQ(rows[0].days_overdue(), 31);

  action("ca4", "", v1::ACTION_OPEN);
  rows = OverdueRowsOf(c, day);
  ASSERT_EQ(rows.size(), 2u) << "a deadline that does not parse reads as long past";
  EXPECT_EQ(rows[1].action().id(), "ca4");
  EXPECT_EQ(rows[1].days_overdue(), 0) << "its days are unknown, not 20,000";
}

TEST(CheckCompletionDate, TheGivenDayOrToday) {
  absl::CivilDay day(2026, 6, 1);
  Violations v;
  CheckCompletionDate("", &day, &v);
  EXPECT_EQ(day, absl::CivilDay(2026, 6, 1));
  CheckCompletionDate("2026-05-20", &day, &v);
  EXPECT_EQ(day, absl::CivilDay(2026, 5, 20));
  EXPECT_THAT(Problems(v), IsEmpty());
  CheckCompletionDate("2026-05-32", &day, &v);
  EXPECT_THAT(Problems(v), HasSubstr("completed_date: must be a date, YYYY-MM-DD"));
}

TEST(CaseReferences, ItsSocialServicesAndTheCertificateItRenewsAreTheProvidersOwn) {
  v1::AccreditationCase c = NewCase(v1::PERIODIC);
  registry::v1::SocialService own;
  own.set_name("socialServices/keystone-day-care");
  own.set_provider("organizations/keystone");
  own.set_service_type("day-care");
  Violations ok;
  CheckCaseSocialService(c, 0, own, &ok);
  EXPECT_THAT(Problems(ok), IsEmpty());
  registry::v1::SocialService other = own;
  other.set_provider("organizations/aopd");
  other.set_service_type("respite");
  Violations v;
  other.set_name("socialServices/KEYSTONE-DAY-CARE");  // however the registry answers
  CheckCaseSocialService(c, 0, other, &v);
  EXPECT_THAT(Problems(v),
              HasSubstr("case.social_services[0]: socialServices/keystone-day-care "
                        "is provided by organizations/aopd, not organizations/keystone"));
  EXPECT_THAT(Problems(v), HasSubstr("case.social_services[0]: socialServices/keystone-day-care is "
                                     "of service type 'respite', not one of the case's"));

  c.set_renews("certificates/md-2025-000001");
  Violations missing;
  CheckRenewedCertificate(c, nullptr, &missing);
  EXPECT_THAT(Problems(missing),
              HasSubstr("case.renews: certificates/md-2025-000001 does not exist"));
  v1::Certificate theirs = KeystoneDayCare("MD-2025-000001");
  theirs.set_provider("organizations/aopd");
  Violations not_own;
  CheckRenewedCertificate(c, &theirs, &not_own);
  EXPECT_THAT(Problems(not_own),
              HasSubstr("is organizations/aopd's, not organizations/keystone's"));
  const v1::Certificate own_certificate = KeystoneDayCare("MD-2025-000001");
  Violations own_renewal;
  CheckRenewedCertificate(c, &own_certificate, &own_renewal);
  EXPECT_THAT(Problems(own_renewal), IsEmpty());
}

}  // namespace
}  // namespace civitas::accreditation
