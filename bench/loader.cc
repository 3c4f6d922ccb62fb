// civitas-bench-loader: creates organisations org-<n>, n in [start, start + count), through the
// registry's gRPC API with many calls in flight. Benchmark set-up, not a measurement. Records
// spread over 100 municipalities (bench-muni-<n % 100>) with mixed types and target groups.
#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <iostream>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/registry_service.grpc.pb.h"
#include "libs/common/settings.h"

namespace v1 = civitas::registry::v1;

int main(int argc, char** argv) {
  civitas::SettingsSchema schema("civitas-bench-loader");
  schema.String("target", "127.0.0.1:7051", "the registry's gRPC address")
      .Secret("token", "", "bearer token of an admin")
      .Int("start", 0, "first organisation number (org-<n>)", 0, 1 << 30)
      .Int("count", 1000, "organisations to create", 0, 1 << 30)
      .Int("concurrency", 64, "creates in flight", 1, 4096);
  const civitas::Settings settings = civitas::LoadSettingsOrExit(schema, argc, argv);
  const std::string target = settings.String("target");
  const std::string token = settings.String("token");
  const int start = static_cast<int>(settings.Int("start"));
  const int count = static_cast<int>(settings.Int("count"));
  const int concurrency = static_cast<int>(settings.Int("concurrency"));

  auto channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto stub = v1::RegistryService::NewStub(channel);
  const v1::OrganizationType types[] = {v1::CSO, v1::CSO, v1::CSO, v1::DONOR, v1::PUBLIC_AUTHORITY};
  const v1::TargetGroup groups[] = {v1::ELDERLY, v1::YOUTH, v1::CHILDREN_AND_FAMILIES,
                                    v1::PERSONS_WITH_DISABILITIES};
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0, failed = 0, existed = 0;
  std::string first_error;

  for (int n = start; n < start + count; ++n) {
    struct Call {
      grpc::ClientContext ctx;
      v1::CreateOrganizationRequest req;
      v1::Organization resp;
    };
    auto* call = new Call();
    if (!token.empty()) call->ctx.AddMetadata("authorization", "Bearer " + token);
    call->req.set_organization_id(absl::StrCat("org-", n));
    auto* o = call->req.mutable_organization();
    // Type independent of territory (n % 100), as in real data.
    o->set_type(types[(n / 100) % 5]);
    (*o->mutable_display_name())["en"] = absl::StrCat("Organisation ", n);
    (*o->mutable_display_name())["ro"] = absl::StrCat("Organizația ", n);
    o->set_legal_form("public association");
    auto* id = o->add_external_ids();
    id->set_scheme("bench-idno");
    id->set_value(std::to_string(1000000000LL + n));
    o->add_territories(absl::StrCat("territories/bench-muni-", n % 100));
    o->add_target_groups(groups[n % 4]);
    auto* contact = o->add_contacts();
    contact->set_kind(v1::Contact::EMAIL);
    contact->set_value(absl::StrCat("office", n, "@example.org"));
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return in_flight < concurrency; });
      ++in_flight;
    }
    stub->async()->CreateOrganization(&call->ctx, &call->req, &call->resp,
                                      [&, call](grpc::Status s) {
                                        std::lock_guard lock(mu);
                                        if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
                                          ++existed;
                                        } else if (!s.ok()) {
                                          if (failed++ == 0) first_error = s.error_message();
                                        }
                                        --in_flight;
                                        cv.notify_all();
                                        delete call;
                                      });
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return in_flight == 0; });
  std::cout << "created " << count - failed - existed << ", existed " << existed << ", failed "
            << failed << (failed ? " (first: " + first_error + ")" : "") << "\n";
  return failed == 0 ? 0 : 1;
}
