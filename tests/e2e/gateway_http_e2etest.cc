// End to end over HTTP: what the gateway promises every client whatever it sends: malformed
// input gets a 400 naming the parameter (never a 5xx, never another caller's failure), exports
// stream, and HTTP's conditional requests and HEAD work as RFC 9110 says.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "civitas/registry/v1/registry_service.pb.h"
#include "tests/e2e/civitas_stack.h"

namespace civitas::testing {
namespace {

namespace v1 = ::civitas::registry::v1;
using ::testing::HasSubstr;

CivitasStack* stack = nullptr;

class StackEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    auto s = CivitasStack::Start();
    ASSERT_TRUE(s.ok()) << s.status();
    stack_ = std::move(s).value();
    stack = stack_.get();
    const std::string admin = stack->Token("admin");
    // A country and a few organisations for the tests below (fixed ids: created once).
    auto t = stack->Call("POST", "/v1/territories?territoryId=gw-md", admin,
                         R"({"displayName":{"en":"Moldova"},"level":"COUNTRY","code":"GWMD"})");
    ASSERT_TRUE(t.ok() && t->status == 200) << (t.ok() ? t->body : t.status().ToString());
    for (int i = 0; i < kOrganizations; ++i) {
      auto o =
          stack->Call("POST", absl::StrCat("/v1/organizations?organizationId=gw-org-", i), admin,
                      absl::StrCat(R"({"type":"CSO","displayName":{"en":"Export, \"quoted\" )", i,
                                   R"("},"territories":["territories/gw-md"]})"));
      ASSERT_TRUE(o.ok() && o->status == 200) << (o.ok() ? o->body : o.status().ToString());
    }
  }
  void TearDown() override { stack_.reset(); }
  static constexpr int kOrganizations = 25;

 private:
  std::unique_ptr<CivitasStack> stack_;
};

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new StackEnvironment);

google::protobuf::Struct Json(const std::string& text) {
  google::protobuf::Struct out;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(text, &out).ok()) << text;
  return out;
}

std::string Field(const google::protobuf::Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? "" : it->second.string_value();
}

HttpResult Must(absl::StatusOr<HttpResult> r) {
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : HttpResult{};
}

TEST(GatewayHttpTest, ThousandsOfBadKeysGetA400WhileOtherCallersAreUnharmed) {
  const std::string cso = stack->Token("cso", "organizations/gw-org-0");
  std::string names;
  for (int i = 0; i < 500; ++i) absl::StrAppend(&names, i ? "," : "", "\"x", i, "\":\"n\"");
  const std::string body = absl::StrCat(
      R"({"type":"CSO","territories":["territories/gw-md"],"displayName":{)", names, "}}");
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::atomic<int> failed_reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        auto r = stack->Call("GET", "/v1/organizations/gw-org-1");
        ++reads;
        if (!r.ok() || r->status != 200) ++failed_reads;
      }
    });
  }
  for (int i = 0; i < 20; ++i) {
    HttpResult r = Must(stack->Call("POST", "/v1/organizations", cso, body));
    ASSERT_EQ(r.status, 400) << r.body;
    auto problem = Json(r.body);
    EXPECT_EQ(problem.fields().at("violations").list_value().values_size(), 20);
    EXPECT_THAT(Field(problem, "detail"), HasSubstr("more ("));
    EXPECT_FALSE(Field(problem, "correlationId").empty());
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(failed_reads.load(), 0);
}

