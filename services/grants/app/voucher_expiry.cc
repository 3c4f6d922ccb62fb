#include "services/grants/app/voucher_expiry.h"

#include <string>

#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/grants/app/grants_counters.h"
#include "services/grants/domain/vouchers.h"

namespace civitas::grants {
absl::StatusOr<int> VoucherExpiry::RunOnce(const Principal& job) {
  const std::string today = DateOf(clock_->Now());
  ASSIGN_OR_RETURN(std::vector<v1::Voucher> issued,
                   records::ScanAll<v1::Voucher>(
                       store_, {records::StateIndex<v1::Voucher>(v1::VOUCHER_ISSUED)}));
  int expired = 0;
  for (const v1::Voucher& v : issued) {
    if (!VoucherExpired(v, today)) continue;
    records::Transition<v1::Voucher> expire = ExpireVoucherTransition(today);
    expire.extend = [](const v1::Voucher&, const v1::Voucher& after, WritePlan* plan) {
      plan->counters.push_back({.name = IssuedVoucherCounter(after.scheme()),
                                .delta = -after.value().amount_minor(),
                                .what = IssuedVoucherWhat(after.scheme()),
                                .min_is = "nothing issued"});
      return absl::OkStatus();
    };
    // At the etag read: a replica (or a redemption) that wrote since makes this one refused.
    auto applied = vouchers_->Apply(records::Request(job), v.name(), v.etag(), expire);
    if (applied.ok()) {
      ++expired;
    } else if (applied.status().code() != absl::StatusCode::kAborted &&
               applied.status().code() != absl::StatusCode::kFailedPrecondition) {
      return applied.status();
    }
  }
  return expired;
}

}  // namespace civitas::grants
