// The parts of libs/clients that need no server: which methods may be retried, the retry service
// config, the service identity's token, and the fake registry client.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "libs/clients/fake_registry_client.h"
#include "libs/clients/read_methods.h"
#include "libs/clients/retry_policy.h"
#include "libs/clients/service_identity.h"

namespace civitas::clients {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST(ReadMethodsOf, ListsTheGetMethodsOfTheRegistryAndNoWrite) {
  EXPECT_THAT(
      ReadMethodsOf("civitas.registry.v1.RegistryService"),
      UnorderedElementsAre("GetTerritory", "ListTerritories", "GetOrganization",
                           "ListOrganizations", "GetSocialService", "ListSocialServices",
                           "GetPartnership", "ListPartnerships", "GetNetwork", "ListNetworks",
                           "ExportTerritories", "ExportOrganizations", "ExportOrganizationsCsv",
                           "ListServiceTypes", "GetTrainingProgramme", "ListTrainingProgrammes",
                           "GetCohortFigures", "GetTrainingEvent", "ListTrainingEvents"));
  EXPECT_THAT(
      ReadMethodsOf("civitas.grants.v1.GrantsService"),
      UnorderedElementsAre("GetProgramme", "ListProgrammes", "GetCall", "ListCalls",
                           "GetApplication", "ListApplications", "GetReview", "ListReviews",
                           "RankApplications", "GetGrant", "ListGrants", "ListOverdueReports",
                           "ListGrantsAtRisk", "GetReport", "ListReports", "GetCascade",
                           "ExportGrants360Giving", "ExportGrants360GivingCsv", "ExportGrantsIati",
                           "GetVoucherScheme", "ListVoucherSchemes", "GetVoucher", "ListVouchers"));
  EXPECT_THAT(ReadMethodsOf("civitas.nowhere.v1.Unknown"), IsEmpty());
}

TEST(RetryServiceConfig, IsJsonNamingEachMethodAndRetryingOnlyUnavailable) {
  RetryPolicy policy;
  policy.max_attempts = 4;
  policy.initial_backoff = absl::Milliseconds(20);
  policy.max_backoff = absl::Milliseconds(1500);
  policy.backoff_multiplier = 1.5;
  std::string json = RetryServiceConfig("a.v1.S", {"GetA", "ListA"}, policy);
  google::protobuf::Struct doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &doc).ok()) << json;
  const auto& config = doc.fields().at("methodConfig").list_value().values(0).struct_value();
  const auto& names = config.fields().at("name").list_value();
  ASSERT_EQ(names.values_size(), 2);
  EXPECT_EQ(names.values(0).struct_value().fields().at("service").string_value(), "a.v1.S");
  EXPECT_EQ(names.values(1).struct_value().fields().at("method").string_value(), "ListA");
  const auto& retry = config.fields().at("retryPolicy").struct_value().fields();
  EXPECT_EQ(retry.at("maxAttempts").number_value(), 4);
  EXPECT_EQ(retry.at("initialBackoff").string_value(), "0.020s");
  EXPECT_EQ(retry.at("maxBackoff").string_value(), "1.500s");
  EXPECT_EQ(retry.at("backoffMultiplier").number_value(), 1.5);
  const auto& codes = retry.at("retryableStatusCodes").list_value();
  ASSERT_EQ(codes.values_size(), 1);
  EXPECT_EQ(codes.values(0).string_value(), "UNAVAILABLE");
  EXPECT_TRUE(doc.fields().at("retryThrottling").has_struct_value());
}

TEST(ServiceIdentity, SignsItsOwnPrincipalAndRenewsAtHalfLife) {
  FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  JwtCodec jwt({"secret", "civitas", /*leeway=*/absl::ZeroDuration()}, &clock);
  ServiceIdentity identity("accreditation", {kRoleWarehouse}, &jwt, &clock, absl::Minutes(10));
  std::string first = identity.Authorization();
  ASSERT_TRUE(absl::StartsWith(first, "Bearer "));
  auto principal = jwt.Verify(first.substr(7));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "services/accreditation");
  EXPECT_TRUE(principal->HasRole(kRoleWarehouse));
  EXPECT_EQ(principal->expires_at, clock.Now() + absl::Minutes(10));

  clock.Advance(absl::Minutes(4));
  EXPECT_EQ(identity.Authorization(), first) << "cached before half its lifetime";
  clock.Advance(absl::Minutes(2));
  std::string renewed = identity.Authorization();
  EXPECT_NE(renewed, first);
  auto later = jwt.Verify(renewed.substr(7));
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->expires_at, clock.Now() + absl::Minutes(10));
}

TEST(FakeRegistryClient, AnswersLikeTheRegistryAndRecordsCalls) {
  FakeRegistryClient registry;
  registry::v1::Territory goris;
  goris.set_name("territories/goris");
  goris.add_ancestors("territories/am");
  goris.add_ancestors("territories/am-su");
  registry.Add(goris);
  registry::v1::Organization org;
  org.set_name("organizations/o1");
  registry.Add(org);

  auto ancestry = registry.GetTerritoryAncestry({.correlation_id = "r1"}, "territories/goris");
  ASSERT_TRUE(ancestry.ok());
  EXPECT_THAT(ancestry->path,
              ElementsAre("territories/am", "territories/am-su", "territories/goris"));
  EXPECT_TRUE(ancestry->IsWithin("territories/am-su"));
  EXPECT_TRUE(ancestry->IsWithin("territories/goris"));
  EXPECT_FALSE(ancestry->IsWithin("territories/md"));

  EXPECT_TRUE(registry.GetOrganization({}, "organizations/o1").ok());
  auto missing = registry.GetSocialService({.correlation_id = "r3"}, "socialServices/none");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), ::testing::HasSubstr("socialServices/none"));

  registry.FailNext(absl::UnavailableError("registry down"));
  EXPECT_EQ(registry.GetOrganization({}, "organizations/o1").status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_TRUE(registry.GetOrganization({}, "organizations/o1").ok()) << "one failure queued";

  auto calls = registry.calls();
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[0].method, "GetTerritoryAncestry");
  EXPECT_EQ(calls[0].correlation_id, "r1");
  EXPECT_EQ(calls[2].name, "socialServices/none");
}

}  // namespace
}  // namespace civitas::clients
