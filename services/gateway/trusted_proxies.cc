#include "services/gateway/trusted_proxies.h"

#include <boost/asio/ip/address.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace civitas::gateway {
namespace {

namespace ip = boost::asio::ip;

bool ParseAddress(absl::string_view text, ip::address* out) {
  boost::system::error_code ec;
  *out = ip::make_address(std::string(text), ec);
  if (ec) return false;
  // An IPv4 client seen through a dual-stack socket is ::ffff:a.b.c.d.
  if (out->is_v6() && out->to_v6().is_v4_mapped()) {
    *out = ip::make_address_v4(ip::v4_mapped, out->to_v6());
  }
  return true;
}

}  // namespace

absl::StatusOr<TrustedProxies> TrustedProxies::Parse(absl::string_view list) {
  TrustedProxies proxies;
  for (absl::string_view item : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    item = absl::StripAsciiWhitespace(item);
    std::string cidr(item);
    if (cidr.find('/') == std::string::npos) {
      cidr += cidr.find(':') == std::string::npos ? "/32" : "/128";
    }
    boost::system::error_code ec;
    if (cidr.find(':') == std::string::npos) {
      auto network = ip::make_network_v4(cidr, ec);
      if (!ec) proxies.v4_.push_back(network.canonical());
    } else {
      auto network = ip::make_network_v6(cidr, ec);
      if (!ec) proxies.v6_.push_back(network.canonical());
    }
    if (ec) {
      return absl::InvalidArgumentError(
          absl::StrCat("trusted_proxies: '", item, "' is not an address or CIDR block"));
    }
  }
  return proxies;
}

bool TrustedProxies::Contains(absl::string_view address) const {
  ip::address a;
  if (!ParseAddress(address, &a)) return false;
  if (a.is_v4()) {
    const ip::network_v4 host(a.to_v4(), 32);
    for (const auto& n : v4_) {
      if (host == n || host.is_subnet_of(n)) return true;
    }
    return false;
  }
  const ip::network_v6 host(a.to_v6(), 128);
  for (const auto& n : v6_) {
    if (host == n || host.is_subnet_of(n)) return true;
  }
  return false;
}

std::string TrustedProxies::ClientAddress(const std::string& peer,
                                          absl::string_view x_forwarded_for) const {
  if (x_forwarded_for.empty() || !Contains(peer)) return peer;
  std::vector<absl::string_view> hops = absl::StrSplit(x_forwarded_for, ',');
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    absl::string_view hop = absl::StripAsciiWhitespace(*it);
    ip::address a;
    if (!ParseAddress(hop, &a)) return peer;
    if (!Contains(hop)) return a.to_string();
  }
  return peer;
}

}  // namespace civitas::gateway
