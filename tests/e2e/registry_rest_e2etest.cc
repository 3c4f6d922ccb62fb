// End to end over HTTP: gateway -> registry -> redis, as partner systems and frontends use it.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/registry_service.pb.h"
#include "tests/e2e/civitas_stack.h"

namespace civitas::testing {
namespace {

namespace v1 = ::civitas::registry::v1;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;

// One stack for the binary: starting processes is the slow part.
CivitasStack* stack = nullptr;

class StackEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    auto s = CivitasStack::Start();
    ASSERT_TRUE(s.ok()) << s.status();
    stack_ = std::move(s).value();
    stack = stack_.get();
  }
  void TearDown() override { stack_.reset(); }

 private:
  std::unique_ptr<CivitasStack> stack_;
};

const auto* const kEnv = ::testing::AddGlobalTestEnvironment(new StackEnvironment);

template <typename T>
T Parse(const std::string& json) {
  T out;
  auto status = google::protobuf::util::JsonStringToMessage(json, &out);
  EXPECT_TRUE(status.ok()) << json;
  return out;
}

std::vector<std::string> ViolationFields(const std::string& problem) {
  auto s = Parse<google::protobuf::Struct>(problem);
  std::vector<std::string> out;
  if (!s.fields().contains("violations")) return out;
  for (const auto& v : s.fields().at("violations").list_value().values()) {
    out.push_back(v.struct_value().fields().at("field").string_value());
  }
  return out;
}

std::string ProblemCode(const std::string& problem) {
  return Parse<google::protobuf::Struct>(problem).fields().at("code").string_value();
}

class RegistryRestTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    admin_ = stack->Token("admin");
    auto r = stack->Call("POST", "/v1/territories?territoryId=md", admin_,
                         R"({"code":"MD","level":"COUNTRY","displayName":{"ro":"Moldova"}})");
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(r->status == 200 || r->status == 409) << r->body;
  }

  HttpResult Must(absl::StatusOr<HttpResult> r) {
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : HttpResult{};
  }

  HttpResult CreateOrganization(const std::string& id, const std::string& type = "CSO") {
    return Must(stack->Call("POST", absl::StrCat("/v1/organizations?organizationId=", id), admin_,
                            absl::StrCat(R"({"type":")", type, R"(","displayName":{"ro":"Org )", id,
                                         R"("},"territories":["territories/md"]})")));
  }

  static inline std::string admin_;
};

TEST_F(RegistryRestTest, CreateGetUpdateArchive) {
  HttpResult created = CreateOrganization("crud");
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.headers["etag"], "\"1\"");
  EXPECT_EQ(created.headers["content-type"], "application/json");

  HttpResult got = Must(stack->Call("GET", "/v1/organizations/crud"));
  ASSERT_EQ(got.status, 200);
  auto org = Parse<v1::Organization>(got.body);
  EXPECT_EQ(org.display_name().at("ro"), "Org crud");
  EXPECT_EQ(org.territories(0), "territories/md");

  HttpResult patched =
      Must(stack->Call("PATCH", "/v1/organizations/crud?updateMask=legalForm", admin_,
                       R"({"legalForm":"asociație obștească"})", {{"If-Match", "\"1\""}}));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Parse<v1::Organization>(patched.body).legal_form(), "asociație obștească");
  EXPECT_EQ(patched.headers["etag"], "\"2\"");

  // A stale If-Match is 412 (RFC 9110); the same stale etag in the body is a 409 conflict.
  HttpResult stale = Must(stack->Call("PATCH", "/v1/organizations/crud", admin_,
                                      R"({"legalForm":"x"})", {{"If-Match", "\"1\""}}));
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.headers["content-type"], "application/problem+json");
  EXPECT_EQ(ProblemCode(stale.body), "ABORTED");
  HttpResult stale_body = Must(
      stack->Call("PATCH", "/v1/organizations/crud", admin_, R"({"legalForm":"x","etag":"1"})"));
  EXPECT_EQ(stale_body.status, 409);
  EXPECT_EQ(ProblemCode(stale_body.body), "ABORTED");

  HttpResult archived = Must(stack->Call("DELETE", "/v1/organizations/crud", admin_));
  ASSERT_EQ(archived.status, 200) << archived.body;
  EXPECT_EQ(Parse<v1::Organization>(archived.body).state(), v1::ARCHIVED);
  HttpResult list = Must(stack->Call("GET", "/v1/organizations?filter=display_name%3A%22crud%22"));
  EXPECT_TRUE(Parse<v1::ListOrganizationsResponse>(list.body).organizations().empty());
  HttpResult with_archived = Must(
      stack->Call("GET", "/v1/organizations?filter=display_name%3A%22crud%22&showArchived=true"));
  EXPECT_EQ(Parse<v1::ListOrganizationsResponse>(with_archived.body).organizations_size(), 1);
}

