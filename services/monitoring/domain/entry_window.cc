#include "services/monitoring/domain/entry_window.h"

#include "absl/strings/str_cat.h"
#include "services/monitoring/domain/data_sets.h"

namespace civitas::monitoring {
namespace {

std::string Day(absl::CivilDay d) { return PeriodOf(PeriodType::kDay, d).code; }

}  // namespace

absl::Status CheckPeriodOpen(const v1::DataSet& data_set, const Period& period,
                             absl::CivilDay today) {
  const std::optional<PeriodType> type = PeriodTypeOf(data_set.period_type());
  if (!type.has_value() || *type != period.type) {
    return absl::InvalidArgumentError(
        absl::StrCat("period: ", period.code, " is not a period of ", data_set.name(), " (",
                     v1::PeriodType_Name(data_set.period_type()), ")"));
  }
  if (data_set.state() == v1::DATA_SET_ARCHIVED) {
    return absl::FailedPreconditionError(
        absl::StrCat(data_set.name(), " is archived: it takes no figures"));
  }
  Period latest_open = PeriodOf(*type, today);
  for (int i = 0; i < data_set.open_future_periods(); ++i) latest_open = Following(latest_open);
  if (period.first > latest_open.last) {
    return absl::FailedPreconditionError(
        absl::StrCat("period ", period.code, " is in the future: ", data_set.name(), " opens ",
                     data_set.open_future_periods(), " period(s) ahead, up to ", latest_open.code));
  }
  if (data_set.expiry_days() > 0) {
    const absl::CivilDay closes = period.last + data_set.expiry_days();
    if (today > closes) {
      return absl::FailedPreconditionError(
          absl::StrCat("period ", period.code, " closed for entry on ", Day(closes), " (",
                       data_set.expiry_days(), " days after it ended)"));
    }
  }
  return absl::OkStatus();
}

bool OnTime(const v1::DataSet& data_set, const Period& period, absl::CivilDay completed) {
  return completed <= period.last + data_set.timely_days();
}

}  // namespace civitas::monitoring
