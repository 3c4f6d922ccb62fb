#include "services/monitoring/api/monitoring_grpc_service.h"

#include <utility>

#include "libs/common/status_macros.h"
#include "libs/records/list_messages.h"

namespace civitas::monitoring {

grpc::ServerUnaryReactor* MonitoringGrpcService::GetCategory(grpc::CallbackServerContext* ctx,
                                                             const v1::GetCategoryRequest* req,
                                                             v1::Category* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Category> {
                         return records_->categories.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::ListCategories(
    grpc::CallbackServerContext* ctx, const v1::ListCategoriesRequest* req,
    v1::ListCategoriesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListCategoriesResponse> {
        ASSIGN_OR_RETURN(auto page, records_->categories.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListCategoriesResponse::mutable_categories);
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::CreateCategory(
    grpc::CallbackServerContext* ctx, const v1::CreateCategoryRequest* req, v1::Category* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Category> {
                            return records_->categories.Create(
                                r, req->category(), req->category_id(), req->request_id());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::UpdateCategory(
    grpc::CallbackServerContext* ctx, const v1::UpdateCategoryRequest* req, v1::Category* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Category> {
        return records_->categories.Update(r, req->category(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::DeleteCategory(
    grpc::CallbackServerContext* ctx, const v1::DeleteCategoryRequest* req, v1::Category* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Category> {
                            return records_->categories.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetIndicator(grpc::CallbackServerContext* ctx,
                                                              const v1::GetIndicatorRequest* req,
                                                              v1::Indicator* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Indicator> {
                         return records_->indicators.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::ListIndicators(
    grpc::CallbackServerContext* ctx, const v1::ListIndicatorsRequest* req,
    v1::ListIndicatorsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListIndicatorsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->indicators.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListIndicatorsResponse::mutable_indicators);
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::CreateIndicator(
    grpc::CallbackServerContext* ctx, const v1::CreateIndicatorRequest* req, v1::Indicator* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Indicator> {
                            return records_->indicators.Create(
                                r, req->indicator(), req->indicator_id(), req->request_id());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::UpdateIndicator(
    grpc::CallbackServerContext* ctx, const v1::UpdateIndicatorRequest* req, v1::Indicator* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Indicator> {
        return records_->indicators.Update(r, req->indicator(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::DeleteIndicator(
    grpc::CallbackServerContext* ctx, const v1::DeleteIndicatorRequest* req, v1::Indicator* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Indicator> {
                            return records_->indicators.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetDataSet(grpc::CallbackServerContext* ctx,
                                                            const v1::GetDataSetRequest* req,
                                                            v1::DataSet* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::DataSet> {
                         return records_->data_sets.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::ListDataSets(grpc::CallbackServerContext* ctx,
                                                              const v1::ListDataSetsRequest* req,
                                                              v1::ListDataSetsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListDataSetsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->data_sets.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListDataSetsResponse::mutable_data_sets);
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::CreateDataSet(grpc::CallbackServerContext* ctx,
                                                               const v1::CreateDataSetRequest* req,
                                                               v1::DataSet* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::DataSet> {
                            return records_->data_sets.Create(
                                r, req->data_set(), req->data_set_id(), req->request_id());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::UpdateDataSet(grpc::CallbackServerContext* ctx,
                                                               const v1::UpdateDataSetRequest* req,
                                                               v1::DataSet* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::DataSet> {
        return records_->data_sets.Update(r, req->data_set(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::DeleteDataSet(grpc::CallbackServerContext* ctx,
                                                               const v1::DeleteDataSetRequest* req,
                                                               v1::DataSet* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::DataSet> {
                            return records_->data_sets.Delete(r, req->name(), req->etag());
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::SetDataValues(grpc::CallbackServerContext* ctx,
                                                               const v1::SetDataValuesRequest* req,
                                                               v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.SetValues(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetSubmission(grpc::CallbackServerContext* ctx,
                                                               const v1::GetSubmissionRequest* req,
                                                               v1::Submission* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                         return records_->submissions.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::ListSubmissions(
    grpc::CallbackServerContext* ctx, const v1::ListSubmissionsRequest* req,
    v1::ListSubmissionsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListSubmissionsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->submissions.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListSubmissionsResponse::mutable_submissions);
      });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::ApproveSubmission(
    grpc::CallbackServerContext* ctx, const v1::SubmissionActionRequest* req,
    v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.Approve(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::AcceptSubmission(
    grpc::CallbackServerContext* ctx, const v1::SubmissionActionRequest* req,
    v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.Accept(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::UnapproveSubmission(
    grpc::CallbackServerContext* ctx, const v1::SubmissionActionRequest* req,
    v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.Unapprove(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::UnacceptSubmission(
    grpc::CallbackServerContext* ctx, const v1::SubmissionActionRequest* req,
    v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.Unaccept(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::DecideApproval(
    grpc::CallbackServerContext* ctx, const v1::DecideApprovalRequest* req, v1::Submission* resp) {
  return calls_.OnWriters(ctx, *req, resp,
                          [this, req](const records::Request& r) -> absl::StatusOr<v1::Submission> {
                            return records_->entry.DecideApproval(r, *req);
                          });
}

grpc::ServerUnaryReactor* MonitoringGrpcService::GetCompleteness(
    grpc::CallbackServerContext* ctx, const v1::GetCompletenessRequest* req,
    v1::Completeness* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Completeness> {
                         return records_->entry.Completeness(r, *req);
                       });
}

}  // namespace civitas::monitoring
