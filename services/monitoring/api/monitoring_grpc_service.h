// The gRPC face of the monitoring service: each RPC maps its request to a record service or use
// case (MonitoringRecords) and runs it through UnaryCalls (authentication, threading, one status
// mapping). No storage or domain logic here.
#pragma once

#include "civitas/monitoring/v1/monitoring_service.grpc.pb.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/common/json_log.h"
#include "libs/server/blocking_executor.h"
#include "libs/server/unary_calls.h"
#include "services/monitoring/app/monitoring_records.h"

namespace civitas::monitoring {

// Thread-safe; owns nothing.
class MonitoringGrpcService final : public v1::MonitoringService::CallbackService {
 public:
  // Reads run on the gRPC thread that received them; writes run on `writers`, whose threads may
  // wait on Redis (and its fsync) without holding up gRPC.
  // A pull renders its next page on `pull_readers` while the page before is sent, and reads the
  // store's part of the page after that on `pull_fetchers` meanwhile. Every call but an
  // operation's progress is noted in `activity` (imports write shorter stretches meanwhile).
  MonitoringGrpcService(MonitoringRecords* records, const GrpcAuthenticator* authenticator,
                        JsonLogger* logger, BlockingExecutor* writers,
                        BlockingExecutor* pull_readers, BlockingExecutor* pull_fetchers,
                        RequestActivity* activity = nullptr)
      : records_(records),
        calls_(authenticator, logger, writers, activity),
        operation_calls_(authenticator, logger, writers),
        pull_readers_(pull_readers),
        pull_fetchers_(pull_fetchers) {}

