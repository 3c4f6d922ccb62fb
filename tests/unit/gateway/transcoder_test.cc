#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/match.h"
#include "civitas/registry/v1/registry_service.grpc.pb.h"
#include "libs/common/field_violations.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/openapi.h"
#include "services/gateway/request_transcoder.h"
#include "services/gateway/response_renderer.h"

namespace civitas::gateway {
namespace {

namespace v1 = ::civitas::registry::v1;
using ::testing::ElementsAre;

class TranscoderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table =
        RouteTable::Build({google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            v1::RegistryService::service_full_name())});
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = std::move(table).value();
  }

  RouteTable::MatchResult Match(const std::string& method, const std::string& path) {
    std::vector<std::string> allowed;
    auto m = table_.Match(method, path, &allowed);
    EXPECT_TRUE(m.has_value()) << method << " " << path;
    return m.value_or(RouteTable::MatchResult{});
  }

  RouteTable table_;
};

TEST_F(TranscoderTest, EveryAnnotatedRegistryMethodHasARoute) {
  EXPECT_EQ(table_.routes().size(), 43u);
  std::vector<std::string> allowed;
  // A custom verb on a collection routes to its method, not to Create's path.
  auto batch = table_.Match("POST", "/v1/organizations:batchCreate", &allowed);
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->route->method->name(), "BatchCreateOrganizations");
  EXPECT_FALSE(table_.Match("PUT", "/v1/organizations/x", &allowed).has_value());
  EXPECT_THAT(allowed, ElementsAre("GET", "HEAD", "PATCH", "DELETE"));
  EXPECT_FALSE(table_.Match("GET", "/v1/nothing", &allowed).has_value());
  EXPECT_TRUE(allowed.empty());
  EXPECT_EQ(Match("POST", "/v1/socialServices/a:setAccreditation").route->method->name(),
            "SetSocialServiceAccreditation");
}

// The table compares a request only with the routes of its collection (and any whose second
// segment is a wildcard): every route is still found by a path of its own template.
TEST_F(TranscoderTest, EveryRouteIsFoundByAPathOfItsOwnTemplate) {
  for (const Route& r : table_.routes()) {
    std::string path;
    for (const std::string& segment : r.path.segments()) {
      path += "/";
      path += segment == "*" ? "x" : segment == "**" ? "x/y" : segment;
    }
    if (!r.path.verb().empty()) path += ":" + r.path.verb();
    std::vector<std::string> allowed;
    auto match = table_.Match(r.http_method, path, &allowed);
    ASSERT_TRUE(match.has_value()) << r.http_method << " " << path;
    EXPECT_EQ(match->route, &r) << r.http_method << " " << path << " found "
                                << match->route->path.text();
  }
}

TEST_F(TranscoderTest, BodyFieldPathVariableAndHeadersBuildUpdateRequest) {
  auto m = Match("PATCH", "/v1/organizations/keystone");
  TranscodeInput in{m.bindings, "updateMask=displayName,legalForm",
                    R"({"name":"organizations/ignored","legalForm":"foundation"})", "W/\"7\"", ""};
  auto msg = BuildRequest(*m.route, in);
  ASSERT_TRUE(msg.ok()) << msg.status();
  v1::UpdateOrganizationRequest req;
  req.CopyFrom(**msg);
  EXPECT_EQ(req.organization().name(), "organizations/keystone");
  EXPECT_EQ(req.organization().legal_form(), "foundation");
  EXPECT_EQ(req.organization().etag(), "7");
  EXPECT_THAT(req.update_mask().paths(), ElementsAre("display_name", "legal_form"));
}

