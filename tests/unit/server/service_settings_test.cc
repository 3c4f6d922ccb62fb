// The one list of services as the processes see it: default addresses from services.list, the
// `peers` setting and what start-up refuses in it.
#include "libs/server/service_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/clients/grpc_registry_client.h"
#include "libs/clients/peer_settings.h"
#include "libs/common/service_list.h"

namespace civitas {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

absl::StatusOr<Settings> Parse(const SettingsSchema& schema, std::vector<const char*> args) {
  args.insert(args.begin(), "civitas-test");
  const char* env[] = {nullptr};
  return Settings::Parse(schema, static_cast<int>(args.size()), args.data(), env);
}

TEST(ServiceListTest, ListsTheServicesOfServicesListInOrder) {
  std::vector<std::string> names;
  for (const DeclaredService& s : DeclaredServices()) names.push_back(s.name);
  // The list's first services, in its order; services added later follow (this test does not
  // name them: adding a service is its folder and one line).
  ASSERT_GE(names.size(), 3u);
  EXPECT_THAT(std::vector<std::string>(names.begin(), names.begin() + 3),
              ElementsAre("registry", "grants", "accreditation"));
  const DeclaredService* grants = FindDeclaredService("grants");
  ASSERT_NE(grants, nullptr);
  EXPECT_THAT(grants->grpc_services, ElementsAre("civitas.grants.v1.GrantsService"));
  EXPECT_EQ(grants->grpc_port, 7052);
  EXPECT_EQ(grants->metrics_port, 9102);
  EXPECT_EQ(FindDeclaredService("Grants"), nullptr);
  std::vector<std::string> local;
  for (const DeclaredService& s : DeclaredServices()) {
    local.push_back(absl::StrCat(s.name, "=127.0.0.1:", s.grpc_port));
  }
  EXPECT_EQ(LocalServiceAddresses(), absl::StrJoin(local, ","));
  EXPECT_THAT(LocalServiceAddresses(),
              testing::StartsWith(
                  "registry=127.0.0.1:7051,grants=127.0.0.1:7052,accreditation=127.0.0.1:7053"));
}

TEST(ServiceListTest, ParsesAddressesRefusingEachBadEntryByName) {
  auto ok = ParseServiceAddresses(
      " registry = 10.0.0.1:50051 ,grants=svc-grants:1, accreditation=[::1]:50053");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_THAT(*ok, ElementsAre(Pair("accreditation", "[::1]:50053"), Pair("grants", "svc-grants:1"),
                               Pair("registry", "10.0.0.1:50051")));
  for (const char* bad : {"registry=::1", "registry=fe80::1:80", "registry=h:1=junk",
                          "registry=h:+50051", "registry=h:", "registry=h:0"}) {
    auto refused = ParseServiceAddresses(bad);
    EXPECT_FALSE(refused.ok()) << bad;
    EXPECT_THAT(refused.status().message(), HasSubstr("is not name=host:port")) << bad;
  }

  auto bad = ParseServiceAddresses(
      "registry=10.0.0.1,nosuchservice=h:1,grants=h:1,grants=h:2,=h:3,accreditation=h:70000");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(bad.status().message());
  EXPECT_THAT(message, HasSubstr("'registry=10.0.0.1' is not name=host:port"));
  EXPECT_THAT(message, HasSubstr("'nosuchservice' is not a service of services/services.list "
                                 "(registry, grants, accreditation"));
  EXPECT_THAT(message, HasSubstr("'grants' is given twice"));
  EXPECT_THAT(message, HasSubstr("'=h:3' is not name=host:port"));
  EXPECT_THAT(message, HasSubstr("'accreditation=h:70000' is not name=host:port"));
}

TEST(ServiceListTest, ReplicasAreIpAddressesOfOneFamilyJoinedByBars) {
  auto ok = ParseServiceAddresses("registry=10.0.0.5:7051|10.0.0.6:7051,grants=[::1]:1|[::2]:1");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_THAT(ServiceReplicas(ok->at("registry")), ElementsAre("10.0.0.5:7051", "10.0.0.6:7051"));
  EXPECT_EQ(clients::ChannelTarget(ok->at("registry")), "ipv4:10.0.0.5:7051,10.0.0.6:7051");
  EXPECT_EQ(clients::ChannelTarget(ok->at("grants")), "ipv6:[::1]:1,[::2]:1");
  EXPECT_EQ(clients::ChannelTarget("svc-grants:1"), "svc-grants:1");
  for (const char* bad : {"registry=a.svc:1|b.svc:1", "registry=10.0.0.5:1|[::1]:1",
                          "registry=10.0.0.256:1|10.0.0.1:1"}) {
    auto refused = ParseServiceAddresses(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_THAT(refused.status().message(), HasSubstr("IP addresses of one family")) << bad;
  }
  EXPECT_FALSE(ParseServiceAddresses("registry=10.0.0.5:1|").ok());
}

TEST(ServiceSettingsTest, DefaultsComeFromTheList) {
  SettingsSchema schema = ServiceSettingsSchema("accreditation");
  EXPECT_EQ(schema.program(), "civitas-accreditation");
  auto settings = Parse(schema, {"--development_mode"});
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->String("grpc_address"), "127.0.0.1:7053");
  EXPECT_EQ(settings->String("metrics_address"), "127.0.0.1:9103");
  EXPECT_EQ(settings->String("redis_key_prefix"), "civitas:{accreditation}");
  EXPECT_EQ(settings->String("peers"), LocalServiceAddresses());
}

TEST(ServiceSettingsTest, PeersMustSayWhereEveryCalledServiceIs) {
  SettingsSchema schema = ServiceSettingsSchema("grants");
  clients::DeclarePeerSettings(&schema, "registry", "organisations");
  clients::DeclarePeerSettings(&schema, "accreditation", "providers' accreditation");

  auto given = Parse(
      schema, {"--development_mode", "--peers=registry=reg:1,accreditation=acc:2,grants=self:3"});
  ASSERT_TRUE(given.ok()) << given.status();
  EXPECT_EQ(clients::PeerAddress(*given, "registry"), "reg:1");
  EXPECT_EQ(clients::PeerAddress(*given, "accreditation"), "acc:2");
  EXPECT_EQ(clients::PeerClientOptions(*given, "registry").timeout, absl::Seconds(2));

  auto missing = Parse(schema, {"--development_mode", "--peers=registry=reg:1"});
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(),
              HasSubstr("peers: says nowhere where the accreditation service is; this service "
                        "calls it for providers' accreditation"));

  auto unknown = Parse(schema, {"--development_mode", "--peers=registry=reg:1,regsitry=x:1"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("peers: 'regsitry' is not a service"));
}

}  // namespace
}  // namespace civitas
