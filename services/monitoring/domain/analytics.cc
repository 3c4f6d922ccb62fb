#include "services/monitoring/domain/analytics.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "civitas/grants/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/resource_names.h"
#include "libs/common/field_violations.h"
#include "services/monitoring/domain/access_policy.h"
#include "services/monitoring/domain/aggregation.h"
#include "services/monitoring/domain/codes.h"
#include "services/monitoring/domain/data_sets.h"
#include "services/monitoring/domain/indicators.h"
#include "services/monitoring/domain/submissions.h"
#include "services/monitoring/domain/targets.h"
#include "services/monitoring/domain/totals.h"

namespace civitas::monitoring {
namespace {

constexpr int kMaxAskedIndicators = 20;
constexpr int kMaxAskedOrgUnits = 50;
constexpr int kMaxAskedPeriods = 50;
constexpr int kMaxAskedOptions = 10;

// The list without repeats, in first-asked order (each row once).
template <typename T, typename Key>
void Dedupe(std::vector<T>* list, Key key) {
  std::set<std::string> seen;
  std::erase_if(*list, [&](const T& item) { return !seen.insert(key(item)).second; });
}

template <typename List>
void CheckCount(const List& list, int most, const std::string& field, Violations* v) {
  if (list.empty() || list.size() > most) {
    v->Add(field, absl::StrCat("must name 1 to ", most));
  }
}

}  // namespace

absl::StatusOr<AnalyticsQuestion> ParseAnalyticsQuestion(const v1::GetAnalyticsRequest& request) {
  Violations v;
  AnalyticsQuestion q;
  for (int i = 0; i < request.indicators_size(); ++i) {
    if (!aip::IsNameOf<v1::Indicator>(request.indicators(i))) {
      v.Add(absl::StrCat("indicators[", i, "]"),
            "must be an indicator's name, indicators/{indicator}");
    }
    q.indicators.push_back(request.indicators(i));
  }
  for (int i = 0; i < request.org_units_size(); ++i) {
    if (!IsOrgUnitName(request.org_units(i))) {
      v.Add(absl::StrCat("org_units[", i, "]"),
            "must be territories/{territory} or organizations/{organization}");
    }
    q.org_units.push_back(request.org_units(i));
  }
  for (int i = 0; i < request.periods_size(); ++i) {
    absl::StatusOr<Period> p = ParsePeriod(request.periods(i));
    if (p.ok()) {
      q.periods.push_back(*p);
    } else {
      v.Add(absl::StrCat("periods[", i, "]"), std::string(p.status().message()));
    }
  }
  if (request.category_options_size() > kMaxAskedOptions) {
    v.Add("category_options", absl::StrCat("at most ", kMaxAskedOptions, " options"));
  }
  for (int i = 0; i < request.category_options_size(); ++i) {
    if (!IsMetadataCode(request.category_options(i))) {
      v.Add(absl::StrCat("category_options[", i, "]"),
            "must be an option's code: upper-case letters, digits and underscores");
    }
    q.options.push_back(request.category_options(i));
  }
  if (!request.attribution().empty() &&
      !aip::IsNameOf<grants::v1::Programme>(request.attribution()) &&
      !aip::IsNameOf<grants::v1::Grant>(request.attribution())) {
    v.Add("attribution", "must be programmes/{programme} or grants/{grant}");
  }
  q.attribution = request.attribution();
  q.accepted_only = request.accepted_only();
  // Repeats are asked once: the bounds count what is asked.
  auto itself = [](const std::string& s) { return s; };
  Dedupe(&q.indicators, itself);
  Dedupe(&q.org_units, itself);
  Dedupe(&q.periods, [](const Period& p) { return p.code; });
  CheckCount(q.indicators, kMaxAskedIndicators, "indicators", &v);  // field name
  CheckCount(q.org_units, kMaxAskedOrgUnits, "org_units", &v);
  // A malformed period is not in q.periods: the count is of the request's.
  if (request.periods().empty() || q.periods.size() > kMaxAskedPeriods) {
    CheckCount(q.periods, kMaxAskedPeriods, "periods", &v);
  }
  if (!v.empty()) return v.ToStatus();
  return q;
}

bool NeedsPath(const Principal& p, const std::string& org_unit) {
  if (p.anonymous() || DefinesMetadata(p) || p.HasRole(kRoleWarehouse)) return false;
  if (p.organization == org_unit) return false;
  return p.HasRole(kRoleMunicipality);
}

absl::Status AuthorizeAnalytics(const Principal& p, const std::string& org_unit,
                                const std::vector<std::string>& path) {
  if (p.anonymous()) return absl::UnauthenticatedError("analytics need a credential");
  if (ReadsOrgUnit(p, org_unit, path)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("the figures of ", org_unit, " are not yours to read"));
}

bool IsPublicOrgUnit(const std::string& org_unit) {
  return aip::IsNameOf<registry::v1::Territory>(org_unit);
}

absl::Status AuthorizePublicOrgUnits(const AnalyticsQuestion& question) {
  for (size_t i = 0; i < question.org_units.size(); ++i) {
    if (!IsPublicOrgUnit(question.org_units[i])) {
      return absl::UnauthenticatedError(absl::StrCat(
          "org_units[", i, "]: ", question.org_units[i],
          " needs a credential: without one, analytics are published totals of territories"));
    }
  }
  return absl::OkStatus();
}

absl::Status AuthorizePublicIndicators(const std::vector<v1::Indicator>& asked) {
  for (const v1::Indicator& indicator : asked) {
    if (!indicator.published()) {
      return absl::UnauthenticatedError(
          absl::StrCat(indicator.name(), " is not published: its figures need a credential"));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> MeasuredBehind(const std::vector<v1::Indicator>& asked) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  auto add = [&](const std::string& name) {
    if (seen.insert(name).second) out.push_back(name);
  };
  for (const v1::Indicator& indicator : asked) {
    if (!IsRatio(indicator)) {
      add(indicator.name());
      continue;
    }
    for (const auto* side : {&indicator.numerator(), &indicator.denominator()}) {
      for (const v1::ExpressionTerm& term : side->terms()) add(term.indicator());
    }
  }
  return out;
}

std::vector<std::string> TotalsKeysFor(const v1::Indicator& indicator, const std::string& org_unit,
                                       const Period& period) {
  // Figures are kept by the year they roll up to (a week by its Thursday's): the years the
  // period's days lie in cover it.
  std::vector<std::string> keys;
  const std::string id = aip::IdIn<v1::Indicator>(indicator.name());
  const bool fine = IsFinePeriod(period.type) || TotalledOf(indicator).keeps_leaves;
  for (int64_t year = period.first.year(); year <= period.last.year(); ++year) {
    const std::string code = absl::StrCat(year);
    keys.push_back(TotalsKey(id, org_unit, code));
    if (fine) keys.push_back(FineTotalsKey(id, org_unit, code));
  }
  return keys;
}

std::vector<v1::AnalyticsRow> AnswerQuestion(const AnalyticsQuestion& question,
                                             const std::map<std::string, v1::Indicator>& indicators,
                                             const std::map<std::string, Totals>& totals) {
  std::vector<v1::AnalyticsRow> rows;
  for (const std::string& org_unit : question.org_units) {
    for (const Period& period : question.periods) {
      TotalsQuery query{period, question.options, std::nullopt, question.accepted_only};
      if (!question.attribution.empty()) query.attribution = question.attribution;
      auto answer = [&](const v1::Indicator& measured) {
        std::vector<const Totals*> hashes;
        for (const std::string& key : TotalsKeysFor(measured, org_unit, period)) {
          auto it = totals.find(key);
          if (it != totals.end()) hashes.push_back(&it->second);
        }
        return AnswerFromTotals(measured, hashes, query);
      };
      for (const std::string& name : question.indicators) {
        auto asked = indicators.find(name);
        if (asked == indicators.end()) continue;
        v1::AnalyticsRow row;
        row.set_indicator(name);
        row.set_org_unit(org_unit);
        row.set_period(period.code);
        if (!IsRatio(asked->second)) {
          TotalsAnswer a = answer(asked->second);
          if (!a.value.has_value()) continue;
          row.set_value(*a.value);
          row.set_figures(a.figures);
        } else {
          std::map<std::string, double> values;
          int64_t figures = 0;
          for (const std::string& term : MeasuredBehind({asked->second})) {
            auto measured = indicators.find(term);
            if (measured == indicators.end() || IsRatio(measured->second)) continue;
            TotalsAnswer a = answer(measured->second);
            if (!a.value.has_value()) continue;
            values[term] = *a.value;
            figures += a.figures;
          }
          std::optional<double> ratio = RatioValue(asked->second, values);
          if (!ratio.has_value()) continue;
          row.set_value(*ratio);
          row.set_figures(figures);
        }
        // Its target, kept in the asked indicator's hash of the period's year; a target is for
        // all of the org unit's figures, so a row of some options only has none.
        for (const std::string& key : question.options.empty()
                                          ? TotalsKeysFor(asked->second, org_unit, period)
                                          : std::vector<std::string>{}) {
          auto hash = totals.find(key);
          if (hash == totals.end()) continue;
          TargetFigures target =
              TargetIn(hash->second, period.code, question.attribution, asked->second);
          if (!target.target.has_value()) continue;
          row.set_target(*target.target);
          if (target.baseline.has_value()) row.set_baseline(*target.baseline);
          if (std::optional<double> progress = Progress(row.value(), target)) {
            row.set_progress(*progress);
          }
        }
        rows.push_back(std::move(row));
      }
    }
  }
  return rows;
}

}  // namespace civitas::monitoring
