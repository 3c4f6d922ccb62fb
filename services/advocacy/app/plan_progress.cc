#include "services/advocacy/app/plan_progress.h"

#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "libs/records/record.h"
#include "services/advocacy/domain/plan_actions.h"

namespace civitas::advocacy {
namespace {

// Indicators monitoring answers for in one question, and periods.
constexpr int kIndicatorsPerQuestion = 20;
constexpr int kMaxYears = 50;

void Add(std::map<std::string, int64_t>* sums, const common::v1::Money& m) {
  if (!m.currency_code().empty()) (*sums)[m.currency_code()] += m.amount_minor();
}

void Put(const std::map<std::string, int64_t>& sums,
         google::protobuf::RepeatedPtrField<common::v1::Money>* out) {
  for (const auto& [currency, amount] : sums) {
    common::v1::Money& m = *out->Add();
    m.set_currency_code(currency);
    m.set_amount_minor(amount);
  }
}

}  // namespace

absl::StatusOr<v1::PlanProgress> PlanProgressView::Of(const records::Request& r,
                                                      const std::string& name) {
  ASSIGN_OR_RETURN(v1::PlanningCycle cycle, cycles_->Get(r, name));
  ASSIGN_OR_RETURN(
      std::vector<v1::PlanAction> actions,
      records::ScanAll<v1::PlanAction>(r.reads(store_), {absl::StrCat("cycle=", name)}));
  v1::PlanProgress out;
  out.set_cycle(cycle.name());
  out.set_state(cycle.state());
  std::map<std::string, int64_t> budget, awarded, paid;
  std::vector<std::string> indicators;
  std::set<std::string> seen;
  for (const v1::PlanAction& a : actions) {
    if (a.state() == v1::ACTION_ARCHIVED) continue;
    v1::ActionProgress& p = *out.add_actions();
    p.set_action(a.name());
    *p.mutable_title() = a.title();
    p.set_state(a.state());
    *p.mutable_budget() = a.budget();
    if (IsLiveAction(a.state())) Add(&budget, a.budget());
    if (!a.partnership().empty()) {
      p.set_partnership(a.partnership());
      absl::StatusOr<registry::v1::Partnership> contract =
          registry_->GetPartnership(r.call(), a.partnership());
      if (contract.ok()) {
        *p.mutable_contract_value() = contract->total_value();
      } else if (contract.status().code() != absl::StatusCode::kNotFound &&
                 contract.status().code() != absl::StatusCode::kPermissionDenied) {
        return contract.status();
      }
    }
    if (!a.grant().empty()) {
      p.set_grant(a.grant());
      absl::StatusOr<grants::v1::Grant> grant = grants_->GetGrant(r.call(), a.grant());
      if (grant.ok()) {
        *p.mutable_awarded() = grant->amount();
        *p.mutable_paid() = grant->disbursed();
        Add(&awarded, grant->amount());
        Add(&paid, grant->disbursed());
      } else if (grant.status().code() != absl::StatusCode::kNotFound &&
                 grant.status().code() != absl::StatusCode::kPermissionDenied) {
        return grant.status();
      }
    }
    for (const std::string& i : a.indicators()) {
      p.add_indicators()->set_indicator(i);
      if (seen.insert(i).second) indicators.push_back(i);
    }
  }
  Put(budget, out.mutable_budget_total());
  Put(awarded, out.mutable_awarded_total());
  Put(paid, out.mutable_paid_total());
  if (indicators.empty()) return out;
  // Yearly periods from the year before the plan to this year: the latest with figures counts.
  int first = 0, last = 0;
  (void)absl::SimpleAtoi(cycle.period_start_date().substr(0, 4), &first);
  last = static_cast<int>(absl::ToCivilYear(clock_->Now(), absl::UTCTimeZone()).year());
  first = std::max(first - 1, last - kMaxYears + 1);
  std::map<std::string, monitoring::v1::AnalyticsRow> latest;
  for (size_t start = 0; start < indicators.size(); start += kIndicatorsPerQuestion) {
    monitoring::v1::GetAnalyticsRequest q;
    for (size_t i = start; i < indicators.size() && i < start + kIndicatorsPerQuestion; ++i) {
      q.add_indicators(indicators[i]);
    }
    q.add_org_units(cycle.territory());
    for (int year = first; year <= last; ++year) q.add_periods(absl::StrCat(year));
    q.set_accepted_only(true);
    absl::StatusOr<monitoring::v1::Analytics> answer = monitoring_->GetAnalytics(r.call(), q);
    if (!answer.ok()) {
      // An indicator monitoring stopped publishing shows no figure; anything else is the error.
      if (answer.status().code() == absl::StatusCode::kNotFound) continue;
      return answer.status();
    }
    for (const monitoring::v1::AnalyticsRow& row : answer->rows()) {
      if (row.figures() == 0) continue;
      auto& kept = latest[row.indicator()];
      if (kept.period().empty() || row.period() > kept.period()) kept = row;
    }
  }
  for (v1::ActionProgress& p : *out.mutable_actions()) {
    for (v1::IndicatorProgress& i : *p.mutable_indicators()) {
      const auto it = latest.find(i.indicator());
      if (it == latest.end()) continue;
      i.set_period(it->second.period());
      i.set_value(it->second.value());
      i.set_figures(it->second.figures());
      if (it->second.has_target()) i.set_target(it->second.target());
      if (it->second.has_progress()) i.set_progress(it->second.progress());
    }
  }
  return out;
}

}  // namespace civitas::advocacy
