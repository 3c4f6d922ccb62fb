// Report rules: which required reports are overdue, and what an accepted report counts as spent.
// Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "civitas/grants/v1/resources.pb.h"

namespace civitas::grants {

struct OverdueReport {
  v1::ReportKind kind;
  std::string due_date;  // YYYY-MM-DD
  int64_t days_late = 0;
};

// The requirements of `grant` whose due date is before `today` (YYYY-MM-DD) and for which no
// report of that kind has been submitted or accepted; the n-th requirement of a kind is met by
// the n-th such report. Ordered by due date.
std::vector<OverdueReport> OverdueReports(const v1::Grant& grant,
                                          const std::vector<v1::Report>& reports,
                                          const std::string& today);

// The expenditure of the accepted reports, in minor units (what tranche and balance rules count
// as spent).
int64_t AcceptedSpending(const std::vector<v1::Report>& reports);

}  // namespace civitas::grants
