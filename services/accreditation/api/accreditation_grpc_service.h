// The gRPC face of the accreditation service: each RPC maps its request to a use case
// (AccreditationRecords) and runs it through UnaryCalls (authentication, threading, one status
// mapping). No storage or domain logic here.
#pragma once

#include "civitas/accreditation/v1/accreditation_service.grpc.pb.h"
#include "libs/auth/grpc_authenticator.h"
#include "libs/common/json_log.h"
#include "libs/server/blocking_executor.h"
#include "libs/server/unary_calls.h"
#include "services/accreditation/app/accreditation_records.h"

namespace civitas::accreditation {

// Thread-safe; owns nothing.
class AccreditationGrpcService final : public v1::AccreditationService::CallbackService {
 public:
  // Reads run on the gRPC thread that received them; writes run on `writers`, whose threads may
  // wait on Redis (and its fsync) and on the registry without holding up gRPC.
  AccreditationGrpcService(AccreditationRecords* records, const GrpcAuthenticator* authenticator,
                           JsonLogger* logger, BlockingExecutor* writers)
      : records_(records), calls_(authenticator, logger, writers) {}

  grpc::ServerUnaryReactor* GetCountryPolicy(grpc::CallbackServerContext* ctx,
                                             const v1::GetCountryPolicyRequest* req,
                                             v1::CountryPolicy* resp) override;
  grpc::ServerUnaryReactor* ListCountryPolicies(grpc::CallbackServerContext* ctx,
                                                const v1::ListCountryPoliciesRequest* req,
                                                v1::ListCountryPoliciesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateCountryPolicy(grpc::CallbackServerContext* ctx,
                                                const v1::CreateCountryPolicyRequest* req,
                                                v1::CountryPolicy* resp) override;
  grpc::ServerUnaryReactor* UpdateCountryPolicy(grpc::CallbackServerContext* ctx,
                                                const v1::UpdateCountryPolicyRequest* req,
                                                v1::CountryPolicy* resp) override;
  grpc::ServerUnaryReactor* GetStandard(grpc::CallbackServerContext* ctx,
                                        const v1::GetStandardRequest* req,
                                        v1::QualityStandard* resp) override;
  grpc::ServerUnaryReactor* ListStandards(grpc::CallbackServerContext* ctx,
                                          const v1::ListStandardsRequest* req,
                                          v1::ListStandardsResponse* resp) override;
  grpc::ServerUnaryReactor* CreateStandard(grpc::CallbackServerContext* ctx,
                                           const v1::CreateStandardRequest* req,
                                           v1::QualityStandard* resp) override;
  grpc::ServerUnaryReactor* UpdateStandard(grpc::CallbackServerContext* ctx,
                                           const v1::UpdateStandardRequest* req,
                                           v1::QualityStandard* resp) override;
  grpc::ServerUnaryReactor* DeleteStandard(grpc::CallbackServerContext* ctx,
                                           const v1::DeleteStandardRequest* req,
                                           v1::QualityStandard* resp) override;
  grpc::ServerUnaryReactor* PublishStandard(grpc::CallbackServerContext* ctx,
                                            const v1::StandardActionRequest* req,
                                            v1::QualityStandard* resp) override;
  grpc::ServerUnaryReactor* FindStandardInForce(grpc::CallbackServerContext* ctx,
                                                const v1::FindStandardInForceRequest* req,
                                                v1::QualityStandard* resp) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* ctx, const v1::GetCaseRequest* req,
                                    v1::AccreditationCase* resp) override;
  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* ctx,
                                      const v1::ListCasesRequest* req,
                                      v1::ListCasesResponse* resp) override;
  grpc::ServerUnaryReactor* CreateCase(grpc::CallbackServerContext* ctx,
                                       const v1::CreateCaseRequest* req,
                                       v1::AccreditationCase* resp) override;
  grpc::ServerUnaryReactor* UpdateCase(grpc::CallbackServerContext* ctx,
                                       const v1::UpdateCaseRequest* req,
                                       v1::AccreditationCase* resp) override;
  grpc::ServerUnaryReactor* RecordEligibilityVerdicts(
      grpc::CallbackServerContext* ctx, const v1::RecordEligibilityVerdictsRequest* req,
      v1::AccreditationCase* resp) override;
  grpc::ServerUnaryReactor* StartSelfAssessment(grpc::CallbackServerContext* ctx,
                                                const v1::CaseActionRequest* req,
                                                v1::AccreditationCase* resp) override;
  grpc::ServerUnaryReactor* SubmitSelfAssessment(grpc::CallbackServerContext* ctx,
                                                 const v1::SubmitSelfAssessmentRequest* req,
                                                 v1::AccreditationCase* resp) override;
  grpc::ServerUnaryReactor* AssignAssessor(grpc::CallbackServerContext* ctx,
                                           const v1::AssignAssessorRequest* req,
                                           v1::AccreditationCase* resp) override;
  grpc::ServerUnaryReactor* SubmitEvaluation(grpc::CallbackServerContext* ctx,
                                             const v1::SubmitEvaluationRequest* req,
                                             v1::AccreditationCase* resp) override;
  grpc::ServerUnaryReactor* DecideCase(grpc::CallbackServerContext* ctx,
                                       const v1::DecideCaseRequest* req,
                                       v1::AccreditationCase* resp) override;
  grpc::ServerUnaryReactor* CompleteCorrectiveAction(grpc::CallbackServerContext* ctx,
                                                     const v1::CompleteCorrectiveActionRequest* req,
                                                     v1::AccreditationCase* resp) override;
  grpc::ServerUnaryReactor* WithdrawCase(grpc::CallbackServerContext* ctx,
                                         const v1::WithdrawCaseRequest* req,
                                         v1::AccreditationCase* resp) override;
  grpc::ServerUnaryReactor* ListOverdueCorrectiveActions(
      grpc::CallbackServerContext* ctx, const v1::ListOverdueCorrectiveActionsRequest* req,
      v1::ListOverdueCorrectiveActionsResponse* resp) override;
  grpc::ServerUnaryReactor* GetCertificate(grpc::CallbackServerContext* ctx,
                                           const v1::GetCertificateRequest* req,
                                           v1::Certificate* resp) override;
  grpc::ServerUnaryReactor* ListCertificates(grpc::CallbackServerContext* ctx,
                                             const v1::ListCertificatesRequest* req,
                                             v1::ListCertificatesResponse* resp) override;
  grpc::ServerUnaryReactor* SuspendCertificate(grpc::CallbackServerContext* ctx,
                                               const v1::SuspendCertificateRequest* req,
                                               v1::Certificate* resp) override;
  grpc::ServerUnaryReactor* ReinstateCertificate(grpc::CallbackServerContext* ctx,
                                                 const v1::ReinstateCertificateRequest* req,
                                                 v1::Certificate* resp) override;
  grpc::ServerUnaryReactor* WithdrawCertificate(grpc::CallbackServerContext* ctx,
                                                const v1::WithdrawCertificateRequest* req,
                                                v1::Certificate* resp) override;
  grpc::ServerUnaryReactor* CheckAccreditation(grpc::CallbackServerContext* ctx,
                                               const v1::CheckAccreditationRequest* req,
                                               v1::CheckAccreditationResponse* resp) override;
  grpc::ServerUnaryReactor* ListExpiringCertificates(
      grpc::CallbackServerContext* ctx, const v1::ListExpiringCertificatesRequest* req,
      v1::ListExpiringCertificatesResponse* resp) override;

 private:
  AccreditationRecords* const records_;
  UnaryCalls calls_;
};

}  // namespace civitas::accreditation