TEST_F(TranscoderTest, QueryParametersAndIdempotencyKeyBuildCreateAndListRequests) {
  auto create = Match("POST", "/v1/territories");
  auto msg = BuildRequest(*create.route,
                          {create.bindings, "territoryId=am", R"({"code":"AM"})", "", "key-1"});
  ASSERT_TRUE(msg.ok()) << msg.status();
  v1::CreateTerritoryRequest req;
  req.CopyFrom(**msg);
  EXPECT_EQ(req.territory_id(), "am");
  EXPECT_EQ(req.request_id(), "key-1");
  EXPECT_EQ(req.territory().code(), "AM");
  // The key once: the same in both places is fine, two different keys are refused.
  EXPECT_TRUE(BuildRequest(*create.route, {create.bindings, "territoryId=am&requestId=key-1",
                                           R"({"code":"AM"})", "", "key-1"})
                  .ok());
  // A custom method takes every field in its body: a query parameter is refused, not dropped.
  auto action = Match("POST", "/v1/socialServices/a:setAccreditation");
  auto in_query = BuildRequest(*action.route, {action.bindings, "requestId=r1", "{}", "", ""});
  ASSERT_FALSE(in_query.ok());
  EXPECT_EQ(FieldViolationsOf(in_query.status())[0].field, "requestId");
  EXPECT_TRUE(
      BuildRequest(*action.route, {action.bindings, "", R"({"requestId":"r1"})", "", ""}).ok());
  auto two_keys = BuildRequest(*create.route, {create.bindings, "territoryId=am&requestId=key-2",
                                               R"({"code":"AM"})", "", "key-1"});
  ASSERT_FALSE(two_keys.ok());
  EXPECT_EQ(FieldViolationsOf(two_keys.status())[0].field, "Idempotency-Key");

  auto list = Match("GET", "/v1/organizations");
  auto lmsg = BuildRequest(
      *list.route, {list.bindings, "page_size=20&filter=type%3DCSO&showArchived=true", "", "", ""});
  ASSERT_TRUE(lmsg.ok()) << lmsg.status();
  v1::ListOrganizationsRequest lreq;
  lreq.CopyFrom(**lmsg);
  EXPECT_EQ(lreq.page_size(), 20);
  EXPECT_EQ(lreq.filter(), "type=CSO");
  EXPECT_TRUE(lreq.show_archived());
}

TEST_F(TranscoderTest, BadInputNamesTheFieldOrParameter) {
  auto list = Match("GET", "/v1/organizations");
  auto bad_int = BuildRequest(*list.route, {list.bindings, "pageSize=many", "", "", ""});
  EXPECT_THAT(FieldViolationsOf(bad_int.status())[0].field, "pageSize");
  auto unknown = BuildRequest(*list.route, {list.bindings, "colour=red", "", "", ""});
  EXPECT_THAT(FieldViolationsOf(unknown.status())[0].field, "colour");
  auto create = Match("POST", "/v1/organizations");
  auto bad_json = BuildRequest(*create.route, {create.bindings, "", "{not json", "", ""});
  EXPECT_THAT(FieldViolationsOf(bad_json.status())[0].field, "organization");
  auto bad_enum =
      BuildRequest(*create.route, {create.bindings, "", R"({"type":"PIRATE"})", "", ""});
  EXPECT_EQ(bad_enum.status().code(), absl::StatusCode::kInvalidArgument);
  auto body_in_query =
      BuildRequest(*create.route, {create.bindings, "organization.legalForm=x", "{}", "", ""});
  EXPECT_THAT(FieldViolationsOf(body_in_query.status())[0].field, "organization.legalForm");
}

TEST_F(TranscoderTest, ResponseIsCanonicalJsonWithEtag) {
  auto get = Match("GET", "/v1/organizations/a");
  v1::Organization o;
  o.set_name("organizations/a");
  o.set_type(v1::CSO);
  o.set_etag("4");
  ResponseRenderer renderer;
  auto json = renderer.Render(*get.route, o.SerializeAsString());
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->etag, "4");
  EXPECT_THAT(json->body, ::testing::HasSubstr("\"type\":\"CSO\""));
  // Fields holding default values are omitted (the canonical mapping's default).
  EXPECT_THAT(json->body, ::testing::Not(::testing::HasSubstr("externalIds")));
}

TEST(HttpErrorsTest, StandardStatusTable) {
  EXPECT_EQ(HttpStatusFromGrpc(grpc::StatusCode::INVALID_ARGUMENT), 400);
  EXPECT_EQ(HttpStatusFromGrpc(grpc::StatusCode::FAILED_PRECONDITION), 400);
  EXPECT_EQ(HttpStatusFromGrpc(grpc::StatusCode::UNAUTHENTICATED), 401);
  EXPECT_EQ(HttpStatusFromGrpc(grpc::StatusCode::PERMISSION_DENIED), 403);
  EXPECT_EQ(HttpStatusFromGrpc(grpc::StatusCode::NOT_FOUND), 404);
  EXPECT_EQ(HttpStatusFromGrpc(grpc::StatusCode::ALREADY_EXISTS), 409);
  EXPECT_EQ(HttpStatusFromGrpc(grpc::StatusCode::ABORTED), 409);
  EXPECT_EQ(HttpStatusFromGrpc(grpc::StatusCode::RESOURCE_EXHAUSTED), 429);
  EXPECT_EQ(HttpStatusFromGrpc(grpc::StatusCode::UNAVAILABLE), 503);
  EXPECT_EQ(HttpStatusFromGrpc(grpc::StatusCode::DEADLINE_EXCEEDED), 504);
}

