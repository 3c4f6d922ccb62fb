#include "services/registry/api/registry_grpc_service.h"

#include "libs/common/grpc_status.h"
#include "libs/server/export_reactor.h"
#include "libs/server/public_status.h"
#include "services/registry/domain/change_rules.h"
#include "services/registry/domain/organization_csv.h"
#include "services/registry/domain/service_catalogue.h"

namespace civitas::registry {
namespace {

using records::ListQuery;

template <typename Req>
ListQuery QueryOf(const Req& r) {
  return ListQuery{r.page_size(), r.page_token(), r.filter(), r.order_by(), r.show_archived()};
}

}  // namespace

template <typename Resp, typename Fn>
void RegistryGrpcService::Run(grpc::CallbackServerContext* ctx, grpc::ServerUnaryReactor* reactor,
                              Resp* resp, Fn& fn) {
  // A synchronous body is an asynchronous one that is done before it returns.
  auto start = [&fn](const Principal& p, auto done) { done(fn(p)); };
  RunAsync(ctx, reactor, resp, start);
}

template <typename Resp, typename Fn>
grpc::ServerUnaryReactor* RegistryGrpcService::Serve(grpc::CallbackServerContext* ctx, Resp* resp,
                                                     Fn&& fn) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  Run(ctx, reactor, resp, fn);
  return reactor;
}

template <typename Resp, typename Fn>
grpc::ServerUnaryReactor* RegistryGrpcService::ServeWrite(grpc::CallbackServerContext* ctx,
                                                          Resp* resp, Fn fn) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  // ctx, resp and the request stay valid until Finish.
  writers_->Run(
      [this, ctx, resp, reactor, fn = std::move(fn)]() mutable { Run(ctx, reactor, resp, fn); });
  return reactor;
}

template <typename Resp, typename Fn>
void RegistryGrpcService::RunAsync(grpc::CallbackServerContext* ctx,
                                   grpc::ServerUnaryReactor* reactor, Resp* resp, Fn& fn) {
  absl::StatusOr<Principal> principal = authenticator_->Authenticate(*ctx);
  if (!principal.ok()) {
    reactor->Finish(ToGrpcStatus(principal.status()));
    return;
  }
  // ctx, resp and the request stay valid until Finish.
  fn(*principal, [this, reactor, resp](absl::StatusOr<Resp> out) {
    if (!out.ok()) {
      reactor->Finish(ToGrpcStatus(PublicStatus(out.status(), logger_)));
      return;
    }
    *resp = std::move(out).value();
    reactor->Finish(grpc::Status::OK);
  });
}

template <typename Resp, typename Fn>
grpc::ServerUnaryReactor* RegistryGrpcService::ServeAsync(grpc::CallbackServerContext* ctx,
                                                          Resp* resp, Fn fn) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  RunAsync(ctx, reactor, resp, fn);
  return reactor;
}

template <typename Resp, typename Fn>
grpc::ServerUnaryReactor* RegistryGrpcService::ServeWriteAsync(grpc::CallbackServerContext* ctx,
                                                               Resp* resp, Fn fn) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  writers_->Run([this, ctx, resp, reactor, fn = std::move(fn)]() mutable {
    RunAsync(ctx, reactor, resp, fn);
  });
  return reactor;
}

#define CIVITAS_REGISTRY_STANDARD_METHODS(T, Plural, records, field, list_field)           \
  grpc::ServerUnaryReactor* RegistryGrpcService::Get##T(                                   \
      grpc::CallbackServerContext* ctx, const v1::Get##T##Request* req, v1::T* resp) {     \
    return ServeAsync(ctx, resp, [this, req](const Principal& p, auto done) {              \
      records_->records.GetAsync(p, req->name(), std::move(done));                         \
    });                                                                                    \
  }                                                                                        \
  grpc::ServerUnaryReactor* RegistryGrpcService::List##Plural(                             \
      grpc::CallbackServerContext* ctx, const v1::List##Plural##Request* req,              \
      v1::List##Plural##Response* resp) {                                                  \
    return Serve(                                                                          \
        ctx, resp, [&](const Principal& p) -> absl::StatusOr<v1::List##Plural##Response> { \
          auto result = records_->records.List(p, QueryOf(*req));                          \
          if (!result.ok()) return result.status();                                        \
          v1::List##Plural##Response out;                                                  \
          for (auto& item : result->items) *out.add_##list_field() = std::move(item);      \
          out.set_next_page_token(result->next_page_token);                                \
          return out;                                                                      \
        });                                                                                \
  }                                                                                        \
  grpc::ServerUnaryReactor* RegistryGrpcService::Create##T(                                \
      grpc::CallbackServerContext* ctx, const v1::Create##T##Request* req, v1::T* resp) {  \
    return ServeWriteAsync(ctx, resp, [this, req](const Principal& p, auto done) {         \
      records_->records.CreateAsync(p, req->field(), req->field##_id(), req->request_id(), \
                                    std::move(done));                                      \
    });                                                                                    \
  }                                                                                        \
  grpc::ServerUnaryReactor* RegistryGrpcService::Update##T(                                \
      grpc::CallbackServerContext* ctx, const v1::Update##T##Request* req, v1::T* resp) {  \
    return ServeWrite(ctx, resp, [this, req](const Principal& p) {                         \
      return records_->records.Update(p, req->field(), req->update_mask());                \
    });                                                                                    \
  }                                                                                        \
  grpc::ServerUnaryReactor* RegistryGrpcService::Delete##T(                                \
      grpc::CallbackServerContext* ctx, const v1::Delete##T##Request* req, v1::T* resp) {  \
    return ServeWrite(ctx, resp, [this, req](const Principal& p) {                         \
      return records_->records.Delete(p, req->name(), req->etag());                        \
    });                                                                                    \
  }

