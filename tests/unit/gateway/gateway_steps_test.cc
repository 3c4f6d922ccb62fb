// The gateway's small steps, each on its own: rate limiting, trusted proxies, conditional
// requests, CORS.
#include <gtest/gtest.h>

#include "services/gateway/conditional_requests.h"
#include "services/gateway/cors_policy.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/rate_limiter.h"
#include "services/gateway/trusted_proxies.h"

namespace civitas::gateway {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1700000000);

TEST(RateLimiterTest, OffByDefaultAllowsEverything) {
  RateLimiter limiter({});
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.Take("a", kStart).allowed);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiterTest, BurstThenRateWithRetryAfter) {
  RateLimiter limiter({/*rate=*/2, /*burst=*/3});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("a", kStart).allowed) << i;
  RateLimiter::Decision refused = limiter.Take("a", kStart);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, absl::Milliseconds(500));
  // Another caller has its own bucket.
  EXPECT_TRUE(limiter.Take("b", kStart).allowed);
  // Half a second later one token is back, and only one.
  EXPECT_TRUE(limiter.Take("a", kStart + absl::Milliseconds(500)).allowed);
  EXPECT_FALSE(limiter.Take("a", kStart + absl::Milliseconds(500)).allowed);
  // Idle for long: the bucket is full again, never fuller.
  const absl::Time later = kStart + absl::Hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("a", later).allowed);
  EXPECT_FALSE(limiter.Take("a", later).allowed);
}

TEST(RateLimiterTest, RefilledBucketsAreDropped) {
  RateLimiter limiter({/*rate=*/100, /*burst=*/1});
  for (int i = 0; i < 20000; ++i) limiter.Take("caller-" + std::to_string(i), kStart);
  EXPECT_GT(limiter.size(), 0u);
  // After every bucket refilled, sweeps (every few thousand takes per shard) drop them.
  for (int i = 0; i < 100000; ++i) limiter.Take("x", kStart + absl::Seconds(10));
  EXPECT_LT(limiter.size(), 100u);
}

TEST(TrustedProxiesTest, OnlyTrustedPeersNameTheClient) {
  auto proxies = TrustedProxies::Parse("10.0.0.0/8, 127.0.0.1 ,fd00::/8");
  ASSERT_TRUE(proxies.ok()) << proxies.status();
  // A client that is not a proxy cannot choose its bucket by sending the header itself.
  EXPECT_EQ(proxies->ClientAddress("203.0.113.7", "198.51.100.1"), "203.0.113.7");
  // Through one proxy: the address it appended.
  EXPECT_EQ(proxies->ClientAddress("10.1.2.3", "198.51.100.1"), "198.51.100.1");
  // Entries left of the first untrusted hop were written by the client: ignored.
  EXPECT_EQ(proxies->ClientAddress("10.1.2.3", "1.1.1.1, 198.51.100.1, 10.9.9.9"), "198.51.100.1");
  EXPECT_EQ(proxies->ClientAddress("fd12::1", "2001:db8::5"), "2001:db8::5");
  EXPECT_EQ(proxies->ClientAddress("::ffff:127.0.0.1", "198.51.100.2"), "198.51.100.2");
  // Nothing usable: the peer.
  EXPECT_EQ(proxies->ClientAddress("10.1.2.3", "not-an-address"), "10.1.2.3");
  EXPECT_EQ(proxies->ClientAddress("10.1.2.3", ""), "10.1.2.3");
  EXPECT_EQ(proxies->ClientAddress("10.1.2.3", "10.0.0.1"), "10.1.2.3");
  EXPECT_FALSE(proxies->Contains("11.0.0.1"));

  auto none = TrustedProxies::Parse("");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->ClientAddress("127.0.0.1", "198.51.100.1"), "127.0.0.1");
  EXPECT_FALSE(TrustedProxies::Parse("10.0.0.0/33").ok());
  EXPECT_FALSE(TrustedProxies::Parse("proxy.local").ok());
}

TEST(ConditionalRequestsTest, EtagValuesAndIfNoneMatch) {
  EXPECT_EQ(EtagValue("\"3\""), "3");
  EXPECT_EQ(EtagValue(" W/\"3\" "), "3");
  EXPECT_EQ(EtagValue("3"), "3");
  EXPECT_TRUE(IfNoneMatchMatches("\"3\"", "3"));
  EXPECT_TRUE(IfNoneMatchMatches("\"1\", W/\"3\"", "3"));
  EXPECT_TRUE(IfNoneMatchMatches("*", "3"));
  EXPECT_FALSE(IfNoneMatchMatches("\"4\"", "3"));
  EXPECT_FALSE(IfNoneMatchMatches("", "3"));
  EXPECT_FALSE(IfNoneMatchMatches("*", ""));
}

TEST(HttpErrorsTest, FailureStatusesForStaleIfMatchAndBadBackends) {
  EXPECT_EQ(HttpStatusOfFailure(grpc::StatusCode::ABORTED, false, true), 412);
  EXPECT_EQ(HttpStatusOfFailure(grpc::StatusCode::ABORTED, false, false), 409);
  EXPECT_EQ(HttpStatusOfFailure(grpc::StatusCode::INTERNAL, true, false), 502);
  EXPECT_EQ(HttpStatusOfFailure(grpc::StatusCode::NOT_FOUND, false, true), 404);
}

TEST(CorsPolicyTest, PreflightAndResponseHeaders) {
  HttpResponse preflight = CorsPolicy("https://app.example").Preflight();
  EXPECT_EQ(preflight.status, 204);
  HttpResponse r;
  CorsPolicy("https://app.example").Decorate(&r);
  bool vary = false;
  for (const auto& [k, v] : r.headers) vary |= k == "Vary" && v == "Origin";
  EXPECT_TRUE(vary);
  HttpResponse any;
  CorsPolicy("*").Decorate(&any);
  for (const auto& [k, v] : any.headers) EXPECT_NE(k, "Vary");
}

}  // namespace
}  // namespace civitas::gateway
