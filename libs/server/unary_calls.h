// UnaryCalls: how every service's gRPC methods run a unary call: authenticate the caller, check
// every text field of the request (aip::CheckTextFields: no control characters or noncharacters,
// one line unless prose), run the use case where it belongs (inline on the gRPC thread, on the
// writer pool, or started there and finished from the store's callback), and finish with one status
// mapping (PublicStatus, then grpc::Status). A service's api/ writes each RPC as one call to one of
// these.
#pragma once

#include <grpcpp/grpcpp.h>

#include <functional>
#include <utility>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "libs/aip/text_checks.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/common/grpc_status.h"
#include "libs/common/json_log.h"
#include "libs/common/request_activity.h"
#include "libs/records/request.h"
#include "libs/server/blocking_executor.h"
#include "libs/server/correlation_id.h"
#include "libs/server/public_status.h"

namespace civitas {

// Thread-safe; owns nothing.
class UnaryCalls {
 public:
  // `writers` runs the use cases that block on the store (writes wait on fsync), so that gRPC's
  // threads never do.
  // `activity`, when given, notes each call as it starts (RequestActivity: background work
  // yields to callers).
  UnaryCalls(const GrpcAuthenticator* authenticator, JsonLogger* logger, BlockingExecutor* writers,
             RequestActivity* activity = nullptr)
      : authenticator_(authenticator), logger_(logger), writers_(writers), activity_(activity) {}

  // `fn(request) -> StatusOr<Resp>` on the gRPC thread that read the request (reads that take
  // several store round trips, such as List).
  template <typename Resp, typename Fn>
  grpc::ServerUnaryReactor* Inline(grpc::CallbackServerContext* ctx,
                                   const google::protobuf::Message& request, Resp* resp, Fn fn) {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    RunSync(ctx, request, reactor, resp, fn);
    return reactor;
  }

  // `fn(request) -> StatusOr<Resp>` on a writer thread.
  template <typename Resp, typename Fn>
  grpc::ServerUnaryReactor* OnWriters(grpc::CallbackServerContext* ctx,
                                      const google::protobuf::Message& request, Resp* resp, Fn fn) {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    // ctx, resp and the request stay valid until Finish.
    writers_->Run([this, ctx, &request, resp, reactor, fn = std::move(fn)]() mutable {
      RunSync(ctx, request, reactor, resp, fn);
    });
    return reactor;
  }

  // `fn(request, done)` starts the use case on the gRPC thread; `done(StatusOr<Resp>)` finishes
  // the call from whichever thread the store completes on (single reads).
  template <typename Resp, typename Fn>
  grpc::ServerUnaryReactor* Async(grpc::CallbackServerContext* ctx,
                                  const google::protobuf::Message& request, Resp* resp, Fn fn) {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    RunAsync(ctx, request, reactor, resp, fn);
    return reactor;
  }

  // Async started on a writer thread: for writes whose checks read the store and whose write
  // completes from the store's callback. A writer thread that ends up sending a batch of writes
  // waits on fsync there, never a gRPC thread.
  template <typename Resp, typename Fn>
  grpc::ServerUnaryReactor* AsyncOnWriters(grpc::CallbackServerContext* ctx,
                                           const google::protobuf::Message& request, Resp* resp,
                                           Fn fn) {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    writers_->Run([this, ctx, &request, resp, reactor, fn = std::move(fn)]() mutable {
      RunAsync(ctx, request, reactor, resp, fn);
    });
    return reactor;
  }

  // The authenticated caller of a streaming call, or the status to finish it with.
  absl::StatusOr<Principal> Authenticate(const grpc::CallbackServerContext& ctx) const {
    return authenticator_->Authenticate(ctx);
  }
  JsonLogger* logger() const { return logger_; }

 private:
  template <typename Resp, typename Fn>
  void RunSync(grpc::CallbackServerContext* ctx, const google::protobuf::Message& request,
               grpc::ServerUnaryReactor* reactor, Resp* resp, Fn& fn) {
    // A synchronous body is an asynchronous one that is done before it returns.
    auto start = [&fn](const records::Request& r, auto done) { done(fn(r)); };
    RunAsync(ctx, request, reactor, resp, start);
  }

  template <typename Resp, typename Fn>
  void RunAsync(grpc::CallbackServerContext* ctx, const google::protobuf::Message& request,
                grpc::ServerUnaryReactor* reactor, Resp* resp, Fn& fn) {
    if (activity_ != nullptr) activity_->Note(absl::Now());
    absl::StatusOr<Principal> principal = authenticator_->Authenticate(*ctx);
    if (!principal.ok()) {
      reactor->Finish(ToGrpcStatus(principal.status()));
      return;
    }
    Violations text;
    aip::CheckTextFields(request, &text);
    if (!text.empty()) {
      reactor->Finish(ToGrpcStatus(text.ToStatus()));
      return;
    }
    // The request as its use case sees it: `fn` returns before it ends (an asynchronous use
    // case keeps what it needs of it).
    const records::Request call(*std::move(principal), CallContextOf(*ctx));
    fn(call, [this, reactor, resp](absl::StatusOr<Resp> out) {
      if (!out.ok()) {
        reactor->Finish(ToGrpcStatus(PublicStatus(out.status(), logger_)));
        return;
      }
      *resp = std::move(out).value();
      reactor->Finish(grpc::Status::OK);
    });
  }

  const GrpcAuthenticator* const authenticator_;
  JsonLogger* const logger_;
  BlockingExecutor* const writers_;
  RequestActivity* const activity_;
};

}  // namespace civitas
