// GatewayHandler with its backend faked: what reaches the backend (or does not), and how each
// outcome comes back over HTTP, streamed responses included. No sockets, no processes.
#include "services/gateway/gateway_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <optional>

#include "absl/strings/str_split.h"
#include "civitas/monitoring/v1/monitoring_service.grpc.pb.h"
#include "civitas/registry/v1/registry_service.grpc.pb.h"
#include "google/api/httpbody.pb.h"
#include "google/longrunning/operations.pb.h"
#include "libs/auth/api_keys.h"
#include "libs/auth/jwt.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/clock.h"
#include "libs/common/service_list.h"
#include "services/gateway/streamed_response.h"

namespace civitas::gateway {
namespace {

namespace v1 = ::civitas::registry::v1;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::SizeIs;

// Records every call; answers each with the next scripted outcome, synchronously (as a backend
// on the same loop may), streaming calls message by message.
class FakeBackend : public Backend {
 public:
  struct Outcome {
    std::vector<std::string> messages;  // streamed messages, or the one unary response
    grpc::Status status = grpc::Status::OK;
    bool backend_fault = false;
    // Streaming: deliver the messages and the end only when Finish() is called.
    bool hold = false;
  };

  std::vector<std::string> services() const override {
    return {"civitas.registry.v1.RegistryService"};
  }

  void Call(BackendCall call, BackendDone done) override {
    calls.push_back(call);
    Outcome outcome = outcomes.empty() ? Outcome{} : outcomes.front();
    if (!outcomes.empty()) outcomes.pop_front();
    if (call.on_message) {
      streaming = std::move(call);
      streaming_done = std::move(done);
      pending = outcome;
      // As the HTTP/2 connection does: a resume delivers what was held back, a cancel ends the
      // call with CANCELLED.
      streaming.control->Bind([this] { Finish(); }, [this] { Finish(); });
      if (!outcome.hold) Finish();
      return;
    }
    http2::CallResult result{outcome.status, outcome.messages.empty() ? "" : outcome.messages[0],
                             outcome.backend_fault};
    done(std::move(result));
  }

  // Delivers the held streaming outcome, as far as flow control lets it; call again after a
  // resume.
  void Finish() {
    if (delivering) return;  // a resume from inside on_message: the loop below goes on
    delivering = true;
    Deliver();
    delivering = false;
  }

  void Deliver() {
    while (!pending.messages.empty()) {
      if (streaming.control->cancelled()) break;
      if (streaming.control->paused()) return;
      std::string m = std::move(pending.messages.front());
      pending.messages.erase(pending.messages.begin());
      streaming.on_message(std::move(m));
    }
    auto done = std::move(streaming_done);
    if (!done) return;
    streaming.control->Unbind();
    done(streaming.control->cancelled()
             ? http2::CallResult{grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"), "", false}
             : http2::CallResult{pending.status, "", pending.backend_fault});
  }

  void CheckHealth(const std::string&, absl::Duration,
                   std::function<void(bool, std::string)> done) override {
    done(serving, serving ? "SERVING" : "NOT_SERVING");
  }

  bool serving = true;

  std::deque<Outcome> outcomes;
  std::vector<BackendCall> calls;
  BackendCall streaming;
  BackendDone streaming_done;
  Outcome pending;
  bool delivering = false;
};

// The HTTP connection's side of a streamed body.
class RecordingSink : public BodySink {
 public:
  // Returns false (the client is behind) once `room` writes were taken.
  bool Write(absl::string_view chunk) override {
    body.append(chunk.data(), chunk.size());
    return --room > 0;
  }
  void End() override { ended = true; }
  void Abort() override { aborted = true; }
  std::string body;
  int room = 1 << 30;
  bool ended = false;
  bool aborted = false;
};

std::string OrganizationBytes(const std::string& name, const std::string& etag) {
  v1::Organization o;
  o.set_name(name);
  o.set_type(v1::CSO);
  o.set_etag(etag);
  return o.SerializeAsString();
}

// Request logs go nowhere (the logger outlives every fixture's use of it: it flushes on exit).
std::FILE* DevNull() {
  static std::FILE* const kFile = std::fopen("/dev/null", "w");
  return kFile;
}

class GatewayHandlerTest : public ::testing::Test {
 protected:
  GatewayHandlerTest()
      : clock_(absl::FromUnixSeconds(1800000000)),
        jwt_({"handler-test-secret", "civitas"}, &clock_),
        verifier_(&jwt_, &clock_),
        api_keys_(ApiKeyStore::Parse("").value()),
        authenticator_(&verifier_, &jwt_, &api_keys_),
        metrics_(registry_),
        logger_("gateway-test", DevNull()),
        ids_("req-"),
        builtins_(&backend_, &registry_, "{}") {
    auto routes =
        RouteTable::Build({google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
                               v1::RegistryService::service_full_name()),
                           google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
                               civitas::monitoring::v1::MonitoringService::service_full_name())});
    routes_ = std::move(routes).value();
    MakeHandler({});
  }

