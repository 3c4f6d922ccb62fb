// The gRPC face of the grants service: each RPC maps its request to a use case (GrantsRecords)
// and runs it through UnaryCalls (authentication, threading, one status mapping). No storage or
// domain logic here.
#pragma once

#include "civitas/grants/v1/grants_service.grpc.pb.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/common/json_log.h"
#include "libs/server/blocking_executor.h"
#include "libs/server/unary_calls.h"
#include "services/grants/app/grant_document.h"
#include "services/grants/app/grant_exporter.h"
#include "services/grants/app/grants_records.h"

namespace civitas::grants {

// Thread-safe; owns nothing.
class GrantsGrpcService final : public v1::GrantsService::CallbackService {
 public:
  // Reads run on the gRPC thread that received them; writes run on `writers`, whose threads may
  // wait on Redis (and its fsync) and on the registry without holding up gRPC.
  GrantsGrpcService(GrantsRecords* records, GrantExporter* exporter,
                    const GrpcAuthenticator* authenticator, JsonLogger* logger,
                    BlockingExecutor* writers, const Clock* clock)
      : records_(records),
        exporter_(exporter),
        calls_(authenticator, logger, writers),
        clock_(clock) {}

  grpc::ServerUnaryReactor* GetProgramme(grpc::CallbackServerContext* ctx,
                                         const v1::GetProgrammeRequest* req,
                                         v1::Programme* resp) override;
  grpc::ServerUnaryReactor* ListProgrammes(grpc::CallbackServerContext* ctx,
                                           const v1::ListProgrammesRequest* req,
                                           v1::ListProgrammesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateProgramme(grpc::CallbackServerContext* ctx,
                                            const v1::CreateProgrammeRequest* req,
                                            v1::Programme* resp) override;
  grpc::ServerUnaryReactor* UpdateProgramme(grpc::CallbackServerContext* ctx,
                                            const v1::UpdateProgrammeRequest* req,
                                            v1::Programme* resp) override;
  grpc::ServerUnaryReactor* DeleteProgramme(grpc::CallbackServerContext* ctx,
                                            const v1::DeleteProgrammeRequest* req,
                                            v1::Programme* resp) override;
  grpc::ServerUnaryReactor* OpenProgramme(grpc::CallbackServerContext* ctx,
                                          const v1::ProgrammeActionRequest* req,
                                          v1::Programme* resp) override;
  grpc::ServerUnaryReactor* CloseProgramme(grpc::CallbackServerContext* ctx,
                                           const v1::ProgrammeActionRequest* req,
                                           v1::Programme* resp) override;
  grpc::ServerUnaryReactor* GetCall(grpc::CallbackServerContext* ctx, const v1::GetCallRequest* req,
                                    v1::Call* resp) override;
  grpc::ServerUnaryReactor* ListCalls(grpc::CallbackServerContext* ctx,
                                      const v1::ListCallsRequest* req,
                                      v1::ListCallsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateCall(grpc::CallbackServerContext* ctx,
                                       const v1::CreateCallRequest* req, v1::Call* resp) override;
  grpc::ServerUnaryReactor* UpdateCall(grpc::CallbackServerContext* ctx,
                                       const v1::UpdateCallRequest* req, v1::Call* resp) override;
  grpc::ServerUnaryReactor* DeleteCall(grpc::CallbackServerContext* ctx,
                                       const v1::DeleteCallRequest* req, v1::Call* resp) override;
  grpc::ServerUnaryReactor* PublishCall(grpc::CallbackServerContext* ctx,
                                        const v1::CallActionRequest* req, v1::Call* resp) override;
  grpc::ServerUnaryReactor* CloseCall(grpc::CallbackServerContext* ctx,
                                      const v1::CallActionRequest* req, v1::Call* resp) override;
  grpc::ServerUnaryReactor* GetApplication(grpc::CallbackServerContext* ctx,
                                           const v1::GetApplicationRequest* req,
                                           v1::Application* resp) override;
  grpc::ServerUnaryReactor* ListApplications(grpc::CallbackServerContext* ctx,
                                             const v1::ListApplicationsRequest* req,
                                             v1::ListApplicationsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateApplication(grpc::CallbackServerContext* ctx,
                                              const v1::CreateApplicationRequest* req,
                                              v1::Application* resp) override;
  grpc::ServerUnaryReactor* UpdateApplication(grpc::CallbackServerContext* ctx,
                                              const v1::UpdateApplicationRequest* req,
                                              v1::Application* resp) override;
  grpc::ServerUnaryReactor* SubmitApplication(grpc::CallbackServerContext* ctx,
                                              const v1::ApplicationActionRequest* req,
                                              v1::Application* resp) override;
  grpc::ServerUnaryReactor* WithdrawApplication(grpc::CallbackServerContext* ctx,
                                                const v1::ApplicationActionRequest* req,
                                                v1::Application* resp) override;
  grpc::ServerUnaryReactor* OverrideEligibility(grpc::CallbackServerContext* ctx,
                                                const v1::OverrideEligibilityRequest* req,
                                                v1::Application* resp) override;
  grpc::ServerUnaryReactor* CreateReview(grpc::CallbackServerContext* ctx,
                                         const v1::CreateReviewRequest* req,
                                         v1::Review* resp) override;
  grpc::ServerUnaryReactor* GetReview(grpc::CallbackServerContext* ctx,
                                      const v1::GetReviewRequest* req, v1::Review* resp) override;
  grpc::ServerUnaryReactor* ListReviews(grpc::CallbackServerContext* ctx,
                                        const v1::ListReviewsRequest* req,
                                        v1::ListReviewsResponse* resp) override;
  grpc::ServerUnaryReactor* DeclareConflictOfInterest(
      grpc::CallbackServerContext* ctx, const v1::DeclareConflictOfInterestRequest* req,
      v1::Review* resp) override;
  grpc::ServerUnaryReactor* SubmitReview(grpc::CallbackServerContext* ctx,
                                         const v1::SubmitReviewRequest* req,
                                         v1::Review* resp) override;
  grpc::ServerUnaryReactor* ReassignReview(grpc::CallbackServerContext* ctx,
                                           const v1::ReassignReviewRequest* req,
                                           v1::Review* resp) override;
  grpc::ServerUnaryReactor* RankApplications(grpc::CallbackServerContext* ctx,
                                             const v1::RankApplicationsRequest* req,
                                             v1::RankApplicationsResponse* resp) override;
  grpc::ServerUnaryReactor* AwardApplication(grpc::CallbackServerContext* ctx,
                                             const v1::AwardApplicationRequest* req,
                                             v1::Grant* resp) override;
  grpc::ServerUnaryReactor* RejectApplication(grpc::CallbackServerContext* ctx,
                                              const v1::DecideApplicationRequest* req,
                                              v1::Application* resp) override;
  grpc::ServerUnaryReactor* ReserveApplication(grpc::CallbackServerContext* ctx,
                                               const v1::DecideApplicationRequest* req,
                                               v1::Application* resp) override;
  grpc::ServerUnaryReactor* GetGrant(grpc::CallbackServerContext* ctx,
                                     const v1::GetGrantRequest* req, v1::Grant* resp) override;
  grpc::ServerUnaryReactor* ListGrants(grpc::CallbackServerContext* ctx,
                                       const v1::ListGrantsRequest* req,
                                       v1::ListGrantsResponse* resp) override;
  grpc::ServerUnaryReactor* PayTranche(grpc::CallbackServerContext* ctx,
                                       const v1::PayTrancheRequest* req, v1::Grant* resp) override;
  grpc::ServerUnaryReactor* RecordReturn(grpc::CallbackServerContext* ctx,
                                         const v1::RecordReturnRequest* req,
                                         v1::Grant* resp) override;
  grpc::ServerUnaryReactor* CloseGrant(grpc::CallbackServerContext* ctx,
                                       const v1::CloseGrantRequest* req, v1::Grant* resp) override;
  grpc::ServerUnaryReactor* ListOverdueReports(grpc::CallbackServerContext* ctx,
                                               const v1::ListOverdueReportsRequest* req,
                                               v1::ListOverdueReportsResponse* resp) override;
  grpc::ServerUnaryReactor* ListGrantsAtRisk(grpc::CallbackServerContext* ctx,
                                             const v1::ListGrantsAtRiskRequest* req,
                                             v1::ListGrantsAtRiskResponse* resp) override;
  grpc::ServerUnaryReactor* CreateReport(grpc::CallbackServerContext* ctx,
                                         const v1::CreateReportRequest* req,
                                         v1::Report* resp) override;
  grpc::ServerUnaryReactor* GetReport(grpc::CallbackServerContext* ctx,
                                      const v1::GetReportRequest* req, v1::Report* resp) override;
  grpc::ServerUnaryReactor* ListReports(grpc::CallbackServerContext* ctx,
                                        const v1::ListReportsRequest* req,
                                        v1::ListReportsResponse* resp) override;
  grpc::ServerUnaryReactor* UpdateReport(grpc::CallbackServerContext* ctx,
                                         const v1::UpdateReportRequest* req,
                                         v1::Report* resp) override;
  grpc::ServerUnaryReactor* SubmitReport(grpc::CallbackServerContext* ctx,
                                         const v1::ReportActionRequest* req,
                                         v1::Report* resp) override;
  grpc::ServerUnaryReactor* AcceptReport(grpc::CallbackServerContext* ctx,
                                         const v1::ReviewReportRequest* req,
                                         v1::Report* resp) override;
  grpc::ServerUnaryReactor* RequestReportRevision(grpc::CallbackServerContext* ctx,
                                                  const v1::ReviewReportRequest* req,
                                                  v1::Report* resp) override;

  grpc::ServerUnaryReactor* GetCascade(grpc::CallbackServerContext* ctx,
                                       const v1::GetCascadeRequest* req,
                                       v1::Cascade* resp) override;

  grpc::ServerWriteReactor<google::api::HttpBody>* ExportGrants360Giving(
      grpc::CallbackServerContext* ctx, const v1::ExportGrantsRequest* req) override;
  grpc::ServerWriteReactor<google::api::HttpBody>* ExportGrants360GivingCsv(
      grpc::CallbackServerContext* ctx, const v1::ExportGrantsRequest* req) override;
  grpc::ServerWriteReactor<google::api::HttpBody>* ExportGrantsIati(
      grpc::CallbackServerContext* ctx, const v1::ExportGrantsRequest* req) override;

  // Voucher schemes and vouchers (voucher_grpc_methods.cc).
  grpc::ServerUnaryReactor* GetVoucherScheme(grpc::CallbackServerContext* ctx,
                                             const v1::GetVoucherSchemeRequest* req,
                                             v1::VoucherScheme* resp) override;
  grpc::ServerUnaryReactor* ListVoucherSchemes(grpc::CallbackServerContext* ctx,
                                               const v1::ListVoucherSchemesRequest* req,
                                               v1::ListVoucherSchemesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateVoucherScheme(grpc::CallbackServerContext* ctx,
                                                const v1::CreateVoucherSchemeRequest* req,
                                                v1::VoucherScheme* resp) override;
  grpc::ServerUnaryReactor* UpdateVoucherScheme(grpc::CallbackServerContext* ctx,
                                                const v1::UpdateVoucherSchemeRequest* req,
                                                v1::VoucherScheme* resp) override;
  grpc::ServerUnaryReactor* DeleteVoucherScheme(grpc::CallbackServerContext* ctx,
                                                const v1::DeleteVoucherSchemeRequest* req,
                                                v1::VoucherScheme* resp) override;
  grpc::ServerUnaryReactor* OpenVoucherScheme(grpc::CallbackServerContext* ctx,
                                              const v1::VoucherSchemeActionRequest* req,
                                              v1::VoucherScheme* resp) override;
  grpc::ServerUnaryReactor* CloseVoucherScheme(grpc::CallbackServerContext* ctx,
                                               const v1::VoucherSchemeActionRequest* req,
                                               v1::VoucherScheme* resp) override;
  grpc::ServerUnaryReactor* IssueVoucher(grpc::CallbackServerContext* ctx,
                                         const v1::IssueVoucherRequest* req,
                                         v1::Voucher* resp) override;
  grpc::ServerUnaryReactor* GetVoucher(grpc::CallbackServerContext* ctx,
                                       const v1::GetVoucherRequest* req,
                                       v1::Voucher* resp) override;
  grpc::ServerUnaryReactor* ListVouchers(grpc::CallbackServerContext* ctx,
                                         const v1::ListVouchersRequest* req,
                                         v1::ListVouchersResponse* resp) override;
  grpc::ServerUnaryReactor* RedeemVoucher(grpc::CallbackServerContext* ctx,
                                          const v1::RedeemVoucherRequest* req,
                                          v1::Voucher* resp) override;
  grpc::ServerUnaryReactor* ReimburseVoucher(grpc::CallbackServerContext* ctx,
                                             const v1::ReimburseVoucherRequest* req,
                                             v1::Voucher* resp) override;
  grpc::ServerUnaryReactor* CancelVoucher(grpc::CallbackServerContext* ctx,
                                          const v1::CancelVoucherRequest* req,
                                          v1::Voucher* resp) override;

 private:
  grpc::ServerWriteReactor<google::api::HttpBody>* Export(grpc::CallbackServerContext* ctx,
                                                          const v1::ExportGrantsRequest* req,
                                                          GrantExportFormat format);

  GrantsRecords* const records_;
  GrantExporter* const exporter_;
  UnaryCalls calls_;
  const Clock* const clock_;
};

}  // namespace civitas::grants
