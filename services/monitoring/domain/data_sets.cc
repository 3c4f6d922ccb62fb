#include "services/monitoring/domain/data_sets.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "civitas/grants/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "services/monitoring/domain/codes.h"
#include "services/monitoring/domain/indicators.h"

namespace civitas::monitoring {
namespace {

// Each name once; `check` names what a bad one is.
template <typename Check>
void CheckNames(const google::protobuf::RepeatedPtrField<std::string>& names,
                const std::string& field, Check check, Violations* v) {
  std::set<std::string> seen;
  for (int i = 0; i < names.size(); ++i) {
    const std::string at = absl::StrCat(field, "[", i, "]");
    check(names[i], at);
    if (!seen.insert(names[i]).second) v->Add(at, absl::StrCat(names[i], " is named twice"));
  }
}

}  // namespace

void ValidateDataSet(const v1::DataSet& data_set, Violations* v) {
  CheckMetadataCode(data_set.code(), "data_set.code", v);
  aip::CheckLocalizedText(data_set.display_name(), "data_set.display_name", true, 200, v);
  if (!PeriodTypeOf(data_set.period_type()).has_value()) {
    v->Add("data_set.period_type",
           "is required: DAILY, WEEKLY, MONTHLY, QUARTERLY, SIX_MONTHLY or YEARLY");
  }
  if (data_set.indicators().empty() || data_set.indicators_size() > kMaxDataSetIndicators) {
    v->Add("data_set.indicators",
           absl::StrCat("must hold 1 to ", kMaxDataSetIndicators, " indicators"));
  }
  CheckNames(
      data_set.indicators(), "data_set.indicators",
      [&](const std::string& name, const std::string& at) {
        aip::CheckNameOf<v1::Indicator>(name, at, true, v);
      },
      v);
  if (data_set.org_units_size() > kMaxDataSetOrgUnits) {
    v->Add("data_set.org_units",
           absl::StrCat("must hold at most ", kMaxDataSetOrgUnits, " org units"));
  }
  CheckNames(
      data_set.org_units(), "data_set.org_units",
      [&](const std::string& name, const std::string& at) {
        if (!IsOrgUnitName(name)) {
          v->Add(at,
                 absl::StrCat("must be ", aip::CollectionOf<registry::v1::Territory>(), "/{id} or ",
                              aip::CollectionOf<registry::v1::Organization>(), "/{id}"));
        }
      },
      v);
  if (data_set.open_future_periods() < 0 || data_set.open_future_periods() > 12) {
    v->Add("data_set.open_future_periods", "must be 0 to 12");
  }
  if (data_set.expiry_days() < 0 || data_set.expiry_days() > kMaxEntryDays) {
    v->Add("data_set.expiry_days", absl::StrCat("must be 0 to ", kMaxEntryDays));
  }
  if (data_set.timely_days() < 0 || data_set.timely_days() > kMaxEntryDays) {
    v->Add("data_set.timely_days", absl::StrCat("must be 0 to ", kMaxEntryDays));
  }
  const std::string& attribution = data_set.attribution();
  if (!attribution.empty() && !aip::IsNameOf<grants::v1::Programme>(attribution) &&
      !aip::IsNameOf<grants::v1::Grant>(attribution)) {
    v->Add("data_set.attribution",
           absl::StrCat("must be ", aip::CollectionOf<grants::v1::Programme>(), "/{id} or ",
                        aip::CollectionOf<grants::v1::Grant>(), "/{id}"));
  }
}

bool IsOrgUnitName(const std::string& name) {
  return aip::IsNameOf<registry::v1::Territory>(name) ||
         aip::IsNameOf<registry::v1::Organization>(name);
}

void ValidateDataSetChange(const v1::DataSet& before, const v1::DataSet& after, Violations* v) {
  if (after.code() != before.code()) {
    v->Add("data_set.code", absl::StrCat("is fixed once created (", before.code(), ")"));
  }
  if (after.period_type() != before.period_type()) {
    v->Add("data_set.period_type",
           absl::StrCat("is fixed once created (", v1::PeriodType_Name(before.period_type()),
                        "): stored figures are of its periods"));
  }
}

void CheckDataSetIndicator(const std::string& field, const std::string& name,
                           const v1::Indicator* indicator, Violations* v) {
  if (indicator == nullptr) {
    v->Add(field, absl::StrCat(name, " does not exist"));
  } else if (indicator->state() != v1::INDICATOR_ACTIVE) {
    v->AddPrecondition(field, absl::StrCat(name, " is archived"));
  } else if (IsRatio(*indicator)) {
    v->Add(field, absl::StrCat(name, " is a ratio: it is computed, not reported"));
  }
}

std::optional<PeriodType> PeriodTypeOf(v1::PeriodType type) {
  switch (type) {
    case v1::DAILY:
      return PeriodType::kDay;
    case v1::WEEKLY:
      return PeriodType::kWeek;
    case v1::MONTHLY:
      return PeriodType::kMonth;
    case v1::QUARTERLY:
      return PeriodType::kQuarter;
    case v1::SIX_MONTHLY:
      return PeriodType::kHalf;
    case v1::YEARLY:
      return PeriodType::kYear;
    default:
      return std::nullopt;
  }
}

}  // namespace civitas::monitoring
