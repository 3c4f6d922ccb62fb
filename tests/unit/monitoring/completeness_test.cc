// Completeness of a data set for a period, by role, without I/O.
#include "services/monitoring/domain/completeness.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/calendar.h"

namespace civitas::monitoring {
namespace {

Principal Asking(const std::string& role, std::vector<std::string> territories = {}) {
  Principal p;
  p.subject = role + "-user";
  p.roles = {role};
  p.territories = std::move(territories);
  return p;
}

v1::Submission Reported(const std::string& org_unit, absl::Time entered, bool with_values = true) {
  v1::Submission s;
  s.set_name("submissions/" + org_unit.substr(org_unit.find('/') + 1));
  s.set_org_unit(org_unit);
  s.add_org_unit_path("territories/am");
  s.add_org_unit_path("territories/am-su");
  s.add_org_unit_path(org_unit);
  *s.mutable_create_time() = ToTimestamp(entered);
  if (with_values) s.add_values()->set_value("1");
  return s;
}

absl::Time OnDay(int y, int m, int d) {
  return absl::FromCivil(absl::CivilDay(y, m, d), absl::UTCTimeZone());
}

TEST(Completeness, OnTimeLateAndMissingPerOrgUnit) {
  v1::DataSet form;
  form.set_name("dataSets/monthly");
  form.set_period_type(v1::MONTHLY);
  form.set_timely_days(10);
  for (const char* t : {"goris", "kapan", "sisian", "meghri"}) {
    form.add_org_units(std::string("territories/am-su-") + t);
  }
  const Period march = *ParsePeriod("202603");
  const std::vector<v1::Submission> submissions = {
      Reported("territories/am-su-goris", OnDay(2026, 4, 10)),
      Reported("territories/am-su-kapan", OnDay(2026, 4, 11)),
      Reported("territories/am-su-sisian", OnDay(2026, 4, 2), /*with_values=*/false),
      Reported("territories/am-su-tatev", OnDay(2026, 4, 1))};  // no longer assigned
  const v1::Completeness all = CompletenessOf(Asking(kRoleMinistry), form, march, submissions);
  EXPECT_EQ(all.expected(), 4);
  EXPECT_EQ(all.reported(), 2);
  EXPECT_EQ(all.on_time(), 1);
  EXPECT_EQ(all.late(), 1);
  EXPECT_EQ(all.missing(), 2) << "figures all deleted count as missing";
  ASSERT_EQ(all.org_units_size(), 4);
  EXPECT_EQ(all.org_units(0).status(), v1::ON_TIME);
  EXPECT_EQ(all.org_units(0).submission(), "submissions/am-su-goris");
  EXPECT_EQ(all.org_units(1).status(), v1::LATE);
  EXPECT_EQ(all.org_units(2).status(), v1::MISSING);
  EXPECT_EQ(all.org_units(3).org_unit(), "territories/am-su-meghri");

  const v1::Completeness goris = CompletenessOf(
      Asking(kRoleMunicipality, {"territories/am-su-goris"}), form, march, submissions);
  ASSERT_EQ(goris.org_units_size(), 1) << "a municipality sees its own territories";
  EXPECT_EQ(goris.org_units(0).org_unit(), "territories/am-su-goris");
  const v1::Completeness meghri = CompletenessOf(
      Asking(kRoleMunicipality, {"territories/am-su-meghri"}), form, march, submissions);
  ASSERT_EQ(meghri.org_units_size(), 1);
  EXPECT_EQ(meghri.org_units(0).status(), v1::MISSING);
  const v1::Completeness region =
      CompletenessOf(Asking(kRoleMunicipality, {"territories/am-su"}), form, march, submissions);
  EXPECT_EQ(region.reported(), 2) << "the region reads the submissions below it";

  EXPECT_TRUE(SeesCompleteness(Asking(kRoleWarehouse)));
  EXPECT_FALSE(SeesCompleteness(Asking(kRoleCso)));
  EXPECT_FALSE(SeesCompleteness(Principal::Anonymous()));
}

}  // namespace
}  // namespace civitas::monitoring