// An import: many records in one request, an outcome per item, one item's refusal refusing
// no other; a territory's parent made earlier in the same batch; a retried batch creates nothing
// twice; what a caller may not create is refused per item; a batch over the limit is refused.
TEST_F(RegistryRestTest, ATrainingProgrammeItsEventsAndItsCohortsGainByTheProvidersStaff) {
  for (const char* id : {"cap-provider", "cap-a", "cap-b", "cap-other"}) CreateOrganization(id);
  const std::string provider = stack->Token("cso", "organizations/cap-provider");
  const std::string other = stack->Token("cso", "organizations/cap-other");
  const std::string programme =
      R"({"displayName":{"en":"Service delivery and fundraising"},)"
      R"("provider":"organizations/cap-provider","topics":["SERVICE_DELIVERY","FUNDRAISING"],)"
      R"("territories":["territories/md"],"startDate":"2025-01-15","endDate":"2025-06-30",)"
      R"("dimensions":["service_delivery","fundraising"]})";
  // Another organisation cannot run a programme in the provider's name.
  EXPECT_EQ(Must(stack->Call("POST", "/v1/trainingProgrammes?trainingProgrammeId=cap-1", other,
                             programme))
                .status,
            403);
  auto created = Must(
      stack->Call("POST", "/v1/trainingProgrammes?trainingProgrammeId=cap-1", provider, programme));
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string event =
      R"({"programme":"trainingProgrammes/cap-1","kind":"TRAINING_SESSION",)"
      R"("title":{"en":"Costing services"},"startDate":"2025-02-01","hours":6,)"
      R"("trainers":[{"name":"Ana Trainer","organization":"organizations/cap-provider"}],)"
      R"("attendance":[{"organization":"organizations/cap-a","participants":3,"women":2,"men":1},)"
      R"({"organization":"organizations/cap-b","participants":2}]})";
  auto refused =
      Must(stack->Call("POST", "/v1/trainingEvents?trainingEventId=cap-e1", other, event));
  EXPECT_EQ(refused.status, 403) << refused.body;
  auto recorded =
      Must(stack->Call("POST", "/v1/trainingEvents?trainingEventId=cap-e1", provider, event));
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  EXPECT_THAT(recorded.body, ::testing::HasSubstr(R"("provider":"organizations/cap-provider")"));
  auto unknown = Must(stack->Call(
      "POST", "/v1/trainingEvents?trainingEventId=cap-e2", provider,
      R"({"programme":"trainingProgrammes/cap-1","kind":"MENTORING","title":{"en":"m"},)"
      R"("startDate":"2025-03-01","attendance":[{"organization":"organizations/nobody",)"
      R"("participants":1}]})"));
  EXPECT_EQ(unknown.status, 400) << unknown.body;
  EXPECT_THAT(unknown.body, ::testing::HasSubstr("training_event.attendance[0].organization"));
  // Each organisation records its own before/after assessments for the programme.
  for (const auto& [org, before, after] :
       {std::tuple{"cap-a", 40, 70}, std::tuple{"cap-b", 50, 60}}) {
    auto assessed = Must(stack->Call(
        "PATCH", absl::StrCat("/v1/organizations/", org, "?updateMask=capacity_assessments"),
        stack->Token("cso", absl::StrCat("organizations/", org)),
        absl::StrCat(R"({"capacityAssessments":[)",
                     R"({"assessmentDate":"2025-01-10","phase":"BASELINE",)",
                     R"("programme":"trainingProgrammes/cap-1","scores":{"service_delivery":)",
                     before, R"(}},{"assessmentDate":"2025-07-01","phase":"AFTER_TRAINING",)",
                     R"("programme":"trainingProgrammes/cap-1","scores":{"service_delivery":)",
                     after, "}}]}")));
    ASSERT_EQ(assessed.status, 200) << assessed.body;
  }
  // The cohort, to anyone: 2 organisations, 5 people, 6 hours, +20 on service delivery.
  auto cohort = Must(stack->Call("GET", "/v1/trainingProgrammes/cap-1:cohort", ""));
  ASSERT_EQ(cohort.status, 200) << cohort.body;
  const auto figures = Parse<google::protobuf::Struct>(cohort.body);
  EXPECT_EQ(figures.fields().at("organizationsTrained").string_value(), "2");
  EXPECT_EQ(figures.fields().at("participants").string_value(), "5");
  EXPECT_EQ(figures.fields().at("hours").string_value(), "6");
  const auto& gain = figures.fields().at("dimensions").list_value().values(0).struct_value();
  EXPECT_EQ(gain.fields().at("dimension").string_value(), "service_delivery");
  EXPECT_EQ(gain.fields().at("averageGain").number_value(), 20);
  EXPECT_EQ(Must(stack->Call("GET", "/v1/trainingProgrammes/nope:cohort", "")).status, 404);
  // A draft programme's events are its provider's (and staff's) to read, as the programme is.
  std::string draft = programme;
  draft.insert(draft.size() - 1, R"(,"state":"DRAFT")");
  ASSERT_EQ(Must(stack->Call("POST", "/v1/trainingProgrammes?trainingProgrammeId=cap-draft",
                             provider, draft))
                .status,
            200);
  std::string draft_event = event;
  draft_event.replace(draft_event.find("cap-1"), 5, "cap-draft");
  ASSERT_EQ(
      Must(stack->Call("POST", "/v1/trainingEvents?trainingEventId=cap-e9", provider, draft_event))
          .status,
      200);
  EXPECT_EQ(Must(stack->Call("GET", "/v1/trainingEvents/cap-e9", "")).status, 404);
  EXPECT_EQ(Must(stack->Call("GET", "/v1/trainingEvents/cap-e9", other)).status, 404);
  EXPECT_EQ(Must(stack->Call("GET", "/v1/trainingEvents/cap-e9", provider)).status, 200);
}

