#include "services/grants/domain/vouchers.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"

namespace civitas::grants {
namespace {

constexpr int kMaxValidityDays = 730;

void AddTransaction(v1::Voucher& voucher, v1::TransactionType type, const std::string& date,
                    std::string description, const std::string& recorded_by, absl::Time now) {
  v1::Transaction& t = *voucher.add_transactions();
  t.set_number(voucher.transactions_size());
  t.set_type(type);
  *t.mutable_value() = voucher.value();
  t.set_date(date);
  t.set_description(std::move(description));
  t.set_recorded_by(recorded_by);
  *t.mutable_create_time() = ToTimestamp(now);
}

}  // namespace

SchemeParties PartiesOf(const v1::VoucherScheme& scheme) {
  return {scheme.administrator(), scheme.funder()};
}

bool IsSchemeStaff(const Principal& p, const SchemeParties& parties) {
  if (p.HasRole(kRoleAdmin)) return true;
  return !p.organization.empty() &&
         (p.organization == parties.administrator || p.organization == parties.funder);
}

absl::Status AuthorizeSchemeStaff(const Principal& p, const SchemeParties& parties,
                                  const std::string& what) {
  if (p.anonymous()) return absl::UnauthenticatedError(absl::StrCat(what, " needs a bearer token"));
  if (IsSchemeStaff(p, parties)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(what, " is for the scheme's staff (people of ", parties.administrator,
                   parties.funder.empty() ? "" : absl::StrCat(" or ", parties.funder), ")"));
}

bool CanReadVoucherScheme(const Principal& p, const v1::VoucherScheme& scheme) {
  if (scheme.state() == v1::VOUCHER_SCHEME_OPEN || scheme.state() == v1::VOUCHER_SCHEME_CLOSED) {
    return true;
  }
  return IsSchemeStaff(p, PartiesOf(scheme));
}

bool CanReadVoucher(const Principal& p, const v1::Voucher& voucher, const SchemeParties& parties) {
  if (p.anonymous()) return false;
  if (IsSchemeStaff(p, parties)) return true;
  return !voucher.provider().empty() && p.organization == voucher.provider();
}

void ValidateVoucherScheme(const v1::VoucherScheme* before, const v1::VoucherScheme& s,
                           Violations* v) {
  aip::CheckLocalizedText(s.display_name(), "voucher_scheme.display_name", true, 200, v);
  aip::CheckLocalizedText(s.description(), "voucher_scheme.description", false, 5000, v);
  aip::CheckNameOf<registry::v1::Organization>(s.administrator(), "voucher_scheme.administrator",
                                               true, v);
  aip::CheckNameOf<registry::v1::Organization>(s.funder(), "voucher_scheme.funder", false, v);
  aip::CheckText(s.service_type(), "voucher_scheme.service_type", true, 64, v);
  aip::CheckMoney(s.envelope(), "voucher_scheme.envelope", true, v);
  aip::CheckMoney(s.voucher_value(), "voucher_scheme.voucher_value", true, v);
  if (s.has_envelope() && s.envelope().amount_minor() <= 0) {
    v->Add("voucher_scheme.envelope.amount_minor", "must be positive");
  }
  if (s.has_voucher_value()) {
    if (s.voucher_value().amount_minor() <= 0) {
      v->Add("voucher_scheme.voucher_value.amount_minor", "must be positive");
    } else if (s.voucher_value().amount_minor() > s.envelope().amount_minor()) {
      v->Add("voucher_scheme.voucher_value.amount_minor", "must not exceed the envelope");
    }
    if (s.voucher_value().currency_code() != s.envelope().currency_code()) {
      v->Add("voucher_scheme.voucher_value.currency_code",
             absl::StrCat("must be the envelope's currency (", s.envelope().currency_code(), ")"));
    }
  }
  if (s.validity_days() < 1 || s.validity_days() > kMaxValidityDays) {
    v->Add("voucher_scheme.validity_days", absl::StrCat("must be 1 to ", kMaxValidityDays));
  }
  aip::CheckDate(s.start_date(), "voucher_scheme.start_date", true, v);
  aip::CheckDate(s.end_date(), "voucher_scheme.end_date", true, v);
  if (aip::IsValidDate(s.start_date()) && aip::IsValidDate(s.end_date())) {
    aip::CheckDateRange(s.start_date(), s.end_date(), "voucher_scheme.start_date",
                        "voucher_scheme.end_date", v);
  }
  std::set<std::string> territories;
  for (int i = 0; i < s.territories_size(); ++i) {
    const std::string field = absl::StrCat("voucher_scheme.territories[", i, "]");
    aip::CheckNameOf<registry::v1::Territory>(s.territories(i), field, true, v);
    if (!territories.insert(s.territories(i)).second) v->Add(field, "is listed twice");
  }
  if (before == nullptr) return;
  if (before->envelope().currency_code() != s.envelope().currency_code()) {
    v->Add(
        "voucher_scheme.envelope.currency_code",
        absl::StrCat("is fixed once the scheme exists (", before->envelope().currency_code(), ")"));
  }
  if (before->state() == v1::VOUCHER_SCHEME_DRAFT) return;
  // Vouchers were issued under these: a voucher's value and validity are the scheme's.
  auto frozen = [&](bool changed, const char* field) {
    if (changed) {
      v->AddPrecondition(absl::StrCat("voucher_scheme.", field), "is fixed once the scheme opens");
    }
  };
  frozen(before->service_type() != s.service_type(), "service_type");
  frozen(before->voucher_value().amount_minor() != s.voucher_value().amount_minor(),
         "voucher_value");
  frozen(before->validity_days() != s.validity_days(), "validity_days");
  frozen(before->start_date() != s.start_date(), "start_date");
}

bool IsBeneficiaryRef(const std::string& ref) {
  if (ref.size() < 4 || ref.size() > 64 || !absl::ascii_isalnum(ref[0])) return false;
  for (char c : ref) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != ':' && c != '-') return false;
  }
  return true;
}