TEST(HttpErrorsTest, ProblemJsonIsValidJsonWithViolations) {
  std::string body = ProblemJson(400, "INVALID_ARGUMENT", "bad \"input\"",
                                 {{"organization.type", "is required"}}, "rid-1");
  google::protobuf::Struct s;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(body, &s).ok()) << body;
  EXPECT_EQ(s.fields().at("status").number_value(), 400);
  EXPECT_EQ(s.fields().at("code").string_value(), "INVALID_ARGUMENT");
  EXPECT_EQ(s.fields().at("correlationId").string_value(), "rid-1");
  EXPECT_EQ(s.fields()
                .at("violations")
                .list_value()
                .values(0)
                .struct_value()
                .fields()
                .at("field")
                .string_value(),
            "organization.type");
}

// Every $ref must point at a schema that exists.
void CollectRefs(const google::protobuf::Value& v, std::set<std::string>* refs) {
  if (v.has_struct_value()) {
    for (const auto& [k, child] : v.struct_value().fields()) {
      if (k == "$ref") refs->insert(child.string_value());
      CollectRefs(child, refs);
    }
  } else if (v.has_list_value()) {
    for (const auto& child : v.list_value().values()) CollectRefs(child, refs);
  }
}

TEST(OpenApiIfMatchTest, CustomMethodsWhoseRequestHasAnEtagTakeIfMatchCreatesDoNot) {
  // The advocacy service's `:close` carries an etag (the transcoder puts If-Match into it); its
  // create's body has one too, which a create ignores.
  const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      "civitas.advocacy.v1.AdvocacyService");
  ASSERT_NE(service, nullptr);
  auto table = RouteTable::Build({service});
  ASSERT_TRUE(table.ok()) << table.status();
  auto json = BuildOpenApiJson(*table, OpenApiInfo{});
  ASSERT_TRUE(json.ok());
  google::protobuf::Value doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &doc).ok());
  const auto& paths = doc.struct_value().fields().at("paths").struct_value().fields();
  auto takes_if_match = [&](const std::string& path, const std::string& method) {
    const auto& op = paths.at(path).struct_value().fields().at(method).struct_value().fields();
    bool declared = false;
    if (op.contains("parameters")) {
      for (const auto& p : op.at("parameters").list_value().values()) {
        declared |= p.struct_value().fields().at("name").string_value() == "If-Match";
      }
    }
    const bool gives_412 = op.at("responses").struct_value().fields().contains("412");
    EXPECT_EQ(declared, gives_412) << path << " " << method;
    return declared;
  };
  EXPECT_TRUE(takes_if_match("/v1/campaigns/{campaignId}:close", "post"));
  EXPECT_TRUE(takes_if_match("/v1/campaigns/{campaignId}", "patch"));
  EXPECT_TRUE(takes_if_match("/v1/campaigns/{campaignId}", "delete"));
  EXPECT_FALSE(takes_if_match("/v1/campaigns", "post"));
  EXPECT_FALSE(takes_if_match("/v1/campaigns/{campaignId}", "get"));
}

