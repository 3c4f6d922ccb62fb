// GrpcRegistryClient over real gRPC: against the registry service itself (in process, in-memory
// store), and against a scripted registry that fails on cue, to see retries, deadlines and what
// each call carries.
#include "libs/clients/grpc_registry_client.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "civitas/registry/v1/registry_service.grpc.pb.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/auth/jwt.h"
#include "libs/store/in_memory_document_store.h"
#include "services/registry/api/registry_grpc_service.h"

namespace civitas::clients {
namespace {

namespace v1 = registry::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Metadata(grpc::ServerContextBase* context, const std::string& key) {
  auto [first, last] = context->client_metadata().equal_range(key);
  return first == last ? "" : std::string(first->second.data(), first->second.size());
}

// A registry that fails GetOrganization with `failure` for the first `failures` attempts, and
// records what each attempt carried.
class ScriptedRegistry final : public v1::RegistryService::Service {
 public:
  grpc::Status GetOrganization(grpc::ServerContext* context, const v1::GetOrganizationRequest* req,
                               v1::Organization* out) override {
    absl::MutexLock lock(&mu_);
    ++attempts_;
    correlation_ids_.push_back(Metadata(context, "x-request-id"));
    authorization_ = Metadata(context, "authorization");
    user_agent_ = Metadata(context, "user-agent");
    if (attempts_ <= failures_) {
      return grpc::Status(failure_, "scripted failure");
    }
    out->set_name(req->name());
    return grpc::Status::OK;
  }
  grpc::Status CreateOrganization(grpc::ServerContext*, const v1::CreateOrganizationRequest*,
                                  v1::Organization*) override {
    absl::MutexLock lock(&mu_);
    ++attempts_;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "scripted failure");
  }
  grpc::Status GetTerritory(grpc::ServerContext*, const v1::GetTerritoryRequest*,
                            v1::Territory*) override {
    absl::SleepFor(absl::Milliseconds(500));
    return grpc::Status::OK;
  }

  void Fail(int failures, grpc::StatusCode code) {
    absl::MutexLock lock(&mu_);
    failures_ = failures;
    failure_ = code;
  }
  int attempts() {
    absl::MutexLock lock(&mu_);
    return attempts_;
  }
  std::vector<std::string> request_ids() {
    absl::MutexLock lock(&mu_);
    return correlation_ids_;
  }
  std::string authorization() {
    absl::MutexLock lock(&mu_);
    return authorization_;
  }
  std::string user_agent() {
    absl::MutexLock lock(&mu_);
    return user_agent_;
  }

 private:
  absl::Mutex mu_;
  int failures_ ABSL_GUARDED_BY(mu_) = 0;
  grpc::StatusCode failure_ ABSL_GUARDED_BY(mu_) = grpc::StatusCode::UNAVAILABLE;
  int attempts_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> correlation_ids_ ABSL_GUARDED_BY(mu_);
  std::string authorization_ ABSL_GUARDED_BY(mu_);
  std::string user_agent_ ABSL_GUARDED_BY(mu_);
};

std::unique_ptr<grpc::Server> Serve(grpc::Service* service, int* port) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), port);
  builder.RegisterService(service);
  return builder.BuildAndStart();
}

class ScriptedRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = Serve(&registry_, &port_);
    ASSERT_NE(server_, nullptr);
    GrpcClientOptions options;
    options.retry.initial_backoff = absl::Milliseconds(10);
    options.retry.max_backoff = absl::Milliseconds(50);
    client_ = GrpcRegistryClient::Connect(absl::StrCat("127.0.0.1:", port_), &identity_, options);
  }
  void TearDown() override { server_->Shutdown(); }

  SystemClock clock_;
  JwtCodec jwt_{{"test-secret", "civitas"}, &clock_};
  ServiceIdentity identity_{"grants", {kRoleReviewer}, &jwt_, &clock_};
  ScriptedRegistry registry_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<GrpcRegistryClient> client_;
};

TEST_F(ScriptedRegistryTest, AReadIsRetriedOnUnavailableUntilItSucceeds) {
  registry_.Fail(2, grpc::StatusCode::UNAVAILABLE);
  auto org = client_->GetOrganization({.correlation_id = "req-7"}, "organizations/o1");
  ASSERT_TRUE(org.ok()) << org.status();
  EXPECT_EQ(org->name(), "organizations/o1");
  EXPECT_EQ(registry_.attempts(), 3);
  EXPECT_THAT(registry_.request_ids(), ElementsAre("req-7", "req-7", "req-7"))
      << "every attempt carries the caller's request id";
}

