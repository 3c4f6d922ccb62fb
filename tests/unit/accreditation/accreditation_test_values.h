// Values the accreditation domain tests share: principals, a country policy, a two-criterion
// standard, a case at each stage, and a transition applied by hand as RecordService applies it.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/calendar.h"
#include "libs/common/field_violations.h"
#include "libs/records/transition.h"
#include "tests/shared/walk_transition.h"

namespace civitas::accreditation {

inline Principal Body() {
  Principal p;
  p.subject = "council@md";
  p.roles = {kRoleMinistry};
  return p;
}

inline Principal ProviderStaff(const std::string& org = "organizations/keystone") {
  Principal p;
  p.subject = "staff@keystone";
  p.roles = {kRoleCso};
  p.organization = org;
  return p;
}

inline Principal Assessor(const std::string& subject = "assessor-ion") {
  Principal p;
  p.subject = subject;
  p.roles = {kRoleAssessor};
  return p;
}

inline absl::Time At(int y, int m, int d) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, 10, 0, 0), absl::UTCTimeZone());
}

inline v1::CountryPolicy Moldova() {
  v1::CountryPolicy p;
  p.set_name("policies/MD");
  p.set_initial_validity_months(12);
  p.set_periodic_validity_months(60);
  p.set_provisional_validity_months(12);
  return p;
}

// Day care, version `version`: staff (60 %, mandatory, minimum 3 of 5) and premises (40 %, of
// 10), pass score 60 %.
inline v1::QualityStandard DayCare(int version = 1, const std::string& from = "2025-01-01") {
  v1::QualityStandard s;
  s.set_name(absl::StrCat("standards/md-day-care-v", version));
  s.set_country("MD");
  s.set_service_type("day-care");
  s.set_version(version);
  s.set_effective_from(from);
  s.set_pass_score_percent(60);
  s.set_state(v1::STANDARD_PUBLISHED);
  v1::QualityCriterion* staff = s.add_criteria();
  staff->set_id("staff");
  (*staff->mutable_title())["en"] = "Qualified staff";
  staff->set_weight_percent(60);
  staff->set_max_score(5);
  staff->set_mandatory(true);
  staff->set_min_score(3);
  v1::QualityCriterion* premises = s.add_criteria();
  premises->set_id("premises");
  (*premises->mutable_title())["en"] = "Accessible premises";
  premises->set_weight_percent(40);
  premises->set_max_score(10);
  return s;
}

inline v1::StandardScores Scores(int staff, int premises, const std::string& type = "day-care") {
  v1::StandardScores s;
  s.set_service_type(type);
  v1::CriterionScore* a = s.add_scores();
  a->set_criterion("staff");
  a->set_score(staff);
  v1::CriterionScore* b = s.add_scores();
  b->set_criterion("premises");
  b->set_score(premises);
  return s;
}

inline v1::AccreditationCase NewCase(v1::AccreditationKind kind = v1::INITIAL) {
  v1::AccreditationCase c;
  c.set_name("cases/k1");
  c.set_provider("organizations/keystone");
  c.set_country("MD");
  c.set_kind(kind);
  c.add_service_types("day-care");
  c.add_social_services("socialServices/keystone-day-care");
  c.set_state(v1::CASE_INITIATION);
  *c.mutable_create_time() = ToTimestamp(At(2026, 3, 1));
  return c;
}

// Every violation as `field: description` lines, for HasSubstr checks.
inline std::string Problems(const Violations& v) {
  std::string out;
  for (const auto& i : v.items()) out += i.field + ": " + i.description + "\n";
  return out;
}

using ::civitas::testing::Walk;

}  // namespace civitas::accreditation
