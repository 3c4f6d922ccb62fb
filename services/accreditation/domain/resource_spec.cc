#include "services/accreditation/domain/resource_spec.h"

#include "civitas/accreditation/v1/resources.pb.h"

namespace civitas::accreditation {

const aip::ResourceSpec& CountryPolicySpec() {
  static const auto* const kSpec = new aip::ResourceSpec(
      aip::MakeResourceSpec(v1::CountryPolicy::descriptor(), {{"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& StandardSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::QualityStandard::descriptor(), {{"country", "country", true, false},
                                          {"service_type", "service_type", true, false},
                                          {"state", "state", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& CaseSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::AccreditationCase::descriptor(), {{"provider", "provider", true, false},
                                            {"country", "country", true, false},
                                            {"kind", "kind", true, false},
                                            {"state", "state", true, false},
                                            {"service_type", "service_types", true, false}}));
  return *kSpec;
}

const aip::ResourceSpec& CertificateSpec() {
  static const auto* const kSpec = new aip::ResourceSpec(aip::MakeResourceSpec(
      v1::Certificate::descriptor(), {{"provider", "provider", true, false},
                                      {"service_type", "service_types", true, false},
                                      {"social_service", "social_services", true, false},
                                      {"state", "state", true, false},
                                      {"country", "country", true, false},
                                      {"kind", "kind", true, false},
                                      {"territory", "territories", true, true}}));  // field name
  return *kSpec;
}

}  // namespace civitas::accreditation
