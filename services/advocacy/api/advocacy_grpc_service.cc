#include "services/advocacy/api/advocacy_grpc_service.h"

#include <utility>

#include "libs/common/status_macros.h"
#include "libs/records/list_messages.h"

namespace civitas::advocacy {

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetCampaign(grpc::CallbackServerContext* ctx,
                                                           const v1::GetCampaignRequest* req,
                                                           v1::Campaign* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Campaign> {
                         return records_->campaigns.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ListCampaigns(grpc::CallbackServerContext* ctx,
                                                             const v1::ListCampaignsRequest* req,
                                                             v1::ListCampaignsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListCampaignsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->campaigns.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListCampaignsResponse::mutable_campaigns);
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CreateCampaign(grpc::CallbackServerContext* ctx,
                                                              const v1::CreateCampaignRequest* req,
                                                              v1::Campaign* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Campaign> {
                            return records_->campaigns.Create(
                                r, req->campaign(), req->campaign_id(), req->request_id());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::UpdateCampaign(grpc::CallbackServerContext* ctx,
                                                              const v1::UpdateCampaignRequest* req,
                                                              v1::Campaign* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Campaign> {
        return records_->campaigns.Update(r, req->campaign(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::DeleteCampaign(grpc::CallbackServerContext* ctx,
                                                              const v1::DeleteCampaignRequest* req,
                                                              v1::Campaign* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Campaign> {
                            return records_->campaigns.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ActivateCampaign(
    grpc::CallbackServerContext* ctx, const v1::CampaignActionRequest* req, v1::Campaign* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Campaign> {
                            return records_->lifecycle.Activate(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::PauseCampaign(grpc::CallbackServerContext* ctx,
                                                             const v1::CampaignActionRequest* req,
                                                             v1::Campaign* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Campaign> {
        return records_->lifecycle.Pause(r, req->name(), req->etag(), req->reason());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ResumeCampaign(grpc::CallbackServerContext* ctx,
                                                              const v1::CampaignActionRequest* req,
                                                              v1::Campaign* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Campaign> {
                            return records_->lifecycle.Resume(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CloseCampaign(grpc::CallbackServerContext* ctx,
                                                             const v1::CampaignActionRequest* req,
                                                             v1::Campaign* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Campaign> {
        return records_->lifecycle.Close(r, req->name(), req->etag(), req->reason());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetActivity(grpc::CallbackServerContext* ctx,
                                                           const v1::GetActivityRequest* req,
                                                           v1::Activity* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Activity> {
                         return records_->activities.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ListActivities(grpc::CallbackServerContext* ctx,
                                                              const v1::ListActivitiesRequest* req,
                                                              v1::ListActivitiesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListActivitiesResponse> {
        ASSIGN_OR_RETURN(auto page, records_->activities.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListActivitiesResponse::mutable_activities);
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CreateActivity(grpc::CallbackServerContext* ctx,
                                                              const v1::CreateActivityRequest* req,
                                                              v1::Activity* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Activity> {
                            return records_->activities.Create(
                                r, req->activity(), req->activity_id(), req->request_id());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::UpdateActivity(grpc::CallbackServerContext* ctx,
                                                              const v1::UpdateActivityRequest* req,
                                                              v1::Activity* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Activity> {
        return records_->activities.Update(r, req->activity(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::DeleteActivity(grpc::CallbackServerContext* ctx,
                                                              const v1::DeleteActivityRequest* req,
                                                              v1::Activity* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Activity> {
                            return records_->activities.Delete(r, req->name(), req->etag());
                          });
}

}  // namespace civitas::advocacy
