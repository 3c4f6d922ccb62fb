#include "services/monitoring/domain/resource_spec.h"

#include "civitas/monitoring/v1/resources.pb.h"

namespace civitas::monitoring {

const aip::ResourceSpec& CategorySpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::Category::descriptor(),
                            {{"code", "code", true, false}, {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& IndicatorSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::Indicator::descriptor(), {{"code", "code", true, false},
                                    {"level", "level", true, false},
                                    {"value_type", "value_type", true, false},
                                    {"category", "categories", true, false},  // field name
                                    {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& DataSetSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::DataSet::descriptor(), {{"code", "code", true, false},
                                  {"period_type", "period_type", true, false},
                                  {"indicator", "indicators", true, false},  // field name
                                  {"org_unit", "org_units", true, false},
                                  {"attribution", "attribution", true, false},
                                  {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& TargetSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::Target::descriptor(), {{"indicator", "indicator", true, false},
                                                       {"org_unit", "org_unit", true, false},
                                                       {"period", "period", true, false},
                                                       {"attribution", "attribution", true, false},
                                                       {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& SubmissionSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::Submission::descriptor(), {{"data_set", "data_set", true, false},
                                                           {"org_unit", "org_unit", true, false},
                                                           {"period", "period", true, false},
                                                           {"state", "state", true, false}}));
  return *kSpec;
}

}  // namespace civitas::monitoring
