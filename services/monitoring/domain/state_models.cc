#include "services/monitoring/domain/state_models.h"

namespace civitas::monitoring {

const records::StateModel<v1::Category>& CategoryStates() {
  static const records::StateModel<v1::Category> kStates{
      v1::CATEGORY_ACTIVE, {v1::CATEGORY_ACTIVE}, v1::CATEGORY_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::Indicator>& IndicatorStates() {
  static const records::StateModel<v1::Indicator> kStates{
      v1::INDICATOR_ACTIVE, {v1::INDICATOR_ACTIVE}, v1::INDICATOR_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::DataSet>& DataSetStates() {
  static const records::StateModel<v1::DataSet> kStates{
      v1::DATA_SET_ACTIVE, {v1::DATA_SET_ACTIVE}, v1::DATA_SET_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::Target>& TargetStates() {
  static const records::StateModel<v1::Target> kStates{
      v1::TARGET_ACTIVE, {v1::TARGET_ACTIVE}, v1::TARGET_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::Submission>& SubmissionStates() {
  static const records::StateModel<v1::Submission> kStates{
      v1::SUBMISSION_OPEN, {v1::SUBMISSION_OPEN}, std::nullopt};
  return kStates;
}

}  // namespace civitas::monitoring