TEST_F(RegistryRestTest, BatchCreateAnswersEachItemAndARetryCreatesNothingTwice) {
  const std::string territories =
      R"({"requests":[)"
      R"({"territoryId":"bt-region","territory":{"code":"BT","level":"REGION",)"
      R"("parent":"territories/md","displayName":{"ro":"Regiune"}}},)"
      R"({"territoryId":"bt-town","territory":{"code":"BT-1","level":"MUNICIPALITY",)"
      R"("parent":"territories/bt-region","displayName":{"ro":"Oraș"}}},)"
      R"({"territoryId":"bt-orphan","territory":{"code":"BT-2","level":"MUNICIPALITY",)"
      R"("parent":"territories/nowhere","displayName":{"ro":"Nicăieri"}}}]})";
  HttpResult made = Must(stack->Call("POST", "/v1/territories:batchCreate", admin_, territories));
  ASSERT_EQ(made.status, 200) << made.body;
  auto first = Parse<v1::BatchCreateTerritoriesResponse>(made.body);
  ASSERT_EQ(first.outcomes_size(), 3);
  EXPECT_EQ(first.outcomes(0).result(), common::v1::BatchCreateOutcome::CREATED);
  EXPECT_EQ(first.outcomes(1).result(), common::v1::BatchCreateOutcome::CREATED)
      << first.outcomes(1).reason();
  EXPECT_EQ(first.outcomes(2).result(), common::v1::BatchCreateOutcome::REFUSED);
  EXPECT_EQ(first.outcomes(2).code(), "INVALID_ARGUMENT");
  EXPECT_THAT(first.outcomes(2).reason(), HasSubstr("territory.parent"));
  ASSERT_EQ(first.territories_size(), 2);
  EXPECT_EQ(first.territories(1).name(), "territories/bt-town");
  EXPECT_THAT(first.territories(1).ancestors(), ::testing::Contains("territories/bt-region"));
  // The same batch again: nothing is created twice.
  auto again = Parse<v1::BatchCreateTerritoriesResponse>(
      Must(stack->Call("POST", "/v1/territories:batchCreate", admin_, territories)).body);
  EXPECT_EQ(again.outcomes(0).result(), common::v1::BatchCreateOutcome::ALREADY_PRESENT);
  EXPECT_EQ(again.outcomes(1).result(), common::v1::BatchCreateOutcome::ALREADY_PRESENT);
  EXPECT_EQ(again.outcomes(2).result(), common::v1::BatchCreateOutcome::REFUSED);
  EXPECT_EQ(Parse<v1::Territory>(Must(stack->Call("GET", "/v1/territories/bt-town")).body).etag(),
            "1");

  // 250 organisations in one request (three write plans), one of them invalid.
  std::string organizations = R"({"requests":[)";
  for (int i = 0; i < 250; ++i) {
    absl::StrAppend(&organizations, i == 0 ? "" : ",", R"({"organizationId":"bo-)", i,
                    R"(","organization":{"type":"CSO","displayName":{"ro":")",
                    i == 117 ? "" : absl::StrCat("Org ", i),
                    R"("},"territories":["territories/bt-town"]}})");
  }
  organizations += "]}";
  HttpResult bulk =
      Must(stack->Call("POST", "/v1/organizations:batchCreate", admin_, organizations));
  ASSERT_EQ(bulk.status, 200) << bulk.body.substr(0, 500);
  auto orgs = Parse<v1::BatchCreateOrganizationsResponse>(bulk.body);
  ASSERT_EQ(orgs.outcomes_size(), 250);
  for (int i = 0; i < 250; ++i) {
    EXPECT_EQ(orgs.outcomes(i).result(), i == 117 ? common::v1::BatchCreateOutcome::REFUSED
                                                  : common::v1::BatchCreateOutcome::CREATED)
        << i << ": " << orgs.outcomes(i).reason();
  }
  EXPECT_THAT(orgs.outcomes(117).reason(), HasSubstr("display_name"));
  EXPECT_EQ(orgs.organizations_size(), 249);
  HttpResult listed = Must(stack->Call(
      "GET", "/v1/organizations?filter=territory%3D%22territories%2Fbt-town%22&pageSize=1000"));
  EXPECT_EQ(Parse<v1::ListOrganizationsResponse>(listed.body).organizations_size(), 249);

  // A CSO may create only what it may create: each item is authorized on its own.
  const std::string cso = stack->Token("cso", "organizations/bo-1");
  auto by_cso = Parse<v1::BatchCreateOrganizationsResponse>(
      Must(stack->Call("POST", "/v1/organizations:batchCreate", cso,
                       R"({"requests":[{"organizationId":"bo-1","organization":{"type":"CSO",)"
                       R"("displayName":{"ro":"x"},"territories":["territories/md"]}},)"
                       R"({"organizationId":"bo-new","organization":{"type":"DONOR",)"
                       R"("displayName":{"ro":"x"},"territories":["territories/md"]}}]})"))
          .body);
  ASSERT_EQ(by_cso.outcomes_size(), 2);
  // Present, and public: told so (a record the caller may not read would be refused as its own
  // create is, never reported present).
  EXPECT_EQ(by_cso.outcomes(0).result(), common::v1::BatchCreateOutcome::ALREADY_PRESENT);
  EXPECT_EQ(by_cso.outcomes(1).result(), common::v1::BatchCreateOutcome::REFUSED);
  EXPECT_EQ(by_cso.outcomes(1).code(), "PERMISSION_DENIED");
  EXPECT_EQ(Must(stack->Call("GET", "/v1/organizations/bo-new")).status, 404);

  // Empty, too many, malformed: 400 naming `requests`, nothing written.
  HttpResult empty =
      Must(stack->Call("POST", "/v1/organizations:batchCreate", admin_, R"({"requests":[]})"));
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_THAT(ViolationFields(empty.body), ::testing::Contains("requests"));
  std::string too_many = R"({"requests":[)";
  for (int i = 0; i < 1001; ++i)
    absl::StrAppend(&too_many, i == 0 ? "" : ",", R"({"organization":{}})");
  too_many += "]}";
  EXPECT_EQ(Must(stack->Call("POST", "/v1/organizations:batchCreate", admin_, too_many)).status,
            400);
  EXPECT_EQ(Must(stack->Call("POST", "/v1/organizations:batchCreate", admin_, R"({"requests":7})"))
                .status,
            400);
  EXPECT_EQ(Must(stack->Call("POST", "/v1/organizations:batchCreate", "",
                             R"({"requests":[{"organization":{}}]})"))
                .status,
            401);
}

