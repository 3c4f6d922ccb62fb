#include "services/registry/api/registry_grpc_service.h"

#include "libs/common/grpc_status.h"
#include "libs/common/status_macros.h"
#include "libs/records/list_messages.h"
#include "libs/server/batch_create.h"
#include "libs/server/correlation_id.h"
#include "libs/server/export_reactor.h"
#include "libs/server/http_body_chunks.h"
#include "libs/server/public_status.h"
#include "services/registry/app/registry_exports.h"

namespace civitas::registry {
namespace {

using records::ListQuery;

}  // namespace

// --- Territories ---

grpc::ServerUnaryReactor* RegistryGrpcService::GetTerritory(grpc::CallbackServerContext* ctx,
                                                            const v1::GetTerritoryRequest* req,
                                                            v1::Territory* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->territories.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::ListTerritories(
    grpc::CallbackServerContext* ctx, const v1::ListTerritoriesRequest* req,
    v1::ListTerritoriesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListTerritoriesResponse> {
        ASSIGN_OR_RETURN(auto page, records_->territories.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListTerritoriesResponse::mutable_territories);
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::CreateTerritory(
    grpc::CallbackServerContext* ctx, const v1::CreateTerritoryRequest* req, v1::Territory* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->territories.CreateAsync(r, req->territory(), req->territory_id(), req->request_id(),
                                      std::move(done));
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::BatchCreateTerritories(
    grpc::CallbackServerContext* ctx, const v1::BatchCreateTerritoriesRequest* req,
    v1::BatchCreateTerritoriesResponse* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::BatchCreateTerritoriesResponse> {
        ASSIGN_OR_RETURN(auto items,
                         BatchItemsOf(req->requests(), &v1::CreateTerritoryRequest::territory,
                                      &v1::CreateTerritoryRequest::territory_id));
        return BatchResponseOf(records_->territories.CreateMany(r, std::move(items)),
                               &v1::BatchCreateTerritoriesResponse::mutable_territories,
                               calls_.logger());
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::UpdateTerritory(
    grpc::CallbackServerContext* ctx, const v1::UpdateTerritoryRequest* req, v1::Territory* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->territories.Update(r, req->territory(), req->update_mask());
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::DeleteTerritory(
    grpc::CallbackServerContext* ctx, const v1::DeleteTerritoryRequest* req, v1::Territory* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->territories.Delete(r, req->name(), req->etag());
  });
}

// --- Organizations ---

grpc::ServerUnaryReactor* RegistryGrpcService::GetOrganization(
    grpc::CallbackServerContext* ctx, const v1::GetOrganizationRequest* req,
    v1::Organization* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->organizations.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::ListOrganizations(
    grpc::CallbackServerContext* ctx, const v1::ListOrganizationsRequest* req,
    v1::ListOrganizationsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListOrganizationsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->organizations.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListOrganizationsResponse::mutable_organizations);
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::CreateOrganization(
    grpc::CallbackServerContext* ctx, const v1::CreateOrganizationRequest* req,
    v1::Organization* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->organizations.CreateAsync(r, req->organization(), req->organization_id(),
                                        req->request_id(), std::move(done));
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::BatchCreateOrganizations(
    grpc::CallbackServerContext* ctx, const v1::BatchCreateOrganizationsRequest* req,
    v1::BatchCreateOrganizationsResponse* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this,
       req](const records::Request& r) -> absl::StatusOr<v1::BatchCreateOrganizationsResponse> {
        ASSIGN_OR_RETURN(auto items,
                         BatchItemsOf(req->requests(), &v1::CreateOrganizationRequest::organization,
                                      &v1::CreateOrganizationRequest::organization_id));
        return BatchResponseOf(records_->organizations.CreateMany(r, std::move(items)),
                               &v1::BatchCreateOrganizationsResponse::mutable_organizations,
                               calls_.logger());
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::UpdateOrganization(
    grpc::CallbackServerContext* ctx, const v1::UpdateOrganizationRequest* req,
    v1::Organization* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->organizations.Update(r, req->organization(), req->update_mask());
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::DeleteOrganization(
    grpc::CallbackServerContext* ctx, const v1::DeleteOrganizationRequest* req,
    v1::Organization* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->organizations.Delete(r, req->name(), req->etag());
  });
}

// --- SocialServices ---

grpc::ServerUnaryReactor* RegistryGrpcService::GetSocialService(
    grpc::CallbackServerContext* ctx, const v1::GetSocialServiceRequest* req,
    v1::SocialService* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->social_services.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::ListSocialServices(
    grpc::CallbackServerContext* ctx, const v1::ListSocialServicesRequest* req,
    v1::ListSocialServicesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListSocialServicesResponse> {
        ASSIGN_OR_RETURN(auto page, records_->social_services.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListSocialServicesResponse::mutable_social_services);
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::CreateSocialService(
    grpc::CallbackServerContext* ctx, const v1::CreateSocialServiceRequest* req,
    v1::SocialService* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->social_services.CreateAsync(r, req->social_service(), req->social_service_id(),
                                          req->request_id(), std::move(done));
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::UpdateSocialService(
    grpc::CallbackServerContext* ctx, const v1::UpdateSocialServiceRequest* req,
    v1::SocialService* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->social_services.Update(r, req->social_service(), req->update_mask());
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::DeleteSocialService(
    grpc::CallbackServerContext* ctx, const v1::DeleteSocialServiceRequest* req,
    v1::SocialService* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->social_services.Delete(r, req->name(), req->etag());
  });
}

// --- Partnerships ---

grpc::ServerUnaryReactor* RegistryGrpcService::GetPartnership(grpc::CallbackServerContext* ctx,
                                                              const v1::GetPartnershipRequest* req,
                                                              v1::Partnership* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->partnerships.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::ListPartnerships(
    grpc::CallbackServerContext* ctx, const v1::ListPartnershipsRequest* req,
    v1::ListPartnershipsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListPartnershipsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->partnerships.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListPartnershipsResponse::mutable_partnerships);
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::CreatePartnership(
    grpc::CallbackServerContext* ctx, const v1::CreatePartnershipRequest* req,
    v1::Partnership* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->partnerships.CreateAsync(r, req->partnership(), req->partnership_id(),
                                       req->request_id(), std::move(done));
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::UpdatePartnership(
    grpc::CallbackServerContext* ctx, const v1::UpdatePartnershipRequest* req,
    v1::Partnership* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->partnerships.Update(r, req->partnership(), req->update_mask());
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::DeletePartnership(
    grpc::CallbackServerContext* ctx, const v1::DeletePartnershipRequest* req,
    v1::Partnership* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->partnerships.Delete(r, req->name(), req->etag());
  });
}

// --- Networks ---

grpc::ServerUnaryReactor* RegistryGrpcService::GetNetwork(grpc::CallbackServerContext* ctx,
                                                          const v1::GetNetworkRequest* req,
                                                          v1::Network* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->networks.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::ListNetworks(grpc::CallbackServerContext* ctx,
                                                            const v1::ListNetworksRequest* req,
                                                            v1::ListNetworksResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListNetworksResponse> {
        ASSIGN_OR_RETURN(auto page, records_->networks.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListNetworksResponse::mutable_networks);
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::CreateNetwork(grpc::CallbackServerContext* ctx,
                                                             const v1::CreateNetworkRequest* req,
                                                             v1::Network* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->networks.CreateAsync(r, req->network(), req->network_id(), req->request_id(),
                                   std::move(done));
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::UpdateNetwork(grpc::CallbackServerContext* ctx,
                                                             const v1::UpdateNetworkRequest* req,
                                                             v1::Network* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->networks.Update(r, req->network(), req->update_mask());
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::DeleteNetwork(grpc::CallbackServerContext* ctx,
                                                             const v1::DeleteNetworkRequest* req,
                                                             v1::Network* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->networks.Delete(r, req->name(), req->etag());
  });
}

namespace {

ListQuery ExportQueryOf(const v1::ExportRequest& r) {
  return ListQuery{0, "", r.filter(), r.order_by(), r.show_archived()};
}

// One message per item.
template <typename T>
std::vector<T> EachItem(std::vector<T> page, bool) {
  return page;
}

}  // namespace

grpc::ServerWriteReactor<v1::Territory>* RegistryGrpcService::ExportTerritories(
    grpc::CallbackServerContext* ctx, const v1::ExportRequest* req) {
  absl::StatusOr<Principal> principal = calls_.Authenticate(*ctx);
  if (!principal.ok()) return new FailedExport<v1::Territory>(ToGrpcStatus(principal.status()));
  return new ExportReactor<v1::Territory, v1::Territory>(
      [this, p = *principal, call = CallContextOf(*ctx)](const ListQuery& q) {
        return records_->territories.List(records::Request(p, call), q);
      },
      &EachItem<v1::Territory>, ExportQueryOf(*req), calls_.logger());
}

grpc::ServerWriteReactor<v1::Organization>* RegistryGrpcService::ExportOrganizations(
    grpc::CallbackServerContext* ctx, const v1::ExportRequest* req) {
  absl::StatusOr<Principal> principal = calls_.Authenticate(*ctx);
  if (!principal.ok()) return new FailedExport<v1::Organization>(ToGrpcStatus(principal.status()));
  return new ExportReactor<v1::Organization, v1::Organization>(
      [this, p = *principal, call = CallContextOf(*ctx)](const ListQuery& q) {
        return records_->organizations.List(records::Request(p, call), q);
      },
      &EachItem<v1::Organization>, ExportQueryOf(*req), calls_.logger());
}

grpc::ServerWriteReactor<google::api::HttpBody>* RegistryGrpcService::ExportOrganizationsCsv(
    grpc::CallbackServerContext* ctx, const v1::ExportRequest* req) {
  absl::StatusOr<Principal> principal = calls_.Authenticate(*ctx);
  if (!principal.ok()) {
    return new FailedExport<google::api::HttpBody>(ToGrpcStatus(principal.status()));
  }
  // Each page of rows in bounded messages; the header row leads the first.
  auto to_csv = [](std::vector<v1::Organization> page, bool first) {
    return HttpBodyChunks("text/csv; charset=utf-8", OrganizationCsvPage(page, first));
  };
  return new ExportReactor<v1::Organization, google::api::HttpBody>(
      [this, p = *principal, call = CallContextOf(*ctx)](const ListQuery& q) {
        return records_->organizations.List(records::Request(p, call), q);
      },
      to_csv, ExportQueryOf(*req), calls_.logger());
}

grpc::ServerUnaryReactor* RegistryGrpcService::ListServiceTypes(
    grpc::CallbackServerContext* ctx, const v1::ListServiceTypesRequest* req,
    v1::ListServiceTypesResponse* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [](const records::Request&) -> absl::StatusOr<v1::ListServiceTypesResponse> {
                         v1::ListServiceTypesResponse out;
                         for (const auto& t : ServiceTypes()) *out.add_service_types() = t;
                         return out;
                       });
}

grpc::ServerUnaryReactor* RegistryGrpcService::SetSocialServiceAccreditation(
    grpc::CallbackServerContext* ctx, const v1::SetSocialServiceAccreditationRequest* req,
    v1::SocialService* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::SocialService> {
        return records_->accreditation_override.Set(r, *req);
      });
}

}  // namespace civitas::registry
