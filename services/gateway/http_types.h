// Transport-neutral HTTP request and response, so request handling is tested without sockets. A
// response body is either whole (`body`) or streamed (`stream`: NDJSON lines, exported files).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace civitas::gateway {

// Request headers by lower-case name; found by string_view, without building a key.
using HttpHeaders = std::map<std::string, std::string, std::less<>>;

struct HttpRequest {
  std::string method;
  // Path and query, e.g. `/v1/organizations?pageSize=10`.
  std::string target;
  // Header names in lower case.
  HttpHeaders headers;
  std::string body;
  // The peer's IP address (the key of anonymous callers' rate limits).
  std::string client_address;

  // The header's value, or an empty string when it was not sent. A request reads a dozen
  // headers: neither the name nor the value is copied.
  const std::string& Header(absl::string_view lower_name) const {
    static const std::string* const kAbsent = new std::string();
    auto it = headers.find(lower_name);
    return it == headers.end() ? *kAbsent : it->second;
  }
  bool HasHeader(absl::string_view lower_name) const {
    return headers.find(lower_name) != headers.end();
  }
};

// BodySink: where a streamed body goes (the HTTP connection). Single-threaded: the connection's
// event loop.
class BodySink {
 public:
  virtual ~BodySink() = default;
  // Queues `chunk` for the client. Returns false when the bytes queued and not yet sent exceed
  // the connection's bound: the producer should stop until BodyStream::OnWritable.
  virtual bool Write(absl::string_view chunk) = 0;
  // Ends the body. Nothing may be written after.
  virtual void End() = 0;
  // Ends the body as broken: the client sees an incomplete transfer (for bodies, such as CSV,
  // that have no way to carry an error). Nothing may be written after.
  virtual void Abort() = 0;
};

// BodyStream: a body produced over time. The connection calls Start once the response head is
// out (earlier pipelined responses went first), then OnWritable whenever a Write that returned
// false has drained, and Cancel when the client went away (no more calls after that). All calls
// on the connection's event loop.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  virtual void Start(BodySink* sink) = 0;
  virtual void OnWritable() = 0;
  virtual void Cancel() = 0;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Set for streamed bodies (sent chunked; `body` is unused).
  std::shared_ptr<BodyStream> stream;

  void SetHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

}  // namespace civitas::gateway