TEST_F(TranscoderTest, OpenApiDocumentIsSelfConsistent) {
  auto json = BuildOpenApiJson(table_, OpenApiInfo{});
  ASSERT_TRUE(json.ok());
  google::protobuf::Value doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &doc).ok());
  const auto& root = doc.struct_value().fields();
  EXPECT_EQ(root.at("openapi").string_value(), "3.1.0");
  const auto& schemas = root.at("components").struct_value().fields().at("schemas").struct_value();
  std::set<std::string> refs;
  CollectRefs(doc, &refs);
  ASSERT_FALSE(refs.empty());
  const auto& responses =
      root.at("components").struct_value().fields().at("responses").struct_value();
  for (const auto& ref : refs) {
    if (absl::StartsWith(ref, "#/components/responses/")) {
      EXPECT_TRUE(responses.fields().contains(ref.substr(23))) << ref;
      continue;
    }
    ASSERT_TRUE(absl::StartsWith(ref, "#/components/schemas/")) << ref;
    EXPECT_TRUE(schemas.fields().contains(ref.substr(21))) << ref;
  }
  ASSERT_FALSE(root.at("servers").list_value().values().empty());
  std::set<std::string> operation_ids;
  int operations = 0;
  for (const auto& [path, item] : root.at("paths").struct_value().fields()) {
    for (const auto& [method, op] : item.struct_value().fields()) {
      ++operations;
      const auto& f = op.struct_value().fields();
      EXPECT_TRUE(operation_ids.insert(f.at("operationId").string_value()).second);
      EXPECT_TRUE(f.contains("responses"));
      // Every operation states its security: a bearer token or an API key, and the empty
      // requirement only where anonymous callers are served.
      const auto& security = f.at("security").list_value().values();
      const bool anonymous_read = method == "get";
      ASSERT_EQ(security.size(), anonymous_read ? 3u : 2u) << path << " " << method;
      EXPECT_TRUE(security[0].struct_value().fields().contains("bearerAuth"));
      EXPECT_TRUE(security[1].struct_value().fields().contains("apiKeyAuth"));
      if (anonymous_read) {
        EXPECT_TRUE(security[2].struct_value().fields().empty());
      }
      const auto& codes = f.at("responses").struct_value().fields();
      // 403 and 404 everywhere: anonymous reads still refuse some questions, and a method
      // without a name in its path still names records in its query or body.
      for (const char* always :
           {"200", "400", "401", "403", "404", "429", "502", "503", "default"}) {
        EXPECT_TRUE(codes.contains(always)) << path << " " << method << " " << always;
      }
      EXPECT_EQ(codes.contains("409"), method != "get") << path << " " << method;
      // If-Match (and its 412) where the transcoder uses it: updates, deletes and custom
      // methods whose request carries an etag (`:publish`), never reads or creates.
      const bool custom_method = path.find(':') != std::string::npos;
      if (method == "patch" || method == "delete") {
        EXPECT_TRUE(codes.contains("412")) << path << " " << method;
      } else if (method == "get" || !custom_method) {
        EXPECT_FALSE(codes.contains("412")) << path << " " << method;
      }
      bool declares_if_match = false;
      if (f.contains("parameters")) {
        for (const auto& p : f.at("parameters").list_value().values()) {
          declares_if_match |= p.struct_value().fields().at("name").string_value() == "If-Match";
        }
      }
      EXPECT_EQ(declares_if_match, codes.contains("412")) << path << " " << method;

      EXPECT_EQ(codes.contains("413"), f.contains("requestBody")) << path << " " << method;
      // Every {param} in the path is declared as a path parameter.
      size_t pos = 0;
      while ((pos = path.find('{', pos)) != std::string::npos) {
        std::string name = path.substr(pos + 1, path.find('}', pos) - pos - 1);
        bool declared = false;
        for (const auto& p : f.at("parameters").list_value().values()) {
          const auto& pf = p.struct_value().fields();
          declared |= pf.at("in").string_value() == "path" && pf.at("name").string_value() == name;
        }
        EXPECT_TRUE(declared) << path << " " << name;
        ++pos;
      }
    }
  }
  EXPECT_EQ(operations, 43);
}

// An HttpBody response is described in the media type its method declares
// (civitas.common.v1.response_media_type), so validating proxies check it as such.
TEST_F(TranscoderTest, OpenApiDescribesHttpBodyResponsesInTheirDeclaredMediaType) {
  auto json = BuildOpenApiJson(table_, OpenApiInfo{});
  ASSERT_TRUE(json.ok());
  google::protobuf::Value doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &doc).ok());
  const auto& ok = doc.struct_value()
                       .fields()
                       .at("paths")
                       .struct_value()
                       .fields()
                       .at("/v1/organizations:exportCsv")
                       .struct_value()
                       .fields()
                       .at("get")
                       .struct_value()
                       .fields()
                       .at("responses")
                       .struct_value()
                       .fields()
                       .at("200")
                       .struct_value()
                       .fields();
  const auto& content = ok.at("content").struct_value().fields();
  ASSERT_TRUE(content.contains("text/csv")) << json->substr(0, 200);
  EXPECT_FALSE(content.contains("*/*"));
  EXPECT_EQ(content.at("text/csv")
                .struct_value()
                .fields()
                .at("schema")
                .struct_value()
                .fields()
                .at("type")
                .string_value(),
            "string");
}

