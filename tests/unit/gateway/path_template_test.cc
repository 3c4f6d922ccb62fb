#include "services/gateway/path_template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/gateway/openapi.h"

namespace civitas::gateway {
namespace {

using Bindings = std::vector<std::pair<std::string, std::string>>;
using ::testing::ElementsAre;
using ::testing::Pair;

PathTemplate Parse(const std::string& t) {
  auto p = PathTemplate::Parse(t);
  EXPECT_TRUE(p.ok()) << p.status();
  return *p;
}

TEST(PathTemplateTest, BindsResourceNameVariables) {
  Bindings b;
  PathTemplate t = Parse("/v1/{name=organizations/*}");
  ASSERT_TRUE(t.Match("/v1/organizations/keystone-md", &b));
  EXPECT_THAT(b, ElementsAre(Pair("name", "organizations/keystone-md")));
  EXPECT_FALSE(t.Match("/v1/organizations", &b));
  EXPECT_FALSE(t.Match("/v1/territories/am", &b));
  EXPECT_FALSE(t.Match("/v1/organizations/a/b", &b));
}

TEST(PathTemplateTest, NestedFieldPathsAndVerbs) {
  Bindings b;
  PathTemplate update = Parse("/v1/{organization.name=organizations/*}");
  ASSERT_TRUE(update.Match("/v1/organizations/x", &b));
  EXPECT_THAT(b, ElementsAre(Pair("organization.name", "organizations/x")));
  PathTemplate verb = Parse("/v1/{name=socialServices/*}:setAccreditation");
  ASSERT_TRUE(verb.Match("/v1/socialServices/dc:setAccreditation", &b));
  EXPECT_THAT(b, ElementsAre(Pair("name", "socialServices/dc")));
  EXPECT_FALSE(verb.Match("/v1/socialServices/dc", &b));
  // A verb-less template does not swallow a verb.
  EXPECT_FALSE(Parse("/v1/{name=socialServices/*}").Match("/v1/socialServices/dc:x", &b));
}

TEST(PathTemplateTest, MultiSegmentPatternsAndPercentDecoding) {
  Bindings b;
  PathTemplate t = Parse("/v1/{name=calls/*/applications/*}:submit");
  ASSERT_TRUE(t.Match("/v1/calls/c%201/applications/a:submit", &b));
  EXPECT_THAT(b, ElementsAre(Pair("name", "calls/c 1/applications/a")));
  PathTemplate rest = Parse("/v1/{path=files/**}");
  ASSERT_TRUE(rest.Match("/v1/files/a/b/c", &b));
  EXPECT_THAT(b, ElementsAre(Pair("path", "files/a/b/c")));
  EXPECT_FALSE(Parse("/v1/{name=x/*}").Match("/v1/x/%zz", &b));
}

TEST(PathTemplateTest, RejectsMalformedTemplates) {
  EXPECT_FALSE(PathTemplate::Parse("v1/x").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/{name=x/*").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/**/x").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1//x").ok());
  // Found by router_fuzzer: a brace inside a literal was taken as part of the literal.
  EXPECT_FALSE(PathTemplate::Parse("/v\xc6{name=socialServices").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/x{name=y}").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/{na-me}").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/{name=a{b}}").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/a*b").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/x:a/b").ok());
  EXPECT_FALSE(PathTemplate::Parse("/v1/{.name}").ok());
  EXPECT_TRUE(PathTemplate::Parse("/v1/{parent=calls/*}/applications:batchGet").ok());
}

TEST(OpenApiPathTest, ExpandsResourceNamesIntoIdParameters) {
  std::vector<std::string> params;
  EXPECT_EQ(OpenApiPath(Parse("/v1/{name=organizations/*}"), &params),
            "/v1/organizations/{organizationId}");
  EXPECT_THAT(params, ElementsAre("organizationId"));
  EXPECT_EQ(OpenApiPath(Parse("/v1/{name=calls/*/applications/*}:submit"), &params),
            "/v1/calls/{callId}/applications/{applicationId}:submit");
  EXPECT_EQ(OpenApiPath(Parse("/v1/{territory.name=territories/*}"), &params),
            "/v1/territories/{territoryId}");
}

}  // namespace
}  // namespace civitas::gateway
