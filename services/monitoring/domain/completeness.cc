#include "services/monitoring/domain/completeness.h"

#include <algorithm>
#include <map>

#include "libs/common/calendar.h"
#include "services/monitoring/domain/access_policy.h"
#include "services/monitoring/domain/approvals.h"
#include "services/monitoring/domain/entry_window.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {

bool SeesCompleteness(const Principal& p) {
  return DefinesMetadata(p) || p.HasRole(kRoleWarehouse) || p.HasRole(kRoleMunicipality);
}

v1::Completeness CompletenessOf(const Principal& p, const v1::DataSet& data_set,
                                const Period& period,
                                const std::vector<v1::Submission>& submissions) {
  std::map<std::string, const v1::Submission*> by_org_unit;
  for (const v1::Submission& s : submissions) by_org_unit[s.org_unit()] = &s;
  const bool sees_all = DefinesMetadata(p) || p.HasRole(kRoleWarehouse);
  v1::Completeness out;
  out.set_data_set(data_set.name());
  out.set_period(period.code);
  for (const std::string& org_unit : data_set.org_units()) {
    auto it = by_org_unit.find(org_unit);
    const v1::Submission* s = it == by_org_unit.end() ? nullptr : it->second;
    if (!sees_all) {
      // A municipality: the submissions it may read; a missing one of its own territories.
      const bool own_territory =
          std::find(p.territories.begin(), p.territories.end(), org_unit) != p.territories.end();
      if (s != nullptr ? !CanReadSubmission(p, *s) : !own_territory) continue;
    }
    v1::OrgUnitCompleteness& row = *out.add_org_units();
    row.set_org_unit(org_unit);
    if (s == nullptr || s->values().empty()) {
      row.set_status(v1::MISSING);
      out.set_missing(out.missing() + 1);
      continue;
    }
    row.set_submission(s->name());
    *row.mutable_first_entry_time() = s->create_time();
    const bool on_time = OnTime(data_set, period, DayOf(FromTimestamp(s->create_time())));
    row.set_status(on_time ? v1::ON_TIME : v1::LATE);
    out.set_reported(out.reported() + 1);
    if (on_time) {
      out.set_on_time(out.on_time() + 1);
    } else {
      out.set_late(out.late() + 1);
    }
  }
  out.set_expected(out.org_units_size());
  return out;
}

}  // namespace civitas::monitoring