TEST(GatewayHttpTest, InvalidUtf8AnywhereIsA400NamingTheParameter) {
  const std::string admin = stack->Token("admin");
  struct Case {
    std::string method, target, body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"GET", "/v1/socialServices/ab%FF", "", {}, "name"},
      {"GET", "/v1/organizations?filter=type%3D%22%FF%22", "", {}, "filter"},
      {"GET", "/v1/organizations?orderBy=%FF", "", {}, "orderBy"},
      {"GET", "/v1/organizations?pageToken=%FF", "", {}, "pageToken"},
      {"PATCH",
       "/v1/organizations/gw-org-2?updateMask=%FF",
       R"({"legalForm":"x"})",
       {},
       "updateMask"},
      {"POST", "/v1/organizations?requestId=%FF", R"({"type":"CSO"})", {}, "requestId"},
      {"POST",
       "/v1/organizations",
       R"({"type":"CSO"})",
       {{"Idempotency-Key", "k\xff"}},
       "Idempotency-Key"},
      {"PATCH",
       "/v1/organizations/gw-org-2",
       R"({"legalForm":"x"})",
       {{"If-Match", "\"\xff\""}},
       "If-Match"},
  };
  for (const Case& c : cases) {
    HttpResult r = Must(stack->Call(c.method, c.target, admin, c.body, c.headers));
    EXPECT_EQ(r.status, 400) << c.method << " " << c.target << ": " << r.body;
    EXPECT_EQ(r.headers["content-type"], "application/problem+json");
    auto problem = Json(r.body);
    ASSERT_TRUE(problem.fields().contains("violations")) << r.body;
    EXPECT_EQ(problem.fields()
                  .at("violations")
                  .list_value()
                  .values(0)
                  .struct_value()
                  .fields()
                  .at("field")
                  .string_value(),
              c.field)
        << c.target;
    EXPECT_FALSE(Field(problem, "correlationId").empty());
  }
  // Nothing was changed by any of them.
  HttpResult org = Must(stack->Call("GET", "/v1/organizations/gw-org-2"));
  EXPECT_EQ(org.headers["etag"], "\"1\"");
}

TEST(GatewayHttpTest, ExportStreamsEveryOrganizationAsNdjson) {
  HttpResult r = Must(
      stack->Call("GET", "/v1/organizations:export?filter=territory%3D%22territories%2Fgw-md%22"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "application/x-ndjson");
  EXPECT_EQ(r.headers["transfer-encoding"], "chunked");
  std::vector<std::string> lines = absl::StrSplit(r.body, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), size_t{StackEnvironment::kOrganizations});
  std::set<std::string> names;
  for (const auto& line : lines) {
    v1::Organization o;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &o).ok()) << line;
    names.insert(o.name());
  }
  EXPECT_EQ(names.size(), lines.size());
  EXPECT_TRUE(names.count("organizations/gw-org-7"));
  // A bad filter fails before any line: an ordinary problem response.
  HttpResult bad = Must(stack->Call("GET", "/v1/organizations:export?filter=nonsense%3D1"));
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.headers["content-type"], "application/problem+json");
}

TEST(GatewayHttpTest, CsvExportIsAnHttpBodyWithItsOwnMediaType) {
  HttpResult r = Must(stack->Call(
      "GET", "/v1/organizations:exportCsv?filter=territory%3D%22territories%2Fgw-md%22"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "text/csv; charset=utf-8");
  std::vector<std::string> rows = absl::StrSplit(r.body, "\r\n", absl::SkipEmpty());
  ASSERT_EQ(rows.size(), size_t{StackEnvironment::kOrganizations} + 1);
  EXPECT_THAT(rows[0], HasSubstr("name,type,state,display_name_en"));
  EXPECT_THAT(r.body, HasSubstr("\"Export, \"\"quoted\"\" 3\""));
}

TEST(GatewayHttpTest, ConditionalGetAndHead) {
  HttpResult got = Must(stack->Call("GET", "/v1/organizations/gw-org-3"));
  ASSERT_EQ(got.status, 200);
  const std::string etag = got.headers["etag"];
  ASSERT_FALSE(etag.empty());
  HttpResult same =
      Must(stack->Call("GET", "/v1/organizations/gw-org-3", "", "", {{"If-None-Match", etag}}));
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());
  EXPECT_EQ(same.headers["etag"], etag);
  HttpResult other = Must(
      stack->Call("GET", "/v1/organizations/gw-org-3", "", "", {{"If-None-Match", "\"999\""}}));
  EXPECT_EQ(other.status, 200);
  HttpResult head = Must(stack->Call("HEAD", "/v1/organizations/gw-org-3"));
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.headers["content-length"], std::to_string(got.body.size()));
  EXPECT_TRUE(head.body.empty());
}

TEST(GatewayHttpTest, OversizedBodiesGetA413ProblemWithACorrelationId) {
  HttpResult r = Must(
      stack->Call("POST", "/v1/organizations", stack->Token("admin"), std::string(70000, ' ')));
  EXPECT_EQ(r.status, 413);
  EXPECT_FALSE(Field(Json(r.body), "correlationId").empty());
  EXPECT_EQ(r.headers["x-request-id"], Field(Json(r.body), "correlationId"));
}

