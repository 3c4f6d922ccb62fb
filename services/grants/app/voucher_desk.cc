#include "services/grants/app/voucher_desk.h"

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/clients/registry_checks.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/grants/app/application_submission.h"
#include "services/grants/app/grants_counters.h"
#include "services/grants/domain/eligibility.h"
#include "services/grants/domain/vouchers.h"

namespace civitas::grants {
namespace {

absl::StatusOr<records::StoredRecord<v1::VoucherScheme>> SchemeOf(DocumentStore* store,
                                                                  const v1::Voucher& voucher) {
  return records::ReadExisting<v1::VoucherScheme>(store, voucher.scheme());
}

}  // namespace

absl::StatusOr<v1::Voucher> VoucherDesk::Redeem(const records::Request& r,
                                                const v1::RedeemVoucherRequest& request) {
  const Principal& p = r.caller();
  if (p.anonymous()) return absl::UnauthenticatedError("redeeming a voucher needs a bearer token");
  Violations v;
  ValidateRedeemRequest(request, &v);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(auto voucher, records::ReadNamed<v1::Voucher>(r.reads(store_), request.name()));
  if (!voucher.has_value()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  ASSIGN_OR_RETURN(auto scheme, SchemeOf(r.reads(store_), voucher->record));
  const SchemeParties parties = PartiesOf(scheme.record);
  if (!CanFindVoucherToRedeem(p, voucher->record, parties, request)) {
    return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  }
  RETURN_IF_ERROR(AuthorizeRedemption(p, parties, request.provider()));

  const std::string today = DateOf(clock_->Now());
  Redemption redemption{request.provider(),
                        request.beneficiary_ref(),
                        request.social_service(),
                        today,
                        p.subject,
                        ""};
  if (RedemptionAsksAboutProvider(voucher->record)) {
    ASSIGN_OR_RETURN(redemption.certificate,
                     CheckProvider(r.call(), request, voucher->record, scheme.record, today));
  }
  return vouchers_->Apply(r, request.name(), request.etag(),
                          RedeemVoucherTransition(parties, std::move(redemption)));
}

absl::StatusOr<std::string> VoucherDesk::CheckProvider(const clients::CallContext& ctx,
                                                       const v1::RedeemVoucherRequest& request,
                                                       const v1::Voucher& voucher,
                                                       const v1::VoucherScheme& scheme,
                                                       const std::string& today) {
  Violations v;
  std::optional<registry::v1::SocialService> service;
  if (!request.social_service().empty()) {
    ASSIGN_OR_RETURN(service, clients::FindSocialService(registry_, request.social_service(),
                                                         "social_service", &v, ctx));
  }
  CheckRedemptionService(request, voucher, scheme, service.has_value() ? &*service : nullptr, &v);
  // The place is checked (its territory's ancestry read) only where the scheme pays in its
  // territories only.
  if (service.has_value() && !scheme.territories().empty()) {
    std::vector<std::string> path;
    if (!service->territory().empty()) {
      auto ancestry = registry_->GetTerritoryAncestry(ctx, service->territory());
      if (!ancestry.ok() && ancestry.status().code() != absl::StatusCode::kNotFound) {
        return ancestry.status();
      }
      if (ancestry.ok()) path = ancestry->path;
    }
    if (std::string outside = PlaceShortfall(scheme, request.social_service(), path);
        !outside.empty()) {
      v.Add("social_service", outside);
    }
  }
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(auto answer, accreditation_->CheckAccreditation(ctx, request.provider(),
                                                                   voucher.service_type(), today));
  const AccreditationFact fact = AccreditationFactOf(answer, today);
  RETURN_IF_ERROR(
      CheckAccredited(request.provider(), voucher.service_type(), fact, "the voucher scheme"));
  return fact.certificate;
}

absl::StatusOr<v1::Voucher> VoucherDesk::Reimburse(const records::Request& r,
                                                   const std::string& name, const std::string& date,
                                                   const std::string& etag) {
  const Principal& p = r.caller();
  ASSIGN_OR_RETURN(v1::Voucher voucher, vouchers_->Get(r, name));
  ASSIGN_OR_RETURN(auto scheme, SchemeOf(r.reads(store_), voucher));
  records::Transition<v1::Voucher> reimburse = ReimburseVoucherTransition(
      PartiesOf(scheme.record), date, DateOf(clock_->Now()), p.subject, clock_->Now());
  const int64_t envelope = scheme.record.envelope().amount_minor();
  reimburse.extend = [envelope](const v1::Voucher&, const v1::Voucher& after, WritePlan* plan) {
    plan->counters.push_back(
        {.name = ReimbursedVoucherCounter(after.scheme()),
         .delta = after.value().amount_minor(),
         .max = envelope,
         .what = absl::StrCat("value of the vouchers reimbursed under ", after.scheme()),
         .max_is = "the scheme's envelope"});
    return absl::OkStatus();
  };
  return vouchers_->Apply(r, name, etag, reimburse);
}

absl::StatusOr<v1::Voucher> VoucherDesk::Cancel(const records::Request& r, const std::string& name,
                                                const std::string& reason,
                                                const std::string& etag) {
  ASSIGN_OR_RETURN(v1::Voucher voucher, vouchers_->Get(r, name));
  ASSIGN_OR_RETURN(auto scheme, SchemeOf(r.reads(store_), voucher));
  records::Transition<v1::Voucher> cancel =
      CancelVoucherTransition(PartiesOf(scheme.record), reason);
  // Its value goes back to the envelope, in the same write.
  cancel.extend = [](const v1::Voucher&, const v1::Voucher& after, WritePlan* plan) {
    plan->counters.push_back({.name = IssuedVoucherCounter(after.scheme()),
                              .delta = -after.value().amount_minor(),
                              .what = IssuedVoucherWhat(after.scheme()),
                              .min_is = "nothing issued"});
    return absl::OkStatus();
  };
  return vouchers_->Apply(r, name, etag, cancel);
}

absl::StatusOr<v1::VoucherScheme> VoucherDesk::OpenScheme(const records::Request& r,
                                                          const std::string& name,
                                                          const std::string& etag) {
  return schemes_->Apply(r, name, etag, OpenVoucherSchemeTransition());
}

absl::StatusOr<v1::VoucherScheme> VoucherDesk::CloseScheme(const records::Request& r,
                                                           const std::string& name,
                                                           const std::string& etag) {
  return schemes_->Apply(r, name, etag, CloseVoucherSchemeTransition());
}

}  // namespace civitas::grants
