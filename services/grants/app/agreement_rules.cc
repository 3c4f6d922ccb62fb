#include "services/grants/app/agreement_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/common/status_macros.h"
#include "services/grants/app/grants_lookup.h"
#include "services/grants/domain/reports.h"
#include "services/grants/domain/resource_spec.h"

namespace civitas::grants {

// --- Grants ---

const aip::ResourceSpec& GrantRecordRules::spec() const { return GrantSpec(); }

const records::StateModel<v1::Grant>& GrantRecordRules::states() const {
  static const records::StateModel<v1::Grant> kStates{
      v1::GRANT_ACTIVE, {v1::GRANT_ACTIVE}, std::nullopt};
  return kStates;
}

bool GrantRecordRules::CanRead(const Principal&, const v1::Grant&) const { return true; }

absl::Status GrantRecordRules::Authorize(const Principal& p, records::Change change,
                                         const v1::Grant*, const v1::Grant& after) const {
  if (change != records::Change::kCreate) {
    return absl::PermissionDeniedError(
        "grants change only through :payTranche, :recordReturn, :close and accepted reports");
  }
  ASSIGN_OR_RETURN(ProgrammeParties parties, PartiesOfProgramme(store_, after.programme()));
  return AuthorizeProgrammeStaff(p, parties, "making grant agreements");
}

void GrantRecordRules::Validate(const v1::Grant*, const v1::Grant& after, Violations* v) const {
  aip::CheckMoney(after.amount(), "amount", true, v);
  aip::CheckText(after.agreement_number(), "agreement_number", true, 64, v);
}

absl::Status GrantRecordRules::LoadReferences(const Principal& caller, v1::Grant*, Violations*,
                                              std::vector<Reference>*) {
  return absl::OkStatus();
}

std::vector<std::string> GrantRecordRules::UniqueValues(const v1::Grant& grant) const {
  return {absl::StrCat("agreement_number=", grant.agreement_number())};
}

// --- Reports ---

const aip::ResourceSpec& ReportRecordRules::spec() const { return ReportSpec(); }

const records::StateModel<v1::Report>& ReportRecordRules::states() const {
  static const records::StateModel<v1::Report> kStates{
      v1::REPORT_DRAFT, {v1::REPORT_DRAFT}, std::nullopt};
  return kStates;
}

bool ReportRecordRules::CanRead(const Principal& p, const v1::Report& report) const {
  if (p.anonymous()) return false;
  auto grant = ReadNamed<v1::Grant>(store_, "grants", report.grant());
  if (!grant.ok() || !grant->has_value()) return p.HasRole(kRoleAdmin);
  if (!p.organization.empty() && p.organization == (*grant)->record.recipient()) return true;
  auto parties = PartiesOfProgramme(store_, (*grant)->record.programme());
  return parties.ok() && IsProgrammeStaff(p, *parties);
}

absl::Status ReportRecordRules::Authorize(const Principal& p, records::Change change,
                                          const v1::Report* before, const v1::Report& after) const {
  if (p.anonymous()) return absl::UnauthenticatedError("reporting needs a bearer token");
  const v1::Report& report = before != nullptr ? *before : after;
  ASSIGN_OR_RETURN(auto grant, ReadNamed<v1::Grant>(store_, "grants", report.grant()));
  // A missing grant is LoadReferences' violation.
  if (grant.has_value() &&
      (p.organization.empty() || p.organization != grant->record.recipient())) {
    return absl::PermissionDeniedError(
        absl::StrCat("only people of ", grant->record.recipient(), " write its reports"));
  }
  if (change == records::Change::kUpdate && before != nullptr &&
      before->state() != v1::REPORT_DRAFT && before->state() != v1::REPORT_REVISION_REQUESTED) {
    return absl::FailedPreconditionError(
        absl::StrCat(before->name(), " is ", v1::ReportState_Name(before->state()),
                     "; reports change while a draft or sent back for revision"));
  }
  return absl::OkStatus();
}

void ReportRecordRules::Validate(const v1::Report*, const v1::Report& after, Violations* v) const {
  ValidateReport(after, v);
}

absl::Status ReportRecordRules::LoadReferences(const Principal& caller, v1::Report* report,
                                               Violations* v, std::vector<Reference>* references) {
  if (!aip::IsResourceName(report->grant(), "grants")) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto grant, ReadNamed<v1::Grant>(store_, "grants", report->grant()));
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
  auto parties = PartiesOfProgramme(store_, grant->record.programme());
  const bool party =
      (!caller.organization.empty() && caller.organization == grant->record.recipient()) ||
      (parties.ok() && IsProgrammeStaff(caller, *parties));
  std::set<std::string> categories;
  ASSIGN_OR_RETURN(auto application,
                   ReadNamed<v1::Application>(store_, ApplicationSpec().collection,
                                              grant->record.application()));
  if (party && application.has_value()) {
    for (const v1::BudgetLine& line : application->record.budget_lines()) {
      categories.insert(line.category());
    }
  }
  CheckExpenditure(*report, grant->record.amount().currency_code(), categories, v);
  references->push_back({{"grants", aip::IdOf(report->grant(), "grants")}, {"GRANT_ACTIVE"}});
  return absl::OkStatus();
}

}  // namespace civitas::grants
