// The gRPC face of the registry: authenticates the caller, maps requests to RecordService calls
// and absl::Status to grpc::Status. No storage or domain logic here.
#pragma once

#include "civitas/registry/v1/registry_service.grpc.pb.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/common/json_log.h"
#include "libs/server/blocking_executor.h"
#include "services/registry/app/registry_records.h"

namespace civitas::registry {

// Thread-safe; owns nothing.
class RegistryGrpcService final : public v1::RegistryService::CallbackService {
 public:
  // Reads run on the gRPC thread that received them; writes run on `writers`, whose threads may
  // wait on Redis (and its fsync) without holding up gRPC.
  RegistryGrpcService(RegistryRecords* records, const GrpcAuthenticator* authenticator,
                      JsonLogger* logger, BlockingExecutor* writers)
      : records_(records), authenticator_(authenticator), logger_(logger), writers_(writers) {}

#define CIVITAS_REGISTRY_STANDARD_METHODS(T, Plural)                                            \
  grpc::ServerUnaryReactor* Get##T(grpc::CallbackServerContext* ctx,                            \
                                   const v1::Get##T##Request* req, v1::T* resp) override;       \
  grpc::ServerUnaryReactor* List##Plural(grpc::CallbackServerContext* ctx,                      \
                                         const v1::List##Plural##Request* req,                  \
                                         v1::List##Plural##Response* resp) override;            \
  grpc::ServerUnaryReactor* Create##T(grpc::CallbackServerContext* ctx,                         \
                                      const v1::Create##T##Request* req, v1::T* resp) override; \
  grpc::ServerUnaryReactor* Update##T(grpc::CallbackServerContext* ctx,                         \
                                      const v1::Update##T##Request* req, v1::T* resp) override; \
  grpc::ServerUnaryReactor* Delete##T(grpc::CallbackServerContext* ctx,                         \
                                      const v1::Delete##T##Request* req, v1::T* resp) override;

  CIVITAS_REGISTRY_STANDARD_METHODS(Territory, Territories)
  CIVITAS_REGISTRY_STANDARD_METHODS(Organization, Organizations)
  CIVITAS_REGISTRY_STANDARD_METHODS(SocialService, SocialServices)
  CIVITAS_REGISTRY_STANDARD_METHODS(Partnership, Partnerships)
  CIVITAS_REGISTRY_STANDARD_METHODS(Network, Networks)
#undef CIVITAS_REGISTRY_STANDARD_METHODS

  grpc::ServerWriteReactor<v1::Territory>* ExportTerritories(grpc::CallbackServerContext* ctx,
                                                             const v1::ExportRequest* req) override;
  grpc::ServerWriteReactor<v1::Organization>* ExportOrganizations(
      grpc::CallbackServerContext* ctx, const v1::ExportRequest* req) override;
  grpc::ServerWriteReactor<google::api::HttpBody>* ExportOrganizationsCsv(
      grpc::CallbackServerContext* ctx, const v1::ExportRequest* req) override;

  grpc::ServerUnaryReactor* ListServiceTypes(grpc::CallbackServerContext* ctx,
                                             const v1::ListServiceTypesRequest* req,
                                             v1::ListServiceTypesResponse* resp) override;
  grpc::ServerUnaryReactor* SetSocialServiceAccreditation(
      grpc::CallbackServerContext* ctx, const v1::SetSocialServiceAccreditationRequest* req,
      v1::SocialService* resp) override;

 private:
  // Authenticates, runs `fn(principal)`, converts its outcome and finishes the call, on the gRPC
  // thread that read the request (lists and other multi-step reads).
  template <typename Resp, typename Fn>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* ctx, Resp* resp, Fn&& fn);
  // The same on a writer thread (writes wait on fsync).
  template <typename Resp, typename Fn>
  grpc::ServerUnaryReactor* ServeWrite(grpc::CallbackServerContext* ctx, Resp* resp, Fn fn);
  // Reads that complete from the store's callback: `fn(principal, done)` starts the read and
  // `done(StatusOr<Resp>)` finishes the call, on whichever thread the store completes on.
  template <typename Resp, typename Fn>
  grpc::ServerUnaryReactor* ServeAsync(grpc::CallbackServerContext* ctx, Resp* resp, Fn fn);
  // ServeAsync started on a writer thread: for writes whose checks read the store and whose
  // write completes from the store's callback. A writer thread that ends up sending a batch of
  // writes waits on fsync there, never a gRPC thread.
  template <typename Resp, typename Fn>
  grpc::ServerUnaryReactor* ServeWriteAsync(grpc::CallbackServerContext* ctx, Resp* resp, Fn fn);
  // The body of Serve and ServeWrite: authenticate, run, convert, finish.
  template <typename Resp, typename Fn>
  void Run(grpc::CallbackServerContext* ctx, grpc::ServerUnaryReactor* reactor, Resp* resp, Fn& fn);
  // The body of ServeAsync and ServeWriteAsync: authenticate, start, finish from `done`.
  template <typename Resp, typename Fn>
  void RunAsync(grpc::CallbackServerContext* ctx, grpc::ServerUnaryReactor* reactor, Resp* resp,
                Fn& fn);

  RegistryRecords* const records_;
  const GrpcAuthenticator* const authenticator_;
  JsonLogger* const logger_;
  BlockingExecutor* const writers_;
};

}  // namespace civitas::registry