  void MakeHandler(RateLimitOptions limits) {
    limiter_ = std::make_unique<RateLimiter>(limits);
    GatewayDeps deps{&routes_,  &backend_, &builtins_, &authenticator_, limiter_.get(), &proxies_,
                     &metrics_, &logger_,  &ids_};
    deps.now = [this] { return clock_.Now(); };
    handler_ = std::make_unique<GatewayHandler>(deps, GatewayOptions{});
  }

  HttpResponse Send(const std::string& method, const std::string& target, HttpHeaders headers = {},
                    std::string body = "") {
    HttpRequest request{method, target, std::move(headers), std::move(body), "192.0.2.1"};
    std::optional<HttpResponse> response;
    handler_->Handle(request, [&](HttpResponse r) { response = std::move(r); });
    EXPECT_TRUE(response.has_value()) << "the fake backend answers synchronously";
    return response.value_or(HttpResponse{});
  }

  std::string Bearer(const std::string& role, const std::string& organization = "") {
    Principal p;
    p.subject = role + "-1";
    p.roles = {role};
    p.organization = organization;
    return "Bearer " + jwt_.Sign(p, absl::Hours(1));
  }

  static std::string Header(const HttpResponse& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  FakeClock clock_;
  JwtCodec jwt_;
  CachedTokenVerifier verifier_;
  ApiKeyStore api_keys_;
  GatewayAuthenticator authenticator_;
  prometheus::Registry registry_;
  GatewayMetrics metrics_;
  JsonLogger logger_;
  SequentialIdGenerator ids_;
  FakeBackend backend_;
  BuiltinEndpoints builtins_;
  TrustedProxies proxies_;
  RouteTable routes_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<GatewayHandler> handler_;
};

TEST_F(GatewayHandlerTest, ReadIsTranscodedToTheBackendAndRenderedWithItsEtag) {
  backend_.outcomes.push_back({{OrganizationBytes("organizations/a", "3")}});
  HttpResponse r = Send("GET", "/v1/organizations/a", {{"x-request-id", "trace-1"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Header(r, "ETag"), "\"3\"");
  EXPECT_EQ(Header(r, "X-Request-Id"), "trace-1");
  EXPECT_THAT(r.body, HasSubstr("\"name\":\"organizations/a\""));
  ASSERT_THAT(backend_.calls, SizeIs(1));
  const BackendCall& call = backend_.calls[0];
  EXPECT_EQ(call.method, "/civitas.registry.v1.RegistryService/GetOrganization");
  v1::GetOrganizationRequest request;
  ASSERT_TRUE(request.ParseFromString(call.request));
  EXPECT_EQ(request.name(), "organizations/a");
  ASSERT_THAT(call.metadata, SizeIs(1));  // anonymous: no authorization forwarded
  EXPECT_EQ(call.metadata[0].name, "x-request-id");
  EXPECT_EQ(call.metadata[0].value, "trace-1");
}

TEST_F(GatewayHandlerTest, IfNoneMatchWithTheCurrentEtagIs304) {
  backend_.outcomes.push_back({{OrganizationBytes("organizations/a", "3")}});
  HttpResponse r = Send("GET", "/v1/organizations/a", {{"if-none-match", "W/\"2\", \"3\""}});
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(GatewayHandlerTest, AnonymousCallsToMethodsThatNeedCredentialsNeverReachTheBackend) {
  HttpResponse r = Send("POST", "/v1/organizations", {{"content-type", "application/json"}},
                        R"({"type":"CSO"})");
  EXPECT_EQ(r.status, 401);
  EXPECT_THAT(r.body, HasSubstr("CreateOrganization needs credentials"));
  EXPECT_THAT(Header(r, "WWW-Authenticate"), HasSubstr("Bearer"));
  EXPECT_THAT(backend_.calls, IsEmpty());

  HttpResponse forged = Send("GET", "/v1/organizations/a", {{"authorization", "Bearer x.y.z"}});
  EXPECT_EQ(forged.status, 401);
  EXPECT_THAT(backend_.calls, IsEmpty());
}

TEST_F(GatewayHandlerTest, BadInputIs400NamingTheParameterWithoutABackendCall) {
  HttpResponse r = Send("GET", "/v1/organizations?pageSize=many");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("\"field\":\"pageSize\""));
  HttpResponse utf8 = Send("GET", "/v1/organizations/ab%FF");
  EXPECT_EQ(utf8.status, 400);
  EXPECT_THAT(utf8.body, HasSubstr("not valid UTF-8"));
  HttpResponse media =
      Send("POST", "/v1/organizations",
           {{"authorization", Bearer("admin")}, {"content-type", "text/plain"}}, "{}");
  EXPECT_EQ(media.status, 415);
  EXPECT_THAT(backend_.calls, IsEmpty());
}

TEST_F(GatewayHandlerTest, WritesForwardTheCallersTokenAndMapFailures) {
  const std::string admin = Bearer("admin");
  const HttpHeaders json = {{"authorization", admin}, {"content-type", "application/json"}};
  backend_.outcomes.push_back({{}, grpc::Status(grpc::StatusCode::ABORTED, "stale etag")});
  auto with_if_match = json;
  with_if_match["if-match"] = "\"1\"";
  EXPECT_EQ(Send("PATCH", "/v1/organizations/a", with_if_match, "{}").status, 412);
  backend_.outcomes.push_back({{}, grpc::Status(grpc::StatusCode::ABORTED, "stale etag")});
  EXPECT_EQ(Send("PATCH", "/v1/organizations/a", json, "{}").status, 409);
  // `If-Match: *` asks only that the record exist: no etag goes to the service, and a conflict
  // is the plain 409.
  auto any = json;
  any["if-match"] = "*";
  backend_.outcomes.push_back({{}, grpc::Status(grpc::StatusCode::ABORTED, "busy")});
  EXPECT_EQ(Send("PATCH", "/v1/organizations/a", any, "{}").status, 409);
  backend_.outcomes.push_back({{}, grpc::Status(grpc::StatusCode::INTERNAL, "trailers"), true});
  HttpResponse fault = Send("PATCH", "/v1/organizations/a", json, "{}");
  EXPECT_EQ(fault.status, 502);
  EXPECT_THAT(fault.body, HasSubstr("bad response from the backend"));
  backend_.outcomes.push_back({{}, grpc::Status(grpc::StatusCode::UNAVAILABLE, "down")});
  EXPECT_EQ(Send("PATCH", "/v1/organizations/a", json, "{}").status, 503);

  ASSERT_THAT(backend_.calls, SizeIs(5));
  const auto& metadata = backend_.calls[0].metadata;
  ASSERT_THAT(metadata, SizeIs(2));
  EXPECT_EQ(metadata[1].name, "authorization");
  EXPECT_EQ(metadata[1].value, admin);
  EXPECT_TRUE(metadata[1].recurring);
  v1::UpdateOrganizationRequest request;
  ASSERT_TRUE(request.ParseFromString(backend_.calls[0].request));
  EXPECT_EQ(request.organization().etag(), "1");
  v1::UpdateOrganizationRequest any_request;
  ASSERT_TRUE(any_request.ParseFromString(backend_.calls[2].request));
  EXPECT_EQ(any_request.organization().etag(), "");
}

TEST_F(GatewayHandlerTest, RateLimitIs429WithRetryAfterPerCaller) {
  MakeHandler({/*rate=*/1, /*burst=*/1});
  EXPECT_EQ(Send("GET", "/v1/serviceTypes").status, 200);
  HttpResponse limited = Send("GET", "/v1/serviceTypes");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(Header(limited, "Retry-After"), "1");
  EXPECT_THAT(limited.body, HasSubstr("\"correlationId\":\"req-"));
  // Another caller has its own bucket; a second later the first has a token again.
  EXPECT_EQ(Send("GET", "/v1/serviceTypes", {{"authorization", Bearer("cso")}}).status, 200);
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(Send("GET", "/v1/serviceTypes").status, 200);
  EXPECT_THAT(backend_.calls, SizeIs(3));
}

TEST_F(GatewayHandlerTest, ServerStreamingIsNdjsonWithAFinalErrorLineOnFailure) {
  backend_.outcomes.push_back(
      {{OrganizationBytes("organizations/a", "1"), OrganizationBytes("organizations/b", "1")},
       grpc::Status(grpc::StatusCode::UNAVAILABLE, "registry went away")});
  HttpResponse r = Send("GET", "/v1/organizations:export?filter=type%3D%22CSO%22");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Header(r, "Content-Type"), "application/x-ndjson");
  ASSERT_NE(r.stream, nullptr);
  v1::ExportRequest request;
  ASSERT_TRUE(request.ParseFromString(backend_.calls[0].request));
  EXPECT_EQ(request.filter(), "type=\"CSO\"");
  RecordingSink sink;
  r.stream->Start(&sink);
  std::vector<std::string> lines = absl::StrSplit(sink.body, '\n', absl::SkipEmpty());
  ASSERT_THAT(lines, SizeIs(3));
  EXPECT_THAT(lines[0], HasSubstr("organizations/a"));
  EXPECT_THAT(lines[1], HasSubstr("organizations/b"));
  EXPECT_THAT(lines[2], HasSubstr("{\"error\":{"));
  EXPECT_THAT(lines[2], HasSubstr("\"code\":\"UNAVAILABLE\""));
  EXPECT_TRUE(sink.ended);
}

std::string HttpBodyBytes(const std::string& content_type, const std::string& data) {
  google::api::HttpBody body;
  body.set_content_type(content_type);
  body.set_data(data);
  return body.SerializeAsString();
}

// An HttpBody stream declaring its lines (`response_lines`) ends a failure as a typed stream
// does; a CSV stream, which has no place for an error line, is cut short.
TEST_F(GatewayHandlerTest, DeclaredNdjsonBodiesEndAFailureWithAnErrorLineOtherBodiesAreCut) {
  const grpc::Status failed(grpc::StatusCode::UNAVAILABLE, "store went away");
  backend_.outcomes.push_back(
      {{HttpBodyBytes("application/x-ndjson", "{\"value\":\"1\"}\n{\"value\":\"2\"}\n")}, failed});
  const std::string warehouse = Bearer("admin");
  HttpResponse lines =
      Send("GET", "/v1/dataValues:pull?untilCursor=5", {{"authorization", warehouse}});
  ASSERT_EQ(lines.status, 200);
  EXPECT_EQ(Header(lines, "Content-Type"), "application/x-ndjson");
  ASSERT_NE(lines.stream, nullptr);
  RecordingSink sink;
  lines.stream->Start(&sink);
  std::vector<std::string> got = absl::StrSplit(sink.body, '\n', absl::SkipEmpty());
  ASSERT_THAT(got, SizeIs(3));
  EXPECT_EQ(got[1], "{\"value\":\"2\"}");
  EXPECT_THAT(got[2], HasSubstr("{\"error\":{"));
  EXPECT_THAT(got[2], HasSubstr("\"code\":\"UNAVAILABLE\""));
  EXPECT_TRUE(sink.ended);
  EXPECT_FALSE(sink.aborted);

  // A body that stopped inside a line: the error line still starts a line of its own.
  backend_.outcomes.push_back(
      {{HttpBodyBytes("application/x-ndjson", "{\"value\":\"1\"}\n{\"val")}, failed});
  HttpResponse cut =
      Send("GET", "/v1/dataValues:pull?untilCursor=5", {{"authorization", warehouse}});
  ASSERT_NE(cut.stream, nullptr);
  RecordingSink cut_sink;
  cut.stream->Start(&cut_sink);
  std::vector<std::string> cut_lines = absl::StrSplit(cut_sink.body, '\n', absl::SkipEmpty());
  ASSERT_THAT(cut_lines, SizeIs(3));
  EXPECT_EQ(cut_lines[1], "{\"val");
  EXPECT_THAT(cut_lines[2], ::testing::StartsWith("{\"error\":{"));

  backend_.outcomes.push_back({{HttpBodyBytes("text/csv", "dataelement,period\n")}, failed});
  HttpResponse csv =
      Send("GET", "/v1/dataValueSets:csv?untilCursor=5", {{"authorization", warehouse}});
  ASSERT_EQ(csv.status, 200);
  ASSERT_NE(csv.stream, nullptr);
  RecordingSink csv_sink;
  csv.stream->Start(&csv_sink);
  EXPECT_EQ(csv_sink.body, "dataelement,period\n");
  EXPECT_TRUE(csv_sink.aborted);
  EXPECT_FALSE(csv_sink.ended);
}

TEST_F(GatewayHandlerTest, StreamFailingBeforeItsFirstMessageIsAnOrdinaryProblem) {
  backend_.outcomes.push_back(
      {{}, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "filter: unknown field")});
  HttpResponse r = Send("GET", "/v1/organizations:export?filter=colour%3D%22red%22");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.stream, nullptr);
  EXPECT_EQ(Header(r, "Content-Type"), "application/problem+json");
}

TEST_F(GatewayHandlerTest, ASlowClientPausesTheBackendAndADisconnectCancelsIt) {
  FakeBackend::Outcome outcome;
  outcome.hold = true;
  const std::string big(64 << 10, 'x');
  for (int i = 0; i < 64; ++i) {
    v1::Organization o;
    o.set_name("organizations/o" + std::to_string(i));
    o.set_legal_form(big);
    outcome.messages.push_back(o.SerializeAsString());
  }
  backend_.outcomes.push_back(outcome);
  HttpResponse head;
  bool answered = false;
  handler_->Handle(HttpRequest{"GET", "/v1/organizations:export", {}, "", "192.0.2.1"},
                   [&](HttpResponse r) {
                     head = std::move(r);
                     answered = true;
                   });
  // The head goes out with the first message; before Start, at most kMaxBuffered waits here.
  backend_.Finish();
  ASSERT_TRUE(answered);
  ASSERT_EQ(head.status, 200);
  EXPECT_TRUE(backend_.streaming.control->paused());
  EXPECT_GT(backend_.pending.messages.size(), 50u);

  RecordingSink sink;
  sink.room = 0;  // the client reads slowly
  head.stream->Start(&sink);
  backend_.Finish();
  EXPECT_TRUE(backend_.streaming.control->paused());
  EXPECT_EQ(backend_.pending.messages.size(), 63u);

  // Room for five more writes: five more messages, then the backend is held again.
  sink.room = 5;
  head.stream->OnWritable();
  EXPECT_TRUE(backend_.streaming.control->paused());
  EXPECT_EQ(backend_.pending.messages.size(), 58u);

  // The client goes away: the backend call is cancelled, nothing more is written.
  head.stream->Cancel();
  EXPECT_TRUE(backend_.streaming.control->cancelled());
  const size_t written = sink.body.size();
  backend_.Finish();
  EXPECT_EQ(sink.body.size(), written);
  EXPECT_FALSE(sink.ended);
  EXPECT_EQ(handler_->in_flight(), 0);
}

TEST_F(GatewayHandlerTest, CsvExportPassesTheHttpBodyThroughWithItsMediaType) {
  google::api::HttpBody first, second;
  first.set_content_type("text/csv; charset=utf-8");
  first.set_data("name,type\r\n");
  second.set_content_type("text/csv; charset=utf-8");
  second.set_data("organizations/a,CSO\r\n");
  backend_.outcomes.push_back({{first.SerializeAsString(), second.SerializeAsString()}});
  HttpResponse r = Send("GET", "/v1/organizations:exportCsv");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(Header(r, "Content-Type"), "text/csv; charset=utf-8");
  RecordingSink sink;
  r.stream->Start(&sink);
  EXPECT_EQ(sink.body, "name,type\r\norganizations/a,CSO\r\n");
  EXPECT_TRUE(sink.ended);
}

TEST_F(GatewayHandlerTest, AnUploadGoesToTheBackendAsAStreamOfPieces) {
  google::longrunning::Operation op;
  op.set_name("operations/o1");
  backend_.outcomes.push_back({{op.SerializeAsString()}});
  std::string file = "dataelement,period,orgunit\r\n";
  while (file.size() < (5 << 20) / 2) file += "indicators/served,202603,organizations/k\r\n";
  HttpResponse r = Send(
      "POST", "/v1/dataValueSets?dryRun=true&importStrategy=UPDATE",
      {{"authorization", Bearer("cso", "organizations/k")}, {"content-type", "text/csv"}}, file);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("operations/o1"));
  ASSERT_EQ(backend_.calls.size(), 1u);
  const BackendCall& call = backend_.calls[0];
  EXPECT_EQ(call.method, "/civitas.monitoring.v1.MonitoringService/ImportDataValues");
  // The options and the first piece, then one message per further MiB.
  civitas::monitoring::v1::ImportDataValuesRequest first;
  ASSERT_TRUE(first.ParseFromString(call.request));
  EXPECT_TRUE(first.dry_run());
  EXPECT_EQ(first.import_strategy(), civitas::monitoring::v1::UPDATE);
  EXPECT_EQ(first.body().content_type(), "text/csv");
  EXPECT_EQ(first.body().data().size(), size_t{1} << 20);
  ASSERT_EQ(call.more_requests.size(), 2u);
  std::string joined = first.body().data();
  for (const std::string& more : call.more_requests) {
    civitas::monitoring::v1::ImportDataValuesRequest piece;
    ASSERT_TRUE(piece.ParseFromString(more));
    EXPECT_FALSE(piece.dry_run());  // the options come once
    joined += piece.body().data();
  }
  EXPECT_EQ(joined, file);
  // An upload may take as long as a stream.
  EXPECT_EQ(call.deadline, absl::Minutes(30));
  // A media type the method does not take is 415; a singular option given twice is refused
  // rather than the last one winning (dryRun=true&dryRun=false would import for real).
  const auto before = backend_.calls.size();
  EXPECT_EQ(
      Send("POST", "/v1/dataValueSets",
           {{"authorization", Bearer("cso", "organizations/k")}, {"content-type", "text/plain"}},
           "x")
          .status,
      415);
  HttpResponse twice = Send("POST", "/v1/dataValueSets?dryRun=true&dryRun=false",
                            {{"authorization", Bearer("cso", "organizations/k")},
                             {"content-type", "application/json; charset=utf-8"}},
                            "{}");
  EXPECT_EQ(twice.status, 400);
  EXPECT_THAT(twice.body, HasSubstr("dryRun"));
  // Whichever spelling names it.
  EXPECT_EQ(Send("POST", "/v1/dataValueSets?dryRun=true&dry_run=false",
                 {{"authorization", Bearer("cso", "organizations/k")},
                  {"content-type", "application/json"}},
                 "{}")
                .status,
            400);
  EXPECT_EQ(backend_.calls.size(), before);
  // A repeated field takes a parameter each time.
  HttpResponse analytics =
      Send("GET",
           "/v1/analytics?indicators=indicators/a&indicators=indicators/b&orgUnits=territories/x"
           "&periods=2025",
           {{"authorization", Bearer("ministry")}});
  EXPECT_NE(analytics.status, 400) << analytics.body;
  ASSERT_EQ(backend_.calls.size(), before + 1);
  civitas::monitoring::v1::GetAnalyticsRequest asked;
  ASSERT_TRUE(asked.ParseFromString(backend_.calls.back().request));
  EXPECT_EQ(asked.indicators_size(), 2);
  // Only POSTs with credentials to an upload route get the upload limit.
  const std::string cso = Bearer("cso", "organizations/k");
  EXPECT_TRUE(handler_->IsUpload("POST", "/v1/dataValueSets?dryRun=true", cso, ""));
  EXPECT_FALSE(handler_->IsUpload("GET", "/v1/dataValueSets", cso, ""));
  EXPECT_FALSE(handler_->IsUpload("POST", "/v1/organizations", cso, ""));
  // Credentials that do not verify get the ordinary limit.
  EXPECT_FALSE(handler_->IsUpload("POST", "/v1/dataValueSets", "Bearer not-a-token", ""));
  EXPECT_FALSE(handler_->IsUpload("POST", "/v1/dataValueSets", "", "no-such-key"));
  EXPECT_FALSE(handler_->IsUpload("POST", "/v1/dataValueSets", "", ""));
}

