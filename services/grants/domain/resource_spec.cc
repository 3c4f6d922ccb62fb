#include "services/grants/domain/resource_spec.h"

#include "civitas/grants/v1/resources.pb.h"
#include "civitas/grants/v1/vouchers.pb.h"

namespace civitas::grants {

const aip::ResourceSpec& ProgrammeSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::Programme::descriptor(), {{"funder", "funder", true, false},
                                    {"lead_organization", "lead_organization", true, false},
                                    {"state", "state", true, false},
                                    {"territory", "territories", true, false},  // field name
                                    {"parent_grant", "parent_grant", true, false},
                                    {"display_name", "display_name", false, false}}));
  return *kSpec;
}

const aip::ResourceSpec& CallSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::Call::descriptor(), {{"programme", "programme", true, false},
                               {"state", "state", true, false},
                               {"display_name", "display_name", false, false}}));
  return *kSpec;
}

const aip::ResourceSpec& ApplicationSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::Application::descriptor(), {{"call", "call", true, false},
                                                            {"applicant", "applicant", true, false},
                                                            {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& ReviewSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::Review::descriptor(), {{"application", "application", true, false},
                                                       {"reviewer", "reviewer", true, false},
                                                       {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& GrantSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::Grant::descriptor(), {{"programme", "programme", true, false},
                                                      {"call", "call", true, false},
                                                      {"recipient", "recipient", true, false},
                                                      {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& ReportSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::Report::descriptor(), {{"grant", "grant", true, false},
                                                       {"kind", "kind", false, false},
                                                       {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& VoucherSchemeSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::VoucherScheme::descriptor(), {{"administrator", "administrator", true, false},
                                        {"service_type", "service_type", true, false},
                                        {"state", "state", true, false},
                                        {"territory", "territories", true, false},  // field name
                                        {"display_name", "display_name", false, false}}));
  return *kSpec;
}

const aip::ResourceSpec& VoucherSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::Voucher::descriptor(), {{"scheme", "scheme", true, false},
                                  {"state", "state", true, false},
                                  {"provider", "provider", true, false},
                                  {"beneficiary_ref", "beneficiary_ref", true, false}}));
  return *kSpec;
}

}  // namespace civitas::grants
