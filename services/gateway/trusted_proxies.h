// TrustedProxies: which peers may say who the client is. Behind a load balancer or an ingress
// every connection comes from the proxy, so per-address limits (anonymous callers' rate limit)
// would put every anonymous caller in one bucket; the proxy names the client in
// X-Forwarded-For. Only proxies listed here are believed, so a client cannot pick its own bucket
// by sending the header itself.
#pragma once

#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace civitas::gateway {

// Immutable after Parse; thread-safe.
class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Comma-separated addresses or CIDR blocks (`10.0.0.0/8, 127.0.0.1, fd00::/8`); empty: none.
  static absl::StatusOr<TrustedProxies> Parse(absl::string_view list);

  bool Contains(absl::string_view address) const;

  // The client's address: `peer` itself, or, when `peer` is a trusted proxy, the right-most
  // X-Forwarded-For entry that is not a trusted proxy (entries left of it were written by the
  // client and prove nothing). Falls back to `peer` when the header holds no usable address.
  std::string ClientAddress(const std::string& peer, absl::string_view x_forwarded_for) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace civitas::gateway