void ValidateVoucher(const v1::Voucher& voucher, Violations* v) {
  aip::CheckNameOf<v1::VoucherScheme>(voucher.scheme(), "voucher.scheme", true, v);
  if (voucher.beneficiary_ref().empty()) {
    v->Add("voucher.beneficiary_ref", "is required");
  } else if (!IsBeneficiaryRef(voucher.beneficiary_ref())) {
    v->Add("voucher.beneficiary_ref",
           "must be a pseudonymous reference: 4 to 64 letters, digits, '.', '_', ':' or '-' "
           "(no names, spaces or e-mail addresses)");
  }
}

absl::Status CheckIssuing(const v1::VoucherScheme& scheme, const std::string& today) {
  if (scheme.state() != v1::VOUCHER_SCHEME_OPEN) {
    return absl::FailedPreconditionError(absl::StrCat(scheme.name(), " is ",
                                                      v1::VoucherSchemeState_Name(scheme.state()),
                                                      "; vouchers are issued by an open scheme"));
  }
  if (today < scheme.start_date() || today > scheme.end_date()) {
    return absl::FailedPreconditionError(absl::StrCat(scheme.name(), " issues vouchers from ",
                                                      scheme.start_date(), " to ",
                                                      scheme.end_date(), "; today is ", today));
  }
  return absl::OkStatus();
}

void FillIssuedVoucher(const v1::VoucherScheme& scheme, const std::string& today, absl::Time now,
                       v1::Voucher* voucher) {
  *voucher->mutable_value() = scheme.voucher_value();
  voucher->set_service_type(scheme.service_type());
  voucher->set_valid_from(today);
  absl::CivilDay day;
  if (ParseDay(today, &day)) voucher->set_valid_to(FormatDay(day + scheme.validity_days() - 1));
  voucher->clear_transactions();
  AddTransaction(*voucher, v1::OUTGOING_COMMITMENT, today,
                 absl::StrCat("voucher issued under ", scheme.name()), "", now);
}

std::string PlaceShortfall(const v1::VoucherScheme& scheme, const std::string& social_service,
                           const std::vector<std::string>& territory_path) {
  if (scheme.territories().empty()) return "";
  for (const std::string& t : territory_path) {
    if (std::find(scheme.territories().begin(), scheme.territories().end(), t) !=
        scheme.territories().end()) {
      return "";
    }
  }
  return absl::StrCat(
      social_service, " is in ",
      territory_path.empty() ? std::string("no known territory") : territory_path.back(),
      ", outside ", scheme.name(), "'s territories (", absl::StrJoin(scheme.territories(), ", "),
      ")");
}

absl::Status AuthorizeRedemption(const Principal& p, const SchemeParties& parties,
                                 const std::string& provider) {
  if (p.anonymous()) return absl::UnauthenticatedError("redeeming a voucher needs a bearer token");
  if (!p.organization.empty() && p.organization == provider) return absl::OkStatus();
  if (IsSchemeStaff(p, parties)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("a voucher is redeemed for ", provider,
                                                  " by its own people or by the scheme's staff"));
}

