#include "services/grants/domain/reports.h"

#include <algorithm>
#include <map>

#include "absl/time/civil_time.h"

namespace civitas::grants {
namespace {

bool Delivered(const v1::Report& r) {
  return r.state() == v1::REPORT_SUBMITTED || r.state() == v1::REPORT_ACCEPTED;
}

absl::CivilDay DayOf(const std::string& date) {
  absl::CivilDay day;
  absl::ParseCivilTime(date, &day);
  return day;
}

}  // namespace

std::vector<OverdueReport> OverdueReports(const v1::Grant& grant,
                                          const std::vector<v1::Report>& reports,
                                          const std::string& today) {
  std::map<int, int> delivered;  // by kind
  for (const v1::Report& r : reports) {
    if (Delivered(r)) ++delivered[r.kind()];
  }
  std::vector<v1::ReportRequirement> requirements(grant.report_requirements().begin(),
                                                  grant.report_requirements().end());
  std::stable_sort(requirements.begin(), requirements.end(),
                   [](const auto& a, const auto& b) { return a.due_date() < b.due_date(); });
  const absl::CivilDay now = DayOf(today);
  std::map<int, int> required;
  std::vector<OverdueReport> out;
  for (const v1::ReportRequirement& req : requirements) {
    const int nth = ++required[req.kind()];
    if (nth <= delivered[req.kind()]) continue;
    const absl::CivilDay due = DayOf(req.due_date());
    if (due < now) out.push_back({req.kind(), req.due_date(), now - due});
  }
  return out;
}

int64_t AcceptedSpending(const std::vector<v1::Report>& reports) {
  int64_t total = 0;
  for (const v1::Report& r : reports) {
    if (r.state() != v1::REPORT_ACCEPTED) continue;
    for (const v1::ExpenditureLine& line : r.expenditure_lines()) {
      total += line.amount().amount_minor();
    }
  }
  return total;
}

}  // namespace civitas::grants