// required and readOnly follow google.api.field_behavior; PATCH bodies require nothing and treat
// immutable fields as read-only; `body: "*"` bodies leave out what the path binds.
TEST_F(TranscoderTest, OpenApiSchemasFollowFieldBehavior) {
  auto json = BuildOpenApiJson(table_, OpenApiInfo{"Civitas API", "v1", {"https://api.test"}});
  ASSERT_TRUE(json.ok());
  google::protobuf::Value doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &doc).ok());
  const auto& root = doc.struct_value().fields();
  EXPECT_EQ(
      root.at("servers").list_value().values(0).struct_value().fields().at("url").string_value(),
      "https://api.test");
  const auto& schemas =
      root.at("components").struct_value().fields().at("schemas").struct_value().fields();
  auto required_of = [&](const std::string& name) {
    std::vector<std::string> out;
    const auto& f = schemas.at(name).struct_value().fields();
    if (!f.contains("required")) return out;
    for (const auto& v : f.at("required").list_value().values()) out.push_back(v.string_value());
    return out;
  };
  auto property = [&](const std::string& name, const std::string& field) {
    return schemas.at(name)
        .struct_value()
        .fields()
        .at("properties")
        .struct_value()
        .fields()
        .at(field)
        .struct_value()
        .fields();
  };
  EXPECT_THAT(required_of("civitas.registry.v1.Territory"),
              ElementsAre("code", "level", "displayName"));
  EXPECT_TRUE(property("civitas.registry.v1.Territory", "name").at("readOnly").bool_value());
  EXPECT_TRUE(property("civitas.registry.v1.Territory", "ancestors").at("readOnly").bool_value());
  EXPECT_TRUE(property("civitas.registry.v1.Territory", "createTime").at("readOnly").bool_value());
  EXPECT_FALSE(property("civitas.registry.v1.Territory", "etag").contains("readOnly"));
  EXPECT_FALSE(property("civitas.registry.v1.Territory", "parent").contains("readOnly"));
  EXPECT_TRUE(property("civitas.registry.v1.SocialService", "accreditationStatus")
                  .at("readOnly")
                  .bool_value());
  EXPECT_THAT(required_of("civitas.registry.v1.ExternalId"), ElementsAre("scheme", "value"));

  EXPECT_TRUE(required_of("civitas.registry.v1.Territory-update").empty());
  EXPECT_TRUE(
      property("civitas.registry.v1.Territory-update", "parent").at("readOnly").bool_value());
  const auto& patch = root.at("paths")
                          .struct_value()
                          .fields()
                          .at("/v1/territories/{territoryId}")
                          .struct_value()
                          .fields()
                          .at("patch")
                          .struct_value()
                          .fields();
  EXPECT_EQ(patch.at("requestBody")
                .struct_value()
                .fields()
                .at("content")
                .struct_value()
                .fields()
                .at("application/json")
                .struct_value()
                .fields()
                .at("schema")
                .struct_value()
                .fields()
                .at("$ref")
                .string_value(),
            "#/components/schemas/civitas.registry.v1.Territory-update");

  // NDJSON bodies are text (a validating proxy cannot read them as one JSON value); each line's
  // schema is named beside.
  const auto& ndjson = root.at("paths")
                           .struct_value()
                           .fields()
                           .at("/v1/organizations:export")
                           .struct_value()
                           .fields()
                           .at("get")
                           .struct_value()
                           .fields()
                           .at("responses")
                           .struct_value()
                           .fields()
                           .at("200")
                           .struct_value()
                           .fields()
                           .at("content")
                           .struct_value()
                           .fields()
                           .at("application/x-ndjson")
                           .struct_value()
                           .fields();
  EXPECT_EQ(ndjson.at("schema").struct_value().fields().at("type").string_value(), "string");
  EXPECT_EQ(ndjson.at("x-item-schema").struct_value().fields().at("$ref").string_value(),
            "#/components/schemas/civitas.registry.v1.Organization");

  const std::string accreditation = "civitas.registry.v1.SetSocialServiceAccreditationRequest-body";
  EXPECT_THAT(required_of(accreditation), ElementsAre("accreditationStatus"));
  EXPECT_FALSE(schemas.at(accreditation)
                   .struct_value()
                   .fields()
                   .at("properties")
                   .struct_value()
                   .fields()
                   .contains("name"));
}

}  // namespace
}  // namespace civitas::gateway