records::Transition<v1::Voucher> RedeemVoucherTransition(const SchemeParties& parties,
                                                         Redemption redemption) {
  records::Transition<v1::Voucher> t;
  t.event = "redeemed";
  t.from = {v1::VOUCHER_ISSUED};
  t.to = v1::VOUCHER_REDEEMED;
  const std::string provider = redemption.provider;
  t.visible_to = [provider](const Principal& p, const v1::Voucher&) {
    return !p.organization.empty() && p.organization == provider;
  };
  t.authorize = [parties, provider](const Principal& p, const v1::Voucher&) {
    return AuthorizeRedemption(p, parties, provider);
  };
  t.effect = [r = std::move(redemption)](v1::Voucher& voucher) -> absl::Status {
    // Checked before the state is left, so the answer names the voucher, not the reference.
    if (voucher.beneficiary_ref() != r.beneficiary_ref) {
      return absl::FailedPreconditionError(
          absl::StrCat("beneficiary_ref is not the one ", voucher.name(), " was issued to"));
    }
    if (r.date < voucher.valid_from() || r.date > voucher.valid_to()) {
      return absl::FailedPreconditionError(absl::StrCat(voucher.name(), " is valid from ",
                                                        voucher.valid_from(), " to ",
                                                        voucher.valid_to(), "; today is ", r.date));
    }
    voucher.set_provider(r.provider);
    voucher.set_social_service(r.social_service);
    voucher.set_redeemed_on(r.date);
    voucher.set_redeemed_by(r.recorded_by);
    voucher.set_certificate(r.certificate);
    return absl::OkStatus();
  };
  return t;
}

records::Transition<v1::Voucher> ReimburseVoucherTransition(const SchemeParties& parties,
                                                            std::string date,
                                                            const std::string& today,
                                                            const std::string& recorded_by,
                                                            absl::Time now) {
  records::Transition<v1::Voucher> t;
  t.event = "reimbursed";
  t.from = {v1::VOUCHER_REDEEMED};
  t.to = v1::VOUCHER_REIMBURSED;
  t.authorize = [parties](const Principal& p, const v1::Voucher&) {
    return AuthorizeSchemeStaff(p, parties, "reimbursing a provider");
  };
  if (date.empty()) date = today;
  t.effect = [date, today, recorded_by, now](v1::Voucher& voucher) -> absl::Status {
    if (!aip::IsValidDate(date)) {
      return absl::InvalidArgumentError("date: must be a calendar date YYYY-MM-DD");
    }
    if (date < voucher.redeemed_on() || date > today) {
      return absl::InvalidArgumentError(absl::StrCat("date: must be from the redemption (",
                                                     voucher.redeemed_on(), ") to today (", today,
                                                     ")"));
    }
    AddTransaction(voucher, v1::REIMBURSEMENT, date,
                   absl::StrCat("reimbursement of ", voucher.provider(), " for ", voucher.name()),
                   recorded_by, now);
    return absl::OkStatus();
  };
  return t;
}

bool VoucherExpired(const v1::Voucher& voucher, const std::string& today) {
  return today > voucher.valid_to();
}

records::Transition<v1::Voucher> ExpireVoucherTransition(const std::string& today) {
  records::Transition<v1::Voucher> t;
  t.event = "expired";
  t.from = {v1::VOUCHER_ISSUED};
  t.to = v1::VOUCHER_EXPIRED;
  t.authorize = [](const Principal& p, const v1::Voucher&) {
    return p.background_job ? absl::OkStatus()
                            : absl::PermissionDeniedError(
                                  "vouchers expire by themselves: the service records it");
  };
  t.effect = [today](v1::Voucher& voucher) -> absl::Status {
    if (!VoucherExpired(voucher, today)) {
      return absl::FailedPreconditionError(
          absl::StrCat(voucher.name(), " is valid until ", voucher.valid_to()));
    }
    return absl::OkStatus();
  };
  return t;
}

records::Transition<v1::Voucher> CancelVoucherTransition(const SchemeParties& parties,
                                                         std::string reason) {
  records::Transition<v1::Voucher> t;
  t.event = "cancelled";
  t.from = {v1::VOUCHER_ISSUED};
  t.to = v1::VOUCHER_CANCELLED;
  t.authorize = [parties](const Principal& p, const v1::Voucher&) {
    return AuthorizeSchemeStaff(p, parties, "cancelling a voucher");
  };
  t.effect = [reason = std::move(reason)](v1::Voucher& voucher) {
    voucher.set_cancel_reason(reason);
    return absl::OkStatus();
  };
  t.validate = [](const v1::Voucher&, const v1::Voucher& after, Violations* v) {
    aip::CheckText(after.cancel_reason(), "reason", true, 1000, v);
  };
  return t;
}

