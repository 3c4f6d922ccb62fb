#include "libs/redis/sentinel.h"

#include <hiredis/hiredis.h>

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace civitas {
namespace {

struct ContextFree {
  void operator()(redisContext* c) const { redisFree(c); }
};
struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};

// One sentinel's answer: the primary, or why not.
absl::StatusOr<RedisEndpoint> AskOne(const RedisEndpoint& sentinel, const std::string& master,
                                     absl::Duration timeout) {
  const timeval tv = absl::ToTimeval(timeout);
  std::unique_ptr<redisContext, ContextFree> ctx(
      redisConnectWithTimeout(sentinel.host.c_str(), sentinel.port, tv));
  if (ctx == nullptr) return absl::UnavailableError("out of memory");
  if (ctx->err != 0) return absl::UnavailableError(ctx->errstr);
  redisSetTimeout(ctx.get(), tv);
  const char* argv[] = {"SENTINEL", "get-master-addr-by-name", master.c_str()};
  const size_t lens[] = {8, 23, master.size()};
  std::unique_ptr<redisReply, ReplyFree> reply(
      static_cast<redisReply*>(redisCommandArgv(ctx.get(), 3, argv, lens)));
  if (reply == nullptr) return absl::UnavailableError(ctx->errstr);
  if (reply->type == REDIS_REPLY_ERROR) {
    return absl::UnavailableError(std::string(reply->str, reply->len));
  }
  if (reply->type == REDIS_REPLY_NIL) {
    return absl::NotFoundError(absl::StrCat("no primary named '", master, "'"));
  }
  RedisEndpoint primary;
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
      reply->element[0]->type != REDIS_REPLY_STRING ||
      reply->element[1]->type != REDIS_REPLY_STRING ||
      !absl::SimpleAtoi(absl::string_view(reply->element[1]->str, reply->element[1]->len),
                        &primary.port) ||
      primary.port <= 0 || primary.port > 65535) {
    return absl::UnavailableError("unexpected reply to SENTINEL get-master-addr-by-name");
  }
  primary.host.assign(reply->element[0]->str, reply->element[0]->len);
  return primary;
}

}  // namespace

std::string RedisEndpoint::ToString() const {
  // An IPv6 literal is bracketed, so that the port stays readable.
  if (host.find(':') != std::string::npos) return absl::StrCat("[", host, "]:", port);
  return absl::StrCat(host, ":", port);
}

absl::StatusOr<RedisEndpoint> AskSentinelsForPrimary(const std::vector<RedisEndpoint>& sentinels,
                                                     const std::string& master,
                                                     absl::Duration timeout, size_t* first) {
  std::vector<std::string> failures;
  bool unknown = false;
  for (size_t i = 0; i < sentinels.size(); ++i) {
    const size_t at = (*first + i) % sentinels.size();
    absl::StatusOr<RedisEndpoint> primary = AskOne(sentinels[at], master, timeout);
    if (primary.ok()) {
      *first = at;
      return primary;
    }
    unknown = unknown || absl::IsNotFound(primary.status());
    failures.push_back(absl::StrCat(sentinels[at].ToString(), ": ", primary.status().message()));
  }
  const std::string why = absl::StrCat("no sentinel named the primary of '", master, "' (",
                                       absl::StrJoin(failures, "; "), ")");
  return unknown ? absl::NotFoundError(why) : absl::UnavailableError(why);
}

}  // namespace civitas