TEST_F(GatewayHandlerTest, NotReadyWhileADeclaredServiceHasNoBackend) {
  BuiltinEndpoints builtins(&backend_, &registry_, "{}",
                            {"civitas.accreditation.v1.AccreditationService"});
  std::optional<HttpResponse> ready;
  builtins.Handle("/readyz", [&](HttpResponse r) { ready = std::move(r); });
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(ready->status, 503);
  EXPECT_THAT(ready->body, HasSubstr("\"ready\":false"));
  EXPECT_THAT(ready->body,
              HasSubstr("\"civitas.accreditation.v1.AccreditationService\":\"NOT_CONFIGURED\""));
  EXPECT_THAT(ready->body, HasSubstr("\"civitas.registry.v1.RegistryService\":\"SERVING\""));
}

TEST(BackendMapTest, NamesServicesOfTheListAndKnowsWhichHaveNoAddress) {
  auto map = BackendMap::Parse("registry=127.0.0.1:1,grants=grants.internal:2");
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_THAT(map->addresses(),
              ElementsAre(Pair("civitas.grants.v1.GrantsService", "grants.internal:2"),
                          Pair("civitas.registry.v1.RegistryService", "127.0.0.1:1")));
  // Every listed service but the two configured (the list grows; this test does not name it).
  EXPECT_THAT(map->UnconfiguredServices(),
              AllOf(Contains("civitas.accreditation.v1.AccreditationService"),
                    Not(Contains("civitas.registry.v1.RegistryService")),
                    Not(Contains("civitas.grants.v1.GrantsService"))));
  auto full = BackendMap::Parse(LocalServiceAddresses());
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_THAT(full->UnconfiguredServices(), IsEmpty());

  auto bad = BackendMap::Parse("civitas.registry.v1.RegistryService=127.0.0.1:1");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("is not a service of services/services.list"));
}

TEST_F(GatewayHandlerTest, BuiltinEndpointsAnswerWithoutARoute) {
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
  EXPECT_EQ(Send("GET", "/openapi.json").body, "{}");
  HttpResponse ready = Send("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_THAT(ready.body, HasSubstr("\"civitas.registry.v1.RegistryService\":\"SERVING\""));
  backend_.serving = false;
  EXPECT_EQ(Send("GET", "/readyz").status, 503);
  EXPECT_EQ(Send("GET", "/healthz").status, 200);  // the process itself is fine
  EXPECT_THAT(Send("GET", "/metrics").body, HasSubstr("civitas_http_requests_total"));
  EXPECT_THAT(backend_.calls, IsEmpty());
}

TEST_F(GatewayHandlerTest, UnknownPathsAndMethods) {
  EXPECT_EQ(Send("GET", "/v1/nothing").status, 404);
  HttpResponse r = Send("PUT", "/v1/organizations/a");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(Header(r, "Allow"), "GET, HEAD, PATCH, DELETE");
  EXPECT_THAT(backend_.calls, IsEmpty());
}

}  // namespace
}  // namespace civitas::gateway