TEST_F(RegistryRestTest, ListWalksSeveralPagesWithoutDuplicates) {
  for (int i = 0; i < 12; ++i) {
    ASSERT_EQ(CreateOrganization(absl::StrCat("page-", i), "DONOR").status, 200);
  }
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    HttpResult r = Must(stack->Call(
        "GET", absl::StrCat("/v1/organizations?pageSize=5&filter=type%3DDONOR&pageToken=", token)));
    ASSERT_EQ(r.status, 200) << r.body;
    auto page = Parse<v1::ListOrganizationsResponse>(r.body);
    EXPECT_LE(page.organizations_size(), 5);
    for (const auto& o : page.organizations()) {
      EXPECT_EQ(o.type(), v1::DONOR);
      EXPECT_TRUE(seen.insert(o.name()).second) << o.name();
    }
    token = page.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 12u);
  EXPECT_GE(pages, 3);
}

TEST_F(RegistryRestTest, RacingPatchesWithTheSameEtagExactlyOneWins) {
  ASSERT_EQ(CreateOrganization("race").status, 200);
  constexpr int kRacers = 6;
  std::atomic<int> ok{0}, conflict{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRacers; ++i) {
    threads.emplace_back([&, i] {
      auto r =
          stack->Call("PATCH", "/v1/organizations/race", admin_,
                      absl::StrCat(R"({"legalForm":"racer )", i, R"("})"), {{"If-Match", "\"1\""}});
      if (r.ok() && r->status == 200) ++ok;
      if (r.ok() && r->status == 412) ++conflict;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), kRacers - 1);
  auto got = Parse<v1::Organization>(Must(stack->Call("GET", "/v1/organizations/race")).body);
  EXPECT_EQ(got.etag(), "2");
}

TEST_F(RegistryRestTest, IdempotencyKeyReturnsTheFirstResult) {
  std::string body = R"({"type":"CSO","displayName":{"en":"Idempotent"}})";
  HttpResult first = Must(
      stack->Call("POST", "/v1/organizations", admin_, body, {{"Idempotency-Key", "retry-42"}}));
  HttpResult again = Must(
      stack->Call("POST", "/v1/organizations", admin_, body, {{"Idempotency-Key", "retry-42"}}));
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Parse<v1::Organization>(first.body).name(), Parse<v1::Organization>(again.body).name());
}

