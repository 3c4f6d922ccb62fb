// Values the advocacy domain tests share: a well-formed campaign and activity, callers by their
// part in the campaign, and Walk (what RecordService::Apply does with a transition, without a
// store: tests/shared/walk_transition.h).
#pragma once

#include <string>

#include "absl/strings/str_cat.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/records/transition.h"
#include "tests/shared/walk_transition.h"

namespace civitas::advocacy {

inline v1::Campaign Contracting() {
  v1::Campaign c;
  c.set_name("campaigns/md-contracting");
  (*c.mutable_display_name())["en"] = "Contract social services from CSOs";
  (*c.mutable_policy_ask())["en"] = "Municipalities contract community services from CSOs";
  c.add_decision_makers()->set_office("Minister of Labour and Social Protection");
  c.set_lead_organization("organizations/keystone-md");
  auto* co = c.add_coalition();
  co->set_organization("organizations/aopd-md");
  co->set_role(v1::CO_LEAD);
  auto* member = c.add_coalition();
  member->set_organization("organizations/apscf-md");
  member->set_role(v1::MEMBER);
  auto* supporter = c.add_coalition();
  supporter->set_organization("organizations/ivc-md");
  supporter->set_role(v1::SUPPORTER);
  c.add_territories("territories/md");
  c.set_start_date("2026-01-01");
  c.set_end_date("2026-12-31");
  c.mutable_budget()->set_currency_code("EUR");
  c.mutable_budget()->set_amount_minor(4500000);
  c.set_funding_grant("grants/eu-soros-md");
  c.set_state(v1::CAMPAIGN_PLANNED);
  return c;
}

inline v1::Activity Hearing() {
  v1::Activity a;
  a.set_name("activities/hearing");
  a.set_campaign("campaigns/md-contracting");
  a.set_kind(v1::PUBLIC_HEARING);
  (*a.mutable_title())["en"] = "Public hearing on the local social budget";
  a.set_date("2026-10-01");
  a.add_organizers("organizations/aopd-md");
  auto* aopd = a.add_participants();
  aopd->set_organization("organizations/aopd-md");
  aopd->set_women(2);
  aopd->set_men(2);
  auto* residents = a.add_participants();
  residents->set_women(41);
  residents->set_men(28);
  residents->set_other(6);
  a.set_audience(77);
  a.set_views(5);
  a.set_state(v1::ACTIVITY_RECORDED);
  return a;
}

inline Principal ActingFor(const std::string& organization) {
  Principal p;
  p.subject = "staff@" + organization;
  p.roles = {kRoleCso};
  p.organization = "organizations/" + organization;
  return p;
}

inline Principal Admin() {
  Principal p;
  p.subject = "admin@civitas";
  p.roles = {kRoleAdmin};
  return p;
}

inline std::string Problems(const Violations& v) {
  std::string out;
  for (const auto& i : v.items()) out += i.field + ": " + i.description + "\n";
  return out;
}

using ::civitas::testing::Walk;

}  // namespace civitas::advocacy
