// End to end over REST: a voucher scheme (Georgia's voucher assistance) through the gateway
// against real registry, grants and accreditation services: the scheme run by a city hall,
// vouchers issued within its envelope, redeemed once only at a provider the accreditation
// service shows accredited for the scheme's service type today (32 racing redemptions of one
// voucher: exactly one succeeds), each role's view, the reimbursement as an IATI transaction, and
// bad input refused naming the field without a change.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/e2e/accreditation_steps.h"
#include "tests/e2e/rest_steps.h"

namespace civitas::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string CityHall() {
  return rest_stack->Token("municipality", "organizations/vo-city", "clerk@vo-city");
}

// A city hall, an accredited provider (vo-provider, through the whole procedure) and one that is
// not (vo-newcomer); a day care scheme of GEL 500 vouchers holding `vouchers` of them.
std::string OpenScheme(const std::string& id, int vouchers) {
  static std::once_flag once;
  std::call_once(once, [] {
    Must(200, "POST", "/v1/organizations?organizationId=vo-city", rest_stack->Token("admin"),
         R"({"type":"PUBLIC_AUTHORITY","displayName":{"en":"Tbilisi City Hall"},)"
         R"("territories":["territories/ac-md"]})");
    RegisterProvider("vo-provider");
    RegisterProvider("vo-newcomer");
    Evaluated("vo-provider", "vo-provider-initial", 5, 9);
    Must(200, "POST", "/v1/cases/vo-provider-initial:decide", Body(), R"({"outcome":"ACCREDIT"})");
  });
  Must(200, "POST", "/v1/voucherSchemes?voucherSchemeId=" + id, CityHall(),
       absl::StrCat(R"({"displayName":{"en":"Day care vouchers","ka":"ვაუჩერები"},)",
                    R"("administrator":"organizations/vo-city","serviceType":"day-care",)",
                    R"("envelope":{"currencyCode":"GEL","amountMinor":)", vouchers * 50000,
                    R"(},"voucherValue":{"currencyCode":"GEL","amountMinor":50000},)",
                    R"("validityDays":90,"startDate":"2026-01-01","endDate":"2099-12-31",)",
                    R"("territories":["territories/ac-md"]})"));
  Must(200, "POST", "/v1/voucherSchemes/" + id + ":open", CityHall());
  return "voucherSchemes/" + id;
}

std::string Issue(const std::string& scheme, const std::string& ref) {
  auto v = Must(200, "POST", "/v1/vouchers", CityHall(),
                absl::StrCat(R"({"scheme":")", scheme, R"(","beneficiaryRef":")", ref, R"("})"));
  return At(v, "name");
}

std::string RedeemBody(const std::string& ref, const std::string& provider = "vo-provider") {
  return absl::StrCat(R"({"provider":"organizations/)", provider, R"(","beneficiaryRef":")", ref,
                      R"(","socialService":"socialServices/)", provider, R"(-day-care"})");
}

TEST(VoucherRestTest, IssuedWithinTheEnvelopeRedeemedOnceAtAnAccreditedProviderReimbursed) {
  const std::string scheme = OpenScheme("vo-flow", 2);
  const std::string provider = Provider("vo-provider");
  const std::string newcomer = Provider("vo-newcomer");
  // The scheme is public once open; vouchers never are.
  auto shown = Must(200, "GET", "/v1/" + scheme, "");
  EXPECT_EQ(At(shown, "state"), "VOUCHER_SCHEME_OPEN");
  const std::string first = Issue(scheme, "TB-0001");
  const std::string second = Issue(scheme, "TB-0002");
  EXPECT_EQ(At(Must(200, "GET", "/v1/" + first, CityHall()), "validFrom"), Today());
  Reply full = Send("POST", "/v1/vouchers", CityHall(),
                    absl::StrCat(R"({"scheme":")", scheme, R"(","beneficiaryRef":"TB-0003"})"));
  EXPECT_EQ(full.status, 400) << full.text;
  EXPECT_EQ(At(full.body, "code"), "FAILED_PRECONDITION");
  EXPECT_THAT(At(full.body, "detail"),
              HasSubstr("value of the vouchers issued under voucherSchemes/vo-flow"));
  Must(401, "GET", "/v1/" + first, "");
  Must(404, "GET", "/v1/" + first, provider);
  Must(403, "POST", "/v1/vouchers", provider,
       absl::StrCat(R"({"scheme":")", scheme, R"(","beneficiaryRef":"TB-0009"})"));

  // Not accredited: refused naming the rule and the missing certificate; nothing changes.
  Reply unaccredited =
      Send("POST", "/v1/" + first + ":redeem", newcomer, RedeemBody("TB-0001", "vo-newcomer"));
  EXPECT_EQ(unaccredited.status, 400) << unaccredited.text;
  EXPECT_THAT(At(unaccredited.body, "detail"),
              HasSubstr("accreditation: organizations/vo-newcomer is not accredited for day-care"));
  // In another provider's name, or for another beneficiary: refused (in another's name as if the
  // voucher did not exist).
  Must(404, "POST", "/v1/" + first + ":redeem", newcomer, RedeemBody("TB-0001"));
  // Without the beneficiary's reference the provider learns nothing of the voucher either.
  Reply stranger = Send("POST", "/v1/" + first + ":redeem", provider, RedeemBody("TB-0002"));
  EXPECT_EQ(stranger.status, 404) << stranger.text;
  EXPECT_EQ(At(stranger.body, "detail"), absl::StrCat(first, " not found"));
  // The scheme pays for services in its territories: the place must be named.
  Reply nowhere = Send("POST", "/v1/" + first + ":redeem", provider,
                       R"({"provider":"organizations/vo-provider","beneficiaryRef":"TB-0001"})");
  EXPECT_EQ(nowhere.status, 400) << nowhere.text;
  EXPECT_THAT(nowhere.text, HasSubstr("social_service"));
  EXPECT_EQ(At(Must(200, "GET", "/v1/" + first, CityHall()), "state"), "VOUCHER_ISSUED");

  auto redeemed = Must(200, "POST", "/v1/" + first + ":redeem", provider, RedeemBody("TB-0001"));
  EXPECT_EQ(At(redeemed, "state"), "VOUCHER_REDEEMED");
  EXPECT_EQ(At(redeemed, "redeemedOn"), Today());
  EXPECT_THAT(At(redeemed, "certificate"), ::testing::StartsWith("MD-"));
  Reply twice = Send("POST", "/v1/" + first + ":redeem", provider, RedeemBody("TB-0001"));
  EXPECT_EQ(twice.status, 400) << twice.text;
  EXPECT_THAT(At(twice.body, "detail"), HasSubstr("is VOUCHER_REDEEMED"));
  // The provider now sees the voucher it took, and only that one.
  Must(200, "GET", "/v1/" + first, provider);
  const std::string listed = Send("GET", "/v1/vouchers", provider).text;
  EXPECT_THAT(listed, HasSubstr(first));
  EXPECT_THAT(listed, Not(HasSubstr(second)));

  Must(403, "POST", "/v1/" + first + ":reimburse", provider);
  auto paid = Must(200, "POST", "/v1/" + first + ":reimburse", CityHall());
  EXPECT_EQ(At(paid, "state"), "VOUCHER_REIMBURSED");
  EXPECT_THAT(
      Send("GET", "/v1/" + first, CityHall()).text,
      HasSubstr(R"("type":"REIMBURSEMENT","value":{"currencyCode":"GEL","amountMinor":"50000"})"));

  // A cancelled voucher gives its value back to the envelope.
  Must(400, "POST", "/v1/" + second + ":cancel", CityHall(), "{}");
  Must(200, "POST", "/v1/" + second + ":cancel", CityHall(), R"({"reason":"family moved"})");
  Issue(scheme, "TB-0003");
}

