#include "services/grants/app/report_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/reports.h"
#include "services/grants/domain/resource_spec.h"
#include "services/grants/domain/state_models.h"

namespace civitas::grants {
const aip::ResourceSpec& ReportRules::spec() const { return ReportSpec(); }

const records::StateModel<v1::Report>& ReportRules::states() const { return ReportStates(); }

bool ReportRules::CanRead(const records::RuleContext& ctx, const v1::Report& report) const {
  const Principal& p = ctx.caller;
  if (p.anonymous()) return CanReadReport(p, nullptr, nullptr);  // nothing read
  auto grant = ReadNamed<v1::Grant>(ctx.reads, report.grant());
  if (!grant.ok() || !grant->has_value()) return CanReadReport(p, nullptr, nullptr);
  // The grantee's own people need not have the programme read.
  if (CanReadReport(p, &(*grant)->record, nullptr)) return true;
  auto parties = PartiesOfProgramme(ctx.reads, (*grant)->record.programme());
  return parties.ok() && CanReadReport(p, &(*grant)->record, &*parties);
}

absl::Status ReportRules::PrefetchForRead(const records::RuleContext& ctx,
                                          absl::Span<const v1::Report> reports) const {
  std::vector<std::string> grants;
  for (const v1::Report& report : reports) grants.push_back(report.grant());
  ASSIGN_OR_RETURN(const std::vector<v1::Grant> found,
                   records::ReadNamedMany<v1::Grant>(ctx.reads, grants));
  std::vector<std::string> programmes;
  for (const v1::Grant& grant : found) programmes.push_back(grant.programme());
  return records::PrefetchNamed<v1::Programme>(ctx.reads, programmes);
}

absl::Status ReportRules::Authorize(const records::ChangeContext<v1::Report>& ctx,
                                    const v1::Report& after) const {
  // An anonymous caller is refused before anything is read.
  if (ctx.caller.anonymous()) return AuthorizeReportChange(ctx.caller, ctx.change, ctx.before, {});
  const v1::Report& report = ctx.before != nullptr ? *ctx.before : after;
  // A missing grant is LoadReferences' violation.
  ASSIGN_OR_RETURN(auto grant, ReadNamed<v1::Grant>(ctx.reads, report.grant()));
  return AuthorizeReportChange(ctx.caller, ctx.change, ctx.before,
                               grant.has_value() ? &grant->record : nullptr);
}

void ReportRules::Validate(const v1::Report*, const v1::Report& after, Violations* v) const {
  ValidateReport(after, v);
}

absl::Status ReportRules::LoadReferences(const records::ChangeContext<v1::Report>& ctx,
                                         v1::Report* report, Violations* v,
                                         std::vector<Reference>* references) {
  const Principal& caller = ctx.caller;
  if (!aip::IsNameOf<v1::Grant>(report->grant())) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto grant, ReadNamed<v1::Grant>(ctx.reads, report->grant()));
  if (!grant.has_value()) {
    v->Add("report.grant", absl::StrCat(report->grant(), " does not exist"));
    return absl::OkStatus();
  }
  CheckReportGrant(*report, grant->record, v);
  // The awarded budget is the grantee's and its programme staff's: anyone else is refused by
  // Authorize, and learns nothing of the budget's categories before.
  auto parties = PartiesOfProgramme(ctx.reads, grant->record.programme());
  const bool party = CanReadReport(caller, &grant->record, parties.ok() ? &*parties : nullptr);
  std::set<std::string> categories;
  ASSIGN_OR_RETURN(auto application,
                   ReadNamed<v1::Application>(ctx.reads, grant->record.application()));
  if (party && application.has_value()) {
    for (const v1::BudgetLine& line : application->record.budget_lines()) {
      categories.insert(line.category());
    }
  }
  CheckExpenditure(*report, grant->record.amount().currency_code(), categories, v);
  references->push_back(
      records::RefTo<v1::Grant>(aip::IdIn<v1::Grant>(report->grant()), {v1::GRANT_ACTIVE}));
  return absl::OkStatus();
}

}  // namespace civitas::grants