TEST_F(RegistryRestTest, AnIdempotencyKeyReusedForAnotherRequestIs422AndChangesNothing) {
  const std::string body = R"({"type":"CSO","displayName":{"en":"Keyed"}})";
  HttpResult first = Must(stack->Call("POST", "/v1/organizations?organizationId=keyed-one", admin_,
                                      body, {{"Idempotency-Key", "reuse-7"}}));
  ASSERT_EQ(first.status, 200) << first.body;
  // Another id, another body: a different request under the same key.
  for (const auto& [target, other_body] : std::vector<std::pair<std::string, std::string>>{
           {"/v1/organizations?organizationId=keyed-two", body},
           {"/v1/organizations?organizationId=keyed-one",
            R"({"type":"DONOR","displayName":{"en":"Keyed"}})"}}) {
    HttpResult reused =
        Must(stack->Call("POST", target, admin_, other_body, {{"Idempotency-Key", "reuse-7"}}));
    EXPECT_EQ(reused.status, 422) << reused.body;
    EXPECT_THAT(reused.body, HasSubstr("request_id (Idempotency-Key) was already used"));
  }
  EXPECT_EQ(Must(stack->Call("GET", "/v1/organizations/keyed-two")).status, 404);
  EXPECT_EQ(
      Parse<v1::Organization>(Must(stack->Call("GET", "/v1/organizations/keyed-one")).body).type(),
      v1::CSO);
  // The first request repeated still answers with its record.
  HttpResult again = Must(stack->Call("POST", "/v1/organizations?organizationId=keyed-one", admin_,
                                      body, {{"Idempotency-Key", "reuse-7"}}));
  EXPECT_EQ(again.status, 200) << again.body;
  // Another caller's key of the same name is another key.
  HttpResult others = Must(stack->Call("POST", "/v1/organizations?organizationId=keyed-two",
                                       stack->Token("admin", "", "other-admin"), body,
                                       {{"Idempotency-Key", "reuse-7"}}));
  EXPECT_EQ(others.status, 200) << others.body;
}

