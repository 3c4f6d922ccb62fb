#include "services/gateway/streamed_response.h"

#include "absl/strings/str_cat.h"

namespace civitas::gateway {

StreamedResponse::StreamedResponse(const Route* route, const ResponseRenderer* renderer,
                                   std::function<HttpResponse(const http2::CallResult&)> problem_of,
                                   std::function<void(HttpResponse)> on_head)
    : route_(route),
      renderer_(renderer),
      problem_of_(std::move(problem_of)),
      on_head_(std::move(on_head)) {}

void StreamedResponse::Attach(BackendCall* call) {
  // The backend call may outlive the HTTP response (a slow cancel): it holds a weak reference.
  std::weak_ptr<StreamedResponse> weak = weak_from_this();
  call->on_message = [weak](std::string bytes) {
    if (auto self = weak.lock()) self->OnMessage(std::move(bytes));
  };
  call->control = control_;
}

void StreamedResponse::OnMessage(std::string bytes) {
  if (failed_ || cancelled_) return;
  auto rendered = renderer_->RenderStreamed(*route_, bytes);
  if (!rendered.ok()) {
    // The backend sent something that is not its declared message: stop it; the call ends as
    // CANCELLED and OnBackendDone reports this failure instead.
    failed_ = true;
    control_->Cancel();
    return;
  }
  if (!head_sent_) {
    head_sent_ = true;
    HttpResponse head;
    head.SetHeader("Content-Type", rendered->content_type);
    head.stream = shared_from_this();
    // Nothing goes to the client until Start: hold the backend after this first message.
    control_->Pause();
    Emit(std::move(rendered->body));
    auto on_head = std::move(on_head_);
    on_head(std::move(head));
    return;
  }
  Emit(std::move(rendered->body));
}

void StreamedResponse::Emit(std::string chunk) {
  if (!chunk.empty()) at_line_start_ = chunk.back() == '\n';
  if (sink_ != nullptr) {
    if (!sink_->Write(chunk)) control_->Pause();
    return;
  }
  buffered_ += chunk;
  if (buffered_.size() > kMaxBuffered) control_->Pause();
}

void StreamedResponse::OnBackendDone(http2::CallResult result) {
  if (cancelled_) return;
  if (failed_) {
    result.status =
        grpc::Status(grpc::StatusCode::INTERNAL, "the backend sent a message that does not parse");
    result.backend_fault = true;
  }
  if (!head_sent_) {
    head_sent_ = true;
    HttpResponse response;
    if (result.status.ok()) {
      // No message at all: an empty body of the stream's type.
      response.SetHeader("Content-Type", !route_->http_body_response ? "application/x-ndjson"
                                         : route_->response_media_type.empty()
                                             ? "application/octet-stream"
                                             : route_->response_media_type);
    } else {
      response = problem_of_(result);
    }
    auto on_head = std::move(on_head_);
    on_head(std::move(response));
    return;
  }
  ended_ = true;
  failed_ = !result.status.ok();
  if (failed_ && EndsWithErrorLine()) {
    error_line_ =
        absl::StrCat(at_line_start_ ? "" : "\n", "{\"error\":", problem_of_(result).body, "}\n");
  }
  if (sink_ != nullptr) Finish();
}

void StreamedResponse::Finish() {
  if (finished_) return;
  finished_ = true;
  if (!failed_) return sink_->End();
  if (!EndsWithErrorLine()) return sink_->Abort();
  sink_->Write(error_line_);
  sink_->End();
}

void StreamedResponse::Start(BodySink* sink) {
  sink_ = sink;
  std::string pending;
  pending.swap(buffered_);
  const bool room = pending.empty() || sink_->Write(pending);
  if (ended_) return Finish();
  if (room) control_->Resume();
}

void StreamedResponse::OnWritable() {
  if (!ended_ && !cancelled_) control_->Resume();
}

void StreamedResponse::Cancel() {
  cancelled_ = true;
  sink_ = nullptr;
  control_->Cancel();
}

}  // namespace civitas::gateway
