// GrantsGrpcService's voucher methods: voucher schemes through RecordService, vouchers issued
// through RecordService and redeemed, reimbursed and cancelled through VoucherDesk.
#include "libs/common/status_macros.h"
#include "libs/records/list_messages.h"
#include "libs/server/correlation_id.h"
#include "services/grants/api/grants_grpc_service.h"

namespace civitas::grants {

using records::ListQuery;

grpc::ServerUnaryReactor* GrantsGrpcService::GetVoucherScheme(
    grpc::CallbackServerContext* ctx, const v1::GetVoucherSchemeRequest* req,
    v1::VoucherScheme* resp) {
  return calls_.Async(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->voucher_schemes.GetAsync(r, req->name(), std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ListVoucherSchemes(
    grpc::CallbackServerContext* ctx, const v1::ListVoucherSchemesRequest* req,
    v1::ListVoucherSchemesResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListVoucherSchemesResponse> {
        ASSIGN_OR_RETURN(auto page, records_->voucher_schemes.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListVoucherSchemesResponse::mutable_voucher_schemes);
      });
}

grpc::ServerUnaryReactor* GrantsGrpcService::CreateVoucherScheme(
    grpc::CallbackServerContext* ctx, const v1::CreateVoucherSchemeRequest* req,
    v1::VoucherScheme* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->voucher_schemes.CreateAsync(r, req->voucher_scheme(), req->voucher_scheme_id(),
                                          req->request_id(), std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::UpdateVoucherScheme(
    grpc::CallbackServerContext* ctx, const v1::UpdateVoucherSchemeRequest* req,
    v1::VoucherScheme* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->voucher_schemes.Update(r, req->voucher_scheme(), req->update_mask());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::DeleteVoucherScheme(
    grpc::CallbackServerContext* ctx, const v1::DeleteVoucherSchemeRequest* req,
    v1::VoucherScheme* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->voucher_schemes.Delete(r, req->name(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::OpenVoucherScheme(
    grpc::CallbackServerContext* ctx, const v1::VoucherSchemeActionRequest* req,
    v1::VoucherScheme* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->voucher_desk.OpenScheme(r, req->name(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::CloseVoucherScheme(
    grpc::CallbackServerContext* ctx, const v1::VoucherSchemeActionRequest* req,
    v1::VoucherScheme* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->voucher_desk.CloseScheme(r, req->name(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::IssueVoucher(grpc::CallbackServerContext* ctx,
                                                          const v1::IssueVoucherRequest* req,
                                                          v1::Voucher* resp) {
  return calls_.AsyncOnWriters(ctx, *req, resp, [this, req](const records::Request& r, auto done) {
    records_->vouchers.CreateAsync(r, req->voucher(), req->voucher_id(), req->request_id(),
                                   std::move(done));
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::GetVoucher(grpc::CallbackServerContext* ctx,
                                                        const v1::GetVoucherRequest* req,
                                                        v1::Voucher* resp) {
  // Two store reads: the voucher, then its scheme (who may see it).
  return calls_.Inline(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->vouchers.Get(r, req->name());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ListVouchers(grpc::CallbackServerContext* ctx,
                                                          const v1::ListVouchersRequest* req,
                                                          v1::ListVouchersResponse* resp) {
  return calls_.Inline(
      ctx, *req, resp,
      [this, req](const records::Request& r) -> absl::StatusOr<v1::ListVouchersResponse> {
        ASSIGN_OR_RETURN(auto page, records_->vouchers.List(r, records::ListQueryOf(*req)));
        return records::ListResponseOf(std::move(page),
                                       &v1::ListVouchersResponse::mutable_vouchers);
      });
}

grpc::ServerUnaryReactor* GrantsGrpcService::RedeemVoucher(grpc::CallbackServerContext* ctx,
                                                           const v1::RedeemVoucherRequest* req,
                                                           v1::Voucher* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->voucher_desk.Redeem(r, *req);
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::ReimburseVoucher(
    grpc::CallbackServerContext* ctx, const v1::ReimburseVoucherRequest* req, v1::Voucher* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->voucher_desk.Reimburse(r, req->name(), req->date(), req->etag());
  });
}

grpc::ServerUnaryReactor* GrantsGrpcService::CancelVoucher(grpc::CallbackServerContext* ctx,
                                                           const v1::CancelVoucherRequest* req,
                                                           v1::Voucher* resp) {
  return calls_.OnWriters(ctx, *req, resp, [this, req](const records::Request& r) {
    return records_->voucher_desk.Cancel(r, req->name(), req->reason(), req->etag());
  });
}

}  // namespace civitas::grants