TEST_F(RegistryRestTest, BadInputIsRejectedNamingTheFieldsAndWritesNothing) {
  HttpResult empty = Must(stack->Call("POST", "/v1/organizations?organizationId=bad", admin_,
                                      R"({"territories":["territories/nowhere"]})"));
  EXPECT_EQ(empty.status, 400);
  EXPECT_THAT(ViolationFields(empty.body),
              IsSupersetOf({"organization.display_name", "organization.type",
                            "organization.territories[0]"}));
  EXPECT_EQ(Must(stack->Call("GET", "/v1/organizations/bad")).status, 404);

  HttpResult json = Must(stack->Call("POST", "/v1/organizations", admin_, "{not json"));
  EXPECT_EQ(json.status, 400);
  EXPECT_THAT(ViolationFields(json.body), ::testing::ElementsAre("organization"));
  // A well-formed body with a wrong value names the field at fault.
  HttpResult value = Must(stack->Call("POST", "/v1/organizations", admin_,
                                      R"({"type":"CHARITY","displayName":{"en":"x"}})"));
  EXPECT_EQ(value.status, 400);
  EXPECT_THAT(ViolationFields(value.body), ::testing::ElementsAre("organization.type"));
  HttpResult unknown =
      Must(stack->Call("POST", "/v1/organizations", admin_, R"({"colour":"red"})"));
  EXPECT_THAT(ViolationFields(unknown.body), ::testing::ElementsAre("organization.colour"));

  HttpResult size = Must(stack->Call("GET", "/v1/organizations?pageSize=5000"));
  EXPECT_EQ(size.status, 400);
  EXPECT_THAT(ViolationFields(size.body), ::testing::ElementsAre("page_size"));

  HttpResult filter = Must(stack->Call("GET", "/v1/organizations?filter=colour%3Dred"));
  EXPECT_EQ(filter.status, 400);
  EXPECT_THAT(ViolationFields(filter.body), ::testing::ElementsAre("filter"));

  HttpResult type = Must(
      stack->Call("POST", "/v1/organizations", admin_, "{}", {{"Content-Type", "text/plain"}}));
  EXPECT_EQ(type.status, 415);

  HttpResult big = Must(stack->Call("POST", "/v1/organizations", admin_, std::string(100000, ' ')));
  EXPECT_EQ(big.status, 413);
}

