#include "services/grants/domain/applications.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"

namespace civitas::grants {

void ValidateApplication(const v1::Application& a, Violations* v) {
  aip::CheckNameOf<v1::Call>(a.call(), "application.call", true, v);
  aip::CheckNameOf<registry::v1::Organization>(a.applicant(), "application.applicant", true, v);
  std::set<std::string> partners;
  for (int i = 0; i < a.partners_size(); ++i) {
    const std::string field = absl::StrCat("application.partners[", i, "]");
    aip::CheckNameOf<registry::v1::Organization>(a.partners(i), field, true, v);
    if (a.partners(i) == a.applicant()) {
      v->Add(field, "is the applicant itself");
    } else if (!partners.insert(a.partners(i)).second) {
      v->Add(field, "is listed twice");
    }
  }
  aip::CheckLocalizedText(a.title(), "application.title", true, 300, v);
  aip::CheckLocalizedText(a.summary(), "application.summary", false, 10000, v);
  aip::CheckMoney(a.requested_amount(), "application.requested_amount", true, v);
  if (a.has_requested_amount() && a.requested_amount().amount_minor() <= 0) {
    v->Add("application.requested_amount.amount_minor", "must be positive");
  }
  aip::CheckMoney(a.cofinancing(), "application.cofinancing", false, v);
  const std::string& currency = a.requested_amount().currency_code();
  auto same_currency = [&](const common::v1::Money& m, const std::string& field) {
    if (!m.currency_code().empty() && !currency.empty() && m.currency_code() != currency) {
      v->Add(field + ".currency_code", "must be the requested amount's currency");
    }
  };
  same_currency(a.cofinancing(), "application.cofinancing");
  for (int i = 0; i < a.budget_lines_size(); ++i) {
    const std::string field = absl::StrCat("application.budget_lines[", i, "]");
    aip::CheckText(a.budget_lines(i).category(), field + ".category", true, 64, v);
    aip::CheckText(a.budget_lines(i).description(), field + ".description", false, 1000, v);
    aip::CheckMoney(a.budget_lines(i).amount(), field + ".amount", true, v);
    same_currency(a.budget_lines(i).amount(), field + ".amount");
  }
  aip::CheckDate(a.start_date(), "application.start_date", true, v);
  aip::CheckDate(a.end_date(), "application.end_date", true, v);
  if (aip::IsValidDate(a.start_date()) && aip::IsValidDate(a.end_date())) {
    aip::CheckDateRange(a.start_date(), a.end_date(), "application.start_date",
                        "application.end_date", v);
  }
  for (int i = 0; i < a.territories_size(); ++i) {
    aip::CheckNameOf<registry::v1::Territory>(
        a.territories(i), absl::StrCat("application.territories[", i, "]"), true, v);
  }
  aip::CheckEnumList(a.target_groups(), registry::v1::TargetGroup_descriptor(), "target group",
                     "application.target_groups", v);
  for (int i = 0; i < a.service_types_size(); ++i) {
    aip::CheckText(a.service_types(i), absl::StrCat("application.service_types[", i, "]"), true, 64,
                   v);
  }
}

void CheckApplicationCall(const v1::Application& application, const v1::Call& call, Violations* v) {
  if (call.state() != v1::CALL_PUBLISHED) {
    v->AddPrecondition("application.call",
                       absl::StrCat(application.call(), " is ", v1::CallState_Name(call.state()),
                                    "; applications are made to a published call"));
  }
  const std::string& currency = call.envelope().currency_code();
  if (application.requested_amount().currency_code() != currency) {
    v->Add("application.requested_amount.currency_code",
           absl::StrCat("must be the call's currency (", currency, ")"));
  }
}

}  // namespace civitas::grants
