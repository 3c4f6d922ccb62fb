#include "services/accreditation/api/accreditation_grpc_service.h"

#include <utility>

#include "libs/common/status_macros.h"
#include "libs/records/list_messages.h"
#include "libs/server/correlation_id.h"

namespace civitas::accreditation {
grpc::ServerUnaryReactor* AccreditationGrpcService::GetCountryPolicy(
    grpc::CallbackServerContext* ctx, const v1::GetCountryPolicyRequest* req,
    v1::CountryPolicy* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::CountryPolicy> {
                         return records_->policies.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::ListCountryPolicies(
    grpc::CallbackServerContext* ctx, const v1::ListCountryPoliciesRequest* req,
    v1::ListCountryPoliciesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListCountryPoliciesResponse> {
        ASSIGN_OR_RETURN(auto page, records_->policies.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListCountryPoliciesResponse::mutable_policies);
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::CreateCountryPolicy(
    grpc::CallbackServerContext* ctx, const v1::CreateCountryPolicyRequest* req,
    v1::CountryPolicy* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::CountryPolicy> {
        return records_->policies.Create(r, req->policy(), req->policy_id(), req->request_id());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::UpdateCountryPolicy(
    grpc::CallbackServerContext* ctx, const v1::UpdateCountryPolicyRequest* req,
    v1::CountryPolicy* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::CountryPolicy> {
        return records_->policies.Update(r, req->policy(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::GetStandard(grpc::CallbackServerContext* ctx,
                                                                const v1::GetStandardRequest* req,
                                                                v1::QualityStandard* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::QualityStandard> {
        return records_->standards.Get(r, req->name());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::ListStandards(
    grpc::CallbackServerContext* ctx, const v1::ListStandardsRequest* req,
    v1::ListStandardsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListStandardsResponse> {
        ASSIGN_OR_RETURN(auto page, records_->standards.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListStandardsResponse::mutable_standards);
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::CreateStandard(
    grpc::CallbackServerContext* ctx, const v1::CreateStandardRequest* req,
    v1::QualityStandard* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::QualityStandard> {
        return records_->standards.Create(r, req->standard(), req->standard_id(),
                                          req->request_id());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::UpdateStandard(
    grpc::CallbackServerContext* ctx, const v1::UpdateStandardRequest* req,
    v1::QualityStandard* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::QualityStandard> {
        return records_->standards.Update(r, req->standard(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::DeleteStandard(
    grpc::CallbackServerContext* ctx, const v1::DeleteStandardRequest* req,
    v1::QualityStandard* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::QualityStandard> {
        return records_->standards.Delete(r, req->name(), req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::PublishStandard(
    grpc::CallbackServerContext* ctx, const v1::StandardActionRequest* req,
    v1::QualityStandard* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::QualityStandard> {
        return records_->catalogue.Publish(r, req->name(), req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::FindStandardInForce(
    grpc::CallbackServerContext* ctx, const v1::FindStandardInForceRequest* req,
    v1::QualityStandard* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::QualityStandard> {
        return records_->catalogue.InForce(req->country(), req->service_type(), req->date());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::GetCase(grpc::CallbackServerContext* ctx,
                                                            const v1::GetCaseRequest* req,
                                                            v1::AccreditationCase* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::AccreditationCase> {
        return records_->cases.Get(r, req->name());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::ListCases(grpc::CallbackServerContext* ctx,
                                                              const v1::ListCasesRequest* req,
                                                              v1::ListCasesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListCasesResponse> {
        ASSIGN_OR_RETURN(auto page, records_->cases.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page), &v1::ListCasesResponse::mutable_cases);
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::CreateCase(grpc::CallbackServerContext* ctx,
                                                               const v1::CreateCaseRequest* req,
                                                               v1::AccreditationCase* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::AccreditationCase> {
        return records_->cases.Create(r, req->case_(), req->case_id(), req->request_id());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::UpdateCase(grpc::CallbackServerContext* ctx,
                                                               const v1::UpdateCaseRequest* req,
                                                               v1::AccreditationCase* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::AccreditationCase> {
        return records_->cases.Update(r, req->case_(), req->update_mask());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::RecordEligibilityVerdicts(
    grpc::CallbackServerContext* ctx, const v1::RecordEligibilityVerdictsRequest* req,
    v1::AccreditationCase* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::AccreditationCase> {
        return records_->procedure.RecordVerdicts(
            r, req->name(), {req->verdicts().begin(), req->verdicts().end()}, req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::StartSelfAssessment(
    grpc::CallbackServerContext* ctx, const v1::CaseActionRequest* req,
    v1::AccreditationCase* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::AccreditationCase> {
        return records_->procedure.StartSelfAssessment(r, req->name(), req->note(), req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::SubmitSelfAssessment(
    grpc::CallbackServerContext* ctx, const v1::SubmitSelfAssessmentRequest* req,
    v1::AccreditationCase* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::AccreditationCase> {
        return records_->procedure.SubmitSelfAssessment(
            r, req->name(), {req->self_assessment().begin(), req->self_assessment().end()},
            req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::AssignAssessor(
    grpc::CallbackServerContext* ctx, const v1::AssignAssessorRequest* req,
    v1::AccreditationCase* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::AccreditationCase> {
        return records_->procedure.AssignAssessor(r, req->name(), req->assessor(), req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::SubmitEvaluation(
    grpc::CallbackServerContext* ctx, const v1::SubmitEvaluationRequest* req,
    v1::AccreditationCase* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::AccreditationCase> {
        v1::ExternalEvaluation evaluation;
        evaluation.set_site_visit_date(req->site_visit_date());
        *evaluation.mutable_scores() = req->scores();
        *evaluation.mutable_findings() = req->findings();
        evaluation.set_summary(req->summary());
        return records_->procedure.SubmitEvaluation(r, req->name(), std::move(evaluation),
                                                    req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::DecideCase(grpc::CallbackServerContext* ctx,
                                                               const v1::DecideCaseRequest* req,
                                                               v1::AccreditationCase* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::AccreditationCase> {
        return records_->procedure.Decide(r, *req);
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::CompleteCorrectiveAction(
    grpc::CallbackServerContext* ctx, const v1::CompleteCorrectiveActionRequest* req,
    v1::AccreditationCase* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::AccreditationCase> {
        return records_->procedure.CompleteCorrectiveAction(
            r, req->name(), req->action(), req->completed_date(), req->note(), req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::WithdrawCase(grpc::CallbackServerContext* ctx,
                                                                 const v1::WithdrawCaseRequest* req,
                                                                 v1::AccreditationCase* resp) {
  return calls_.OnWriters(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::AccreditationCase> {
        return records_->procedure.Withdraw(r, req->name(), req->reason(), req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::ListOverdueCorrectiveActions(
    grpc::CallbackServerContext* ctx, const v1::ListOverdueCorrectiveActionsRequest* req,
    v1::ListOverdueCorrectiveActionsResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this,
       req](const records::Request& r) -> absl::StatusOr<v1::ListOverdueCorrectiveActionsResponse> {
        ASSIGN_OR_RETURN(auto actions,
                         records_->procedure.OverdueActions(r, req->filter(), req->as_of()));
        v1::ListOverdueCorrectiveActionsResponse out;
        for (auto& a : actions) *out.add_actions() = std::move(a);
        return out;
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::GetCertificate(
    grpc::CallbackServerContext* ctx, const v1::GetCertificateRequest* req, v1::Certificate* resp) {
  return calls_.Inline(ctx, *req, resp,
                       [this, req](const records::Request& r) -> absl::StatusOr<v1::Certificate> {
                         return records_->register_.Get(r, req->name());
                       });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::ListCertificates(
    grpc::CallbackServerContext* ctx, const v1::ListCertificatesRequest* req,
    v1::ListCertificatesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListCertificatesResponse> {
        ASSIGN_OR_RETURN(auto page,
                         records_->register_.List(r, records::ListQueryOf(*req), req->valid_on()));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListCertificatesResponse::mutable_certificates);
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::SuspendCertificate(
    grpc::CallbackServerContext* ctx, const v1::SuspendCertificateRequest* req,
    v1::Certificate* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Certificate> {
        return records_->register_.Apply(r, CertificateRegister::Change::kSuspend, req->name(),
                                         req->reason(), req->effective_from(), req->effective_to(),
                                         req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::ReinstateCertificate(
    grpc::CallbackServerContext* ctx, const v1::ReinstateCertificateRequest* req,
    v1::Certificate* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Certificate> {
        return records_->register_.Apply(r, CertificateRegister::Change::kReinstate, req->name(),
                                         req->reason(), req->effective_from(), "", req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::WithdrawCertificate(
    grpc::CallbackServerContext* ctx, const v1::WithdrawCertificateRequest* req,
    v1::Certificate* resp) {
  return calls_.OnWriters(
      ctx, *req, resp, [this, req](const records::Request& r) -> absl::StatusOr<v1::Certificate> {
        return records_->register_.Apply(r, CertificateRegister::Change::kWithdraw, req->name(),
                                         req->reason(), req->effective_from(), "", req->etag());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::CheckAccreditation(
    grpc::CallbackServerContext* ctx, const v1::CheckAccreditationRequest* req,
    v1::CheckAccreditationResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::CheckAccreditationResponse> {
        return records_->register_.Check(req->provider(), req->service_type(), req->date());
      });
}

grpc::ServerUnaryReactor* AccreditationGrpcService::ListExpiringCertificates(
    grpc::CallbackServerContext* ctx, const v1::ListExpiringCertificatesRequest* req,
    v1::ListExpiringCertificatesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this,
       req](const records::Request& r) -> absl::StatusOr<v1::ListExpiringCertificatesResponse> {
        ASSIGN_OR_RETURN(auto expiring,
                         records_->register_.Expiring(
                             req->within_days() == 0 ? 90 : req->within_days(), req->filter()));
        v1::ListExpiringCertificatesResponse out;
        for (auto& e : expiring) *out.add_certificates() = std::move(e);
        return out;
      });
}

}  // namespace civitas::accreditation
