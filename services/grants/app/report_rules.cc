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
  if (p.anonymous()) return false;
  auto grant = ReadNamed<v1::Grant>(ctx.reads, GrantSpec().collection, report.grant());
  if (!grant.ok() || !grant->has_value()) return p.HasRole(kRoleAdmin);
  if (!p.organization.empty() && p.organization == (*grant)->record.recipient()) return true;
  auto parties = PartiesOfProgramme(ctx.reads, (*grant)->record.programme());
  return parties.ok() && IsProgrammeStaff(p, *parties);
}

absl::Status ReportRules::PrefetchForRead(const records::RuleContext& ctx,
                                          absl::Span<const v1::Report> reports) const {
  std::vector<std::string> grants;
  for (const v1::Report& report : reports) {
    if (std::string id = aip::IdOf(report.grant(), GrantSpec().collection); !id.empty())
      grants.push_back(id);
  }
  if (grants.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto docs, ctx.reads->GetMany(GrantSpec().collection, grants));
  std::vector<std::string> programmes;
  for (const std::optional<StoredDocument>& doc : docs) {
    v1::Grant grant;
    if (doc.has_value() && grant.ParseFromString(doc->payload)) {
      if (std::string id = aip::IdOf(grant.programme(), ProgrammeSpec().collection); !id.empty()) {
        programmes.push_back(id);
      }
    }
  }
  if (programmes.empty()) return absl::OkStatus();
  return ctx.reads->GetMany(ProgrammeSpec().collection, programmes).status();
}

absl::Status ReportRules::Authorize(const records::ChangeContext<v1::Report>& ctx,
                                    const v1::Report& after) const {
  const Principal& p = ctx.caller;
  const v1::Report* before = ctx.before;
  if (p.anonymous()) return absl::UnauthenticatedError("reporting needs a bearer token");
  const v1::Report& report = before != nullptr ? *before : after;
  ASSIGN_OR_RETURN(auto grant,
                   ReadNamed<v1::Grant>(ctx.reads, GrantSpec().collection, report.grant()));
  // A missing grant is LoadReferences' violation.
  if (grant.has_value() &&
      (p.organization.empty() || p.organization != grant->record.recipient())) {
    return absl::PermissionDeniedError(
        absl::StrCat("only people of ", grant->record.recipient(), " write its reports"));
  }
  if (ctx.change == records::Change::kUpdate && before != nullptr &&
      before->state() != v1::REPORT_DRAFT && before->state() != v1::REPORT_REVISION_REQUESTED) {
    return absl::FailedPreconditionError(
        absl::StrCat(before->name(), " is ", v1::ReportState_Name(before->state()),
                     "; reports change while a draft or sent back for revision"));
  }
  return absl::OkStatus();
}

void ReportRules::Validate(const v1::Report*, const v1::Report& after, Violations* v) const {
  ValidateReport(after, v);
}

absl::Status ReportRules::LoadReferences(const records::ChangeContext<v1::Report>& ctx,
                                         v1::Report* report, Violations* v,
                                         std::vector<Reference>* references) {
  const Principal& caller = ctx.caller;
  if (!aip::IsNameOf<v1::Grant>(report->grant())) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto grant,
                   ReadNamed<v1::Grant>(ctx.reads, GrantSpec().collection, report->grant()));
  if (!grant.has_value()) {
    v->Add("report.grant", absl::StrCat(report->grant(), " does not exist"));
    return absl::OkStatus();
  }
  if (grant->record.state() != v1::GRANT_ACTIVE) {
    v->AddPrecondition("report.grant", absl::StrCat(report->grant(), " is ",
                                                    v1::GrantState_Name(grant->record.state()),
                                                    "; it is read-only"));
  }
  // The awarded budget is the grantee's and its programme staff's: anyone else is refused by
  // Authorize, and learns nothing of the budget's categories before.
  auto parties = PartiesOfProgramme(ctx.reads, grant->record.programme());
  const bool party =
      (!caller.organization.empty() && caller.organization == grant->record.recipient()) ||
      (parties.ok() && IsProgrammeStaff(caller, *parties));
  std::set<std::string> categories;
  ASSIGN_OR_RETURN(auto application,
                   ReadNamed<v1::Application>(ctx.reads, ApplicationSpec().collection,
                                              grant->record.application()));
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
