// Eligibility of an application to its call: the automatic check run at submission. Pure: app/
// loads the registry facts it needs (the applicant, partners, territory ancestries) through
// RegistryClient and hands them in.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "civitas/grants/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"

namespace civitas::grants {

// What the accreditation service says of the applicant for one service type on one date.
struct AccreditationFact {
  bool accredited = false;
  std::string date;
  // The certificate in force, or the latest one before the date, and its standing then
  // (e.g. `SUSPENDED`); empty without any.
  std::string certificate;
  std::string state;
};

// What the registry (and the accreditation service) say about the organisations and places an
// application names.
struct RegistryFacts {
  registry::v1::Organization applicant;
  // By resource name; a partner missing here is unknown to the registry.
  std::map<std::string, registry::v1::Organization> partners;
  // For each territory the application names (and each territory a partner works in): its
  // names from the country down to itself.
  std::map<std::string, std::vector<std::string>> territory_paths;
  // The applicant's accreditation for each of the call's required service types, today.
  std::map<std::string, AccreditationFact> accreditations;
};

// The refusal naming the rule when `fact` does not show the applicant accredited for
// `service_type` (FAILED_PRECONDITION for the award's check); empty when it does. `required_by`
// says whose rule it is ("the call", "the voucher scheme").
std::string AccreditationShortfall(const std::string& applicant, const std::string& service_type,
                                   const AccreditationFact& fact,
                                   const std::string& required_by = "the call");

// An organisation the registry no longer has, as eligibility sees it: archived under its name,
// so an applicant or partner gone from the registry is not eligible.
registry::v1::Organization GoneFromRegistry(const std::string& name);

// OK when `fact` shows `applicant` accredited for `service_type`; else FAILED_PRECONDITION
// `accreditation: ` and the shortfall (whose rule it is: `required_by`).
absl::Status CheckAccredited(const std::string& applicant, const std::string& service_type,
                             const AccreditationFact& fact, const std::string& required_by);

// Every rule of `call.eligibility()` and the call's money rules the application breaks, each
// naming its rule and field; empty when eligible. Rules:
//   applicant_type         the applicant's type is one the call admits;
//   applicant_state        the applicant and partners are registered and not archived;
//   territory              each project territory lies within one of the call's;
//   authority_partnership  (when required) a partner is a public authority of a territory
//                          that contains one of the project's;
//   target_group           the project serves one of the call's target groups;
//   service_type           the project delivers one of the call's service types;
//   award_range            min_award <= requested_amount <= max_award;
//   cofinancing            cofinancing / (requested + cofinancing) >= min_cofinancing;
//   budget                 the budget lines sum to requested + cofinancing;
//   accreditation          the applicant is accredited for each required service type today.
std::vector<v1::EligibilityFailure> CheckEligibility(const v1::Application& application,
                                                     const v1::Call& call,
                                                     const RegistryFacts& facts);

}  // namespace civitas::grants
