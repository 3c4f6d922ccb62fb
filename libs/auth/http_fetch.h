// HttpFetch: GETs one small document (an identity provider's key set) over HTTP or HTTPS, within
// a time and size bound. Redirects are not followed: a key-set URL that moves is a setting to
// change, not something to follow silently.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace civitas {

struct HttpUrl {
  bool tls = false;
  std::string host;
  std::string port;
  // Path and query, "/" at least.
  std::string target;
};

// INVALID_ARGUMENT unless `url` is http:// or https:// with a host.
absl::StatusOr<HttpUrl> ParseHttpUrl(absl::string_view url);
// Whether `host` is this machine (localhost, 127.0.0.0/8, ::1).
bool IsLoopbackHost(absl::string_view host);

struct HttpFetchOptions {
  // For the whole exchange: resolve, connect, handshake, request, response.
  absl::Duration timeout = absl::Seconds(5);
  size_t max_body_bytes = 1 << 20;
  // PEM certificates the server's chain must lead to; "" trusts the system's store.
  std::string ca_file;
};

// The body of a 200 answer; UNAVAILABLE when the server cannot be reached or answers otherwise
// (naming the status), DEADLINE_EXCEEDED after the timeout, RESOURCE_EXHAUSTED over the size.
// HTTPS checks the certificate against the host name.
absl::StatusOr<std::string> HttpFetch(const HttpUrl& url, const HttpFetchOptions& options);

}  // namespace civitas
