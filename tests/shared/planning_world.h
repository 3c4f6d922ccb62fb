// A planning cycle ready for votes, for tests of the advocacy service's use cases: the registry
// (fake) holds a municipality, its territory and the participant organisations; the cycle has
// `needs` needs and one open SCORING round in which every participant organisation votes.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/auth/principal.h"
#include "libs/clients/fake_registry_client.h"
#include "services/advocacy/app/advocacy_records.h"

namespace civitas::advocacy::planning_world {

inline Principal Person(const std::string& subject, const std::string& organization) {
  Principal p;
  p.subject = subject;
  p.roles = {kRoleCso};
  p.organization = organization;
  return p;
}

inline Principal Mayor() {
  Principal p = Person("mayor@pw", "organizations/pw-town");
  p.roles = {kRoleMunicipality};
  p.territories = {"territories/pw"};
  return p;
}

inline std::string Org(int i) { return absl::StrCat("organizations/pw-org-", i); }

inline void Register(clients::FakeRegistryClient* registry, int organizations) {
  registry::v1::Territory t;
  t.set_name("territories/pw");
  registry->Add(t);
  registry::v1::Organization town;
  town.set_name("organizations/pw-town");
  town.set_type(registry::v1::PUBLIC_AUTHORITY);
  town.add_territories("territories/pw");
  registry->Add(town);
  for (int i = 0; i < organizations; ++i) {
    registry::v1::Organization o;
    o.set_name(Org(i));
    o.set_type(registry::v1::CSO);
    registry->Add(o);
  }
}

// The cycle `planningCycles/pw`, its needs `needs/pw-<i>`, and the open round
// `prioritisationRounds/pw` of `organizations` participants; fails the test on any refusal.
inline void OpenRound(AdvocacyRecords* records, int needs, int organizations) {
  const records::Request mayor(Mayor());
  v1::PlanningCycle cycle;
  (*cycle.mutable_display_name())["en"] = "Plan";
  cycle.set_territory("territories/pw");
  cycle.set_municipality("organizations/pw-town");
  cycle.set_period_start_date("2027-01-01");
  cycle.set_period_end_date("2029-12-31");
  auto made = records->cycles.Create(mayor, cycle, "pw", "");
  ASSERT_TRUE(made.ok()) << made.status();
  v1::PrioritisationRound round;
  round.set_cycle("planningCycles/pw");
  (*round.mutable_display_name())["en"] = "Round";
  round.set_method(v1::SCORING);
  for (int i = 0; i < needs; ++i) {
    v1::Need need;
    need.set_cycle("planningCycles/pw");
    need.set_target_group(registry::v1::ELDERLY);
    (*need.mutable_title())["en"] = absl::StrCat("Need ", i);
    auto recorded = records->needs.Create(mayor, need, absl::StrCat("pw-", i), "");
    ASSERT_TRUE(recorded.ok()) << recorded.status();
    round.add_needs(recorded->name());
  }
  auto advanced =
      records->planning.Advance(mayor, "planningCycles/pw", "", v1::CYCLE_PRIORITISATION, "");
  ASSERT_TRUE(advanced.ok()) << advanced.status();
  for (int i = 0; i < organizations; ++i) {
    v1::RoundParticipant& p = *round.add_participants();
    p.set_organization(Org(i));
    p.set_group(i % 2 == 0 ? v1::GROUP_CSO : v1::GROUP_RESIDENTS);
  }
  auto opened = records->rounds.Create(mayor, round, "pw", "");
  ASSERT_TRUE(opened.ok()) << opened.status();
}

}  // namespace civitas::advocacy::planning_world
