#include "services/accreditation/domain/state_models.h"

namespace civitas::accreditation {

const records::StateModel<v1::AccreditationCase>& AccreditationCaseStates() {
  static const records::StateModel<v1::AccreditationCase> kStates{
      v1::CASE_INITIATION, {v1::CASE_INITIATION}, v1::CASE_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::Certificate>& CertificateStates() {
  static const records::StateModel<v1::Certificate> kStates{v1::ACTIVE, {v1::ACTIVE}, std::nullopt};
  return kStates;
}

const records::StateModel<v1::CountryPolicy>& CountryPolicyStates() {
  static const records::StateModel<v1::CountryPolicy> kStates{
      v1::POLICY_ACTIVE, {v1::POLICY_ACTIVE}, v1::POLICY_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::QualityStandard>& QualityStandardStates() {
  static const records::StateModel<v1::QualityStandard> kStates{
      v1::STANDARD_DRAFT, {v1::STANDARD_DRAFT}, v1::STANDARD_ARCHIVED};
  return kStates;
}

}  // namespace civitas::accreditation