TEST_F(RegistryRestTest, UnknownRecordsAndRoutes) {
  HttpResult missing = Must(stack->Call("GET", "/v1/organizations/does-not-exist"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ProblemCode(missing.body), "NOT_FOUND");
  EXPECT_EQ(Must(stack->Call("GET", "/v1/nothing-here")).status, 404);
  HttpResult method = Must(stack->Call("PUT", "/v1/organizations/x", admin_, "{}"));
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(method.headers["allow"], "GET, HEAD, PATCH, DELETE");
}

TEST_F(RegistryRestTest, AuthenticationAndAuthorization) {
  ASSERT_EQ(CreateOrganization("mine").status, 200);
  ASSERT_EQ(CreateOrganization("theirs").status, 200);
  std::string body = R"({"legalForm":"updated"})";

  HttpResult anonymous = Must(stack->Call("PATCH", "/v1/organizations/mine", "", body));
  EXPECT_EQ(anonymous.status, 401);
  // Methods not annotated allow_anonymous answer 401 before looking at the input.
  HttpResult anonymous_create = Must(stack->Call("POST", "/v1/organizations", "", "{}"));
  EXPECT_EQ(anonymous_create.status, 401);
  EXPECT_THAT(anonymous_create.body, HasSubstr("CreateOrganization needs credentials"));
  EXPECT_THAT(anonymous_create.headers["www-authenticate"], HasSubstr("Bearer"));
  HttpResult forged = Must(stack->Call("PATCH", "/v1/organizations/mine", "not.a.token", body));
  EXPECT_EQ(forged.status, 401);
  EXPECT_THAT(forged.headers["www-authenticate"], HasSubstr("Bearer"));

  std::string cso = stack->Token("cso", "organizations/mine");
  EXPECT_EQ(Must(stack->Call("PATCH", "/v1/organizations/mine", cso, body)).status, 200);
  HttpResult other = Must(stack->Call("PATCH", "/v1/organizations/theirs", cso, body));
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(ProblemCode(other.body), "PERMISSION_DENIED");

  std::string reviewer = stack->Token("reviewer");
  EXPECT_EQ(Must(stack->Call("POST", "/v1/organizations", reviewer,
                             R"({"type":"CSO","displayName":{"en":"x"}})"))
                .status,
            403);
  HttpResult warehouse = Must(stack->Call("GET", "/v1/organizations", "", "",
                                          {{"X-API-Key", CivitasStack::kWarehouseKey}}));
  EXPECT_EQ(warehouse.status, 200);
  EXPECT_EQ(
      Must(stack->Call("GET", "/v1/organizations", "", "", {{"X-API-Key", "wrong-key"}})).status,
      401);
}

TEST_F(RegistryRestTest, GatewaySurfaceHealthOpenApiMetricsCors) {
  EXPECT_EQ(Must(stack->Call("GET", "/healthz")).status, 200);
  HttpResult ready = Must(stack->Call("GET", "/readyz"));
  EXPECT_EQ(ready.status, 200);
  EXPECT_THAT(ready.body, HasSubstr("\"civitas.registry.v1.RegistryService\":\"SERVING\""));

  HttpResult openapi = Must(stack->Call("GET", "/openapi.json"));
  ASSERT_EQ(openapi.status, 200);
  auto doc = Parse<google::protobuf::Struct>(openapi.body);
  EXPECT_EQ(doc.fields().at("openapi").string_value(), "3.1.0");
  EXPECT_TRUE(doc.fields().at("paths").struct_value().fields().contains(
      "/v1/organizations/{organizationId}"));
  // Security on every operation; the empty requirement (anonymous) only on reads, and on every
  // read of the registry (public data). (Grants keeps applications, reviews and reports private.)
  const std::vector<std::string> registry_paths = {"/v1/territories",    "/v1/organizations",
                                                   "/v1/socialServices", "/v1/partnerships",
                                                   "/v1/networks",       "/v1/serviceTypes"};
  int operations = 0;
  for (const auto& [path, item] : doc.fields().at("paths").struct_value().fields()) {
    for (const auto& [method, op] : item.struct_value().fields()) {
      ++operations;
      const auto& security = op.struct_value().fields().at("security").list_value();
      bool anonymous = false;
      for (const auto& requirement : security.values()) {
        anonymous |= requirement.struct_value().fields().empty();
      }
      bool registry_read = method == "get";
      registry_read &= std::any_of(registry_paths.begin(), registry_paths.end(),
                                   [&](const std::string& p) { return path.starts_with(p); });
      if (anonymous) {
        EXPECT_EQ(method, "get") << path;
      }
      if (registry_read) {
        EXPECT_TRUE(anonymous) << method << " " << path;
      }
      EXPECT_GE(security.values_size(), 2) << method << " " << path;
    }
  }
  EXPECT_GT(operations, 0);

  Must(stack->Call("GET", "/v1/territories"));
  HttpResult metrics = Must(stack->Call("GET", "/metrics"));
  EXPECT_THAT(
      metrics.body,
      HasSubstr("civitas_http_requests_total{route=\"GET /v1/territories\",status=\"200\"}"));
  EXPECT_THAT(metrics.body, HasSubstr("civitas_http_request_duration_seconds_bucket"));

  HttpResult preflight = Must(
      stack->Call("OPTIONS", "/v1/organizations", "", "",
                  {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "PATCH"}}));
  EXPECT_EQ(preflight.status, 204);
  EXPECT_THAT(preflight.headers["access-control-allow-methods"], HasSubstr("PATCH"));
  EXPECT_THAT(preflight.headers["access-control-allow-headers"], HasSubstr("If-Match"));

  HttpResult traced =
      Must(stack->Call("GET", "/v1/territories", "", "", {{"X-Request-Id", "trace-me-123"}}));
  EXPECT_EQ(traced.headers["x-request-id"], "trace-me-123");
}

