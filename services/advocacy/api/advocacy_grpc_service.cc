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

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetCommitment(grpc::CallbackServerContext* ctx,
                                                             const v1::GetCommitmentRequest* req,
                                                             v1::Commitment* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Commitment> {
                         return records_->commitments.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ListCommitments(
    grpc::CallbackServerContext* ctx, const v1::ListCommitmentsRequest* req,
    v1::ListCommitmentsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListCommitmentsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->commitments.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListCommitmentsResponse::mutable_commitments);
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CreateCommitment(
    grpc::CallbackServerContext* ctx, const v1::CreateCommitmentRequest* req,
    v1::Commitment* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Commitment> {
                            return records_->commitments.Create(
                                r, req->commitment(), req->commitment_id(), req->request_id());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::UpdateCommitment(
    grpc::CallbackServerContext* ctx, const v1::UpdateCommitmentRequest* req,
    v1::Commitment* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Commitment> {
        return records_->commitments.Update(r, req->commitment(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::DeleteCommitment(
    grpc::CallbackServerContext* ctx, const v1::DeleteCommitmentRequest* req,
    v1::Commitment* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Commitment> {
                            return records_->commitments.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::StartCommitment(
    grpc::CallbackServerContext* ctx, const v1::CommitmentActionRequest* req,
    v1::Commitment* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Commitment> {
                            return records_->tracker.Act(r, CommitmentAction::kStart, req->name(),
                                                         req->etag(), req->evidence());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::FulfilCommitment(
    grpc::CallbackServerContext* ctx, const v1::CommitmentActionRequest* req,
    v1::Commitment* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Commitment> {
                            return records_->tracker.Act(r, CommitmentAction::kFulfil, req->name(),
                                                         req->etag(), req->evidence());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::BreakCommitment(
    grpc::CallbackServerContext* ctx, const v1::CommitmentActionRequest* req,
    v1::Commitment* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Commitment> {
                            return records_->tracker.Act(r, CommitmentAction::kBreak, req->name(),
                                                         req->etag(), req->evidence());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::WithdrawCommitment(
    grpc::CallbackServerContext* ctx, const v1::CommitmentActionRequest* req,
    v1::Commitment* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Commitment> {
                            return records_->tracker.Act(r, CommitmentAction::kWithdraw,
                                                         req->name(), req->etag(), req->evidence());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::AddCommitmentEvidence(
    grpc::CallbackServerContext* ctx, const v1::CommitmentActionRequest* req,
    v1::Commitment* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Commitment> {
                            return records_->tracker.Act(r, CommitmentAction::kAddEvidence,
                                                         req->name(), req->etag(), req->evidence());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ListOverdueCommitments(
    grpc::CallbackServerContext* ctx, const v1::ListOverdueCommitmentsRequest* req,
    v1::ListOverdueCommitmentsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListOverdueCommitmentsResponse> {
        return records_->tracker.Overdue(r, req->campaign());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetPolicyItem(grpc::CallbackServerContext* ctx,
                                                             const v1::GetPolicyItemRequest* req,
                                                             v1::PolicyItem* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::PolicyItem> {
                         return records_->policy_items.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ListPolicyItems(
    grpc::CallbackServerContext* ctx, const v1::ListPolicyItemsRequest* req,
    v1::ListPolicyItemsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListPolicyItemsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->policy_items.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListPolicyItemsResponse::mutable_policy_items);
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CreatePolicyItem(
    grpc::CallbackServerContext* ctx, const v1::CreatePolicyItemRequest* req,
    v1::PolicyItem* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::PolicyItem> {
                            return records_->policy_items.Create(
                                r, req->policy_item(), req->policy_item_id(), req->request_id());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::UpdatePolicyItem(
    grpc::CallbackServerContext* ctx, const v1::UpdatePolicyItemRequest* req,
    v1::PolicyItem* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PolicyItem> {
        return records_->policy_items.Update(r, req->policy_item(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::DeletePolicyItem(
    grpc::CallbackServerContext* ctx, const v1::DeletePolicyItemRequest* req,
    v1::PolicyItem* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::PolicyItem> {
                            return records_->policy_items.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::AdvancePolicyItem(
    grpc::CallbackServerContext* ctx, const v1::AdvancePolicyItemRequest* req,
    v1::PolicyItem* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PolicyItem> {
        return records_->pipeline.Advance(r, req->name(), req->etag(), req->stage(), req->step());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CiteCampaignEvidence(
    grpc::CallbackServerContext* ctx, const v1::CiteEvidenceRequest* req, v1::Campaign* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Campaign> {
        return records_->evidence.CiteForCampaign(r, req->name(), req->etag(), req->citation());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetCampaignEvidence(
    grpc::CallbackServerContext* ctx, const v1::GetEvidenceRequest* req, v1::EvidenceView* resp) {
  // Waits on monitoring: on the writers' threads, not the gRPC thread.
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::EvidenceView> {
        return records_->evidence.OfCampaign(r, req->name());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CitePolicyItemEvidence(
    grpc::CallbackServerContext* ctx, const v1::CiteEvidenceRequest* req, v1::PolicyItem* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PolicyItem> {
        return records_->evidence.CiteForPolicyItem(r, req->name(), req->etag(), req->citation());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetPolicyItemEvidence(
    grpc::CallbackServerContext* ctx, const v1::GetEvidenceRequest* req, v1::EvidenceView* resp) {
  // Waits on monitoring: on the writers' threads, not the gRPC thread.
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::EvidenceView> {
        return records_->evidence.OfPolicyItem(r, req->name());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetCampaignCalendar(
    grpc::CallbackServerContext* ctx, const v1::GetCampaignCalendarRequest* req,
    google::api::HttpBody* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<google::api::HttpBody> {
        return records_->calendar.Feed(r, req->name());
      });
}

}  // namespace civitas::advocacy
