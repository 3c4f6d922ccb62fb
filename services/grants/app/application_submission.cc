#include "services/grants/app/application_submission.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/grants/domain/application_transitions.h"

namespace civitas::grants {

AccreditationFact AccreditationFactOf(const accreditation::v1::CheckAccreditationResponse& answer,
                                      const std::string& date) {
  AccreditationFact fact;
  fact.accredited = answer.accredited();
  fact.date = date;
  fact.certificate = answer.certificate().number();
  fact.state = accreditation::v1::CertificateState_Name(answer.state_on_date());
  return fact;
}

absl::StatusOr<std::map<std::string, AccreditationFact>> AccreditationsOf(
    clients::AccreditationClient* accreditation, const std::string& applicant, const v1::Call& call,
    const std::string& date, const clients::CallContext& ctx) {
  std::map<std::string, AccreditationFact> out;
  for (const std::string& type : call.eligibility().required_accreditations()) {
    ASSIGN_OR_RETURN(auto answer, accreditation->CheckAccreditation(ctx, applicant, type, date));
    out[type] = AccreditationFactOf(answer, date);
  }
  return out;
}

absl::StatusOr<RegistryFacts> ApplicationSubmission::LoadFacts(const v1::Application& a,
                                                               const v1::Call& call,
                                                               const clients::CallContext& ctx) {
  RegistryFacts facts;
  auto applicant = registry_->GetOrganization(ctx, a.applicant());
  if (applicant.ok()) {
    facts.applicant = *std::move(applicant);
  } else if (applicant.status().code() == absl::StatusCode::kNotFound) {
    facts.applicant = GoneFromRegistry(a.applicant());
  } else {
    return applicant.status();
  }
  for (const std::string& partner : a.partners()) {
    auto org = registry_->GetOrganization(ctx, partner);
    if (org.ok()) {
      facts.partners[partner] = *std::move(org);
    } else if (org.status().code() != absl::StatusCode::kNotFound) {
      return org.status();
    }
  }
  for (const std::string& territory : a.territories()) {
    auto ancestry = registry_->GetTerritoryAncestry(ctx, territory);
    if (ancestry.ok()) {
      facts.territory_paths[territory] = ancestry->path;
    } else if (ancestry.status().code() != absl::StatusCode::kNotFound) {
      return ancestry.status();
    }
  }
  ASSIGN_OR_RETURN(facts.accreditations, AccreditationsOf(accreditation_, a.applicant(), call,
                                                          DateOf(clock_->Now()), ctx));
  return facts;
}

absl::StatusOr<v1::Application> ApplicationSubmission::Submit(const records::Request& r,
                                                              const std::string& name,
                                                              const std::string& etag) {
  ASSIGN_OR_RETURN(v1::Application application, applications_->Get(r, name));
  const std::string call_id = aip::IdIn<v1::Call>(application.call());
  ASSIGN_OR_RETURN(auto call, records::ReadRecord<v1::Call>(r.reads(store_), call_id));
  if (!call.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(application.call(), " does not exist"));
  }
  ASSIGN_OR_RETURN(RegistryFacts facts, LoadFacts(application, call->record, r.call()));
  std::vector<v1::EligibilityFailure> failures = CheckEligibility(application, call->record, facts);
  records::Transition<v1::Application> submit =
      grants::SubmitApplicationTransition(call->record, clock_->Now(), std::move(failures));
  // The call must still be published when the submission is written.
  submit.extend = [call_id](const v1::Application&, const v1::Application&, WritePlan* plan) {
    plan->references.push_back(records::RefTo<v1::Call>(call_id, {v1::CALL_PUBLISHED}));
    return absl::OkStatus();
  };
  return applications_->Apply(r, name, etag, submit);
}

}  // namespace civitas::grants
