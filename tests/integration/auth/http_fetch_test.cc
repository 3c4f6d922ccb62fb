// HttpFetch against a real HTTP server on loopback: the body of a 200, a refusal naming the
// status otherwise (a redirect is not followed), the size bound, and a server that is gone.
#include "libs/auth/http_fetch.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/testing/document_server.h"

namespace civitas::testing {
namespace {

using ::testing::HasSubstr;

TEST(HttpFetchTest, AnswersTheBodyOfA200AndNamesAnyOtherStatus) {
  DocumentServer server;
  server.Set("/certs", R"({"keys":[]})");
  auto url = ParseHttpUrl(server.Url("/certs"));
  ASSERT_TRUE(url.ok()) << url.status();
  auto body = HttpFetch(*url, {});
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, R"({"keys":[]})");

  auto missing = HttpFetch(*ParseHttpUrl(server.Url("/elsewhere")), {});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(missing.status().message(), HasSubstr("answered 404"));
  // A redirect is a status like any other: not followed.
  server.AnswerStatus(302);
  auto moved = HttpFetch(*url, {});
  EXPECT_THAT(moved.status().message(), HasSubstr("answered 302"));
  server.AnswerStatus(0);
  EXPECT_TRUE(HttpFetch(*url, {}).ok());
}

TEST(HttpFetchTest, ABodyOverTheBoundIsRefused) {
  DocumentServer server;
  server.Set("/big", std::string(4096, 'x'));
  HttpFetchOptions options;
  options.max_body_bytes = 1024;
  auto big = HttpFetch(*ParseHttpUrl(server.Url("/big")), options);
  EXPECT_EQ(big.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(HttpFetchTest, AServerThatIsGoneIsUnavailable) {
  int port = 0;
  {
    DocumentServer server;
    port = server.port();
  }
  auto gone = HttpFetch(*ParseHttpUrl("http://127.0.0.1:" + std::to_string(port) + "/certs"),
                        {.timeout = absl::Seconds(2)});
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kUnavailable) << gone.status();
}

TEST(HttpUrlTest, ParsesHostsPortsAndRefusesWhatIsNotAnHttpUrl) {
  auto v6 = ParseHttpUrl("https://[::1]:8443/realms/x/certs?a=1#frag");
  ASSERT_TRUE(v6.ok()) << v6.status();
  EXPECT_TRUE(v6->tls);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "8443");
  EXPECT_EQ(v6->target, "/realms/x/certs?a=1");
  EXPECT_EQ(ParseHttpUrl("http://sso.example.org")->target, "/");
  EXPECT_EQ(ParseHttpUrl("https://sso.example.org/x")->port, "443");
  EXPECT_FALSE(ParseHttpUrl("ftp://sso.example.org/x").ok());
  EXPECT_FALSE(ParseHttpUrl("https://user:pw@sso.example.org/x").ok());
  EXPECT_FALSE(ParseHttpUrl("https:///x").ok());
  EXPECT_TRUE(IsLoopbackHost("127.0.0.2"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_FALSE(IsLoopbackHost("10.0.0.1"));
}

}  // namespace
}  // namespace civitas::testing
