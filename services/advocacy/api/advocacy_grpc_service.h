// The gRPC face of the advocacy service: each RPC maps its request to a use case
// (AdvocacyRecords) and runs it through UnaryCalls (authentication, threading, one status
// mapping). No storage or domain logic here.
#pragma once

#include "civitas/advocacy/v1/advocacy_service.grpc.pb.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/common/json_log.h"
#include "libs/server/blocking_executor.h"
#include "libs/server/pull_export.h"
#include "libs/server/unary_calls.h"
#include "services/advocacy/app/advocacy_records.h"

namespace civitas::advocacy {

// Thread-safe; owns nothing.
class AdvocacyGrpcService final : public v1::AdvocacyService::CallbackService {
 public:
  // Reads run on the gRPC thread that received them; writes run on `writers`, whose threads may
  // wait on Redis (and its fsync) and on the registry and grants without holding up gRPC.
  AdvocacyGrpcService(AdvocacyRecords* records, const GrpcAuthenticator* authenticator,
                      JsonLogger* logger, BlockingExecutor* writers)
      : records_(records), calls_(authenticator, logger, writers) {}

  grpc::ServerUnaryReactor* GetCampaign(grpc::CallbackServerContext* ctx,
                                        const v1::GetCampaignRequest* req,
                                        v1::Campaign* resp) override;
  grpc::ServerUnaryReactor* ListCampaigns(grpc::CallbackServerContext* ctx,
                                          const v1::ListCampaignsRequest* req,
                                          v1::ListCampaignsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateCampaign(grpc::CallbackServerContext* ctx,
                                           const v1::CreateCampaignRequest* req,
                                           v1::Campaign* resp) override;
  grpc::ServerUnaryReactor* UpdateCampaign(grpc::CallbackServerContext* ctx,
                                           const v1::UpdateCampaignRequest* req,
                                           v1::Campaign* resp) override;
  grpc::ServerUnaryReactor* DeleteCampaign(grpc::CallbackServerContext* ctx,
                                           const v1::DeleteCampaignRequest* req,
                                           v1::Campaign* resp) override;
  grpc::ServerUnaryReactor* ActivateCampaign(grpc::CallbackServerContext* ctx,
                                             const v1::CampaignActionRequest* req,
                                             v1::Campaign* resp) override;
  grpc::ServerUnaryReactor* PauseCampaign(grpc::CallbackServerContext* ctx,
                                          const v1::CampaignActionRequest* req,
                                          v1::Campaign* resp) override;
  grpc::ServerUnaryReactor* ResumeCampaign(grpc::CallbackServerContext* ctx,
                                           const v1::CampaignActionRequest* req,
                                           v1::Campaign* resp) override;
  grpc::ServerUnaryReactor* CloseCampaign(grpc::CallbackServerContext* ctx,
                                          const v1::CampaignActionRequest* req,
                                          v1::Campaign* resp) override;
  grpc::ServerUnaryReactor* GetActivity(grpc::CallbackServerContext* ctx,
                                        const v1::GetActivityRequest* req,
                                        v1::Activity* resp) override;
  grpc::ServerUnaryReactor* ListActivities(grpc::CallbackServerContext* ctx,
                                           const v1::ListActivitiesRequest* req,
                                           v1::ListActivitiesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateActivity(grpc::CallbackServerContext* ctx,
                                           const v1::CreateActivityRequest* req,
                                           v1::Activity* resp) override;
  grpc::ServerUnaryReactor* UpdateActivity(grpc::CallbackServerContext* ctx,
                                           const v1::UpdateActivityRequest* req,
                                           v1::Activity* resp) override;
  grpc::ServerUnaryReactor* DeleteActivity(grpc::CallbackServerContext* ctx,
                                           const v1::DeleteActivityRequest* req,
                                           v1::Activity* resp) override;

  grpc::ServerUnaryReactor* GetCommitment(grpc::CallbackServerContext* ctx,
                                          const v1::GetCommitmentRequest* req,
                                          v1::Commitment* resp) override;
  grpc::ServerUnaryReactor* ListCommitments(grpc::CallbackServerContext* ctx,
                                            const v1::ListCommitmentsRequest* req,
                                            v1::ListCommitmentsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateCommitment(grpc::CallbackServerContext* ctx,
                                             const v1::CreateCommitmentRequest* req,
                                             v1::Commitment* resp) override;
  grpc::ServerUnaryReactor* UpdateCommitment(grpc::CallbackServerContext* ctx,
                                             const v1::UpdateCommitmentRequest* req,
                                             v1::Commitment* resp) override;
  grpc::ServerUnaryReactor* DeleteCommitment(grpc::CallbackServerContext* ctx,
                                             const v1::DeleteCommitmentRequest* req,
                                             v1::Commitment* resp) override;
  grpc::ServerUnaryReactor* StartCommitment(grpc::CallbackServerContext* ctx,
                                            const v1::CommitmentActionRequest* req,
                                            v1::Commitment* resp) override;
  grpc::ServerUnaryReactor* FulfilCommitment(grpc::CallbackServerContext* ctx,
                                             const v1::CommitmentActionRequest* req,
                                             v1::Commitment* resp) override;
  grpc::ServerUnaryReactor* BreakCommitment(grpc::CallbackServerContext* ctx,
                                            const v1::CommitmentActionRequest* req,
                                            v1::Commitment* resp) override;
  grpc::ServerUnaryReactor* WithdrawCommitment(grpc::CallbackServerContext* ctx,
                                               const v1::CommitmentActionRequest* req,
                                               v1::Commitment* resp) override;
  grpc::ServerUnaryReactor* AddCommitmentEvidence(grpc::CallbackServerContext* ctx,
                                                  const v1::CommitmentActionRequest* req,
                                                  v1::Commitment* resp) override;
  grpc::ServerUnaryReactor* ListOverdueCommitments(
      grpc::CallbackServerContext* ctx, const v1::ListOverdueCommitmentsRequest* req,
      v1::ListOverdueCommitmentsResponse* resp) override;
  grpc::ServerUnaryReactor* GetPolicyItem(grpc::CallbackServerContext* ctx,
                                          const v1::GetPolicyItemRequest* req,
                                          v1::PolicyItem* resp) override;
  grpc::ServerUnaryReactor* ListPolicyItems(grpc::CallbackServerContext* ctx,
                                            const v1::ListPolicyItemsRequest* req,
                                            v1::ListPolicyItemsResponse* resp) override;
  grpc::ServerUnaryReactor* CreatePolicyItem(grpc::CallbackServerContext* ctx,
                                             const v1::CreatePolicyItemRequest* req,
                                             v1::PolicyItem* resp) override;
  grpc::ServerUnaryReactor* UpdatePolicyItem(grpc::CallbackServerContext* ctx,
                                             const v1::UpdatePolicyItemRequest* req,
                                             v1::PolicyItem* resp) override;
  grpc::ServerUnaryReactor* DeletePolicyItem(grpc::CallbackServerContext* ctx,
                                             const v1::DeletePolicyItemRequest* req,
                                             v1::PolicyItem* resp) override;
  grpc::ServerUnaryReactor* AdvancePolicyItem(grpc::CallbackServerContext* ctx,
                                              const v1::AdvancePolicyItemRequest* req,
                                              v1::PolicyItem* resp) override;

  grpc::ServerUnaryReactor* CiteCampaignEvidence(grpc::CallbackServerContext* ctx,
                                                 const v1::CiteEvidenceRequest* req,
                                                 v1::Campaign* resp) override;
  grpc::ServerUnaryReactor* GetCampaignEvidence(grpc::CallbackServerContext* ctx,
                                                const v1::GetEvidenceRequest* req,
                                                v1::EvidenceView* resp) override;
  grpc::ServerUnaryReactor* CitePolicyItemEvidence(grpc::CallbackServerContext* ctx,
                                                   const v1::CiteEvidenceRequest* req,
                                                   v1::PolicyItem* resp) override;
  grpc::ServerUnaryReactor* GetPolicyItemEvidence(grpc::CallbackServerContext* ctx,
                                                  const v1::GetEvidenceRequest* req,
                                                  v1::EvidenceView* resp) override;

  grpc::ServerUnaryReactor* GetCampaignCalendar(grpc::CallbackServerContext* ctx,
                                                const v1::GetCampaignCalendarRequest* req,
                                                google::api::HttpBody* resp) override;

  // Participatory Social Service Planning (advocacy_grpc_planning.cc).
  grpc::ServerUnaryReactor* GetPlanningCycle(grpc::CallbackServerContext* ctx,
                                             const v1::GetPlanningCycleRequest* req,
                                             v1::PlanningCycle* resp) override;
  grpc::ServerUnaryReactor* ListPlanningCycles(grpc::CallbackServerContext* ctx,
                                               const v1::ListPlanningCyclesRequest* req,
                                               v1::ListPlanningCyclesResponse* resp) override;
  grpc::ServerUnaryReactor* CreatePlanningCycle(grpc::CallbackServerContext* ctx,
                                                const v1::CreatePlanningCycleRequest* req,
                                                v1::PlanningCycle* resp) override;
  grpc::ServerUnaryReactor* UpdatePlanningCycle(grpc::CallbackServerContext* ctx,
                                                const v1::UpdatePlanningCycleRequest* req,
                                                v1::PlanningCycle* resp) override;
  grpc::ServerUnaryReactor* DeletePlanningCycle(grpc::CallbackServerContext* ctx,
                                                const v1::DeletePlanningCycleRequest* req,
                                                v1::PlanningCycle* resp) override;
  grpc::ServerUnaryReactor* AdvancePlanningCycle(grpc::CallbackServerContext* ctx,
                                                 const v1::AdvancePlanningCycleRequest* req,
                                                 v1::PlanningCycle* resp) override;
  grpc::ServerUnaryReactor* GetPlanProgress(grpc::CallbackServerContext* ctx,
                                            const v1::GetPlanProgressRequest* req,
                                            v1::PlanProgress* resp) override;
  grpc::ServerUnaryReactor* GetNeed(grpc::CallbackServerContext* ctx, const v1::GetNeedRequest* req,
                                    v1::Need* resp) override;
  grpc::ServerUnaryReactor* ListNeeds(grpc::CallbackServerContext* ctx,
                                      const v1::ListNeedsRequest* req,
                                      v1::ListNeedsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateNeed(grpc::CallbackServerContext* ctx,
                                       const v1::CreateNeedRequest* req, v1::Need* resp) override;
  grpc::ServerUnaryReactor* UpdateNeed(grpc::CallbackServerContext* ctx,
                                       const v1::UpdateNeedRequest* req, v1::Need* resp) override;
  grpc::ServerUnaryReactor* DeleteNeed(grpc::CallbackServerContext* ctx,
                                       const v1::DeleteNeedRequest* req, v1::Need* resp) override;
  grpc::ServerUnaryReactor* GetPrioritisationRound(grpc::CallbackServerContext* ctx,
                                                   const v1::GetPrioritisationRoundRequest* req,
                                                   v1::PrioritisationRound* resp) override;
  grpc::ServerUnaryReactor* ListPrioritisationRounds(
      grpc::CallbackServerContext* ctx, const v1::ListPrioritisationRoundsRequest* req,
      v1::ListPrioritisationRoundsResponse* resp) override;
  grpc::ServerUnaryReactor* CreatePrioritisationRound(
      grpc::CallbackServerContext* ctx, const v1::CreatePrioritisationRoundRequest* req,
      v1::PrioritisationRound* resp) override;
  grpc::ServerUnaryReactor* UpdatePrioritisationRound(
      grpc::CallbackServerContext* ctx, const v1::UpdatePrioritisationRoundRequest* req,
      v1::PrioritisationRound* resp) override;
  grpc::ServerUnaryReactor* DeletePrioritisationRound(
      grpc::CallbackServerContext* ctx, const v1::DeletePrioritisationRoundRequest* req,
      v1::PrioritisationRound* resp) override;
  grpc::ServerUnaryReactor* ClosePrioritisationRound(grpc::CallbackServerContext* ctx,
                                                     const v1::ClosePrioritisationRoundRequest* req,
                                                     v1::PrioritisationRound* resp) override;
  grpc::ServerUnaryReactor* CastVote(grpc::CallbackServerContext* ctx,
                                     const v1::CastVoteRequest* req, v1::Vote* resp) override;
  grpc::ServerUnaryReactor* WithdrawVote(grpc::CallbackServerContext* ctx,
                                         const v1::WithdrawVoteRequest* req,
                                         v1::Vote* resp) override;
  grpc::ServerUnaryReactor* GetVote(grpc::CallbackServerContext* ctx, const v1::GetVoteRequest* req,
                                    v1::Vote* resp) override;
  grpc::ServerUnaryReactor* ListVotes(grpc::CallbackServerContext* ctx,
                                      const v1::ListVotesRequest* req,
                                      v1::ListVotesResponse* resp) override;
  grpc::ServerUnaryReactor* GetPlanAction(grpc::CallbackServerContext* ctx,
                                          const v1::GetPlanActionRequest* req,
                                          v1::PlanAction* resp) override;
  grpc::ServerUnaryReactor* ListPlanActions(grpc::CallbackServerContext* ctx,
                                            const v1::ListPlanActionsRequest* req,
                                            v1::ListPlanActionsResponse* resp) override;
  grpc::ServerUnaryReactor* CreatePlanAction(grpc::CallbackServerContext* ctx,
                                             const v1::CreatePlanActionRequest* req,
                                             v1::PlanAction* resp) override;
  grpc::ServerUnaryReactor* UpdatePlanAction(grpc::CallbackServerContext* ctx,
                                             const v1::UpdatePlanActionRequest* req,
                                             v1::PlanAction* resp) override;
  grpc::ServerUnaryReactor* DeletePlanAction(grpc::CallbackServerContext* ctx,
                                             const v1::DeletePlanActionRequest* req,
                                             v1::PlanAction* resp) override;
  grpc::ServerUnaryReactor* FundPlanAction(grpc::CallbackServerContext* ctx,
                                           const v1::PlanActionTransitionRequest* req,
                                           v1::PlanAction* resp) override;
  grpc::ServerUnaryReactor* StartPlanAction(grpc::CallbackServerContext* ctx,
                                            const v1::PlanActionTransitionRequest* req,
                                            v1::PlanAction* resp) override;
  grpc::ServerUnaryReactor* CompletePlanAction(grpc::CallbackServerContext* ctx,
                                               const v1::PlanActionTransitionRequest* req,
                                               v1::PlanAction* resp) override;
  grpc::ServerUnaryReactor* CancelPlanAction(grpc::CallbackServerContext* ctx,
                                             const v1::PlanActionTransitionRequest* req,
                                             v1::PlanAction* resp) override;

  grpc::ServerUnaryReactor* GetTerritoryCalendar(grpc::CallbackServerContext* ctx,
                                                 const v1::GetTerritoryCalendarRequest* req,
                                                 google::api::HttpBody* resp) override;

  // Pulls for the warehouse (advocacy_grpc_pulls.cc).
  grpc::ServerUnaryReactor* GetAdvocacyCursor(grpc::CallbackServerContext* ctx,
                                              const v1::GetAdvocacyCursorRequest* req,
                                              v1::AdvocacyCursor* resp) override;
  grpc::ServerWriteReactor<v1::Campaign>* PullCampaigns(grpc::CallbackServerContext* ctx,
                                                        const v1::PullRequest* req) override;
  grpc::ServerWriteReactor<google::api::HttpBody>* PullCampaignsCsv(
      grpc::CallbackServerContext* ctx, const v1::PullRequest* req) override;
  grpc::ServerWriteReactor<v1::Activity>* PullActivities(grpc::CallbackServerContext* ctx,
                                                         const v1::PullRequest* req) override;
  grpc::ServerWriteReactor<google::api::HttpBody>* PullActivitiesCsv(
      grpc::CallbackServerContext* ctx, const v1::PullRequest* req) override;
  grpc::ServerWriteReactor<v1::Commitment>* PullCommitments(grpc::CallbackServerContext* ctx,
                                                            const v1::PullRequest* req) override;
  grpc::ServerWriteReactor<google::api::HttpBody>* PullCommitmentsCsv(
      grpc::CallbackServerContext* ctx, const v1::PullRequest* req) override;
  grpc::ServerWriteReactor<v1::PlanningCycle>* PullPlanningCycles(
      grpc::CallbackServerContext* ctx, const v1::PullRequest* req) override;
  grpc::ServerWriteReactor<google::api::HttpBody>* PullPlanningCyclesCsv(
      grpc::CallbackServerContext* ctx, const v1::PullRequest* req) override;
  grpc::ServerWriteReactor<v1::PlanAction>* PullPlanActions(grpc::CallbackServerContext* ctx,
                                                            const v1::PullRequest* req) override;
  grpc::ServerWriteReactor<google::api::HttpBody>* PullPlanActionsCsv(
      grpc::CallbackServerContext* ctx, const v1::PullRequest* req) override;

 private:
  PullPageMaker<v1::Campaign> CampaignPages();
  AdvocacyRecords* const records_;
  UnaryCalls calls_;
};

}  // namespace civitas::advocacy
