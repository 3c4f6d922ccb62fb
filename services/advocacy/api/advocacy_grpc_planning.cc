// AdvocacyGrpcService's planning methods (Participatory Social Service Planning): each maps its
// request to a use case of AdvocacyRecords, as the campaign methods do.
#include <utility>

#include "libs/common/status_macros.h"
#include "libs/records/list_messages.h"
#include "services/advocacy/api/advocacy_grpc_service.h"

namespace civitas::advocacy {

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetPlanningCycle(
    grpc::CallbackServerContext* ctx, const v1::GetPlanningCycleRequest* req,
    v1::PlanningCycle* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanningCycle> {
                         return records_->cycles.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ListPlanningCycles(
    grpc::CallbackServerContext* ctx, const v1::ListPlanningCyclesRequest* req,
    v1::ListPlanningCyclesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListPlanningCyclesResponse> {
        ASSIGN_OR_RETURN(auto page, records_->cycles.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListPlanningCyclesResponse::mutable_planning_cycles);
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CreatePlanningCycle(
    grpc::CallbackServerContext* ctx, const v1::CreatePlanningCycleRequest* req,
    v1::PlanningCycle* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanningCycle> {
        return records_->cycles.Create(r, req->planning_cycle(), req->planning_cycle_id(),
                                       req->request_id());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::UpdatePlanningCycle(
    grpc::CallbackServerContext* ctx, const v1::UpdatePlanningCycleRequest* req,
    v1::PlanningCycle* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanningCycle> {
        return records_->cycles.Update(r, req->planning_cycle(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::DeletePlanningCycle(
    grpc::CallbackServerContext* ctx, const v1::DeletePlanningCycleRequest* req,
    v1::PlanningCycle* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanningCycle> {
        return records_->cycles.Delete(r, req->name(), req->etag());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::AdvancePlanningCycle(
    grpc::CallbackServerContext* ctx, const v1::AdvancePlanningCycleRequest* req,
    v1::PlanningCycle* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanningCycle> {
        return records_->planning.Advance(r, req->name(), req->etag(), req->state(), req->source());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetPlanProgress(
    grpc::CallbackServerContext* ctx, const v1::GetPlanProgressRequest* req,
    v1::PlanProgress* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanProgress> {
        return records_->progress.Of(r, req->name());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetNeed(grpc::CallbackServerContext* ctx,
                                                       const v1::GetNeedRequest* req,
                                                       v1::Need* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Need> {
                         return records_->needs.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ListNeeds(grpc::CallbackServerContext* ctx,
                                                         const v1::ListNeedsRequest* req,
                                                         v1::ListNeedsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListNeedsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->needs.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page), &v1::ListNeedsResponse::mutable_needs);
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CreateNeed(grpc::CallbackServerContext* ctx,
                                                          const v1::CreateNeedRequest* req,
                                                          v1::Need* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Need> {
        return records_->needs.Create(r, req->need(), req->need_id(), req->request_id());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::UpdateNeed(grpc::CallbackServerContext* ctx,
                                                          const v1::UpdateNeedRequest* req,
                                                          v1::Need* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Need> {
                            return records_->needs.Update(r, req->need(), req->update_mask());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::DeleteNeed(grpc::CallbackServerContext* ctx,
                                                          const v1::DeleteNeedRequest* req,
                                                          v1::Need* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Need> {
                            return records_->needs.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetPrioritisationRound(
    grpc::CallbackServerContext* ctx, const v1::GetPrioritisationRoundRequest* req,
    v1::PrioritisationRound* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::PrioritisationRound> {
        return records_->rounds.Get(r, req->name());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ListPrioritisationRounds(
    grpc::CallbackServerContext* ctx, const v1::ListPrioritisationRoundsRequest* req,
    v1::ListPrioritisationRoundsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this,
       req](const records::Request& r) -> absl::StatusOr<v1::ListPrioritisationRoundsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->rounds.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(
            std::move(page), &v1::ListPrioritisationRoundsResponse::mutable_prioritisation_rounds);
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CreatePrioritisationRound(
    grpc::CallbackServerContext* ctx, const v1::CreatePrioritisationRoundRequest* req,
    v1::PrioritisationRound* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::PrioritisationRound> {
        return records_->rounds.Create(r, req->prioritisation_round(),
                                       req->prioritisation_round_id(), req->request_id());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::UpdatePrioritisationRound(
    grpc::CallbackServerContext* ctx, const v1::UpdatePrioritisationRoundRequest* req,
    v1::PrioritisationRound* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::PrioritisationRound> {
        return records_->rounds.Update(r, req->prioritisation_round(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::DeletePrioritisationRound(
    grpc::CallbackServerContext* ctx, const v1::DeletePrioritisationRoundRequest* req,
    v1::PrioritisationRound* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::PrioritisationRound> {
        return records_->rounds.Delete(r, req->name(), req->etag());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ClosePrioritisationRound(
    grpc::CallbackServerContext* ctx, const v1::ClosePrioritisationRoundRequest* req,
    v1::PrioritisationRound* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::PrioritisationRound> {
        return records_->planning.CloseRound(r, req->name(), req->etag());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CastVote(grpc::CallbackServerContext* ctx,
                                                        const v1::CastVoteRequest* req,
                                                        v1::Vote* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Vote> {
        return records_->vote_box.Cast(r, req->name(), req->need(), req->score());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::WithdrawVote(grpc::CallbackServerContext* ctx,
                                                            const v1::WithdrawVoteRequest* req,
                                                            v1::Vote* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Vote> {
                            return records_->vote_box.Withdraw(r, req->name(), req->need());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetVote(grpc::CallbackServerContext* ctx,
                                                       const v1::GetVoteRequest* req,
                                                       v1::Vote* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Vote> {
                         return records_->votes.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ListVotes(grpc::CallbackServerContext* ctx,
                                                         const v1::ListVotesRequest* req,
                                                         v1::ListVotesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListVotesResponse> {
        ASSIGN_OR_RETURN(auto page, records_->votes.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page), &v1::ListVotesResponse::mutable_votes);
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetPlanAction(grpc::CallbackServerContext* ctx,
                                                             const v1::GetPlanActionRequest* req,
                                                             v1::PlanAction* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanAction> {
                         return records_->plan_actions.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::ListPlanActions(
    grpc::CallbackServerContext* ctx, const v1::ListPlanActionsRequest* req,
    v1::ListPlanActionsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListPlanActionsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->plan_actions.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListPlanActionsResponse::mutable_plan_actions);
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CreatePlanAction(
    grpc::CallbackServerContext* ctx, const v1::CreatePlanActionRequest* req,
    v1::PlanAction* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanAction> {
                            return records_->plan_actions.Create(
                                r, req->plan_action(), req->plan_action_id(), req->request_id());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::UpdatePlanAction(
    grpc::CallbackServerContext* ctx, const v1::UpdatePlanActionRequest* req,
    v1::PlanAction* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanAction> {
        return records_->plan_actions.Update(r, req->plan_action(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::DeletePlanAction(
    grpc::CallbackServerContext* ctx, const v1::DeletePlanActionRequest* req,
    v1::PlanAction* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanAction> {
                            return records_->plan_actions.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::FundPlanAction(
    grpc::CallbackServerContext* ctx, const v1::PlanActionTransitionRequest* req,
    v1::PlanAction* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanAction> {
        return records_->planning.MoveAction(r, req->name(), req->etag(),
                                             PlanningDesk::ActionStep::kFund, req->note());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::StartPlanAction(
    grpc::CallbackServerContext* ctx, const v1::PlanActionTransitionRequest* req,
    v1::PlanAction* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanAction> {
        return records_->planning.MoveAction(r, req->name(), req->etag(),
                                             PlanningDesk::ActionStep::kStart, req->note());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CompletePlanAction(
    grpc::CallbackServerContext* ctx, const v1::PlanActionTransitionRequest* req,
    v1::PlanAction* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanAction> {
        return records_->planning.MoveAction(r, req->name(), req->etag(),
                                             PlanningDesk::ActionStep::kComplete, req->note());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::CancelPlanAction(
    grpc::CallbackServerContext* ctx, const v1::PlanActionTransitionRequest* req,
    v1::PlanAction* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::PlanAction> {
        return records_->planning.MoveAction(r, req->name(), req->etag(),
                                             PlanningDesk::ActionStep::kCancel, req->note());
      });
}

grpc::ServerUnaryReactor* AdvocacyGrpcService::GetTerritoryCalendar(
    grpc::CallbackServerContext* ctx, const v1::GetTerritoryCalendarRequest* req,
    google::api::HttpBody* resp) {
  // Asks the registry whether the territory exists: on the writers' threads.
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<google::api::HttpBody> {
        return records_->territory_calendar.Feed(r, req->territory());
      });
}

}  // namespace civitas::advocacy
