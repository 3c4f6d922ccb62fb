// A blocking HTTP/1.1 client for tests (one connection per request).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace civitas::testing {

struct HttpResult {
  int status = 0;
  // Header names in lower case.
  std::map<std::string, std::string> headers;
  std::string body;
};

absl::StatusOr<HttpResult> HttpCall(
    const std::string& host, int port, const std::string& method, const std::string& target,
    const std::vector<std::pair<std::string, std::string>>& headers = {},
    const std::string& body = "");

}  // namespace civitas::testing