TEST(VoucherRestTest, OfThirtyTwoConcurrentRedemptionsOfOneVoucherExactlyOneSucceeds) {
  const std::string scheme = OpenScheme("vo-race", 1);
  const std::string voucher = Issue(scheme, "TB-RACE-1");
  const std::string provider = Provider("vo-provider");
  std::mutex mu;
  std::vector<int> statuses;
  std::vector<std::thread> threads;
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&] {
      auto r =
          rest_stack->Call("POST", "/v1/" + voucher + ":redeem", provider, RedeemBody("TB-RACE-1"));
      std::lock_guard<std::mutex> lock(mu);
      statuses.push_back(r.ok() ? r->status : -1);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 400), 31);
  auto stored = Must(200, "GET", "/v1/" + voucher, CityHall());
  EXPECT_EQ(At(stored, "etag"), "2") << "redeemed by one write";
}

TEST(VoucherRestTest, BadInputIsRefusedNamingTheFieldAndChangesNothing) {
  const std::string scheme = OpenScheme("vo-input", 1);
  Reply bad =
      Send("POST", "/v1/voucherSchemes?voucherSchemeId=vo-bad", CityHall(),
           R"({"displayName":{"en":"x"},"administrator":"organizations/vo-city",)"
           R"("serviceType":"astrology","envelope":{"currencyCode":"GEL","amountMinor":100},)"
           R"("voucherValue":{"currencyCode":"EUR","amountMinor":500},"validityDays":0,)"
           R"("startDate":"2026-02-30","endDate":"2026-12-31"})");
  EXPECT_EQ(bad.status, 400) << bad.text;
  for (const char* field :
       {"voucher_scheme.service_type", "voucher_scheme.voucher_value.currency_code",
        "voucher_scheme.voucher_value.amount_minor", "voucher_scheme.validity_days",
        "voucher_scheme.start_date"}) {
    EXPECT_THAT(bad.text, HasSubstr(field));
  }
  Must(404, "GET", "/v1/voucherSchemes/vo-bad", CityHall());
  Reply wrong_type = Send("POST", "/v1/vouchers", CityHall(),
                          R"({"scheme":["voucherSchemes/vo-input"],"beneficiaryRef":7})");
  EXPECT_EQ(wrong_type.status, 400) << wrong_type.text;
  Reply personal = Send(
      "POST", "/v1/vouchers", CityHall(),
      absl::StrCat(R"({"scheme":")", scheme, R"(","beneficiaryRef":"nino.beridze@example.ge"})"));
  EXPECT_EQ(personal.status, 400) << personal.text;
  EXPECT_THAT(personal.text, HasSubstr("voucher.beneficiary_ref"));
  Reply utf8 =
      Send("POST", "/v1/vouchers", CityHall(),
           absl::StrCat(R"({"scheme":")", scheme, "\",\"beneficiaryRef\":\"TB-\xff\xfe\"}"));
  EXPECT_EQ(utf8.status, 400) << utf8.text;
  Reply redeem = Send("POST", "/v1/vouchers/nope:redeem", Provider("vo-provider"),
                      R"({"provider":"vo-provider","beneficiaryRef":""})");
  EXPECT_EQ(redeem.status, 400) << redeem.text;
  EXPECT_THAT(redeem.text, HasSubstr("provider"));
  EXPECT_THAT(redeem.text, HasSubstr("beneficiary_ref"));
  Must(404, "POST", "/v1/vouchers/nope:redeem", Provider("vo-provider"), RedeemBody("TB-0001"));
  // Nothing was issued by any of it: the one voucher the envelope holds is still there to issue.
  Issue(scheme, "TB-0001");
}

}  // namespace
}  // namespace civitas::testing
