#include "libs/auth/token_verifier.h"

#include <gtest/gtest.h>

#include <atomic>

namespace civitas {
namespace {

// Accepts tokens starting with "good", expiring at a fixed time; counts calls.
class CountingVerifier final : public TokenVerifier {
 public:
  explicit CountingVerifier(absl::Time expires_at) : expires_at_(expires_at) {}
  absl::StatusOr<Principal> Verify(absl::string_view token) const override {
    ++calls;
    if (token.substr(0, 4) != "good") return absl::UnauthenticatedError("bad");
    Principal p;
    p.subject = std::string(token);
    p.expires_at = expires_at_;
    return p;
  }
  mutable std::atomic<int> calls{0};

 private:
  absl::Time expires_at_;
};

TEST(CachedTokenVerifierTest, VerifiesEachTokenOnceUntilItExpires) {
  FakeClock clock(absl::FromUnixSeconds(1000));
  CountingVerifier inner(absl::FromUnixSeconds(1060));
  CachedTokenVerifier cache(&inner, &clock);
  ASSERT_TRUE(cache.Verify("good-a").ok());
  ASSERT_TRUE(cache.Verify("good-a").ok());
  EXPECT_EQ(cache.Verify("good-a")->subject, "good-a");
  EXPECT_EQ(inner.calls.load(), 1);
  ASSERT_TRUE(cache.Verify("good-b").ok());
  EXPECT_EQ(inner.calls.load(), 2);
  clock.Advance(absl::Seconds(61));
  // Expired entries go back to the inner verifier (which decides; here it still accepts).
  ASSERT_TRUE(cache.Verify("good-a").ok());
  EXPECT_EQ(inner.calls.load(), 3);
}

TEST(CachedTokenVerifierTest, RefusalsAreNotCached) {
  FakeClock clock(absl::FromUnixSeconds(1000));
  CountingVerifier inner(absl::FromUnixSeconds(1060));
  CachedTokenVerifier cache(&inner, &clock);
  EXPECT_FALSE(cache.Verify("forged").ok());
  EXPECT_FALSE(cache.Verify("forged").ok());
  EXPECT_EQ(inner.calls.load(), 2);
}

TEST(CachedTokenVerifierTest, StaysBoundedByCapacity) {
  FakeClock clock(absl::FromUnixSeconds(1000));
  CountingVerifier inner(absl::FromUnixSeconds(1060));
  CachedTokenVerifier cache(&inner, &clock, /*capacity=*/2);
  ASSERT_TRUE(cache.Verify("good-1").ok());
  ASSERT_TRUE(cache.Verify("good-2").ok());
  ASSERT_TRUE(cache.Verify("good-3").ok());  // full: starts over
  ASSERT_TRUE(cache.Verify("good-1").ok());
  EXPECT_EQ(inner.calls.load(), 4);
}

}  // namespace
}  // namespace civitas
