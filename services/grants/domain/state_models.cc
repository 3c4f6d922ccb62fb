#include "services/grants/domain/state_models.h"

namespace civitas::grants {

const records::StateModel<v1::Application>& ApplicationStates() {
  static const records::StateModel<v1::Application> kStates{
      v1::APPLICATION_DRAFT, {v1::APPLICATION_DRAFT}, v1::APPLICATION_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::Call>& CallStates() {
  static const records::StateModel<v1::Call> kStates{
      v1::CALL_DRAFT, {v1::CALL_DRAFT}, v1::CALL_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::Grant>& GrantStates() {
  static const records::StateModel<v1::Grant> kStates{
      v1::GRANT_ACTIVE, {v1::GRANT_ACTIVE}, std::nullopt};
  return kStates;
}

const records::StateModel<v1::Programme>& ProgrammeStates() {
  static const records::StateModel<v1::Programme> kStates{
      v1::PROGRAMME_DRAFT, {v1::PROGRAMME_DRAFT}, v1::PROGRAMME_ARCHIVED};
  return kStates;
}

const records::StateModel<v1::Report>& ReportStates() {
  static const records::StateModel<v1::Report> kStates{
      v1::REPORT_DRAFT, {v1::REPORT_DRAFT}, std::nullopt};
  return kStates;
}

const records::StateModel<v1::Review>& ReviewStates() {
  static const records::StateModel<v1::Review> kStates{
      v1::REVIEW_ASSIGNED, {v1::REVIEW_ASSIGNED}, v1::REVIEW_REASSIGNED};
  return kStates;
}

const records::StateModel<v1::Voucher>& VoucherStates() {
  static const records::StateModel<v1::Voucher> kStates{
      v1::VOUCHER_ISSUED, {v1::VOUCHER_ISSUED}, std::nullopt};
  return kStates;
}

const records::StateModel<v1::VoucherScheme>& VoucherSchemeStates() {
  static const records::StateModel<v1::VoucherScheme> kStates{
      v1::VOUCHER_SCHEME_DRAFT, {v1::VOUCHER_SCHEME_DRAFT}, v1::VOUCHER_SCHEME_ARCHIVED};
  return kStates;
}

}  // namespace civitas::grants
