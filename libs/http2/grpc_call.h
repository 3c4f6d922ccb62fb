// One gRPC call as the HTTP/2 client carries it: unary (one response message) or server-streaming
// (messages delivered as they arrive, with flow control back to the server).
#pragma once

#include <grpcpp/support/status.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace civitas::http2 {

struct Metadatum {
  std::string name;  // lower case
  std::string value;
  // True for values that recur across calls (a caller's token): they are indexed in the HPACK
  // dynamic table and then sent as a reference. Per-call values (correlation ids) should say false.
  bool recurring = false;
};

// How a call ended.
struct CallResult {
  grpc::Status status;
  // A unary call's response message (empty for streaming calls: their messages went to
  // on_message).
  std::string response;
  // True when the backend's answer broke the protocol (oversized or malformed headers, bad
  // message framing, a non-gRPC response): the backend is at fault, not the caller (HTTP 502).
  bool backend_fault = false;
};

// StreamControl: lets the caller of a streaming call hold back delivery and cancel it. While
// paused, received bytes are not acknowledged to the server, so HTTP/2 flow control stops it
// after one stream window: what the client buffers for a paused call is bounded by that window.
// Single-threaded: used on the event loop that runs the call.
class StreamControl {
 public:
  void Pause() { paused_ = true; }
  void Resume() {
    if (!paused_) return;
    paused_ = false;
    if (on_resume_) on_resume_();
  }
  // Ends the call: RST_STREAM(CANCEL) to the server, `done` with CANCELLED. Idempotent.
  void Cancel() {
    if (cancelled_) return;
    cancelled_ = true;
    if (on_cancel_) on_cancel_();
  }
  bool paused() const { return paused_; }
  bool cancelled() const { return cancelled_; }

  // Set by the connection carrying the call; cleared when the call ends.
  void Bind(std::function<void()> on_resume, std::function<void()> on_cancel) {
    on_resume_ = std::move(on_resume);
    on_cancel_ = std::move(on_cancel);
  }
  void Unbind() {
    on_resume_ = nullptr;
    on_cancel_ = nullptr;
  }

 private:
  bool paused_ = false;
  bool cancelled_ = false;
  std::function<void()> on_resume_;
  std::function<void()> on_cancel_;
};

struct GrpcCall {
  // `/package.Service/Method`.
  std::string method;
  // The serialized request message.
  std::string request;
  // Client-streaming calls: the messages sent after `request`, in order (the request stream ends
  // with the last).
  std::vector<std::string> more_requests;
  std::vector<Metadatum> metadata;
  absl::Time deadline = absl::InfiniteFuture();
  // Set for server-streaming calls: runs for each response message, in order, on the
  // connection's thread. Unset for unary calls (the one message arrives in CallResult).
  std::function<void(std::string message)> on_message;
  // Streaming calls only (optional): pause, resume, cancel.
  std::shared_ptr<StreamControl> control;
  // Runs exactly once on the connection's thread, unless the channel is destroyed first.
  std::function<void(CallResult)> done;
  // Which of its caller's backends the call is for (a pool of replicas sends a call handed back
  // unsent to another replica of this one).
  std::string backend;
  // How many times the call was handed back unsent (GOAWAY, REFUSED_STREAM, a failed connect):
  // never seen by a server, so sent again, a bounded number of times.
  int unsent = 0;

  bool streaming() const { return static_cast<bool>(on_message); }
};

}  // namespace civitas::http2