records::Transition<v1::VoucherScheme> OpenVoucherSchemeTransition() {
  records::Transition<v1::VoucherScheme> t;
  t.event = "opened";
  t.from = {v1::VOUCHER_SCHEME_DRAFT};
  t.to = v1::VOUCHER_SCHEME_OPEN;
  t.authorize = [](const Principal& p, const v1::VoucherScheme& scheme) {
    return AuthorizeSchemeStaff(p, PartiesOf(scheme), "opening a voucher scheme");
  };
  return t;
}

records::Transition<v1::VoucherScheme> CloseVoucherSchemeTransition() {
  records::Transition<v1::VoucherScheme> t;
  t.event = "closed";
  t.from = {v1::VOUCHER_SCHEME_OPEN};
  t.to = v1::VOUCHER_SCHEME_CLOSED;
  t.authorize = [](const Principal& p, const v1::VoucherScheme& scheme) {
    return AuthorizeSchemeStaff(p, PartiesOf(scheme), "closing a voucher scheme");
  };
  return t;
}

absl::Status AuthorizeSchemeChange(const Principal& p, records::Change change,
                                   const v1::VoucherScheme* before,
                                   const v1::VoucherScheme& after) {
  const char* what = change == records::Change::kCreate   ? "creating a voucher scheme"
                     : change == records::Change::kUpdate ? "changing a voucher scheme"
                                                          : "archiving a voucher scheme";
  if (absl::Status staff =
          AuthorizeSchemeStaff(p, PartiesOf(before != nullptr ? *before : after), what);
      !staff.ok()) {
    return staff;
  }
  if (change == records::Change::kArchive && before != nullptr &&
      before->state() != v1::VOUCHER_SCHEME_DRAFT) {
    return absl::FailedPreconditionError(
        absl::StrCat(before->name(), " is ", v1::VoucherSchemeState_Name(before->state()),
                     "; only a draft scheme is archived (close an open one)"));
  }
  return absl::OkStatus();
}

absl::Status AuthorizeVoucherChange(const Principal& p, records::Change change,
                                    const SchemeParties* parties) {
  if (change != records::Change::kCreate) {
    return absl::PermissionDeniedError("a voucher changes only by :redeem, :reimburse and :cancel");
  }
  if (parties == nullptr) return absl::OkStatus();
  return AuthorizeSchemeStaff(p, *parties, "issuing vouchers");
}

bool RedemptionAsksAboutProvider(const v1::Voucher& voucher) {
  return voucher.state() == v1::VOUCHER_ISSUED;
}

void ValidateRedeemRequest(const v1::RedeemVoucherRequest& request, Violations* v) {
  aip::CheckNameOf<v1::Voucher>(request.name(), "name", true, v);
  aip::CheckNameOf<registry::v1::Organization>(request.provider(), "provider", true, v);
  aip::CheckText(request.beneficiary_ref(), "beneficiary_ref", true, 64, v);
  aip::CheckNameOf<registry::v1::SocialService>(request.social_service(), "social_service", false,
                                                v);
}

bool CanFindVoucherToRedeem(const Principal& p, const v1::Voucher& voucher,
                            const SchemeParties& parties, const v1::RedeemVoucherRequest& request) {
  if (CanReadVoucher(p, voucher, parties)) return true;
  return !p.organization.empty() && p.organization == request.provider() &&
         request.beneficiary_ref() == voucher.beneficiary_ref();
}

void CheckRedemptionService(const v1::RedeemVoucherRequest& request, const v1::Voucher& voucher,
                            const v1::VoucherScheme& scheme,
                            const registry::v1::SocialService* service, Violations* v) {
  if (request.social_service().empty() && !scheme.territories().empty()) {
    v->Add("social_service",
           absl::StrCat("is required: ", scheme.name(),
                        " pays for services in its territories only, so the place is checked"));
  }
  if (service == nullptr) return;
  if (service->provider() != request.provider()) {
    v->Add("social_service", absl::StrCat(request.social_service(), " is provided by ",
                                          service->provider(), ", not ", request.provider()));
  }
  if (service->service_type() != voucher.service_type()) {
    v->Add("social_service",
           absl::StrCat(request.social_service(), " is a ", service->service_type(),
                        " service; the voucher pays for ", voucher.service_type()));
  }
}

}  // namespace civitas::grants
