#include "services/grants/api/grants_grpc_service.h"

#include "libs/common/grpc_status.h"
#include "libs/common/status_macros.h"
#include "libs/records/list_messages.h"
#include "libs/server/correlation_id.h"
#include "libs/server/export_reactor.h"
#include "libs/server/http_body_chunks.h"

namespace civitas::grants {

using records::ListQuery;

// --- Programmes ---

grpc::ServerUnaryReactor* GrantsGrpcService::GetProgramme(grpc::CallbackServerContext* ctx,
                                                          const v1::GetProgrammeRequest* req,
                                                          v1::Programme* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->programmes.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ListProgrammes(grpc::CallbackServerContext* ctx,
                                                            const v1::ListProgrammesRequest* req,
                                                            v1::ListProgrammesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListProgrammesResponse> {
        ASSIGN_OR_RETURN(auto page, records_->programmes.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListProgrammesResponse::mutable_programmes);
      });
}

grpc::ServerUnaryReactor* GrantsGrpcService::CreateProgramme(grpc::CallbackServerContext* ctx,
                                                             const v1::CreateProgrammeRequest* req,
                                                             v1::Programme* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->programmes.CreateAsync(r, req->programme(), req->programme_id(), req->request_id(),
                                     std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::UpdateProgramme(grpc::CallbackServerContext* ctx,
                                                             const v1::UpdateProgrammeRequest* req,
                                                             v1::Programme* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->programmes.Update(r, req->programme(), req->update_mask());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::DeleteProgramme(grpc::CallbackServerContext* ctx,
                                                             const v1::DeleteProgrammeRequest* req,
                                                             v1::Programme* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->programmes.Delete(r, req->name(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::OpenProgramme(grpc::CallbackServerContext* ctx,
                                                           const v1::ProgrammeActionRequest* req,
                                                           v1::Programme* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->publication.OpenProgramme(r, req->name(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::CloseProgramme(grpc::CallbackServerContext* ctx,
                                                            const v1::ProgrammeActionRequest* req,
                                                            v1::Programme* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->publication.CloseProgramme(r, req->name(), req->etag());
  });
}

// --- Calls ---

grpc::ServerUnaryReactor* GrantsGrpcService::GetCall(grpc::CallbackServerContext* ctx,
                                                     const v1::GetCallRequest* req,
                                                     v1::Call* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->calls.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ListCalls(grpc::CallbackServerContext* ctx,
                                                       const v1::ListCallsRequest* req,
                                                       v1::ListCallsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListCallsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->calls.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page), &v1::ListCallsResponse::mutable_calls);
      });
}

grpc::ServerUnaryReactor* GrantsGrpcService::CreateCall(grpc::CallbackServerContext* ctx,
                                                        const v1::CreateCallRequest* req,
                                                        v1::Call* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->calls.CreateAsync(r, req->call(), req->call_id(), req->request_id(), std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::UpdateCall(grpc::CallbackServerContext* ctx,
                                                        const v1::UpdateCallRequest* req,
                                                        v1::Call* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->calls.Update(r, req->call(), req->update_mask());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::DeleteCall(grpc::CallbackServerContext* ctx,
                                                        const v1::DeleteCallRequest* req,
                                                        v1::Call* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->calls.Delete(r, req->name(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::PublishCall(grpc::CallbackServerContext* ctx,
                                                         const v1::CallActionRequest* req,
                                                         v1::Call* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->publication.PublishCall(r, req->name(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::CloseCall(grpc::CallbackServerContext* ctx,
                                                       const v1::CallActionRequest* req,
                                                       v1::Call* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->publication.CloseCall(r, req->name(), req->etag());
  });
}

// --- Applications ---

grpc::ServerUnaryReactor* GrantsGrpcService::GetApplication(grpc::CallbackServerContext* ctx,
                                                            const v1::GetApplicationRequest* req,
                                                            v1::Application* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->applications.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ListApplications(
    grpc::CallbackServerContext* ctx, const v1::ListApplicationsRequest* req,
    v1::ListApplicationsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListApplicationsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->applications.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListApplicationsResponse::mutable_applications);
      });
}

grpc::ServerUnaryReactor* GrantsGrpcService::CreateApplication(
    grpc::CallbackServerContext* ctx, const v1::CreateApplicationRequest* req,
    v1::Application* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->applications.CreateAsync(r, req->application(), req->application_id(),
                                       req->request_id(), std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::UpdateApplication(
    grpc::CallbackServerContext* ctx, const v1::UpdateApplicationRequest* req,
    v1::Application* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->applications.Update(r, req->application(), req->update_mask());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::SubmitApplication(
    grpc::CallbackServerContext* ctx, const v1::ApplicationActionRequest* req,
    v1::Application* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->submission.Submit(r, req->name(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::WithdrawApplication(
    grpc::CallbackServerContext* ctx, const v1::ApplicationActionRequest* req,
    v1::Application* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->decisions.Withdraw(r, req->name(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::OverrideEligibility(
    grpc::CallbackServerContext* ctx, const v1::OverrideEligibilityRequest* req,
    v1::Application* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->decisions.OverrideEligibility(r, req->name(), req->eligible(), req->reason(),
                                                   req->etag());
  });
}

// --- Reviews ---

grpc::ServerUnaryReactor* GrantsGrpcService::CreateReview(grpc::CallbackServerContext* ctx,
                                                          const v1::CreateReviewRequest* req,
                                                          v1::Review* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->reviews.CreateAsync(r, req->review(), req->review_id(), req->request_id(),
                                  std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::GetReview(grpc::CallbackServerContext* ctx,
                                                       const v1::GetReviewRequest* req,
                                                       v1::Review* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->reviews.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ListReviews(grpc::CallbackServerContext* ctx,
                                                         const v1::ListReviewsRequest* req,
                                                         v1::ListReviewsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListReviewsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->reviews.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page), &v1::ListReviewsResponse::mutable_reviews);
      });
}

grpc::ServerUnaryReactor* GrantsGrpcService::DeclareConflictOfInterest(
    grpc::CallbackServerContext* ctx, const v1::DeclareConflictOfInterestRequest* req,
    v1::Review* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->review_workflow.DeclareConflictOfInterest(
        r, req->name(), req->conflict_of_interest(), req->conflict_statement(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::SubmitReview(grpc::CallbackServerContext* ctx,
                                                          const v1::SubmitReviewRequest* req,
                                                          v1::Review* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    v1::Review scored;
    *scored.mutable_scores() = req->scores();
    scored.set_comment(req->comment());
    return records_->review_workflow.Submit(r, req->name(), scored, req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ReassignReview(grpc::CallbackServerContext* ctx,
                                                            const v1::ReassignReviewRequest* req,
                                                            v1::Review* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->review_workflow.Reassign(r, req->name(), req->reviewer());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::RankApplications(
    grpc::CallbackServerContext* ctx, const v1::RankApplicationsRequest* req,
    v1::RankApplicationsResponse* resp) {
  return calls_.Inline(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->review_workflow.Rank(r, req->call());
  });
}

// --- Decisions ---

grpc::ServerUnaryReactor* GrantsGrpcService::AwardApplication(
    grpc::CallbackServerContext* ctx, const v1::AwardApplicationRequest* req, v1::Grant* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->decisions.Award(r, *req);
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::RejectApplication(
    grpc::CallbackServerContext* ctx, const v1::DecideApplicationRequest* req,
    v1::Application* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->decisions.Reject(r, req->name(), req->reason(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ReserveApplication(
    grpc::CallbackServerContext* ctx, const v1::DecideApplicationRequest* req,
    v1::Application* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->decisions.Reserve(r, req->name(), req->reason(), req->etag());
  });
}

// --- Grants ---

grpc::ServerUnaryReactor* GrantsGrpcService::GetGrant(grpc::CallbackServerContext* ctx,
                                                      const v1::GetGrantRequest* req,
                                                      v1::Grant* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->grants.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ListGrants(grpc::CallbackServerContext* ctx,
                                                        const v1::ListGrantsRequest* req,
                                                        v1::ListGrantsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListGrantsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->grants.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page), &v1::ListGrantsResponse::mutable_grants);
      });
}

grpc::ServerUnaryReactor* GrantsGrpcService::PayTranche(grpc::CallbackServerContext* ctx,
                                                        const v1::PayTrancheRequest* req,
                                                        v1::Grant* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->payments.PayTranche(r, req->name(), req->tranche_number(), req->date(),
                                         req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::RecordReturn(grpc::CallbackServerContext* ctx,
                                                          const v1::RecordReturnRequest* req,
                                                          v1::Grant* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->payments.RecordReturn(r, req->name(), req->amount(), req->date(),
                                           req->description(), req->etag(), req->request_id());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::CloseGrant(grpc::CallbackServerContext* ctx,
                                                        const v1::CloseGrantRequest* req,
                                                        v1::Grant* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->payments.Close(r, req->name(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ListOverdueReports(
    grpc::CallbackServerContext* ctx, const v1::ListOverdueReportsRequest* req,
    v1::ListOverdueReportsResponse* resp) {
  return calls_.Inline(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->payments.OverdueReports(r, req->programme());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ListGrantsAtRisk(
    grpc::CallbackServerContext* ctx, const v1::ListGrantsAtRiskRequest* req,
    v1::ListGrantsAtRiskResponse* resp) {
  // On the writers: one call to the accreditation service per grant and required type.
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->at_risk.List(r, req->programme());
  });
}

// --- Reports ---

grpc::ServerUnaryReactor* GrantsGrpcService::CreateReport(grpc::CallbackServerContext* ctx,
                                                          const v1::CreateReportRequest* req,
                                                          v1::Report* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->reports.CreateAsync(r, req->report(), req->report_id(), req->request_id(),
                                  std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::GetReport(grpc::CallbackServerContext* ctx,
                                                       const v1::GetReportRequest* req,
                                                       v1::Report* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->reports.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ListReports(grpc::CallbackServerContext* ctx,
                                                         const v1::ListReportsRequest* req,
                                                         v1::ListReportsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListReportsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->reports.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page), &v1::ListReportsResponse::mutable_reports);
      });
}

grpc::ServerUnaryReactor* GrantsGrpcService::UpdateReport(grpc::CallbackServerContext* ctx,
                                                          const v1::UpdateReportRequest* req,
                                                          v1::Report* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->reports.Update(r, req->report(), req->update_mask());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::SubmitReport(grpc::CallbackServerContext* ctx,
                                                          const v1::ReportActionRequest* req,
                                                          v1::Report* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->report_workflow.Submit(r, req->name(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::AcceptReport(grpc::CallbackServerContext* ctx,
                                                          const v1::ReviewReportRequest* req,
                                                          v1::Report* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->report_workflow.Accept(r, req->name(), req->comment(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::RequestReportRevision(
    grpc::CallbackServerContext* ctx, const v1::ReviewReportRequest* req, v1::Report* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->report_workflow.RequestRevision(r, req->name(), req->comment(), req->etag());
  });
}

// --- Traceability ---

grpc::ServerUnaryReactor* GrantsGrpcService::GetCascade(grpc::CallbackServerContext* ctx,
                                                        const v1::GetCascadeRequest* req,
                                                        v1::Cascade* resp) {
  return calls_.Inline(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->cascade.Cascade(r, req->name());
  });
}

// --- Exports ---

grpc::ServerWriteReactor<google::api::HttpBody>* GrantsGrpcService::Export(
    grpc::CallbackServerContext* ctx, const v1::ExportGrantsRequest* req,
    GrantExportFormat format) {
  absl::StatusOr<Principal> principal = calls_.Authenticate(*ctx);
  if (!principal.ok()) {
    return new FailedExport<google::api::HttpBody>(ToGrpcStatus(principal.status()));
  }
  // Each page in bounded messages; the document's opening leads the first and its closing follows
  // the last.
  auto document =
      std::make_shared<GrantDocument>(format, exporter_->settings().grant_prefix, clock_->Now());
  auto convert = [document](std::vector<ExportedGrant> page, bool first) {
    return HttpBodyChunks(document->content_type(), document->Page(page, first));
  };
  auto trailer = [document] {
    std::string closing = document->Finish();
    return closing.empty() ? std::vector<google::api::HttpBody>{}
                           : HttpBodyChunks(document->content_type(), closing);
  };
  auto cache = std::make_shared<ExportCache>();
  cache->with_results = format == GrantExportFormat::kIatiXml;
  return new ExportReactor<ExportedGrant, google::api::HttpBody>(
      [this, p = *principal, cache, call = CallContextOf(*ctx)](const ListQuery& q) {
        // Each page is a request of its own: what it read is not kept for the next.
        return exporter_->Page(records::Request(p, call), q, cache.get());
      },
      convert, ListQuery{0, "", req->filter(), "", false}, calls_.logger(), trailer);
}

grpc::ServerWriteReactor<google::api::HttpBody>* GrantsGrpcService::ExportGrants360Giving(
    grpc::CallbackServerContext* ctx, const v1::ExportGrantsRequest* req) {
  return Export(ctx, req, GrantExportFormat::k360GivingJson);
}

grpc::ServerWriteReactor<google::api::HttpBody>* GrantsGrpcService::ExportGrants360GivingCsv(
    grpc::CallbackServerContext* ctx, const v1::ExportGrantsRequest* req) {
  return Export(ctx, req, GrantExportFormat::k360GivingCsv);
}

grpc::ServerWriteReactor<google::api::HttpBody>* GrantsGrpcService::ExportGrantsIati(
    grpc::CallbackServerContext* ctx, const v1::ExportGrantsRequest* req) {
  return Export(ctx, req, GrantExportFormat::kIatiXml);
}

}  // namespace civitas::grants
