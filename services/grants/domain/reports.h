// Report rules: which required reports are overdue, and what an accepted report counts as spent.
// Pure.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "civitas/grants/v1/grants_service.pb.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "services/grants/domain/access_policy.h"

namespace civitas::grants {

struct OverdueReport {
  v1::ReportKind kind;
  std::string due_date;  // YYYY-MM-DD
  int64_t days_late = 0;
};

// The requirements of `grant` whose due date is before `today` (YYYY-MM-DD) and for which no
// report of that kind has been submitted or accepted; the n-th requirement of a kind is met by
// the n-th such report. Ordered by due date.
std::vector<OverdueReport> OverdueReportsOf(const v1::Grant& grant,
                                            const std::vector<v1::Report>& reports,
                                            const std::string& today);

// The same as rows of the overdue-reports list, naming the grant and its recipient.
std::vector<v1::OverdueReport> OverdueReportRows(const v1::Grant& grant,
                                                 const std::vector<v1::Report>& reports,
                                                 const std::string& today);
// Earliest due date first; rows due the same day keep their order (grant by grant).
void SortOverdueReports(google::protobuf::RepeatedPtrField<v1::OverdueReport>* rows);

// The expenditure of the accepted reports, in minor units (what tranche and balance rules count
// as spent).
int64_t AcceptedSpending(const std::vector<v1::Report>& reports);

// A report's own fields: its grant's name, kind, period, narrative, and expenditure lines (each
// with a category and a positive amount).
void ValidateReport(const v1::Report& report, Violations* v);

// Its expenditure against the grant: every line in `currency` (the grant's), under one of
// `budget_categories` (the awarded application's budget lines; any category when it had none).
// A grant's parties: the grantee's own people and the programme's staff (`parties`: nullptr when
// not read, which the grantee's people need not be). They manage the grant and its reports.
bool IsGrantParty(const Principal& p, const v1::Grant& grant, const ProgrammeParties* parties);

// Who reads a grant's reports: the grantee's own people and the programme's staff (`parties`:
// nullptr when not read, which the grantee's people need not be); an admin also when the grant
// is missing (`grant` nullptr). Never anonymous callers.
bool CanReadReport(const Principal& p, const v1::Grant* grant, const ProgrammeParties* parties);

// A report is written on an active grant: a precondition violation under report.grant naming the
// grant's state otherwise.
void CheckReportGrant(const v1::Report& report, const v1::Grant& grant, Violations* v);

void CheckExpenditure(const v1::Report& report, const std::string& currency,
                      const std::set<std::string>& budget_categories, Violations* v);

}  // namespace civitas::grants
