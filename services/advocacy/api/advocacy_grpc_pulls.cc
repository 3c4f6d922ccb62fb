// AdvocacyGrpcService's pulls for the warehouse: the store's cursor, and each resource's change
// feed between two cursors as NDJSON or CSV (libs/server/pull_export.h).
#include "libs/common/status_macros.h"
#include "libs/server/pull_export.h"
#include "services/advocacy/api/advocacy_grpc_service.h"

namespace civitas::advocacy {

// Campaign pulls also carry the campaigns whose reach moved (app/campaign_pull.h).
PullPageMaker<v1::Campaign> AdvocacyGrpcService::CampaignPages() {
  return [this](Principal caller, clients::CallContext call, records::PullQuery query) {
    return records_->campaign_pull.Pages(std::move(caller), std::move(call), query);
  };
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetAdvocacyCursor(
    grpc::CallbackServerContext* ctx, const v1::GetAdvocacyCursorRequest* req,
    v1::AdvocacyCursor* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this](const records::Request&) -> absl::StatusOr<v1::AdvocacyCursor> {
                         ASSIGN_OR_RETURN(int64_t cursor, records_->campaigns.Cursor());
                         v1::AdvocacyCursor out;
                         out.set_cursor(records::FormatPullCursor(cursor));
                         return out;
                       });
}

grpc::ServerWriteReactor<v1::Campaign>* AdvocacyGrpcService::PullCampaigns(
    grpc::CallbackServerContext* ctx, const v1::PullRequest* req) {
  return PullExport<v1::Campaign>(calls_, ctx, &records_->campaigns, req->since_cursor(),
                                  req->until_cursor(), CampaignPages());
}

grpc::ServerWriteReactor<google::api::HttpBody>* AdvocacyGrpcService::PullCampaignsCsv(
    grpc::CallbackServerContext* ctx, const v1::PullRequest* req) {
  return PullCsvExport<v1::Campaign>(calls_, ctx, &records_->campaigns, req->since_cursor(),
                                     req->until_cursor(), CampaignPages());
}

grpc::ServerWriteReactor<v1::Activity>* AdvocacyGrpcService::PullActivities(
    grpc::CallbackServerContext* ctx, const v1::PullRequest* req) {
  return PullExport(calls_, ctx, &records_->activities, req->since_cursor(), req->until_cursor());
}

grpc::ServerWriteReactor<google::api::HttpBody>* AdvocacyGrpcService::PullActivitiesCsv(
    grpc::CallbackServerContext* ctx, const v1::PullRequest* req) {
  return PullCsvExport(calls_, ctx, &records_->activities, req->since_cursor(),
                       req->until_cursor());
}

grpc::ServerWriteReactor<v1::Commitment>* AdvocacyGrpcService::PullCommitments(
    grpc::CallbackServerContext* ctx, const v1::PullRequest* req) {
  return PullExport(calls_, ctx, &records_->commitments, req->since_cursor(), req->until_cursor());
}

grpc::ServerWriteReactor<google::api::HttpBody>* AdvocacyGrpcService::PullCommitmentsCsv(
    grpc::CallbackServerContext* ctx, const v1::PullRequest* req) {
  return PullCsvExport(calls_, ctx, &records_->commitments, req->since_cursor(),
                       req->until_cursor());
}

grpc::ServerWriteReactor<v1::PlanningCycle>* AdvocacyGrpcService::PullPlanningCycles(
    grpc::CallbackServerContext* ctx, const v1::PullRequest* req) {
  return PullExport(calls_, ctx, &records_->cycles, req->since_cursor(), req->until_cursor());
}

grpc::ServerWriteReactor<google::api::HttpBody>* AdvocacyGrpcService::PullPlanningCyclesCsv(
    grpc::CallbackServerContext* ctx, const v1::PullRequest* req) {
  return PullCsvExport(calls_, ctx, &records_->cycles, req->since_cursor(), req->until_cursor());
}

grpc::ServerWriteReactor<v1::PlanAction>* AdvocacyGrpcService::PullPlanActions(
    grpc::CallbackServerContext* ctx, const v1::PullRequest* req) {
  return PullExport(calls_, ctx, &records_->plan_actions, req->since_cursor(), req->until_cursor());
}

grpc::ServerWriteReactor<google::api::HttpBody>* AdvocacyGrpcService::PullPlanActionsCsv(
    grpc::CallbackServerContext* ctx, const v1::PullRequest* req) {
  return PullCsvExport(calls_, ctx, &records_->plan_actions, req->since_cursor(),
                       req->until_cursor());
}

}  // namespace civitas::advocacy
