// Who may change which registry record, which fields an owner may change, and what each
// resource's records derive or default. Pure decisions over a Principal and the records as they
// were and will be; the owners of each resource are named here too (see access_policy.h).
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "civitas/registry/v1/capacity.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/records/record.h"
#include "libs/records/transition.h"
#include "services/registry/domain/access_policy.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;
using records::Change;

// The organisations that own a record (they may change it and read its drafts).
std::vector<std::string> OwnersOf(const v1::Territory& t);
std::vector<std::string> OwnersOf(const v1::Organization& o);
std::vector<std::string> OwnersOf(const v1::SocialService& s);
std::vector<std::string> OwnersOf(const v1::Partnership& p);
std::vector<std::string> OwnersOf(const v1::Network& n);
std::vector<std::string> OwnersOf(const v1::TrainingProgramme& p);
std::vector<std::string> OwnersOf(const v1::TrainingEvent& e);

// A draft `reader` may not read (another organisation's): a request that names it is answered as
// if it did not exist. No reader (nullptr): nothing is hidden.
template <typename T>
bool HiddenFrom(const Principal* reader, const T& record) {
  return reader != nullptr &&
         !CanReadRecord(*reader, record.state() == v1::DRAFT, OwnersOf(record));
}

// Whether the record `name` (as read: nullptr when missing) may be referred to from `field`: a
// missing or hidden one is a violation ("does not exist"), a suspended or archived one a
// precondition violation; a live one (draft or active, as LiveRecord requires when the write
// applies) may.
template <typename T>
bool CheckReferenced(const Principal* reader, const std::string& name, const T* record,
                     const std::string& field, Violations* v) {
  if (record == nullptr || HiddenFrom(reader, *record)) {
    v->Add(field, name + " does not exist");
    return false;
  }
  if (record->state() == v1::ARCHIVED || record->state() == v1::SUSPENDED) {
    v->AddPrecondition(field,
                       name + (record->state() == v1::ARCHIVED ? " is archived" : " is suspended"));
    return false;
  }
  return true;
}

// Territories are the ministry's: staff only.
absl::Status AuthorizeTerritoryChange(const Principal& p, Change change);

// Organisations are created and archived by staff. An organisation may update its own record,
// but its type, state and registration ids stay the registrar's.
absl::Status AuthorizeOrganizationChange(const Principal& p, Change change,
                                         const v1::Organization* before,
                                         const v1::Organization& after);

// Services, partnerships and networks: staff, or the organisations owning the record before and
// after the change (a record is never handed over to another organisation).
template <typename T>
absl::Status AuthorizeOwnedRecordChange(const Principal& p, const T* before, const T& after,
                                        const std::string& what);

// Who may provide a social service: a CSO, a public authority or a private company.
void CheckServiceProvider(const v1::Organization& provider, const std::string& field,
                          Violations* v);
// A service contract for `service` starting on `start_date` requires its provider to be
// accredited for the service's type on that day by the certificates it holds (`held`, the
// registry's copies): a precondition violation naming the certificate and its state otherwise.
void CheckContractAccreditation(const v1::SocialService& service,
                                const std::vector<accreditation::v1::Certificate>& held,
                                const std::string& start_date, Violations* v);

// A partnership's service must be one its CSO provides.
void CheckPartnershipService(const v1::SocialService& service, const v1::Partnership& p,
                             const std::string& field, Violations* v);
// A territory's ancestors: its parent's, then the parent.
void DeriveTerritoryAncestors(const v1::Territory& parent, v1::Territory* t);
// A service created without an accreditation status is NOT_ACCREDITED.
void ApplySocialServiceDefaults(v1::SocialService* s);

// SetSocialServiceAccreditation's request: an admin's correction.
struct AccreditationChange {
  v1::AccreditationStatus status = v1::ACCREDITATION_STATUS_UNSPECIFIED;
  std::string certificate;
  std::string valid_until;
  // AIP-155: the change is made once per key and caller.
  std::string request_id;
};
// Field checks of the request, naming its fields.
void ValidateAccreditationChange(const AccreditationChange& change, Violations* v);
// The transition that records it: in any state, only by an admin (the certificate sync sets the
// status from the certificates without it, and its next event for the service sets it again).
records::Transition<v1::SocialService> SetAccreditationTransition(AccreditationChange change);

}  // namespace civitas::registry
