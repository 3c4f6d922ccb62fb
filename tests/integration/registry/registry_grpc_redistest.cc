// The registry's gRPC service in process, on port 0, over a real redis-server.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "civitas/registry/v1/registry_service.grpc.pb.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/auth/jwt.h"
#include "libs/common/field_violations.h"
#include "libs/common/grpc_status.h"
#include "libs/common/json_log.h"
#include "libs/redis/redis_pipeliner.h"
#include "libs/server/grpc_server_runner.h"
#include "libs/server/server_interceptors.h"
#include "libs/store/redis_document_store.h"
#include "libs/testing/http_client.h"
#include "libs/testing/redis_server.h"
#include "libs/testing/test_certificates.h"
#include "services/gateway/backend_pool.h"
#include "services/registry/api/registry_grpc_service.h"

namespace civitas::registry {
namespace {

using ::testing::HasSubstr;

class RegistryGrpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto redis = testing::RedisServer::Start();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = std::move(redis).value();
    RedisOptions options = redis_->options();
    options.connect_timeout = absl::Milliseconds(200);
    client_ = std::make_unique<RedisClient>(options);
    // As in the service: reads by id and creates each through a pipeliner.
    reads_ = std::make_unique<RedisPipeliner>(client_.get(), Retry::kOnConnectionError);
    writes_ = std::make_unique<RedisPipeliner>(client_.get(), Retry::kNever);
    store_ = std::make_unique<RedisDocumentStore>(client_.get(),
                                                  RedisDocumentStoreOptions{"civitas:{registry}"},
                                                  reads_.get(), writes_.get());
    records_ = std::make_unique<RegistryRecords>(store_.get(), &clock_, &ids_);
    service_ =
        std::make_unique<RegistryGrpcService>(records_.get(), &authenticator_, &logger_, &writers_);
    GrpcServerOptions server_options;
    server_options.health_service_names = {"civitas.registry.v1.RegistryService"};
    server_options.probe_interval = absl::Milliseconds(50);
    server_options.authenticator = &authenticator_;
    ASSERT_NO_FATAL_FAILURE(Configure(&server_options));
    runner_ = std::make_unique<GrpcServerRunner>(server_options, metrics_, &logger_,
                                                 [this] { return client_->Ping(); });
    runner_->AddService(service_.get());
    ASSERT_TRUE(runner_->Start().ok());
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", runner_->port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::RegistryService::NewStub(channel_);
  }

  void TearDown() override { runner_->Shutdown(); }
  // What a fixture adds to the server's options before it starts.
  virtual void Configure(GrpcServerOptions* options) {}

  // One metrics endpoint for the suite: stopping civetweb waits out its 2 s poll.
  static void SetUpTestSuite() {
    auto metrics = MetricsExposer::Start("127.0.0.1:0");
    ASSERT_TRUE(metrics.ok());
    metrics_ = std::move(metrics).value().release();
  }
  static void TearDownTestSuite() { delete metrics_; }

  std::unique_ptr<grpc::ClientContext> As(const Principal& p) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (!p.anonymous()) ctx->AddMetadata("authorization", "Bearer " + jwt_.Sign(p, absl::Hours(1)));
    return ctx;
  }
  static Principal Role(const std::string& role, const std::string& org = "") {
    Principal p;
    p.subject = role + "-user";
    p.roles = {role};
    p.organization = org;
    return p;
  }

  grpc::Status CreateOrganization(const std::string& id, const Principal& p,
                                  v1::Organization* out) {
    v1::CreateOrganizationRequest req;
    req.set_organization_id(id);
    (*req.mutable_organization()->mutable_display_name())["ro"] = "Organizație " + id;
    req.mutable_organization()->set_type(v1::CSO);
    return stub_->CreateOrganization(As(p).get(), req, out);
  }

  SystemClock clock_;
  RandomIdGenerator ids_;
  JwtCodec jwt_{{"test-secret", "civitas"}, &clock_};
  GrpcAuthenticator authenticator_{&jwt_};
  // The service's log, read back by the tests that look at it.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> log_{std::tmpfile(), &std::fclose};
  JsonLogger logger_{"registry-test", log_.get()};
  BlockingExecutor writers_{4};
  std::unique_ptr<testing::RedisServer> redis_;
  std::unique_ptr<RedisClient> client_;
  std::unique_ptr<RedisPipeliner> reads_;
  std::unique_ptr<RedisPipeliner> writes_;
  std::unique_ptr<RedisDocumentStore> store_;
  std::unique_ptr<RegistryRecords> records_;
  std::unique_ptr<RegistryGrpcService> service_;
  static inline MetricsExposer* metrics_ = nullptr;
  std::unique_ptr<GrpcServerRunner> runner_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::RegistryService::Stub> stub_;
};

