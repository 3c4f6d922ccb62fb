// Transport-neutral HTTP request and response, so request handling is tested without sockets.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace civitas::gateway {

struct HttpRequest {
  std::string method;
  // Path and query, e.g. `/v1/organizations?pageSize=10`.
  std::string target;
  // Header names in lower case.
  std::map<std::string, std::string> headers;
  std::string body;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

}  // namespace civitas::gateway
