// VoucherDesk: the voucher use cases after issuing. Redeem gathers what the rule needs (the
// voucher's scheme; from the registry the social service named; from the accreditation service
// the provider's certificate for the service type today) and applies the Redeem transition, whose
// write at the version read makes a voucher redeemable exactly once: of concurrent redemptions
// one writes, the others re-read it REDEEMED and are refused naming that state. Reimburse and
// Cancel move the scheme's bounded counters in the same write. Thread-safe; owns nothing.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "civitas/grants/v1/vouchers.pb.h"
#include "libs/clients/accreditation_client.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"

namespace civitas::grants {

class VoucherDesk {
 public:
  VoucherDesk(DocumentStore* store, clients::RegistryClient* registry,
              clients::AccreditationClient* accreditation,
              records::RecordService<v1::VoucherScheme>* schemes,
              records::RecordService<v1::Voucher>* vouchers, const Clock* clock)
      : store_(store),
        registry_(registry),
        accreditation_(accreditation),
        schemes_(schemes),
        vouchers_(vouchers),
        clock_(clock) {}

  // A draft scheme opens for issuing; an open one closes (its staff).
  absl::StatusOr<v1::VoucherScheme> OpenScheme(const records::Request& r, const std::string& name,
                                               const std::string& etag);
  absl::StatusOr<v1::VoucherScheme> CloseScheme(const records::Request& r, const std::string& name,
                                                const std::string& etag);

  absl::StatusOr<v1::Voucher> Redeem(const records::Request& r,
                                     const v1::RedeemVoucherRequest& request);
  absl::StatusOr<v1::Voucher> Reimburse(const records::Request& r, const std::string& name,
                                        const std::string& date, const std::string& etag);
  absl::StatusOr<v1::Voucher> Cancel(const records::Request& r, const std::string& name,
                                     const std::string& reason, const std::string& etag);

 private:
  // An error naming the rule unless the provider may take `voucher` today: the social service
  // (required when the scheme names territories) is the provider's, of the voucher's type and
  // within the scheme's territories (INVALID_ARGUMENT naming social_service), and the provider
  // is accredited for the type today (FAILED_PRECONDITION). The certificate in force, on
  // success.
  absl::StatusOr<std::string> CheckProvider(const clients::CallContext& ctx,
                                            const v1::RedeemVoucherRequest& request,
                                            const v1::Voucher& voucher,
                                            const v1::VoucherScheme& scheme,
                                            const std::string& today);

  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  clients::AccreditationClient* const accreditation_;
  records::RecordService<v1::VoucherScheme>* const schemes_;
  records::RecordService<v1::Voucher>* const vouchers_;
  const Clock* const clock_;
};

}  // namespace civitas::grants
