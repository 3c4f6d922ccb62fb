#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <set>

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
  EXPECT_EQ(table_.routes().size(), 30u);
  std::vector<std::string> allowed;
  EXPECT_FALSE(table_.Match("PUT", "/v1/organizations/x", &allowed).has_value());
  EXPECT_THAT(allowed, ElementsAre("GET", "HEAD", "PATCH", "DELETE"));
  EXPECT_FALSE(table_.Match("GET", "/v1/nothing", &allowed).has_value());
  EXPECT_TRUE(allowed.empty());
  EXPECT_EQ(Match("POST", "/v1/socialServices/a:setAccreditation").route->method->name(),
            "SetSocialServiceAccreditation");
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
  EXPECT_EQ(s.fields().at("requestId").string_value(), "rid-1");
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

TEST_F(TranscoderTest, OpenApiDocumentIsSelfConsistent) {
  auto json = BuildOpenApiJson(table_, "Civitas API", "v1");
  ASSERT_TRUE(json.ok());
  google::protobuf::Value doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &doc).ok());
  const auto& root = doc.struct_value().fields();
  EXPECT_EQ(root.at("openapi").string_value(), "3.1.0");
  const auto& schemas = root.at("components").struct_value().fields().at("schemas").struct_value();
  std::set<std::string> refs;
  CollectRefs(doc, &refs);
  ASSERT_FALSE(refs.empty());
  for (const auto& ref : refs) {
    std::string name = ref.substr(std::string("#/components/schemas/").size());
    EXPECT_TRUE(schemas.fields().contains(name)) << ref;
  }
  std::set<std::string> operation_ids;
  int operations = 0;
  for (const auto& [path, item] : root.at("paths").struct_value().fields()) {
    for (const auto& [method, op] : item.struct_value().fields()) {
      ++operations;
      const auto& f = op.struct_value().fields();
      EXPECT_TRUE(operation_ids.insert(f.at("operationId").string_value()).second);
      EXPECT_TRUE(f.contains("responses"));
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
  EXPECT_EQ(operations, 30);
}

}  // namespace
}  // namespace civitas::gateway