// One connection to the gateway, read with a timeout.
class RawConnection {
 public:
  RawConnection() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(stack->http_port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    timeval timeout{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }
  ~RawConnection() { ::close(fd_); }
  bool connected() const { return connected_; }
  void Send(const std::string& bytes) {
    for (size_t sent = 0; sent < bytes.size();) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  }
  // What arrives until `until` has been read (or the connection closes, or 10 s pass).
  std::string ReadUntil(const std::string& until) {
    char buf[4096];
    while (received_.find(until) == std::string::npos) {
      ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) break;
      received_.append(buf, static_cast<size_t>(n));
    }
    return received_;
  }

 private:
  const int fd_;
  bool connected_ = false;
  std::string received_;
};

// A client that sends `Expect: 100-continue` (curl does for bodies above 1 MB, then waits a
// second for an answer) is told to go on before it sends its body, after the responses to the
// requests before it; one whose body is beyond the limit gets the 413 instead, never a 100.
TEST(GatewayHttpTest, ExpectContinueIsAnsweredBeforeTheBodyIsSent) {
  // Refused for what the body says (no name): the body arrived, and nothing is created that the
  // other tests here would count.
  const std::string body = R"({"type":"CSO","territories":["territories/gw-md"]})";
  const std::string auth = absl::StrCat("Authorization: Bearer ", stack->Token("admin"), "\r\n");
  RawConnection c;
  ASSERT_TRUE(c.connected());
  // A request before it on the same connection: the 100 comes after its response.
  c.Send("GET /v1/organizations/gw-org-1 HTTP/1.1\r\nHost: t\r\n\r\n");
  c.Send(absl::StrCat("POST /v1/organizations HTTP/1.1\r\nHost: t\r\n", auth,
                      "Content-Type: application/json\r\nContent-Length: ", body.size(),
                      "\r\nExpect: 100-Continue\r\n\r\n"));
  const std::string interim = c.ReadUntil("HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_THAT(interim, HasSubstr("HTTP/1.1 100 Continue\r\n\r\n"))
      << "no 100 Continue within 10 s: " << interim;
  EXPECT_EQ(interim.rfind("HTTP/1.1 200", 0), 0u) << "the GET's response first: " << interim;
  EXPECT_LT(interim.find("organizations/gw-org-1"), interim.find("HTTP/1.1 100")) << interim;
  c.Send(body);
  const std::string done = c.ReadUntil("organization.display_name");
  const size_t final_status = done.find("HTTP/1.1 ", done.find("HTTP/1.1 100") + 1);
  ASSERT_NE(final_status, std::string::npos) << done;
  EXPECT_EQ(done.compare(final_status, 12, "HTTP/1.1 400"), 0) << done;
  EXPECT_THAT(done.substr(final_status), HasSubstr("organization.display_name"));

  RawConnection big;
  ASSERT_TRUE(big.connected());
  big.Send(absl::StrCat("POST /v1/organizations HTTP/1.1\r\nHost: t\r\n", auth,
                        "Content-Length: 70000\r\nExpect: 100-continue\r\n\r\n"));
  const std::string refused = big.ReadUntil("\r\n\r\n");
  EXPECT_EQ(refused.rfind("HTTP/1.1 413", 0), 0u) << refused;
  EXPECT_THAT(refused, ::testing::Not(HasSubstr(" 100 ")));
}

// The shipped deployment settings (deploy/gateway.env) turn the rate limit on: a caller that
// spends its burst gets 429 with Retry-After, while other callers, anonymous ones behind the
// same trusted proxy included, are still served.
TEST(GatewayHttpTest, ShippedSettingsLimitEachCallerOnItsOwn) {
  // The file is an environment file: the gateway gets it as its environment, as a deployment
  // would give it (the gateway refuses any line that is not one of its settings).
  std::ifstream env(CIVITAS_SOURCE_DIR "/deploy/gateway.env");
  ASSERT_TRUE(env.good());
  std::vector<std::string> environment;
  int burst = 0;
  for (std::string line; std::getline(env, line);) {
    if (line.empty() || line[0] == '#') continue;
    const size_t eq = line.find('=');
    ASSERT_NE(eq, std::string::npos) << line;
    ASSERT_TRUE(absl::StartsWith(line, "CIVITAS_")) << line;
    environment.push_back(line);
    if (line.substr(0, eq) == "CIVITAS_RATE_LIMIT_BURST") {
      ASSERT_TRUE(absl::SimpleAtoi(line.substr(eq + 1), &burst));
    }
  }
  ASSERT_GT(burst, 0) << "the shipped settings must turn the rate limit on";
  // This test plays the load balancer (a flag beats the file's trusted_proxies).
  auto port = stack->StartExtraGateway({"--trusted_proxies=127.0.0.1"}, environment);
  ASSERT_TRUE(port.ok()) << port.status();
  auto get = [&](std::vector<std::pair<std::string, std::string>> headers) {
    return Must(HttpCall("127.0.0.1", *port, "GET", "/v1/serviceTypes", headers, ""));
  };
  const std::pair<std::string, std::string> client_a = {"X-Forwarded-For", "198.51.100.10"};
  for (int i = 0; i < burst; ++i) ASSERT_EQ(get({client_a}).status, 200) << i;
  HttpResult refused;
  for (int i = 0; i < 20 * burst && refused.status != 429; ++i) refused = get({client_a});
  ASSERT_EQ(refused.status, 429);
  EXPECT_EQ(Field(Json(refused.body), "code"), "RESOURCE_EXHAUSTED");
  EXPECT_FALSE(Field(Json(refused.body), "correlationId").empty());
  int retry_after = 0;
  EXPECT_TRUE(absl::SimpleAtoi(refused.headers["retry-after"], &retry_after));
  EXPECT_GE(retry_after, 1);

  EXPECT_EQ(get({{"X-Forwarded-For", "198.51.100.11"}}).status, 200);
  // A client cannot escape its bucket by naming another address itself: the proxy appends the
  // address it saw, and entries left of it are the client's word. A fresh bucket would serve all
  // of these; client A's, refilling at the shipped rate, cannot (unless they took > 1 s).
  int refused_forged = 0;
  for (int i = 0; i < burst / 2 + 10; ++i) {
    refused_forged += get({{"X-Forwarded-For", "192.0.2.99, 198.51.100.10"}}).status == 429;
  }
  EXPECT_GT(refused_forged, 0);
  EXPECT_EQ(
      get({client_a, {"Authorization", "Bearer " + stack->Token("cso", "organizations/x")}}).status,
      200);
}

// A frontend signs its users in with the deployment's identity provider and sends the provider's
// token: the gateway and the service behind it both verify it against the provider's key set and
// read the principal from Keycloak's claims.
TEST(GatewayHttpTest, IdentityProviderTokensActWithTheRolesTheyCarry) {
  const std::string admin = stack->ProviderToken("e2e-1", "idp-admin", "admin");
  auto created = stack->Call("POST", "/v1/territories?territoryId=gw-idp", admin,
                             R"({"displayName":{"en":"Idp"},"level":"COUNTRY","code":"GWIDP"})");
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->status, 200) << created->body;
  const std::string cso = stack->ProviderToken("e2e-1", "idp-cso", "cso", "organizations/gw-org-1");
  auto refused = stack->Call("POST", "/v1/territories?territoryId=gw-idp-2", cso,
                             R"({"displayName":{"en":"Idp"},"level":"COUNTRY","code":"GWIDP2"})");
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 403) << refused->body;
}

