// StreamedResponse: a server-streaming backend call answered over HTTP as it arrives: NDJSON (one
// JSON message per line, as grpc-gateway does) or the concatenated payloads of google.api.HttpBody
// messages. The HTTP status is decided by the first event: a message means 200 and the stream
// starts; an error before any message is an ordinary problem response. An error mid-stream ends
// NDJSON with a final `{"error": <problem>}` line and breaks an HttpBody stream (the client sees an
// incomplete transfer). Memory per call is bounded both ways: while the client reads slower than
// the backend sends, the backend call is paused (HTTP/2 flow control holds the service back); a
// client that goes away cancels the backend call. Lives on one event loop.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "services/gateway/backend_pool.h"
#include "services/gateway/http_types.h"
#include "services/gateway/response_renderer.h"
#include "services/gateway/route_table.h"

namespace civitas::gateway {

class StreamedResponse : public BodyStream, public std::enable_shared_from_this<StreamedResponse> {
 public:
  // `on_head` receives the response once its status is known (exactly once); `problem_of` turns a
  // failed call into the problem response (whose body is also the mid-stream error line).
  StreamedResponse(const Route* route, const ResponseRenderer* renderer,
                   std::function<HttpResponse(const http2::CallResult&)> problem_of,
                   std::function<void(HttpResponse)> on_head);

  // Makes `call` deliver to this response (on_message, flow control).
  void Attach(BackendCall* call);
  // The backend call ended.
  void OnBackendDone(http2::CallResult result);

  // BodyStream.
  void Start(BodySink* sink) override;
  void OnWritable() override;
  void Cancel() override;

  // Bytes held here before the client is ready for them; the backend is paused above this.
  static constexpr size_t kMaxBuffered = 256 << 10;

 private:
  void OnMessage(std::string bytes);
  void Emit(std::string chunk);
  void Finish();
  // NDJSON (typed messages, or an HttpBody declaring its lines) ends a failed stream with an
  // error line; other bodies (CSV, a JSON document) have no place for one and are cut short.
  bool EndsWithErrorLine() const {
    return !route_->http_body_response || route_->response_lines != nullptr;
  }

  const Route* const route_;
  const ResponseRenderer* const renderer_;
  const std::function<HttpResponse(const http2::CallResult&)> problem_of_;
  std::function<void(HttpResponse)> on_head_;
  std::shared_ptr<http2::StreamControl> control_ = std::make_shared<http2::StreamControl>();
  bool head_sent_ = false;
  // Whether what was emitted so far ends a line: an error line starts on a line of its own.
  bool at_line_start_ = true;
  BodySink* sink_ = nullptr;
  // Rendered chunks waiting for Start.
  std::string buffered_;
  bool ended_ = false;
  bool failed_ = false;
  bool cancelled_ = false;
  bool finished_ = false;
  std::string error_line_;
};

}  // namespace civitas::gateway
