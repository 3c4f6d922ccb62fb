#include "services/monitoring/domain/targets.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/aip/resource_names.h"
#include "services/monitoring/domain/access_policy.h"
#include "services/monitoring/domain/approvals.h"
#include "services/monitoring/domain/data_sets.h"
#include "services/monitoring/domain/indicators.h"
#include "services/monitoring/domain/periods.h"
#include "services/monitoring/domain/submissions.h"
#include "services/monitoring/domain/totals.h"
#include "services/monitoring/domain/values.h"

namespace civitas::monitoring {
namespace {

// Fields `T|<period>|<attribution>|t` (the target), `|b` (the baseline), `|p` and `|q` (1 when
// each is set: a value of 0 is not stored).
std::string TargetField(const v1::Target& t, const char* kind) {
  return absl::StrCat("T|", t.period(), "|", t.attribution(), "|", kind);
}

// A ratio's target is a NUMBER; a BOOLEAN's is how many say yes (analytics count them).
v1::ValueType TypeOfTarget(const v1::Indicator& indicator) {
  if (IsRatio(indicator)) return v1::NUMBER;
  return indicator.value_type() == v1::BOOLEAN ? v1::INTEGER : indicator.value_type();
}

void Add(const v1::Target& t, int sign, int64_t scale, std::map<std::string, int64_t>* fields) {
  absl::StatusOr<int64_t> target = ScaledValue(t.target(), scale);
  if (!target.ok()) return;  // canonical values always scale
  (*fields)[TargetField(t, "t")] += sign * *target;
  (*fields)[TargetField(t, "p")] += sign;
  if (!t.baseline().empty()) {
    absl::StatusOr<int64_t> baseline = ScaledValue(t.baseline(), scale);
    if (!baseline.ok()) return;
    (*fields)[TargetField(t, "b")] += sign * *baseline;
    (*fields)[TargetField(t, "q")] += sign;
  }
}

std::string KeyOf(const v1::Target& t) {
  absl::StatusOr<Period> period = ParsePeriod(t.period());
  const std::string year = period.ok() ? RollUp(*period, PeriodType::kYear)->code : "";
  return TotalsKey(aip::IdIn<v1::Indicator>(t.indicator()), t.org_unit(), year);
}

}  // namespace

void ValidateTarget(const v1::Target& t, Violations* v) {
  aip::CheckNameOf<v1::Indicator>(t.indicator(), "target.indicator", true, v);
  if (!IsOrgUnitName(t.org_unit())) {
    v->Add("target.org_unit", "must be territories/{territory} or organizations/{organization}");
  }
  if (absl::StatusOr<Period> p = ParsePeriod(t.period()); !p.ok()) {
    v->Add("target.period", std::string(p.status().message()));
  }
  if (!t.attribution().empty() && !aip::IsNameOf<grants::v1::Programme>(t.attribution()) &&
      !aip::IsNameOf<grants::v1::Grant>(t.attribution())) {
    v->Add("target.attribution", "must be programmes/{programme} or grants/{grant}");
  }
  if (t.target().empty()) v->Add("target.target", "is required");
  if (t.baseline().empty() != t.baseline_period().empty()) {
    v->Add("target.baseline_period", "is given with a baseline, and only then");
  } else if (!t.baseline_period().empty()) {
    if (absl::StatusOr<Period> p = ParsePeriod(t.baseline_period()); !p.ok()) {
      v->Add("target.baseline_period", std::string(p.status().message()));
    }
  }
}

void ValidateTargetChange(const v1::Target& before, const v1::Target& after, Violations* v) {
  auto fixed = [&](bool changed, const std::string& field) {
    if (changed) v->Add("target." + field, "is fixed once created: set another target");
  };
  fixed(before.indicator() != after.indicator(), "indicator");
  fixed(before.org_unit() != after.org_unit(), "org_unit");
  fixed(before.period() != after.period(), "period");
  fixed(before.attribution() != after.attribution(), "attribution");
}

void CanonicalizeTargetPeriods(v1::Target* t) {
  if (absl::StatusOr<Period> p = ParsePeriod(t->period()); p.ok()) t->set_period(p->code);
  if (absl::StatusOr<Period> p = ParsePeriod(t->baseline_period()); p.ok()) {
    t->set_baseline_period(p->code);
  }
}

void CanonicalizeTargetValues(const v1::Indicator& indicator, v1::Target* t, Violations* v) {
  const v1::ValueType type = TypeOfTarget(indicator);
  if (!t->target().empty()) {
    absl::StatusOr<std::string> target = CanonicalValue(type, t->target());
    if (target.ok()) {
      t->set_target(*target);
    } else {
      v->Add("target.target", std::string(target.status().message()));
    }
  }
  if (!t->baseline().empty()) {
    absl::StatusOr<std::string> baseline = CanonicalValue(type, t->baseline());
    if (baseline.ok()) {
      t->set_baseline(*baseline);
    } else {
      v->Add("target.baseline", std::string(baseline.status().message()));
    }
  }
}

bool CanReadTarget(const Principal& p, const v1::Target& t) {
  return ReadsOrgUnit(p, t.org_unit(), {t.org_unit_path().begin(), t.org_unit_path().end()});
}

absl::Status AuthorizeTargetChange(const Principal& p, const v1::Target& t) {
  if (p.anonymous()) return absl::UnauthenticatedError("setting targets needs a bearer token");
  if (DefinesMetadata(p)) return absl::OkStatus();
  if (p.HasRole(kRoleMunicipality) &&
      ApprovesFor(p, {t.org_unit_path().begin(), t.org_unit_path().end()})) {
    return absl::OkStatus();
  }
  if (!p.organization.empty() && p.organization == t.org_unit() &&
      (p.HasRole(kRoleCso) || p.HasRole(kRoleMunicipality))) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "targets of ", t.org_unit(),
      " are set by the ministry, the municipality responsible for it or its own people"));
}