TEST(GatewayHttpTest, ProviderTokensThatAreNotTheProvidersAre401NamingWhy) {
  auto status_of = [](const std::string& token) {
    auto r = stack->Call("GET", "/v1/organizations/gw-org-1", token);
    return r.ok() ? absl::StrCat(r->status, " ", r->body) : r.status().ToString();
  };
  // For another application of the same realm.
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  std::string other_audience = stack->provider().Sign(
      "e2e-1", absl::StrCat(R"({"iss":")", CivitasStack::kProviderIssuer,
                            R"(","aud":"other-app","sub":"u","exp":)", now + 600, "}"));
  EXPECT_THAT(status_of(other_audience), ::testing::StartsWith("401"));
  EXPECT_THAT(status_of(other_audience), HasSubstr("wrong audience"));
  // HS256 keyed with the provider's public key (alg confusion).
  std::string confused = TestIdentityProvider::SignHs256(
      stack->provider().PublicKeyPem("e2e-1"),
      absl::StrCat(R"({"iss":")", CivitasStack::kProviderIssuer, R"(","aud":")",
                   CivitasStack::kProviderAudience, R"(","sub":"u","exp":)", now + 600, "}"),
      "e2e-1");
  EXPECT_THAT(status_of(confused), ::testing::StartsWith("401"));
  EXPECT_THAT(status_of(confused), HasSubstr("bad signature"));
}

