#include "services/registry/domain/changes.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "libs/aip/field_checks.h"
#include "libs/certificates/certificate_standing.h"
#include "libs/common/calendar.h"
#include "libs/common/request_fingerprint.h"
#include "libs/common/status_macros.h"
#include "services/registry/domain/access_policy.h"

namespace civitas::registry {

std::vector<std::string> OwnersOf(const v1::Territory&) { return {}; }
std::vector<std::string> OwnersOf(const v1::Organization& o) { return {o.name()}; }
std::vector<std::string> OwnersOf(const v1::SocialService& s) { return {s.provider()}; }
std::vector<std::string> OwnersOf(const v1::Partnership& p) { return {p.cso(), p.authority()}; }
std::vector<std::string> OwnersOf(const v1::Network& n) { return {n.coordinator()}; }
std::vector<std::string> OwnersOf(const v1::TrainingProgramme& p) { return {p.provider()}; }
std::vector<std::string> OwnersOf(const v1::TrainingEvent& e) { return {e.provider()}; }

absl::Status AuthorizeTerritoryChange(const Principal& p, Change) {
  return AuthorizeStaffOnly(p, "changing territories");
}

absl::Status AuthorizeOrganizationChange(const Principal& p, Change change,
                                         const v1::Organization* before,
                                         const v1::Organization& after) {
  if (change != Change::kUpdate) {
    return AuthorizeStaffOnly(
        p, change == Change::kCreate ? "creating organizations" : "archiving organizations");
  }
  RETURN_IF_ERROR(
      AuthorizeOwnerOrStaff(p, {before->name()}, {after.name()}, "updating an organization"));
  if (p.IsStaff()) return absl::OkStatus();
  // Type, status and registration ids are the registrar's to change, not the organisation's.
  if (before->type() != after.type() || before->state() != after.state()) {
    return absl::PermissionDeniedError(
        "only admin and ministry change an organization's type or state");
  }
  if (before->external_ids_size() != after.external_ids_size() ||
      !std::equal(before->external_ids().begin(), before->external_ids().end(),
                  after.external_ids().begin(),
                  [](const v1::ExternalId& a, const v1::ExternalId& b) {
                    return google::protobuf::util::MessageDifferencer::Equals(a, b);
                  })) {
    return absl::PermissionDeniedError("only admin and ministry change external ids");
  }
  return absl::OkStatus();
}

template <typename T>
absl::Status AuthorizeOwnedRecordChange(const Principal& p, const T* before, const T& after,
                                        const std::string& what) {
  std::vector<std::string> owners_before;
  if (before != nullptr) owners_before = OwnersOf(*before);
  return AuthorizeOwnerOrStaff(p, owners_before, OwnersOf(after), what);
}
template absl::Status AuthorizeOwnedRecordChange(const Principal&, const v1::SocialService*,
                                                 const v1::SocialService&, const std::string&);
template absl::Status AuthorizeOwnedRecordChange(const Principal&, const v1::Partnership*,
                                                 const v1::Partnership&, const std::string&);
template absl::Status AuthorizeOwnedRecordChange(const Principal&, const v1::Network*,
                                                 const v1::Network&, const std::string&);
template absl::Status AuthorizeOwnedRecordChange(const Principal&, const v1::TrainingProgramme*,
                                                 const v1::TrainingProgramme&, const std::string&);
template absl::Status AuthorizeOwnedRecordChange(const Principal&, const v1::TrainingEvent*,
                                                 const v1::TrainingEvent&, const std::string&);

void CheckServiceProvider(const v1::Organization& provider, const std::string& field,
                          Violations* v) {
  if (provider.type() != v1::CSO && provider.type() != v1::PUBLIC_AUTHORITY &&
      provider.type() != v1::PRIVATE_COMPANY) {
    v->Add(field, "must be a CSO, public authority or private company that delivers services");
  }
}

void CheckPartnershipService(const v1::SocialService& service, const v1::Partnership& p,
                             const std::string& field, Violations* v) {
  if (service.provider() != p.cso()) {
    v->Add(field, "must be a service provided by the partnership's cso");
  }
}

void DeriveTerritoryAncestors(const v1::Territory& parent, v1::Territory* t) {
  *t->mutable_ancestors() = parent.ancestors();
  t->add_ancestors(parent.name());
}

void ApplySocialServiceDefaults(v1::SocialService* s) {
  if (s->accreditation_status() == v1::ACCREDITATION_STATUS_UNSPECIFIED) {
    s->set_accreditation_status(v1::NOT_ACCREDITED);
  }
}

void ValidateAccreditationChange(const AccreditationChange& change, Violations* v) {
  if (!v1::AccreditationStatus_IsValid(change.status) ||
      change.status == v1::ACCREDITATION_STATUS_UNSPECIFIED) {
    v->Add("accreditation_status", "is required and must be a known status");
  }
  aip::CheckText(change.certificate, "accreditation_certificate", false, 64, v);
  aip::CheckDate(change.valid_until, "accreditation_valid_until", false, v);
  aip::CheckText(change.request_id, "request_id", false, 128, v);
}

records::Transition<v1::SocialService> SetAccreditationTransition(AccreditationChange change) {
  records::Transition<v1::SocialService> t;
  t.event = "accreditation_changed";
  t.authorize = [](const Principal& caller, const v1::SocialService&) -> absl::Status {
    if (caller.anonymous()) return absl::UnauthenticatedError("needs a bearer token");
    if (caller.HasRole(kRoleAdmin)) return absl::OkStatus();
    return absl::PermissionDeniedError(
        "only admins correct accreditation status; the registry keeps it from the accreditation "
        "service's certificates");
  };
  const std::string request_id = change.request_id;
  const std::string status = absl::StrCat(static_cast<int>(change.status));
  const std::string certificate = change.certificate;
  const std::string valid_until = change.valid_until;
  t.effect = [change = std::move(change)](v1::SocialService& s) {
    s.set_accreditation_status(change.status);
    s.set_accreditation_certificate(change.certificate);
    s.set_accreditation_valid_until(change.valid_until);
    return absl::OkStatus();
  };
  if (!request_id.empty()) {
    // The same key for another service or another status is another request: refused.
    t.extend = [request_id, status, certificate, valid_until](
                   const v1::SocialService& before, const v1::SocialService&, WritePlan* plan) {
      plan->idempotency_key = absl::StrCat("accreditation/", request_id);
      plan->idempotency_fingerprint =
          RequestFingerprint({before.name(), status, certificate, valid_until});
      return absl::OkStatus();
    };
  }
  return t;
}

void CheckContractAccreditation(const v1::SocialService& service,
                                const std::vector<accreditation::v1::Certificate>& held,
                                const std::string& start_date, Violations* v) {
  const accreditation::v1::CheckAccreditationResponse answer =
      certificates::Check(held, service.service_type(), StoredDay(start_date));
  if (answer.accredited()) return;
  v->AddPrecondition(
      "partnership.social_service",
      absl::StrCat(
          service.provider(), " is not accredited for ", service.service_type(), " on ", start_date,
          ", the contract's start",
          answer.certificate().number().empty()
              ? std::string(" (no certificate)")
              : absl::StrCat(" (certificate ", answer.certificate().number(), " is ",
                             accreditation::v1::CertificateState_Name(answer.state_on_date()), ")"),
          "; a service contract requires it"));
}

}  // namespace civitas::registry