void CheckTargetAttribution(const Principal& p, const v1::Target& target,
                            const std::vector<v1::DataSet>& reporting, Violations* v) {
  if (target.attribution().empty()) return;
  bool any = false;
  for (const v1::DataSet& data_set : reporting) {
    if (data_set.attribution() != target.attribution() || data_set.state() != v1::DATA_SET_ACTIVE) {
      continue;
    }
    any = true;
    if (std::find(data_set.org_units().begin(), data_set.org_units().end(), target.org_unit()) !=
        data_set.org_units().end()) {
      return;
    }
  }
  if (!any) {
    v->Add("target.attribution",
           absl::StrCat("no active data set reports on ", target.attribution()));
  } else if (!DefinesMetadata(p)) {
    v->Add("target.attribution",
           absl::StrCat(target.org_unit(), " does not report on ", target.attribution(),
                        " (no data set of it is assigned to it)"));
  }
}

std::string TargetUniqueValue(const v1::Target& t) {
  return absl::StrCat("key=", t.indicator(), "|", t.org_unit(), "|", t.period(), "|",
                      t.attribution());
}

std::vector<TotalChange> TargetTotals(const v1::Target* before, const v1::Target* after,
                                      const v1::Indicator& indicator) {
  const int64_t scale = TotalScale(TypeOfTarget(indicator));
  std::map<std::string, std::map<std::string, int64_t>> by_key;
  if (before != nullptr) Add(*before, -1, scale, &by_key[KeyOf(*before)]);
  if (after != nullptr) Add(*after, +1, scale, &by_key[KeyOf(*after)]);
  std::vector<TotalChange> out;
  for (const auto& [key, fields] : by_key) {
    for (const auto& [field, delta] : fields) {
      if (delta != 0) out.push_back({key, field, delta});
    }
  }
  return out;
}

TargetFigures TargetIn(const Totals& hash, const std::string& period,
                       const std::string& attribution, const v1::Indicator& indicator) {
  const double scale = static_cast<double>(TotalScale(TypeOfTarget(indicator)));
  auto field = [&](const char* kind) {
    auto it = hash.find(absl::StrCat("T|", period, "|", attribution, "|", kind));
    return it == hash.end() ? 0 : it->second;
  };
  TargetFigures out;
  if (field("p") > 0) out.target = static_cast<double>(field("t")) / scale;
  if (field("q") > 0) out.baseline = static_cast<double>(field("b")) / scale;
  return out;
}

std::optional<double> Progress(double value, const TargetFigures& target) {
  if (!target.target.has_value()) return std::nullopt;
  const double from = target.baseline.value_or(0);
  if (*target.target == from) return std::nullopt;
  return (value - from) / (*target.target - from);
}

}  // namespace civitas::monitoring