TEST(GatewayHttpTest, ARotatedProviderKeyIsTakenUpWithoutARestart) {
  // The provider starts signing with a new key before publishing it, then publishes it (the
  // other tests of this binary go on with the first key).
  stack->provider().AddKey("e2e-rotated", "RS256");
  const std::string unpublished = stack->ProviderToken("e2e-rotated", "idp-admin", "admin");
  auto before = stack->Call("GET", "/v1/organizations/gw-org-1", unpublished);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->status, 401) << before->body;
  EXPECT_THAT(before->body, HasSubstr("unknown kid"));
  const int fetches = stack->provider_key_fetches();
  stack->PublishProviderKeys();
  // Each process fetches the set again on the next token naming the new key, at most once per
  // oidc_jwks_refetch_seconds (5 here): within seconds, without a restart.
  HttpResult created;
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = stack->Call("POST", "/v1/territories?territoryId=gw-rotated", unpublished,
                             R"({"displayName":{"en":"Rotated"},"level":"COUNTRY","code":"GWROT"})",
                             {{"Idempotency-Key", "gw-rotated"}});
        if (r.ok()) created = *r;
        return r.ok() && r->status == 200;
      },
      absl::Seconds(20)))
      << created.status << " " << created.body;
  // The gateway and the registry each fetched the set again.
  EXPECT_GE(stack->provider_key_fetches(), fetches + 2);
}

// While the services' Redis stalls, requests are refused at once with 503 and Retry-After (not
// after the command timeout), nothing of a refused write is applied, and all answer again once
// Redis does; the refused write retried with its Idempotency-Key lands once.
TEST(GatewayHttpTest, AStalledRedisIsA503WithRetryAfterAndNothingHalfApplied) {
  const std::string admin = stack->Token("admin");
  const std::string body = R"({"displayName":{"en":"Stalled"},"level":"COUNTRY","code":"GWSTL"})";
  const std::vector<std::pair<std::string, std::string>> key = {
      {"Idempotency-Key", "stalled-create-1"}};
  stack->PauseRedis();
  // Reads at first wait for Redis, until the registry finds it stalled and refuses at once.
  HttpResult read;
  const bool refusing = WaitFor(
      [&] {
        auto r = stack->Call("GET", "/v1/territories/gw-md");
        if (r.ok()) read = *r;
        return r.ok() && r->status == 503 && absl::StrContains(r->body, "nothing was changed");
      },
      absl::Seconds(20));
  auto refused = stack->Call("POST", "/v1/territories?territoryId=gw-stalled", admin, body, key);
  stack->ResumeRedis();
  ASSERT_TRUE(refusing) << read.status << " " << read.body;
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 503) << refused->body;
  EXPECT_THAT(refused->body, HasSubstr("nothing was changed"));
  EXPECT_EQ(refused->headers["retry-after"], "1");
  EXPECT_EQ(read.headers["retry-after"], "1");
  // Answering again once Redis does.
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = stack->Call("GET", "/v1/territories/gw-md");
        return r.ok() && r->status == 200;
      },
      absl::Seconds(20)));
  auto absent = stack->Call("GET", "/v1/territories/gw-stalled");
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(absent->status, 404) << absent->body;
  auto retried = stack->Call("POST", "/v1/territories?territoryId=gw-stalled", admin, body, key);
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(retried->status, 200) << retried->body;
}

TEST(GatewayHttpTest, MetricsShowTheProcessAndEachBackendsCalls) {
  ASSERT_TRUE(stack->Call("GET", "/v1/organizations/gw-org-1").ok());
  auto metrics = stack->Call("GET", "/metrics");
  ASSERT_TRUE(metrics.ok());
  ASSERT_EQ(metrics->status, 200);
  EXPECT_THAT(metrics->body,
              HasSubstr("civitas_gateway_backend_calls_total{backend=\"civitas.registry.v1."
                        "RegistryService\",code=\"OK\"}"));
  EXPECT_THAT(metrics->body, HasSubstr("civitas_gateway_backend_call_duration_seconds_bucket"));
  EXPECT_THAT(metrics->body, HasSubstr("process_resident_memory_bytes "));
  EXPECT_THAT(metrics->body, HasSubstr("process_open_fds "));
  EXPECT_THAT(metrics->body, HasSubstr("civitas_build_info{commit=\""));
}

}  // namespace
}  // namespace civitas::testing
