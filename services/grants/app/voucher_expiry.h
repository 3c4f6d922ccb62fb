// VoucherExpiry: vouchers still issued past their valid_to are recorded VOUCHER_EXPIRED, each in
// one write that gives its value back to the scheme's envelope (the issued counter) and emits
// `voucher.expired`. Safe with several replicas running it: each expiry is a transition written
// at the version read, so of two replicas one writes and the other's refusal is skipped.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "civitas/grants/v1/vouchers.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

class VoucherExpiry {
 public:
  VoucherExpiry(DocumentStore* store, records::RecordService<v1::Voucher>* vouchers,
                const Clock* clock)
      : store_(store), vouchers_(vouchers), clock_(clock) {}

  // One pass over the issued vouchers as `job` (a background job's principal: only it may
  // record an expiry); how many it recorded expired.
  absl::StatusOr<int> RunOnce(const Principal& job);

 private:
  DocumentStore* const store_;
  records::RecordService<v1::Voucher>* const vouchers_;
  const Clock* const clock_;
};

}  // namespace civitas::grants