  grpc::ServerUnaryReactor* GetCategory(grpc::CallbackServerContext* ctx,
                                        const v1::GetCategoryRequest* req,
                                        v1::Category* resp) override;
  grpc::ServerUnaryReactor* ListCategories(grpc::CallbackServerContext* ctx,
                                           const v1::ListCategoriesRequest* req,
                                           v1::ListCategoriesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateCategory(grpc::CallbackServerContext* ctx,
                                           const v1::CreateCategoryRequest* req,
                                           v1::Category* resp) override;
  grpc::ServerUnaryReactor* UpdateCategory(grpc::CallbackServerContext* ctx,
                                           const v1::UpdateCategoryRequest* req,
                                           v1::Category* resp) override;
  grpc::ServerUnaryReactor* DeleteCategory(grpc::CallbackServerContext* ctx,
                                           const v1::DeleteCategoryRequest* req,
                                           v1::Category* resp) override;
  grpc::ServerUnaryReactor* GetIndicator(grpc::CallbackServerContext* ctx,
                                         const v1::GetIndicatorRequest* req,
                                         v1::Indicator* resp) override;
  grpc::ServerUnaryReactor* ListIndicators(grpc::CallbackServerContext* ctx,
                                           const v1::ListIndicatorsRequest* req,
                                           v1::ListIndicatorsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateIndicator(grpc::CallbackServerContext* ctx,
                                            const v1::CreateIndicatorRequest* req,
                                            v1::Indicator* resp) override;
  grpc::ServerUnaryReactor* UpdateIndicator(grpc::CallbackServerContext* ctx,
                                            const v1::UpdateIndicatorRequest* req,
                                            v1::Indicator* resp) override;
  grpc::ServerUnaryReactor* DeleteIndicator(grpc::CallbackServerContext* ctx,
                                            const v1::DeleteIndicatorRequest* req,
                                            v1::Indicator* resp) override;
  grpc::ServerUnaryReactor* GetDataSet(grpc::CallbackServerContext* ctx,
                                       const v1::GetDataSetRequest* req,
                                       v1::DataSet* resp) override;
  grpc::ServerUnaryReactor* ListDataSets(grpc::CallbackServerContext* ctx,
                                         const v1::ListDataSetsRequest* req,
                                         v1::ListDataSetsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateDataSet(grpc::CallbackServerContext* ctx,
                                          const v1::CreateDataSetRequest* req,
                                          v1::DataSet* resp) override;
  grpc::ServerUnaryReactor* UpdateDataSet(grpc::CallbackServerContext* ctx,
                                          const v1::UpdateDataSetRequest* req,
                                          v1::DataSet* resp) override;
  grpc::ServerUnaryReactor* DeleteDataSet(grpc::CallbackServerContext* ctx,
                                          const v1::DeleteDataSetRequest* req,
                                          v1::DataSet* resp) override;

  grpc::ServerUnaryReactor* GetTarget(grpc::CallbackServerContext* ctx,
                                      const v1::GetTargetRequest* req, v1::Target* resp) override;
  grpc::ServerUnaryReactor* ListTargets(grpc::CallbackServerContext* ctx,
                                        const v1::ListTargetsRequest* req,
                                        v1::ListTargetsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateTarget(grpc::CallbackServerContext* ctx,
                                         const v1::CreateTargetRequest* req,
                                         v1::Target* resp) override;
  grpc::ServerUnaryReactor* UpdateTarget(grpc::CallbackServerContext* ctx,
                                         const v1::UpdateTargetRequest* req,
                                         v1::Target* resp) override;
  grpc::ServerUnaryReactor* DeleteTarget(grpc::CallbackServerContext* ctx,
                                         const v1::DeleteTargetRequest* req,
                                         v1::Target* resp) override;

  grpc::ServerUnaryReactor* SetDataValues(grpc::CallbackServerContext* ctx,
                                          const v1::SetDataValuesRequest* req,
                                          v1::Submission* resp) override;
  grpc::ServerUnaryReactor* GetSubmission(grpc::CallbackServerContext* ctx,
                                          const v1::GetSubmissionRequest* req,
                                          v1::Submission* resp) override;
  grpc::ServerUnaryReactor* ListSubmissions(grpc::CallbackServerContext* ctx,
                                            const v1::ListSubmissionsRequest* req,
                                            v1::ListSubmissionsResponse* resp) override;
  grpc::ServerUnaryReactor* ApproveSubmission(grpc::CallbackServerContext* ctx,
                                              const v1::SubmissionActionRequest* req,
                                              v1::Submission* resp) override;
  grpc::ServerUnaryReactor* AcceptSubmission(grpc::CallbackServerContext* ctx,
                                             const v1::SubmissionActionRequest* req,
                                             v1::Submission* resp) override;
  grpc::ServerUnaryReactor* UnapproveSubmission(grpc::CallbackServerContext* ctx,
                                                const v1::SubmissionActionRequest* req,
                                                v1::Submission* resp) override;
  grpc::ServerUnaryReactor* UnacceptSubmission(grpc::CallbackServerContext* ctx,
                                               const v1::SubmissionActionRequest* req,
                                               v1::Submission* resp) override;

  grpc::ServerUnaryReactor* DecideApproval(grpc::CallbackServerContext* ctx,
                                           const v1::DecideApprovalRequest* req,
                                           v1::Submission* resp) override;
  grpc::ServerUnaryReactor* GetCompleteness(grpc::CallbackServerContext* ctx,
                                            const v1::GetCompletenessRequest* req,
                                            v1::Completeness* resp) override;

  grpc::ServerUnaryReactor* GetAnalytics(grpc::CallbackServerContext* ctx,
                                         const v1::GetAnalyticsRequest* req,
                                         v1::Analytics* resp) override;
  grpc::ServerUnaryReactor* BatchGetResults(grpc::CallbackServerContext* ctx,
                                            const v1::BatchGetResultsRequest* req,
                                            v1::BatchGetResultsResponse* resp) override;
  grpc::ServerUnaryReactor* GetDataValueCursor(grpc::CallbackServerContext* ctx,
                                               const v1::GetDataValueCursorRequest* req,
                                               v1::DataValueCursor* resp) override;
  grpc::ServerWriteReactor<v1::DataValueRecord>* PullDataValues(
      grpc::CallbackServerContext* ctx, const v1::PullDataValuesRequest* req) override;
  grpc::ServerWriteReactor<google::api::HttpBody>* PullDataValueLines(
      grpc::CallbackServerContext* ctx, const v1::PullDataValuesRequest* req) override;
  grpc::ServerWriteReactor<google::api::HttpBody>* PullDataValueSets(
      grpc::CallbackServerContext* ctx, const v1::PullDataValuesRequest* req) override;
  grpc::ServerWriteReactor<google::api::HttpBody>* PullDataValuesCsv(
      grpc::CallbackServerContext* ctx, const v1::PullDataValuesRequest* req) override;
  grpc::ServerReadReactor<v1::ImportDataValuesRequest>* ImportDataValues(
      grpc::CallbackServerContext* ctx, google::longrunning::Operation* resp) override;
  grpc::ServerUnaryReactor* GetOperation(grpc::CallbackServerContext* ctx,
                                         const google::longrunning::GetOperationRequest* req,
                                         google::longrunning::Operation* resp) override;

 private:
  enum class PullFormat { kRecords, kLines, kDataValueSetsJson, kCsv };
  // A pull's pages as `Message`s (the records, or the document's chunks in `format`).
  template <typename Message>
  grpc::ServerWriteReactor<Message>* Pull(grpc::CallbackServerContext* ctx,
                                          const v1::PullDataValuesRequest& req, PullFormat format);

  MonitoringRecords* const records_;
  UnaryCalls calls_;
  // An import's own client polling its progress is not a caller waiting behind the import.
  UnaryCalls operation_calls_;
  BlockingExecutor* const pull_readers_;
  BlockingExecutor* const pull_fetchers_;
};

}  // namespace civitas::monitoring