TEST_F(RegistryGrpcTest, AdminCreatesAndAnonymousReads) {
  v1::Organization created;
  ASSERT_TRUE(CreateOrganization("keystone", Role(kRoleAdmin), &created).ok());
  EXPECT_EQ(created.name(), "organizations/keystone");
  v1::GetOrganizationRequest get;
  get.set_name("organizations/keystone");
  v1::Organization got;
  ASSERT_TRUE(stub_->GetOrganization(As(Principal::Anonymous()).get(), get, &got).ok());
  EXPECT_EQ(got.display_name().at("ro"), "Organizație keystone");
}

TEST_F(RegistryGrpcTest, MissingOrForgedTokenCannotWrite) {
  v1::Organization out;
  // Refused before the method runs, as the gateway refuses it: the method is not annotated
  // allow_anonymous (the interceptor marks the call, the authenticator refuses it).
  grpc::Status anonymous = CreateOrganization("a", Principal::Anonymous(), &out);
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(anonymous.error_message(), "CreateOrganization needs credentials: a bearer token");
  // A client cannot lift it by sending the marker itself: it only ever adds the requirement.
  grpc::ClientContext marked;
  marked.AddMetadata(kCredentialsRequiredMetadata, "GetOrganization");
  v1::GetOrganizationRequest get;
  get.set_name("organizations/none");
  EXPECT_EQ(stub_->GetOrganization(&marked, get, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext ctx;
  JwtCodec other({"other-secret", "civitas"}, &clock_);
  ctx.AddMetadata("authorization", "Bearer " + other.Sign(Role(kRoleAdmin), absl::Hours(1)));
  v1::CreateOrganizationRequest req;
  EXPECT_EQ(stub_->CreateOrganization(&ctx, req, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST(MethodRequiresCredentials, CivitasMethodsWithoutAllowAnonymousOnly) {
  EXPECT_TRUE(MethodRequiresCredentials("/civitas.registry.v1.RegistryService/CreateOrganization"));
  EXPECT_TRUE(MethodRequiresCredentials(
      "/civitas.registry.v1.RegistryService/SetSocialServiceAccreditation"));
  EXPECT_FALSE(MethodRequiresCredentials("/civitas.registry.v1.RegistryService/GetOrganization"));
  EXPECT_FALSE(MethodRequiresCredentials("/civitas.registry.v1.RegistryService/ListServiceTypes"));
  EXPECT_FALSE(MethodRequiresCredentials("/grpc.health.v1.Health/Check"));
  EXPECT_FALSE(MethodRequiresCredentials("/civitas.registry.v1.RegistryService/NoSuchMethod"));
  EXPECT_FALSE(MethodRequiresCredentials("garbage"));
}

// Each refused call's log line holds the error its caller got, as it was sent, and who called.
TEST_F(RegistryGrpcTest, TheRpcLogCarriesTheErrorAnsweredAndThePrincipal) {
  v1::Organization out;
  grpc::Status s = CreateOrganization("Not An Id", Role("admin"), &out);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::GetOrganizationRequest get;
  get.set_name("organizations/nobody");
  auto forged = std::make_unique<grpc::ClientContext>();
  forged->AddMetadata("authorization", "Bearer not.a.token");
  ASSERT_EQ(stub_->GetOrganization(forged.get(), get, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_EQ(stub_->GetOrganization(As(Principal::Anonymous()).get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  logger_.Flush();
  std::string log;
  std::rewind(log_.get());
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, log_.get())) > 0;) log.append(buffer, n);
  std::string logged;
  AppendJsonEscaped(s.error_message(), &logged);
  EXPECT_THAT(log, ::testing::HasSubstr(absl::StrCat("\"error\":\"", logged, "\"")));
  EXPECT_THAT(log, ::testing::HasSubstr("\"principal\":\"admin-user\""));
  EXPECT_THAT(log, ::testing::HasSubstr("\"principal\":\"unauthenticated\""));
  EXPECT_THAT(log, ::testing::HasSubstr("\"principal\":\"anonymous\""));
}

TEST_F(RegistryGrpcTest, FieldViolationsTravelInStatusDetails) {
  v1::CreateOrganizationRequest req;
  req.mutable_organization()->add_territories("bogus");
  v1::Organization out;
  grpc::Status s = stub_->CreateOrganization(As(Role(kRoleAdmin)).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields;
  for (const auto& v : FieldViolationsOf(FromGrpcStatus(s))) fields.push_back(v.field);
  EXPECT_THAT(fields, ::testing::IsSupersetOf({"organization.display_name", "organization.type",
                                               "organization.territories[0]"}));
}

TEST_F(RegistryGrpcTest, RacingUpdatesWithTheSameEtagExactlyOneWins) {
  v1::Organization created;
  ASSERT_TRUE(CreateOrganization("race", Role(kRoleAdmin), &created).ok());
  constexpr int kRacers = 8;
  std::atomic<int> ok{0}, aborted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      v1::UpdateOrganizationRequest req;
      req.mutable_organization()->set_name("organizations/race");
      req.mutable_organization()->set_etag(created.etag());
      req.mutable_organization()->set_legal_form("form " + std::to_string(i));
      req.mutable_update_mask()->add_paths("legal_form");
      v1::Organization out;
      grpc::Status s = stub_->UpdateOrganization(As(Role(kRoleAdmin)).get(), req, &out);
      if (s.ok()) ++ok;
      if (s.error_code() == grpc::StatusCode::ABORTED) ++aborted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), kRacers - 1);
  auto len = client_->Command({"XLEN", store_->EventsKey()});
  EXPECT_EQ(len->integer, 2);  // created + one update
}

// Concurrent creates share write round trips (group commit); each caller still gets its own
// record, and creates retried with one request id make one record whatever the interleaving.
TEST_F(RegistryGrpcTest, ConcurrentCreatesEachAnswerTheirOwnRecord) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 12;
  std::atomic<int> wrong{0};
  std::vector<std::string> retried(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = absl::StrCat("c", t, "-", i);
        v1::Organization out;
        grpc::Status s = CreateOrganization(id, Role(kRoleAdmin), &out);
        if (!s.ok() || out.name() != "organizations/" + id ||
            out.display_name().at("ro") != "Organizație " + id) {
          ++wrong;
        }
      }
      v1::CreateOrganizationRequest req;
      req.set_request_id("same-request");
      (*req.mutable_organization()->mutable_display_name())["en"] = "Retried";
      req.mutable_organization()->set_type(v1::CSO);
      v1::Organization out;
      if (stub_->CreateOrganization(As(Role(kRoleAdmin)).get(), req, &out).ok()) {
        retried[t] = out.name();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_FALSE(retried[0].empty());
  EXPECT_THAT(retried, ::testing::Each(retried[0]));
  auto count = client_->Command({"ZCARD", store_->IndexKey("organizations", "")});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->integer, kThreads * kPerThread + 1);
}

TEST_F(RegistryGrpcTest, WritesCarryTheCallersCorrelationIdOnTheirEvents) {
  v1::Organization created;
  ASSERT_TRUE(CreateOrganization("traced", Role(kRoleAdmin), &created).ok());
  v1::UpdateOrganizationRequest update;
  update.mutable_organization()->set_name("organizations/traced");
  update.mutable_organization()->set_legal_form("Public association");
  update.mutable_update_mask()->add_paths("legal_form");
  auto ctx = As(Role(kRoleAdmin));
  ctx->AddMetadata("x-request-id", "req-update-42");
  v1::Organization updated;
  ASSERT_TRUE(stub_->UpdateOrganization(ctx.get(), update, &updated).ok());

  v1::DeleteOrganizationRequest del;
  del.set_name("organizations/traced");
  ctx = As(Role(kRoleAdmin));
  ctx->AddMetadata("x-request-id", std::string(200, 'x'));  // too long: not carried
  ASSERT_TRUE(stub_->DeleteOrganization(ctx.get(), del, &updated).ok());

  auto last = client_->Command({"XREVRANGE", "civitas:{registry}:events", "+", "-", "COUNT", "2"});
  ASSERT_TRUE(last.ok()) << last.status();
  ASSERT_EQ(last->elements.size(), 2u);
  auto field = [](const RedisReply& entry, const std::string& name) {
    const auto& kv = entry.elements[1].elements;
    for (size_t i = 0; i + 1 < kv.size(); i += 2) {
      if (kv[i].str == name) return kv[i + 1].str;
    }
    return std::string("<missing>");
  };
  EXPECT_EQ(field(last->elements[1], "type"), "organization.updated");
  EXPECT_EQ(field(last->elements[1], "correlation"), "req-update-42");
  EXPECT_EQ(field(last->elements[1], "actor"), "admin-user");
  EXPECT_EQ(field(last->elements[0], "type"), "organization.archived");
  EXPECT_EQ(field(last->elements[0], "correlation"), "");
}

TEST_F(RegistryGrpcTest, OnlyAccreditationRoleSetsAccreditationStatus) {
  v1::Organization provider;
  ASSERT_TRUE(CreateOrganization("provider", Role(kRoleAdmin), &provider).ok());
  v1::CreateTerritoryRequest territory;
  territory.set_territory_id("md");
  territory.mutable_territory()->set_code("MD");
  territory.mutable_territory()->set_level(v1::COUNTRY);
  (*territory.mutable_territory()->mutable_display_name())["en"] = "Moldova";
  v1::Territory t;
  ASSERT_TRUE(stub_->CreateTerritory(As(Role(kRoleAdmin)).get(), territory, &t).ok());
  v1::CreateSocialServiceRequest create;
  create.set_social_service_id("dc");
  auto* s = create.mutable_social_service();
  (*s->mutable_display_name())["ro"] = "Centru de zi";
  s->set_service_type("day-care");
  s->set_provider("organizations/provider");
  s->set_territory("territories/md");
  v1::SocialService service;
  ASSERT_TRUE(stub_
                  ->CreateSocialService(As(Role(kRoleCso, "organizations/provider")).get(), create,
                                        &service)
                  .ok());
  v1::SetSocialServiceAccreditationRequest set;
  set.set_name("socialServices/dc");
  set.set_accreditation_status(v1::ACCREDITED);
  set.set_accreditation_certificate("MD-2024-0001");
  set.set_accreditation_valid_until("2029-06-30");
  EXPECT_EQ(stub_
                ->SetSocialServiceAccreditation(As(Role(kRoleCso, "organizations/provider")).get(),
                                                set, &service)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->SetSocialServiceAccreditation(As(Role(kRoleAdmin)).get(), set, &service).ok());
  EXPECT_EQ(service.accreditation_status(), v1::ACCREDITED);
  EXPECT_EQ(service.accreditation_certificate(), "MD-2024-0001");
  // The provider cannot write the field through an ordinary update either.
  v1::UpdateSocialServiceRequest update;
  update.mutable_social_service()->set_name("socialServices/dc");
  update.mutable_update_mask()->add_paths("accreditation_status");
  EXPECT_EQ(stub_
                ->UpdateSocialService(As(Role(kRoleCso, "organizations/provider")).get(), update,
                                      &service)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RegistryGrpcTest, HealthFollowsRedisAndMetricsCountMethods) {
  // The gateway's own health check, from its event loop.
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::thread loop([&io] { io.run(); });
  gateway::BackendMap backends;
  backends.Add("civitas.registry.v1.RegistryService", absl::StrCat("127.0.0.1:", runner_->port()));
  auto pool = std::make_unique<gateway::BackendPool>(io, backends);
  auto check = [&] {
    absl::Notification done;
    bool serving = false;
    boost::asio::post(io, [&] {
      pool->CheckHealth("civitas.registry.v1.RegistryService", absl::Seconds(2),
                        [&](bool s, std::string) {
                          serving = s;
                          done.Notify();
                        });
    });
    done.WaitForNotification();
    return serving;
  };
  absl::Cleanup stop_loop = [&] {
    absl::Notification destroyed;
    boost::asio::post(io, [&] {
      pool.reset();
      destroyed.Notify();
    });
    destroyed.WaitForNotification();
    work.reset();
    io.stop();
    loop.join();
  };
  EXPECT_TRUE(check());
  redis_->Kill();
  EXPECT_TRUE(testing::WaitFor([&] { return !check(); }, absl::Seconds(10)));
  ASSERT_TRUE(redis_->KillAndRestart().ok());
  EXPECT_TRUE(testing::WaitFor(check, absl::Seconds(10)));

  v1::Organization out;
  CreateOrganization("m", Principal::Anonymous(), &out);
  auto metrics = testing::HttpCall("127.0.0.1", metrics_->port(), "GET", "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(metrics->body,
              HasSubstr("civitas_grpc_server_requests_total{code=\"UNAUTHENTICATED\",method=\"/"
                        "civitas.registry.v1.RegistryService/CreateOrganization\"}"));
  EXPECT_THAT(metrics->body, HasSubstr("civitas_grpc_server_request_duration_seconds_bucket"));
}

// The TLS listener: a partner calls the registry directly over TLS (and mutual TLS), the plain
// port stays for the gateway and peers.
class RegistryGrpcTlsTest : public RegistryGrpcTest {
 protected:
  void Configure(GrpcServerOptions* options) override {
    dir_ = testing::MakeTempDir("civitas-tls");
    auto certs = testing::MakeTestCertificates(dir_, "first");
    ASSERT_TRUE(certs.ok()) << certs.status();
    certs_ = *certs;
    // The listener's files: copies, replaced in place when a test renews the certificate.
    server_cert_ = dir_ + "/server.pem";
    server_key_ = dir_ + "/server.key";
    std::filesystem::copy_file(certs_.server_cert, server_cert_);
    std::filesystem::copy_file(certs_.server_key, server_key_);
    options->tls.address = "127.0.0.1:0";
    options->tls.cert_file = server_cert_;
    options->tls.key_file = server_key_;
    options->tls.client_ca_file = client_ca_;
    options->tls.reload_interval = absl::Seconds(1);
  }
  void TearDown() override {
    RegistryGrpcTest::TearDown();
    std::filesystem::remove_all(dir_);
  }

  // A stub over TLS to the listener, trusting `ca`, presenting the client certificate if asked.
  std::unique_ptr<v1::RegistryService::Stub> TlsStub(const std::string& ca, bool client_cert) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = testing::ReadFile(ca);
    if (client_cert) {
      ssl.pem_private_key = testing::ReadFile(certs_.client_key);
      ssl.pem_cert_chain = testing::ReadFile(certs_.client_cert);
    }
    return v1::RegistryService::NewStub(grpc::CreateChannel(
        absl::StrCat("localhost:", runner_->tls_port()), grpc::SslCredentials(ssl)));
  }
  grpc::Status Get(v1::RegistryService::Stub* stub) {
    v1::GetOrganizationRequest get;
    get.set_name("organizations/tls");
    v1::Organization out;
    auto ctx = As(Role(kRoleAdmin));
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    return stub->GetOrganization(ctx.get(), get, &out);
  }

  std::string dir_, server_cert_, server_key_, client_ca_;
  testing::TestCertificates certs_;
};

TEST_F(RegistryGrpcTlsTest, ServesTheSameServiceOverTlsAndRefusesPlaintextThere) {
  v1::Organization created;
  ASSERT_TRUE(CreateOrganization("tls", Role(kRoleAdmin), &created).ok());  // the plain port
  ASSERT_NE(runner_->tls_port(), 0);
  grpc::Status over_tls = Get(TlsStub(certs_.ca_cert, false).get());
  EXPECT_TRUE(over_tls.ok()) << over_tls.error_message();
  auto plain = v1::RegistryService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", runner_->tls_port()), grpc::InsecureChannelCredentials()));
  EXPECT_EQ(Get(plain.get()).error_code(), grpc::StatusCode::UNAVAILABLE);
  // A client that does not trust the listener's CA is refused.
  auto other = testing::MakeTestCertificates(dir_, "other");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(Get(TlsStub(other->ca_cert, false).get()).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(RegistryGrpcTlsTest, ARenewedCertificateIsServedWithoutARestart) {
  v1::Organization created;
  ASSERT_TRUE(CreateOrganization("tls", Role(kRoleAdmin), &created).ok());
  auto renewed = testing::MakeTestCertificates(dir_, "renewed");
  ASSERT_TRUE(renewed.ok()) << renewed.status();
  std::filesystem::copy_file(renewed->server_cert, server_cert_,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(renewed->server_key, server_key_,
                             std::filesystem::copy_options::overwrite_existing);
  // Within a few reload intervals (1 s) a client trusting only the new CA gets in.
  grpc::Status last;
  EXPECT_TRUE(testing::WaitFor(
      [&] {
        last = Get(TlsStub(renewed->ca_cert, false).get());
        return last.ok();
      },
      absl::Seconds(15)))
      << last.error_message();
}

class RegistryGrpcMutualTlsTest : public RegistryGrpcTlsTest {
 protected:
  void Configure(GrpcServerOptions* options) override {
    RegistryGrpcTlsTest::Configure(options);
    options->tls.client_ca_file = certs_.ca_cert;
  }
};

TEST_F(RegistryGrpcMutualTlsTest, TheListenerRequiresAClientCertificateOfItsCa) {
  v1::Organization created;
  ASSERT_TRUE(CreateOrganization("tls", Role(kRoleAdmin), &created).ok());
  EXPECT_EQ(Get(TlsStub(certs_.ca_cert, false).get()).error_code(), grpc::StatusCode::UNAVAILABLE);
  grpc::Status with_cert = Get(TlsStub(certs_.ca_cert, true).get());
  EXPECT_TRUE(with_cert.ok()) << with_cert.error_message();
}

}  // namespace
}  // namespace civitas::registry