CIVITAS_REGISTRY_STANDARD_METHODS(Territory, Territories, territories, territory, territories)
CIVITAS_REGISTRY_STANDARD_METHODS(Organization, Organizations, organizations, organization,
                                  organizations)
CIVITAS_REGISTRY_STANDARD_METHODS(SocialService, SocialServices, social_services, social_service,
                                  social_services)
CIVITAS_REGISTRY_STANDARD_METHODS(Partnership, Partnerships, partnerships, partnership,
                                  partnerships)
CIVITAS_REGISTRY_STANDARD_METHODS(Network, Networks, networks, network, networks)
#undef CIVITAS_REGISTRY_STANDARD_METHODS

namespace {

// A reactor that only reports a failure (the export never started).
template <typename Message>
class FailedExport : public grpc::ServerWriteReactor<Message> {
 public:
  explicit FailedExport(const grpc::Status& status) { this->Finish(status); }
  void OnDone() override { delete this; }
};

ListQuery ExportQueryOf(const v1::ExportRequest& r) {
  return ListQuery{0, "", r.filter(), r.order_by(), r.show_archived()};
}

// One message per item.
template <typename T>
std::vector<T> EachItem(std::vector<T> page, bool) {
  return page;
}

}  // namespace

grpc::ServerWriteReactor<v1::Territory>* RegistryGrpcService::ExportTerritories(
    grpc::CallbackServerContext* ctx, const v1::ExportRequest* req) {
  absl::StatusOr<Principal> principal = authenticator_->Authenticate(*ctx);
  if (!principal.ok()) return new FailedExport<v1::Territory>(ToGrpcStatus(principal.status()));
  return new ExportReactor<v1::Territory, v1::Territory>(
      [this, p = *principal](const ListQuery& q) { return records_->territories.List(p, q); },
      &EachItem<v1::Territory>, ExportQueryOf(*req), logger_);
}

grpc::ServerWriteReactor<v1::Organization>* RegistryGrpcService::ExportOrganizations(
    grpc::CallbackServerContext* ctx, const v1::ExportRequest* req) {
  absl::StatusOr<Principal> principal = authenticator_->Authenticate(*ctx);
  if (!principal.ok()) return new FailedExport<v1::Organization>(ToGrpcStatus(principal.status()));
  return new ExportReactor<v1::Organization, v1::Organization>(
      [this, p = *principal](const ListQuery& q) { return records_->organizations.List(p, q); },
      &EachItem<v1::Organization>, ExportQueryOf(*req), logger_);
}

grpc::ServerWriteReactor<google::api::HttpBody>* RegistryGrpcService::ExportOrganizationsCsv(
    grpc::CallbackServerContext* ctx, const v1::ExportRequest* req) {
  absl::StatusOr<Principal> principal = authenticator_->Authenticate(*ctx);
  if (!principal.ok()) {
    return new FailedExport<google::api::HttpBody>(ToGrpcStatus(principal.status()));
  }
  // One message per page of rows; the header row leads the first.
  auto to_csv = [](std::vector<v1::Organization> page, bool first) {
    google::api::HttpBody body;
    body.set_content_type("text/csv; charset=utf-8");
    std::string* data = body.mutable_data();
    if (first) *data = OrganizationCsvHeader();
    for (const auto& o : page) AppendOrganizationCsvRow(o, data);
    std::vector<google::api::HttpBody> out;
    if (!data->empty()) out.push_back(std::move(body));
    return out;
  };
  return new ExportReactor<v1::Organization, google::api::HttpBody>(
      [this, p = *principal](const ListQuery& q) { return records_->organizations.List(p, q); },
      to_csv, ExportQueryOf(*req), logger_);
}

grpc::ServerUnaryReactor* RegistryGrpcService::ListServiceTypes(
    grpc::CallbackServerContext* ctx, const v1::ListServiceTypesRequest*,
    v1::ListServiceTypesResponse* resp) {
  return Serve(ctx, resp, [](const Principal&) -> absl::StatusOr<v1::ListServiceTypesResponse> {
    v1::ListServiceTypesResponse out;
    for (const auto& t : ServiceTypeCatalogue()) *out.add_service_types() = t;
    return out;
  });
}

grpc::ServerUnaryReactor* RegistryGrpcService::SetSocialServiceAccreditation(
    grpc::CallbackServerContext* ctx, const v1::SetSocialServiceAccreditationRequest* req,
    v1::SocialService* resp) {
  return ServeWrite(
      ctx, resp, [this, req](const Principal& p) -> absl::StatusOr<v1::SocialService> {
        AccreditationChange change{req->accreditation_status(), req->accreditation_certificate(),
                                   req->accreditation_valid_until()};
        Violations v;
        ValidateAccreditationChange(change, &v);
        if (auto s = v.ToStatus(); !s.ok()) return s;
        return records_->social_services.Apply(p, req->name(), "",
                                               SetAccreditation(std::move(change)));
      });
}

}  // namespace civitas::registry
