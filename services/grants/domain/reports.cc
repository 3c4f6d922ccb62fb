#include "services/grants/domain/reports.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"

namespace civitas::grants {
namespace {

constexpr int kMaxExpenditureLines = 500;

bool Delivered(const v1::Report& r) {
  return r.state() == v1::REPORT_SUBMITTED || r.state() == v1::REPORT_ACCEPTED;
}

absl::CivilDay DayOf(const std::string& date) {
  absl::CivilDay day;
  absl::ParseCivilTime(date, &day);
  return day;
}

}  // namespace

std::vector<OverdueReport> OverdueReportsOf(const v1::Grant& grant,
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

std::vector<v1::OverdueReport> OverdueReportRows(const v1::Grant& grant,
                                                 const std::vector<v1::Report>& reports,
                                                 const std::string& today) {
  std::vector<v1::OverdueReport> rows;
  for (const OverdueReport& late : OverdueReportsOf(grant, reports, today)) {
    v1::OverdueReport& o = rows.emplace_back();
    o.set_grant(grant.name());
    o.set_recipient(grant.recipient());
    o.set_kind(late.kind);
    o.set_due_date(late.due_date);
    o.set_days_late(late.days_late);
  }
  return rows;
}

void SortOverdueReports(google::protobuf::RepeatedPtrField<v1::OverdueReport>* rows) {
  std::stable_sort(rows->begin(), rows->end(),
                   [](const auto& a, const auto& b) { return a.due_date() < b.due_date(); });
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

void ValidateReport(const v1::Report& report, Violations* v) {
  aip::CheckNameOf<v1::Grant>(report.grant(), "report.grant", true, v);
  if (report.kind() != v1::INTERIM_REPORT && report.kind() != v1::FINAL_REPORT) {
    v->Add("report.kind", "must be INTERIM_REPORT or FINAL_REPORT");
  }
  aip::CheckDate(report.period_start(), "report.period_start", true, v);
  aip::CheckDate(report.period_end(), "report.period_end", true, v);
  aip::CheckDateRange(report.period_start(), report.period_end(), "report.period_start",
                      "report.period_end", v);
  aip::CheckLocalizedText(report.narrative(), "report.narrative", false, 50000, v);
  aip::CheckText(report.review_comment(), "report.review_comment", false, 2000, v);
  if (report.expenditure_lines_size() > kMaxExpenditureLines) {
    v->Add("report.expenditure_lines",
           absl::StrCat("must hold at most ", kMaxExpenditureLines, " lines"));
    return;
  }
  for (int i = 0; i < report.expenditure_lines_size(); ++i) {
    const v1::ExpenditureLine& line = report.expenditure_lines(i);
    const std::string field = absl::StrCat("report.expenditure_lines[", i, "]");
    aip::CheckText(line.category(), field + ".category", true, 64, v);
    aip::CheckText(line.description(), field + ".description", false, 1000, v);
    aip::CheckMoney(line.amount(), field + ".amount", true, v);
    if (line.has_amount() && line.amount().amount_minor() <= 0) {
      v->Add(field + ".amount.amount_minor", "must be positive");
    }
  }
}

void CheckExpenditure(const v1::Report& report, const std::string& currency,
                      const std::set<std::string>& budget_categories, Violations* v) {
  for (int i = 0; i < report.expenditure_lines_size() && i < kMaxExpenditureLines; ++i) {
    const v1::ExpenditureLine& line = report.expenditure_lines(i);
    const std::string field = absl::StrCat("report.expenditure_lines[", i, "]");
    if (!line.category().empty() && !budget_categories.empty() &&
        !budget_categories.contains(line.category())) {
      v->Add(field + ".category", absl::StrCat("is not a category of the awarded budget (",
                                               absl::StrJoin(budget_categories, ", "), ")"));
    }
    if (!line.amount().currency_code().empty() && line.amount().currency_code() != currency) {
      v->Add(field + ".amount.currency_code",
             absl::StrCat("must be the grant's currency (", currency, ")"));
    }
  }
}

bool IsGrantParty(const Principal& p, const v1::Grant& grant, const ProgrammeParties* parties) {
  if (!p.organization.empty() && p.organization == grant.recipient()) return true;
  return parties != nullptr && IsProgrammeStaff(p, *parties);
}

bool CanReadReport(const Principal& p, const v1::Grant* grant, const ProgrammeParties* parties) {
  if (p.anonymous()) return false;
  if (grant == nullptr) return p.HasRole(kRoleAdmin);
  return IsGrantParty(p, *grant, parties);
}

void CheckReportGrant(const v1::Report& report, const v1::Grant& grant, Violations* v) {
  if (grant.state() == v1::GRANT_ACTIVE) return;
  v->AddPrecondition("report.grant",
                     absl::StrCat(report.grant(), " is ", v1::GrantState_Name(grant.state()),
                                  "; it is read-only"));
}

}  // namespace civitas::grants
