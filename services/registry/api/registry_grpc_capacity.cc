// RegistryGrpcService's capacity development methods: training programmes, their events and a
// programme's cohort figures, each mapped to its use case of RegistryRecords.
#include <utility>

#include "libs/common/status_macros.h"
#include "libs/records/list_messages.h"
#include "services/registry/api/registry_grpc_service.h"

namespace civitas::registry {

grpc::ServerUnaryReactor* RegistryGrpcService::GetTrainingProgramme(
    grpc::CallbackServerContext* ctx, const v1::GetTrainingProgrammeRequest* req,
    v1::TrainingProgramme* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::TrainingProgramme> {
        return records_->training_programmes.Get(r, req->name());
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::ListTrainingProgrammes(
    grpc::CallbackServerContext* ctx, const v1::ListTrainingProgrammesRequest* req,
    v1::ListTrainingProgrammesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListTrainingProgrammesResponse> {
        ASSIGN_OR_RETURN(auto page,
                         records_->training_programmes.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(
            std::move(page), &v1::ListTrainingProgrammesResponse::mutable_training_programmes);
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::CreateTrainingProgramme(
    grpc::CallbackServerContext* ctx, const v1::CreateTrainingProgrammeRequest* req,
    v1::TrainingProgramme* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::TrainingProgramme> {
        return records_->training_programmes.Create(
            r, req->training_programme(), req->training_programme_id(), req->request_id());
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::UpdateTrainingProgramme(
    grpc::CallbackServerContext* ctx, const v1::UpdateTrainingProgrammeRequest* req,
    v1::TrainingProgramme* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::TrainingProgramme> {
        return records_->training_programmes.Update(r, req->training_programme(),
                                                    req->update_mask());
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::DeleteTrainingProgramme(
    grpc::CallbackServerContext* ctx, const v1::DeleteTrainingProgrammeRequest* req,
    v1::TrainingProgramme* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::TrainingProgramme> {
        return records_->training_programmes.Delete(r, req->name(), req->etag());
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::GetTrainingEvent(
    grpc::CallbackServerContext* ctx, const v1::GetTrainingEventRequest* req,
    v1::TrainingEvent* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::TrainingEvent> {
                         return records_->training_events.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* RegistryGrpcService::ListTrainingEvents(
    grpc::CallbackServerContext* ctx, const v1::ListTrainingEventsRequest* req,
    v1::ListTrainingEventsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListTrainingEventsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->training_events.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListTrainingEventsResponse::mutable_training_events);
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::CreateTrainingEvent(
    grpc::CallbackServerContext* ctx, const v1::CreateTrainingEventRequest* req,
    v1::TrainingEvent* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::TrainingEvent> {
        return records_->training_events.Create(r, req->training_event(), req->training_event_id(),
                                                req->request_id());
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::UpdateTrainingEvent(
    grpc::CallbackServerContext* ctx, const v1::UpdateTrainingEventRequest* req,
    v1::TrainingEvent* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::TrainingEvent> {
        return records_->training_events.Update(r, req->training_event(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::DeleteTrainingEvent(
    grpc::CallbackServerContext* ctx, const v1::DeleteTrainingEventRequest* req,
    v1::TrainingEvent* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::TrainingEvent> {
        return records_->training_events.Delete(r, req->name(), req->etag());
      });
}

grpc::ServerUnaryReactor* RegistryGrpcService::GetCohortFigures(
    grpc::CallbackServerContext* ctx, const v1::GetCohortFiguresRequest* req,
    v1::CohortFigures* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::CohortFigures> {
        return records_->cohorts.Of(r, req->name());
      });
}

}  // namespace civitas::registry
