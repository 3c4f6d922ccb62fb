// Voucher schemes and vouchers (Georgia's voucher assistance, issue 11 point 9): who runs a
// scheme, its field rules, what an issued voucher holds, and the voucher's custom methods
// (redeem once at an accredited provider within its validity, reimburse the provider, cancel) as
// libs/records transitions. Pure: app/ loads the scheme, asks the accreditation service and the
// registry, and the store's bounded counter keeps issued value within the envelope.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "civitas/grants/v1/vouchers.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/records/transition.h"

namespace civitas::grants {

// The organisations whose people run a scheme.
struct SchemeParties {
  std::string administrator;  // organizations/{id}
  std::string funder;         // organizations/{id}, or empty
};

SchemeParties PartiesOf(const v1::VoucherScheme& scheme);

// Admins, and people acting for the scheme's administrator or funder.
bool IsSchemeStaff(const Principal& p, const SchemeParties& parties);
// UNAUTHENTICATED for anonymous callers, PERMISSION_DENIED naming `what` for others.
absl::Status AuthorizeSchemeStaff(const Principal& p, const SchemeParties& parties,
                                  const std::string& what);

// A scheme's standard changes: its staff (those it had before the change; its own for a create),
// and only a draft is archived (an open one is closed).
absl::Status AuthorizeSchemeChange(const Principal& p, records::Change change,
                                   const v1::VoucherScheme* before, const v1::VoucherScheme& after);
// Vouchers are only created (issued by the scheme's staff; `parties` nullptr when the scheme is
// missing, which the references name); they change through their methods.
absl::Status AuthorizeVoucherChange(const Principal& p, records::Change change,
                                    const SchemeParties* parties);

// Open and closed schemes are public; drafts and archived ones are their staff's.
bool CanReadVoucherScheme(const Principal& p, const v1::VoucherScheme& scheme);
// Vouchers name beneficiaries (pseudonymously): scheme staff, and the provider's people once it
// redeemed the voucher. Never anonymous callers.
bool CanReadVoucher(const Principal& p, const v1::Voucher& voucher, const SchemeParties& parties);

// Field checks of a scheme as it will be; with `before` (an update), the fields a scheme fixes
// once it is open and the currency, which never changes.
void ValidateVoucherScheme(const v1::VoucherScheme* before, const v1::VoucherScheme& scheme,
                           Violations* v);

// A pseudonymous reference: 4..64 of [A-Za-z0-9._:-], starting with a letter or digit.
bool IsBeneficiaryRef(const std::string& ref);
void ValidateVoucher(const v1::Voucher& voucher, Violations* v);

// FAILED_PRECONDITION naming the rule unless `scheme` issues vouchers on `today`: open, and
// today within its issuing period.
absl::Status CheckIssuing(const v1::VoucherScheme& scheme, const std::string& today);

// Fills what issuing decides: the scheme's value and service type, the validity from `today`
// for the scheme's validity_days, and the commitment transaction (who issued it is the write's
// actor, carried by its outbox event).
void FillIssuedVoucher(const v1::VoucherScheme& scheme, const std::string& today, absl::Time now,
                       v1::Voucher* voucher);

// A redemption as the provider reports it, with the facts app/ established: the day (server
// clock) and the provider's certificate in force for the service type that day.
struct Redemption {
  std::string provider;
  std::string beneficiary_ref;
  std::string social_service;
  std::string date;
  std::string recorded_by;
  std::string certificate;
};

// Where a voucher may be used: at a social service whose territory lies within one of the
// scheme's territories (anywhere when the scheme names none). `territory_path` is the service's
// territory and its ancestors (registry names, country first). The violation's text, or empty.
std::string PlaceShortfall(const v1::VoucherScheme& scheme, const std::string& social_service,
                           const std::vector<std::string>& territory_path);

// Who may redeem for `provider`: its own people, or scheme staff on its behalf.
absl::Status AuthorizeRedemption(const Principal& p, const SchemeParties& parties,
                                 const std::string& provider);

// VOUCHER_ISSUED -> VOUCHER_REDEEMED, once: the beneficiary reference must be the voucher's and
// the day within its validity. The provider's people may find the voucher by its code for this.
records::Transition<v1::Voucher> RedeemVoucherTransition(const SchemeParties& parties,
                                                         Redemption redemption);
// VOUCHER_REDEEMED -> VOUCHER_REIMBURSED by scheme staff: the reimbursement transaction on
// `date` (today when empty; neither before the redemption nor after today).
records::Transition<v1::Voucher> ReimburseVoucherTransition(const SchemeParties& parties,
                                                            std::string date,
                                                            const std::string& today,
                                                            const std::string& recorded_by,
                                                            absl::Time now);
// VOUCHER_ISSUED -> VOUCHER_EXPIRED once `today` is past its valid_to (FAILED_PRECONDITION
// before), by the service itself (an admin principal).
records::Transition<v1::Voucher> ExpireVoucherTransition(const std::string& today);
// A redemption request's own fields: the voucher's and provider's names, the beneficiary's
// reference, the social service's name when given.
void ValidateRedeemRequest(const v1::RedeemVoucherRequest& request, Violations* v);
// Whether redeeming `voucher` asks the registry and the accreditation service about the provider:
// only while it is issued. Any other voucher is refused by the transition, naming its state, and
// the other services need not be asked.
bool RedemptionAsksAboutProvider(const v1::Voucher& voucher);
// Who may learn at a redemption that a voucher exists (its scheme, its state): those who read it
// (CanReadVoucher), and the provider named in the request, acting for itself, holding the
// beneficiary's reference (what the beneficiary shows). Anyone else is answered as for a missing
// one.
bool CanFindVoucherToRedeem(const Principal& p, const v1::Voucher& voucher,
                            const SchemeParties& parties, const v1::RedeemVoucherRequest& request);
// The social service a redemption names (`service`, as the registry holds it; nullptr when none
// was named or it was not found, which the caller reports): required when the scheme pays in its
// territories only, the provider's own, of the voucher's service type.
void CheckRedemptionService(const v1::RedeemVoucherRequest& request, const v1::Voucher& voucher,
                            const v1::VoucherScheme& scheme,
                            const registry::v1::SocialService* service, Violations* v);

// A voucher is past its validity once `today` (YYYY-MM-DD) is after its valid_to.
bool VoucherExpired(const v1::Voucher& voucher, const std::string& today);
// VOUCHER_ISSUED -> VOUCHER_CANCELLED by scheme staff, with a reason.
records::Transition<v1::Voucher> CancelVoucherTransition(const SchemeParties& parties,
                                                         std::string reason);

// VOUCHER_SCHEME_DRAFT -> VOUCHER_SCHEME_OPEN; VOUCHER_SCHEME_OPEN -> VOUCHER_SCHEME_CLOSED.
records::Transition<v1::VoucherScheme> OpenVoucherSchemeTransition();
records::Transition<v1::VoucherScheme> CloseVoucherSchemeTransition();

}  // namespace civitas::grants
