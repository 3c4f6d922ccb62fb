#include "services/monitoring/app/data_set_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/monitoring/domain/access_policy.h"
#include "services/monitoring/domain/data_sets.h"
#include "services/monitoring/domain/resource_spec.h"
#include "services/monitoring/domain/state_models.h"

namespace civitas::monitoring {

const aip::ResourceSpec& DataSetRules::spec() const { return DataSetSpec(); }

const records::StateModel<v1::DataSet>& DataSetRules::states() const { return DataSetStates(); }

bool DataSetRules::CanRead(const records::RuleContext&, const v1::DataSet&) const { return true; }

absl::Status DataSetRules::Authorize(const records::ChangeContext<v1::DataSet>& ctx,
                                     const v1::DataSet&) const {
  return AuthorizeMetadataChange(ctx.caller, ctx.change, "defining data sets");
}

void DataSetRules::Validate(const v1::DataSet* before, const v1::DataSet& after,
                            Violations* v) const {
  ValidateDataSet(after, v);
  if (before != nullptr) ValidateDataSetChange(*before, after, v);
}

absl::Status DataSetRules::LoadReferences(const records::ChangeContext<v1::DataSet>& ctx,
                                          v1::DataSet* data_set, Violations* v,
                                          std::vector<Reference>* references) {
  // Archiving keeps what the data set named; an update checks only the indicators it adds (one
  // archived since it was added stays, with its figures).
  if (ctx.change == records::Change::kArchive) return absl::OkStatus();
  RETURN_IF_ERROR(LoadFunder(ctx, data_set, v));
  const std::set<std::string> had =
      ctx.before == nullptr
          ? std::set<std::string>{}
          : std::set<std::string>(ctx.before->indicators().begin(), ctx.before->indicators().end());
  // Every new indicator in one round trip, then each checked from the request's reads.
  std::vector<std::string> names;
  for (const std::string& name : data_set->indicators()) {
    if (!had.contains(name)) names.push_back(name);
  }
  RETURN_IF_ERROR(records::PrefetchNamed<v1::Indicator>(ctx.reads, names));
  for (int i = 0; i < data_set->indicators_size(); ++i) {
    const std::string& name = data_set->indicators(i);
    if (had.contains(name) || !aip::IsNameOf<v1::Indicator>(name)) continue;  // Validate names it
    ASSIGN_OR_RETURN(auto indicator, records::ReadNamed<v1::Indicator>(ctx.reads, name));
    CheckDataSetIndicator(absl::StrCat("data_set.indicators[", i, "]"), name,
                          indicator.has_value() ? &indicator->record : nullptr, v);
    if (indicator.has_value()) {
      references->push_back(
          records::RefTo<v1::Indicator>(aip::IdIn<v1::Indicator>(name), {v1::INDICATOR_ACTIVE}));
    }
  }
  return absl::OkStatus();
}

absl::Status DataSetRules::LoadFunder(const records::ChangeContext<v1::DataSet>& ctx,
                                      v1::DataSet* data_set, Violations* v) {
  const std::string& attribution = data_set->attribution();
  if (attribution.empty()) {
    data_set->clear_attribution_funder();
    return absl::OkStatus();
  }
  // A funder is fixed for good (a programme's is immutable, a grant's programme too): asked once.
  if (ctx.before != nullptr && ctx.before->attribution() == attribution &&
      !ctx.before->attribution_funder().empty()) {
    data_set->set_attribution_funder(ctx.before->attribution_funder());
    return absl::OkStatus();
  }
  if (!aip::IsNameOf<grants::v1::Programme>(attribution) &&
      !aip::IsNameOf<grants::v1::Grant>(attribution)) {
    return absl::OkStatus();  // Validate names it
  }
  absl::StatusOr<std::string> funder = clients::FunderOf(grants_, ctx.call, attribution);
  if (funder.status().code() == absl::StatusCode::kNotFound ||
      funder.status().code() == absl::StatusCode::kPermissionDenied) {
    v->Add("data_set.attribution",
           absl::StrCat(attribution, " is not a published programme or a grant"));
    return absl::OkStatus();
  }
  if (!funder.ok()) return funder.status();
  data_set->set_attribution_funder(*std::move(funder));
  return absl::OkStatus();
}

std::vector<std::string> DataSetRules::UniqueValues(const v1::DataSet& data_set) const {
  return {absl::StrCat("code=", data_set.code())};
}

}  // namespace civitas::monitoring
