// Redis Sentinel: which server is the primary of a named group right now. The client asks on its
// probe's thread, so a failover is followed within a probe interval; see RedisClient.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace civitas {

struct RedisEndpoint {
  std::string host;
  int port = 0;

  bool empty() const { return host.empty(); }
  std::string ToString() const;
  friend bool operator==(const RedisEndpoint&, const RedisEndpoint&) = default;
};

// Asks the sentinels in turn, starting with `*first` (the one that answered last time), for the
// address of `master`'s primary (SENTINEL get-master-addr-by-name) and sets `*first` to the one
// that answered. `timeout` bounds connecting to and hearing from each sentinel. UNAVAILABLE
// naming every sentinel's failure when none answers; NOT_FOUND when they answer that they do not
// know `master`.
absl::StatusOr<RedisEndpoint> AskSentinelsForPrimary(const std::vector<RedisEndpoint>& sentinels,
                                                     const std::string& master,
                                                     absl::Duration timeout, size_t* first);

}  // namespace civitas