// Runs last (gtest runs tests in declaration order within a binary): it restarts processes.
// Sends `bytes` on one connection and returns everything the gateway sends back until it closes.
std::string RawExchange(const std::string& bytes) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(stack->http_port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return "";
  }
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof(buf), 0)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return out;
}

std::vector<size_t> Positions(const std::string& haystack, const std::string& needle) {
  std::vector<size_t> out;
  for (size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) {
    out.push_back(p);
  }
  return out;
}

// Pipelined requests in one write are all answered, in order, on the same connection.
TEST_F(RegistryRestTest, PipelinedRequestsAreAnsweredInOrder) {
  ASSERT_EQ(CreateOrganization("pipe-a").status, 200);
  ASSERT_EQ(CreateOrganization("pipe-b").status, 200);
  const std::string auth = absl::StrCat("Authorization: Bearer ", admin_, "\r\n");
  std::string requests;
  for (const char* id : {"pipe-a", "pipe-missing", "pipe-b"}) {
    absl::StrAppend(&requests, "GET /v1/organizations/", id, " HTTP/1.1\r\nHost: t\r\n", auth,
                    "\r\n");
  }
  absl::StrAppend(&requests, "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  const std::string out = RawExchange(requests);
  const auto statuses = Positions(out, "HTTP/1.1 ");
  ASSERT_EQ(statuses.size(), 4u) << out;
  EXPECT_EQ(out.compare(statuses[0], 12, "HTTP/1.1 200"), 0) << out;
  EXPECT_EQ(out.compare(statuses[1], 12, "HTTP/1.1 404"), 0) << out;
  EXPECT_EQ(out.compare(statuses[2], 12, "HTTP/1.1 200"), 0) << out;
  EXPECT_EQ(out.compare(statuses[3], 12, "HTTP/1.1 200"), 0) << out;
  const size_t a = out.find("organizations/pipe-a");
  const size_t b = out.find("organizations/pipe-b");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_LT(a, statuses[1]);
  EXPECT_GT(b, statuses[2]);
  EXPECT_LT(b, statuses[3]);
}

TEST_F(RegistryRestTest, MalformedHttpGets400AndTheConnectionCloses) {
  const std::string out = RawExchange("NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 400", 0), 0u) << out;
  EXPECT_THAT(out, HasSubstr("application/problem+json"));
  EXPECT_THAT(out, HasSubstr("Connection: close"));
  // Headers beyond the limit: 431.
  const std::string big = RawExchange(absl::StrCat(
      "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ", std::string(20000, 'x'), "\r\n\r\n"));
  EXPECT_EQ(big.rfind("HTTP/1.1 431 Request Header Fields Too Large", 0), 0u) << big.substr(0, 200);
}

TEST_F(RegistryRestTest, ZzAcknowledgedCreatesSurviveSigkillOfRegistryAndRedis) {
  std::vector<std::string> names;
  for (int i = 0; i < 20; ++i) {
    HttpResult r = CreateOrganization(absl::StrCat("durable-", i));
    ASSERT_EQ(r.status, 200) << r.body;
    names.push_back(Parse<v1::Organization>(r.body).name());
  }
  ASSERT_TRUE(stack->KillServiceAndRedisThenRestart("registry").ok());
  for (const auto& name : names) {
    HttpResult r = Must(stack->Call("GET", "/v1/" + name));
    EXPECT_EQ(r.status, 200) << name << " " << r.body;
  }
}

}  // namespace
}  // namespace civitas::testing