TEST_F(ScriptedRegistryTest, RetriesAreBoundedByMaxAttempts) {
  registry_.Fail(100, grpc::StatusCode::UNAVAILABLE);
  auto org = client_->GetOrganization({}, "organizations/o1");
  EXPECT_EQ(org.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(registry_.attempts(), 3);
}

TEST_F(ScriptedRegistryTest, OtherErrorsAreNotRetried) {
  registry_.Fail(1, grpc::StatusCode::INTERNAL);
  auto org = client_->GetOrganization({}, "organizations/o1");
  EXPECT_EQ(org.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(registry_.attempts(), 1);
}

TEST_F(ScriptedRegistryTest, WritesOnTheSameChannelAreNeverRetried) {
  auto channel =
      DialService(absl::StrCat("127.0.0.1:", port_), v1::RegistryService::service_full_name(),
                  {"GetOrganization"}, identity_, RetryPolicy{});
  auto stub = v1::RegistryService::NewStub(channel);
  grpc::ClientContext context;
  v1::Organization out;
  grpc::Status s = stub->CreateOrganization(&context, v1::CreateOrganizationRequest(), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(registry_.attempts(), 1);
}

TEST_F(ScriptedRegistryTest, EachCallCarriesTheServiceIdentity) {
  ASSERT_TRUE(client_->GetOrganization({}, "organizations/o1").ok());
  std::string authorization = registry_.authorization();
  ASSERT_THAT(authorization, StartsWith("Bearer "));
  auto principal = jwt_.Verify(authorization.substr(7));
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "services/grants");
  EXPECT_TRUE(principal->HasRole(kRoleReviewer));
  EXPECT_THAT(registry_.user_agent(), StartsWith("civitas-grants"));
}

TEST_F(ScriptedRegistryTest, ACallEndsAtItsDeadline) {
  CallContext hurried;
  hurried.deadline = absl::Now() + absl::Milliseconds(50);
  const absl::Time start = absl::Now();
  auto ancestry = client_->GetTerritoryAncestry(hurried, "territories/slow");
  EXPECT_EQ(ancestry.status().code(), absl::StatusCode::kDeadlineExceeded);
  // Calls made one after another share the request's deadline: the second one, started after
  // it, ends at once instead of taking the client's whole timeout again.
  auto after = client_->GetTerritoryAncestry(hurried, "territories/slow");
  EXPECT_EQ(after.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
}

// The client against the registry's own gRPC service.
class RegistryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = Serve(&service_, &port_);
    ASSERT_NE(server_, nullptr);
    client_ = GrpcRegistryClient::Connect(absl::StrCat("127.0.0.1:", port_), &identity_);
    stub_ = v1::RegistryService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  void AsAdmin(grpc::ClientContext* context) {
    Principal admin;
    admin.subject = "admin-user";
    admin.roles = {kRoleAdmin};
    context->AddMetadata("authorization", "Bearer " + jwt_.Sign(admin, absl::Hours(1)));
  }
  void CreateTerritory(const std::string& id, const std::string& code, v1::TerritoryLevel level,
                       const std::string& parent) {
    grpc::ClientContext context;
    AsAdmin(&context);
    v1::CreateTerritoryRequest req;
    req.set_territory_id(id);
    req.mutable_territory()->set_code(code);
    req.mutable_territory()->set_level(level);
    req.mutable_territory()->set_parent(parent);
    (*req.mutable_territory()->mutable_display_name())["en"] = code;
    v1::Territory out;
    grpc::Status s = stub_->CreateTerritory(&context, req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  SystemClock clock_;
  RandomIdGenerator ids_;
  JwtCodec jwt_{{"test-secret", "civitas"}, &clock_};
  GrpcAuthenticator authenticator_{&jwt_};
  JsonLogger logger_{"registry-client-test", stderr, absl::Milliseconds(100), "fatal"};
  BlockingExecutor writers_{2};
  InMemoryDocumentStore store_;
  registry::RegistryRecords records_{&store_, &clock_, &ids_};
  registry::RegistryGrpcService service_{&records_, &authenticator_, &logger_, &writers_};
  ServiceIdentity identity_{"grants", {}, &jwt_, &clock_};
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<GrpcRegistryClient> client_;
  std::unique_ptr<v1::RegistryService::Stub> stub_;
};

TEST_F(RegistryServiceTest, ReadsOrganizationsTerritoryAncestryAndSocialServices) {
  CreateTerritory("am", "AM", v1::COUNTRY, "");
  CreateTerritory("am-su", "AM-SU", v1::REGION, "territories/am");
  CreateTerritory("goris", "AM-SU-GOR", v1::MUNICIPALITY, "territories/am-su");
  {
    grpc::ClientContext context;
    AsAdmin(&context);
    v1::CreateOrganizationRequest req;
    req.set_organization_id("women-resource-center");
    req.mutable_organization()->set_type(v1::CSO);
    (*req.mutable_organization()->mutable_display_name())["hy"] = "Կանանց ռեսուրսային կենտրոն";
    v1::Organization out;
    ASSERT_TRUE(stub_->CreateOrganization(&context, req, &out).ok());
  }
  {
    grpc::ClientContext context;
    AsAdmin(&context);
    v1::CreateSocialServiceRequest req;
    req.set_social_service_id("goris-day-care");
    auto* s = req.mutable_social_service();
    (*s->mutable_display_name())["hy"] = "Ցերեկային կենտրոն";
    s->set_service_type("day-care");
    s->set_provider("organizations/women-resource-center");
    s->set_territory("territories/goris");
    v1::SocialService out;
    grpc::Status st = stub_->CreateSocialService(&context, req, &out);
    ASSERT_TRUE(st.ok()) << st.error_message();
  }

  auto ancestry = client_->GetTerritoryAncestry({.correlation_id = "r1"}, "territories/goris");
  ASSERT_TRUE(ancestry.ok()) << ancestry.status();
  EXPECT_EQ(ancestry->territory.code(), "AM-SU-GOR");
  EXPECT_THAT(ancestry->path,
              ElementsAre("territories/am", "territories/am-su", "territories/goris"));
  EXPECT_TRUE(ancestry->IsWithin("territories/am-su"));

  auto org = client_->GetOrganization({}, "organizations/women-resource-center");
  ASSERT_TRUE(org.ok()) << org.status();
  EXPECT_EQ(org->type(), v1::CSO);

  auto service = client_->GetSocialService({}, "socialServices/goris-day-care");
  ASSERT_TRUE(service.ok()) << service.status();
  EXPECT_EQ(service->provider(), "organizations/women-resource-center");
}

TEST_F(RegistryServiceTest, ReturnsTheRegistrysErrorsAsStatus) {
  auto missing = client_->GetOrganization({}, "organizations/nobody");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("organizations/nobody"));

  auto malformed = client_->GetSocialService({}, "organizations/wrong-kind");
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument) << malformed.status();
}

}  // namespace
}  // namespace civitas::clients
