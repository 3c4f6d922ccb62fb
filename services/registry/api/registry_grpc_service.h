// The gRPC face of the registry: each RPC maps its request to a use case (the RecordServices of
// RegistryRecords) and runs it through UnaryCalls (authentication, threading, one status
// mapping). No storage or domain logic here.
#pragma once

#include "civitas/registry/v1/registry_service.grpc.pb.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/common/json_log.h"
#include "libs/server/blocking_executor.h"
#include "libs/server/unary_calls.h"
#include "services/registry/app/registry_records.h"

namespace civitas::registry {

// Thread-safe; owns nothing.
class RegistryGrpcService final : public v1::RegistryService::CallbackService {
 public:
  // Reads run on the gRPC thread that received them; writes run on `writers`, whose threads may
  // wait on Redis (and its fsync) without holding up gRPC.
  RegistryGrpcService(RegistryRecords* records, const GrpcAuthenticator* authenticator,
                      JsonLogger* logger, BlockingExecutor* writers)
      : records_(records), calls_(authenticator, logger, writers) {}

  // Territories: the standard methods.
  grpc::ServerUnaryReactor* GetTerritory(grpc::CallbackServerContext* ctx,
                                         const v1::GetTerritoryRequest* req,
                                         v1::Territory* resp) override;
  grpc::ServerUnaryReactor* ListTerritories(grpc::CallbackServerContext* ctx,
                                            const v1::ListTerritoriesRequest* req,
                                            v1::ListTerritoriesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateTerritory(grpc::CallbackServerContext* ctx,
                                            const v1::CreateTerritoryRequest* req,
                                            v1::Territory* resp) override;
  grpc::ServerUnaryReactor* BatchCreateTerritories(
      grpc::CallbackServerContext* ctx, const v1::BatchCreateTerritoriesRequest* req,
      v1::BatchCreateTerritoriesResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateTerritory(grpc::CallbackServerContext* ctx,
                                            const v1::UpdateTerritoryRequest* req,
                                            v1::Territory* resp) override;
  grpc::ServerUnaryReactor* DeleteTerritory(grpc::CallbackServerContext* ctx,
                                            const v1::DeleteTerritoryRequest* req,
                                            v1::Territory* resp) override;

  // Organizations: the standard methods.
  grpc::ServerUnaryReactor* GetOrganization(grpc::CallbackServerContext* ctx,
                                            const v1::GetOrganizationRequest* req,
                                            v1::Organization* resp) override;
  grpc::ServerUnaryReactor* ListOrganizations(grpc::CallbackServerContext* ctx,
                                              const v1::ListOrganizationsRequest* req,
                                              v1::ListOrganizationsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateOrganization(grpc::CallbackServerContext* ctx,
                                               const v1::CreateOrganizationRequest* req,
                                               v1::Organization* resp) override;
  grpc::ServerUnaryReactor* BatchCreateOrganizations(
      grpc::CallbackServerContext* ctx, const v1::BatchCreateOrganizationsRequest* req,
      v1::BatchCreateOrganizationsResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateOrganization(grpc::CallbackServerContext* ctx,
                                               const v1::UpdateOrganizationRequest* req,
                                               v1::Organization* resp) override;
  grpc::ServerUnaryReactor* DeleteOrganization(grpc::CallbackServerContext* ctx,
                                               const v1::DeleteOrganizationRequest* req,
                                               v1::Organization* resp) override;

  // SocialServices: the standard methods.
  grpc::ServerUnaryReactor* GetSocialService(grpc::CallbackServerContext* ctx,
                                             const v1::GetSocialServiceRequest* req,
                                             v1::SocialService* resp) override;
  grpc::ServerUnaryReactor* ListSocialServices(grpc::CallbackServerContext* ctx,
                                               const v1::ListSocialServicesRequest* req,
                                               v1::ListSocialServicesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateSocialService(grpc::CallbackServerContext* ctx,
                                                const v1::CreateSocialServiceRequest* req,
                                                v1::SocialService* resp) override;
  grpc::ServerUnaryReactor* UpdateSocialService(grpc::CallbackServerContext* ctx,
                                                const v1::UpdateSocialServiceRequest* req,
                                                v1::SocialService* resp) override;
  grpc::ServerUnaryReactor* DeleteSocialService(grpc::CallbackServerContext* ctx,
                                                const v1::DeleteSocialServiceRequest* req,
                                                v1::SocialService* resp) override;

  // Partnerships: the standard methods.
  grpc::ServerUnaryReactor* GetPartnership(grpc::CallbackServerContext* ctx,
                                           const v1::GetPartnershipRequest* req,
                                           v1::Partnership* resp) override;
  grpc::ServerUnaryReactor* ListPartnerships(grpc::CallbackServerContext* ctx,
                                             const v1::ListPartnershipsRequest* req,
                                             v1::ListPartnershipsResponse* resp) override;
  grpc::ServerUnaryReactor* CreatePartnership(grpc::CallbackServerContext* ctx,
                                              const v1::CreatePartnershipRequest* req,
                                              v1::Partnership* resp) override;
  grpc::ServerUnaryReactor* UpdatePartnership(grpc::CallbackServerContext* ctx,
                                              const v1::UpdatePartnershipRequest* req,
                                              v1::Partnership* resp) override;
  grpc::ServerUnaryReactor* DeletePartnership(grpc::CallbackServerContext* ctx,
                                              const v1::DeletePartnershipRequest* req,
                                              v1::Partnership* resp) override;

  // Networks: the standard methods.
  grpc::ServerUnaryReactor* GetNetwork(grpc::CallbackServerContext* ctx,
                                       const v1::GetNetworkRequest* req,
                                       v1::Network* resp) override;
  grpc::ServerUnaryReactor* ListNetworks(grpc::CallbackServerContext* ctx,
                                         const v1::ListNetworksRequest* req,
                                         v1::ListNetworksResponse* resp) override;
  grpc::ServerUnaryReactor* CreateNetwork(grpc::CallbackServerContext* ctx,
                                          const v1::CreateNetworkRequest* req,
                                          v1::Network* resp) override;
  grpc::ServerUnaryReactor* UpdateNetwork(grpc::CallbackServerContext* ctx,
                                          const v1::UpdateNetworkRequest* req,
                                          v1::Network* resp) override;
  grpc::ServerUnaryReactor* DeleteNetwork(grpc::CallbackServerContext* ctx,
                                          const v1::DeleteNetworkRequest* req,
                                          v1::Network* resp) override;

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

  // Capacity development (registry_grpc_capacity.cc).
  grpc::ServerUnaryReactor* GetTrainingProgramme(grpc::CallbackServerContext* ctx,
                                                 const v1::GetTrainingProgrammeRequest* req,
                                                 v1::TrainingProgramme* resp) override;
  grpc::ServerUnaryReactor* ListTrainingProgrammes(
      grpc::CallbackServerContext* ctx, const v1::ListTrainingProgrammesRequest* req,
      v1::ListTrainingProgrammesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateTrainingProgramme(grpc::CallbackServerContext* ctx,
                                                    const v1::CreateTrainingProgrammeRequest* req,
                                                    v1::TrainingProgramme* resp) override;
  grpc::ServerUnaryReactor* UpdateTrainingProgramme(grpc::CallbackServerContext* ctx,
                                                    const v1::UpdateTrainingProgrammeRequest* req,
                                                    v1::TrainingProgramme* resp) override;
  grpc::ServerUnaryReactor* DeleteTrainingProgramme(grpc::CallbackServerContext* ctx,
                                                    const v1::DeleteTrainingProgrammeRequest* req,
                                                    v1::TrainingProgramme* resp) override;
  grpc::ServerUnaryReactor* GetTrainingEvent(grpc::CallbackServerContext* ctx,
                                             const v1::GetTrainingEventRequest* req,
                                             v1::TrainingEvent* resp) override;
  grpc::ServerUnaryReactor* ListTrainingEvents(grpc::CallbackServerContext* ctx,
                                               const v1::ListTrainingEventsRequest* req,
                                               v1::ListTrainingEventsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateTrainingEvent(grpc::CallbackServerContext* ctx,
                                                const v1::CreateTrainingEventRequest* req,
                                                v1::TrainingEvent* resp) override;
  grpc::ServerUnaryReactor* UpdateTrainingEvent(grpc::CallbackServerContext* ctx,
                                                const v1::UpdateTrainingEventRequest* req,
                                                v1::TrainingEvent* resp) override;
  grpc::ServerUnaryReactor* DeleteTrainingEvent(grpc::CallbackServerContext* ctx,
                                                const v1::DeleteTrainingEventRequest* req,
                                                v1::TrainingEvent* resp) override;
  grpc::ServerUnaryReactor* GetCohortFigures(grpc::CallbackServerContext* ctx,
                                             const v1::GetCohortFiguresRequest* req,
                                             v1::CohortFigures* resp) override;

 private:
  RegistryRecords* const records_;
  UnaryCalls calls_;
};

}  // namespace civitas::registry
