// The gRPC face of the registry: authenticates the caller, maps requests to RecordService calls
// and absl::Status to grpc::Status. No storage or domain logic here.
#pragma once

#include "civitas/registry/v1/registry_service.grpc.pb.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/common/json_log.h"
#include "services/registry/app/registry_records.h"

namespace civitas::registry {

// Thread-safe; owns nothing.
class RegistryGrpcService final : public v1::RegistryService::Service {
 public:
  RegistryGrpcService(RegistryRecords* records, const GrpcAuthenticator* authenticator,
                      JsonLogger* logger)
      : records_(records), authenticator_(authenticator), logger_(logger) {}

#define CIVITAS_REGISTRY_STANDARD_METHODS(T, Plural)                                               \
  grpc::Status Get##T(grpc::ServerContext* ctx, const v1::Get##T##Request* req, v1::T* resp)       \
      override;                                                                                    \
  grpc::Status List##Plural(grpc::ServerContext* ctx, const v1::List##Plural##Request* req,        \
                            v1::List##Plural##Response* resp) override;                            \
  grpc::Status Create##T(grpc::ServerContext* ctx, const v1::Create##T##Request* req, v1::T* resp) \
      override;                                                                                    \
  grpc::Status Update##T(grpc::ServerContext* ctx, const v1::Update##T##Request* req, v1::T* resp) \
      override;                                                                                    \
  grpc::Status Delete##T(grpc::ServerContext* ctx, const v1::Delete##T##Request* req, v1::T* resp) \
      override;

  CIVITAS_REGISTRY_STANDARD_METHODS(Territory, Territories)
  CIVITAS_REGISTRY_STANDARD_METHODS(Organization, Organizations)
  CIVITAS_REGISTRY_STANDARD_METHODS(SocialService, SocialServices)
  CIVITAS_REGISTRY_STANDARD_METHODS(Partnership, Partnerships)
  CIVITAS_REGISTRY_STANDARD_METHODS(Network, Networks)
#undef CIVITAS_REGISTRY_STANDARD_METHODS

  grpc::Status ListServiceTypes(grpc::ServerContext* ctx, const v1::ListServiceTypesRequest* req,
                                v1::ListServiceTypesResponse* resp) override;
  grpc::Status SetSocialServiceAccreditation(grpc::ServerContext* ctx,
                                             const v1::SetSocialServiceAccreditationRequest* req,
                                             v1::SocialService* resp) override;

 private:
  // Authenticates, runs `fn(principal)` and converts its outcome.
  template <typename Resp, typename Fn>
  grpc::Status Serve(grpc::ServerContext* ctx, Resp* resp, Fn&& fn);

  RegistryRecords* const records_;
  const GrpcAuthenticator* const authenticator_;
  JsonLogger* const logger_;
};

}  // namespace civitas::registry
