// civitas-bench-grants-loader: benchmark set-up and check for the award row, not a measurement.
//
// --mode=setup: a published call `calls/<call>` whose envelope holds --envelope_awards awards of
// --award_minor each, and --applications scored applications `<call>-<n>` from --applicants
// organisations (org-<n % applicants>, as civitas-bench-loader made them), each through the
// whole flow over the grants service's gRPC API: create, submit (automatic eligibility), one
// reviewer assigned, no conflict declared, review submitted (the application is SCORED). The
// per-third-party cap holds --cap_awards awards, so racing awards meet both bounded counters.
//
// --mode=verify: reads back every grant of the call and prints, as one JSON line, what was
// awarded against the call's envelope and cap: over-commit is any amount beyond the envelope
// and any recipient beyond the cap, read from the records, not from the counters.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "civitas/grants/v1/grants_service.grpc.pb.h"
#include "libs/auth/auth_settings.h"
#include "libs/auth/jwt.h"
#include "libs/common/clock.h"
#include "libs/common/settings.h"

namespace v1 = civitas::grants::v1;

namespace {

constexpr char kReviewer[] = "bench-reviewer";

struct Options {
  std::string call;
  int applications = 0;
  int applicants = 0;
  int64_t award_minor = 0;
  int envelope_awards = 0;
  int cap_awards = 0;
  int concurrency = 0;
};

class Loader {
 public:
  Loader(std::shared_ptr<grpc::Channel> channel, const civitas::JwtCodec* codec, Options options)
      : stub_(v1::GrantsService::NewStub(std::move(channel))),
        codec_(codec),
        options_(std::move(options)) {}

  int Setup() {
    const std::string admin = Token({civitas::kRoleAdmin}, "", "bench-admin");
    // A programme per call: the per-third-party cap counts across the programme, so a call
    // sharing one with an earlier repetition would find its applicants' caps already spent.
    const std::string programme = "programmes/" + options_.call;
    grpc::Status s = Create<v1::CreateProgrammeRequest, v1::Programme>(
        admin, &v1::GrantsService::Stub::CreateProgramme, "programme_id", options_.call,
        "programme", R"({"displayName":{"en":"Bench programme"},
          "funder":"organizations/org-0","leadOrganization":"organizations/org-0",
          "envelope":{"currencyCode":"EUR","amountMinor":"900000000000"},
          "startDate":"2026-01-01","endDate":"2030-12-31"})");
    if (!Ok(s, "programme")) return 1;
    if (!Ok(Action<v1::ProgrammeActionRequest, v1::Programme>(
                admin, &v1::GrantsService::Stub::OpenProgramme, programme),
            "opening the programme")) {
      return 1;
    }
    const int64_t amount = options_.award_minor;
    s = Create<v1::CreateCallRequest, v1::Call>(
        admin, &v1::GrantsService::Stub::CreateCall, "call_id", options_.call, "call",
        absl::StrCat(R"({"programme":")", programme, R"(","displayName":{"en":"Bench call"},
          "envelope":{"currencyCode":"EUR","amountMinor":")",
                     amount * options_.envelope_awards, R"("},
          "minAward":{"currencyCode":"EUR","amountMinor":")",
                     amount, R"("},
          "maxAward":{"currencyCode":"EUR","amountMinor":")",
                     amount, R"("},
          "thirdPartyCap":{"currencyCode":"EUR","amountMinor":")",
                     amount * options_.cap_awards, R"("},
          "openTime":"2026-01-01T00:00:00Z","closeTime":"2030-12-31T23:59:59Z",
          "criteria":[{"id":"relevance","title":{"en":"Relevance"},"maxScore":10,
                       "weightPercent":100}],
          "reviewersPerApplication":1})"));
    if (!Ok(s, "call")) return 1;
    if (!Ok(Action<v1::CallActionRequest, v1::Call>(admin, &v1::GrantsService::Stub::PublishCall,
                                                    "calls/" + options_.call),
            "publishing the call")) {
      return 1;
    }

    std::atomic<int> next{0};
    std::atomic<int> failed{0};
    std::mutex mu;
    std::string first_error;
    std::vector<std::thread> workers;
    for (int w = 0; w < options_.concurrency; ++w) {
      workers.emplace_back([&] {
        for (int n = next++; n < options_.applications; n = next++) {
          std::string error = ScoredApplication(n, admin);
          if (error.empty()) continue;
          std::lock_guard lock(mu);
          if (failed++ == 0) first_error = error;
        }
      });
    }
    for (std::thread& t : workers) t.join();
    std::cout << "scored applications " << options_.applications - failed << ", failed " << failed
              << (failed ? " (first: " + first_error + ")" : "") << "\n";
    return failed == 0 ? 0 : 1;
  }

  int Verify() {
    const std::string admin = Token({civitas::kRoleAdmin}, "", "bench-admin");
    grpc::ClientContext ctx;
    Authorize(&ctx, admin);
    v1::GetCallRequest get;
    get.set_name("calls/" + options_.call);
    v1::Call call;
    grpc::Status s = stub_->GetCall(&ctx, get, &call);
    if (!s.ok()) return Fail("reading the call", s);
    int64_t awarded = 0;
    int awards = 0;
    std::map<std::string, int64_t> per_recipient;
    std::string page_token;
    do {
      grpc::ClientContext list_ctx;
      Authorize(&list_ctx, admin);
      v1::ListGrantsRequest req;
      req.set_filter(absl::StrCat("call = \"calls/", options_.call, "\""));
      req.set_page_size(1000);
      req.set_page_token(page_token);
      v1::ListGrantsResponse resp;
      s = stub_->ListGrants(&list_ctx, req, &resp);
      if (!s.ok()) return Fail("listing the call's grants", s);
      for (const v1::Grant& g : resp.grants()) {
        ++awards;
        awarded += g.amount().amount_minor();
        per_recipient[g.recipient()] += g.amount().amount_minor();
      }
      page_token = resp.next_page_token();
    } while (!page_token.empty());
    int recipients_over_cap = 0;
    for (const auto& [recipient, total] : per_recipient) {
      if (total > call.third_party_cap().amount_minor()) ++recipients_over_cap;
    }
    const int64_t envelope = call.envelope().amount_minor();
    std::cout << "{\"awards\":" << awards << ",\"awarded_minor\":" << awarded
              << ",\"envelope_minor\":" << envelope
              << ",\"over_envelope_minor\":" << std::max<int64_t>(0, awarded - envelope)
              << ",\"recipients\":" << per_recipient.size()
              << ",\"recipients_over_cap\":" << recipients_over_cap << "}\n";
    return 0;
  }

 private:
  std::string Token(std::initializer_list<const char*> roles, const std::string& organization,
                    const std::string& subject) const {
    civitas::Principal p;
    for (const char* r : roles) p.roles.insert(r);
    p.organization = organization;
    p.subject = subject;
    return codec_->Sign(p, absl::Hours(2));
  }

  static void Authorize(grpc::ClientContext* ctx, const std::string& token) {
    ctx->AddMetadata("authorization", "Bearer " + token);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  }

  static bool Ok(const grpc::Status& s, const std::string& what) {
    if (s.ok()) return true;
    Fail(what, s);
    return false;
  }

  static int Fail(const std::string& what, const grpc::Status& s) {
    std::cerr << what << ": " << s.error_code() << " " << s.error_message() << "\n";
    return 1;
  }

  template <typename Request, typename Resource, typename Method>
  grpc::Status Create(const std::string& token, Method method, const std::string& id_field,
                      const std::string& id, const std::string& resource_field,
                      const std::string& json) {
    Request req;
    const auto* d = req.GetDescriptor();
    req.GetReflection()->SetString(&req, d->FindFieldByName(id_field), id);
    auto* resource = req.GetReflection()->MutableMessage(&req, d->FindFieldByName(resource_field));
    if (auto s = google::protobuf::util::JsonStringToMessage(json, resource); !s.ok()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, std::string(s.message()));
    }
    grpc::ClientContext ctx;
    Authorize(&ctx, token);
    Resource out;
    return ((*stub_).*method)(&ctx, req, &out);
  }

  template <typename Request, typename Resource, typename Method>
  grpc::Status Action(const std::string& token, Method method, const std::string& name) {
    Request req;
    req.set_name(name);
    grpc::ClientContext ctx;
    Authorize(&ctx, token);
    Resource out;
    return ((*stub_).*method)(&ctx, req, &out);
  }

  // One application from draft to SCORED; an empty string when it got there.
  std::string ScoredApplication(int n, const std::string& admin) {
    const std::string id = absl::StrCat(options_.call, "-", n);
    const std::string name = "applications/" + id;
    const std::string applicant = absl::StrCat("organizations/org-", n % options_.applicants);
    const std::string cso = Token({civitas::kRoleCso}, applicant, "staff@" + applicant);
    const int64_t amount = options_.award_minor;
    grpc::Status s = Create<v1::CreateApplicationRequest, v1::Application>(
        cso, &v1::GrantsService::Stub::CreateApplication, "application_id", id, "application",
        absl::StrCat(R"({"call":"calls/)", options_.call, R"(","applicant":")", applicant,
                     R"(","title":{"en":"Bench application )", n,
                     R"("},"requestedAmount":{"currencyCode":"EUR","amountMinor":")", amount,
                     R"("},"budgetLines":[{"category":"staff","amount":{"currencyCode":"EUR",
                     "amountMinor":")",
                     amount, R"("}}],"startDate":"2027-01-01","endDate":"2027-12-31"})"));
    if (!s.ok()) return absl::StrCat(name, ": create: ", s.error_message());
    s = Action<v1::ApplicationActionRequest, v1::Application>(
        cso, &v1::GrantsService::Stub::SubmitApplication, name);
    if (!s.ok()) return absl::StrCat(name, ": submit: ", s.error_message());
    const std::string review = id + "-r";
    s = Create<v1::CreateReviewRequest, v1::Review>(
        admin, &v1::GrantsService::Stub::CreateReview, "review_id", review, "review",
        absl::StrCat(R"({"application":")", name, R"(","reviewer":")", kReviewer, R"("})"));
    if (!s.ok()) return absl::StrCat(name, ": review: ", s.error_message());
    const std::string reviewer = Token({civitas::kRoleReviewer}, "", kReviewer);
    {
      v1::DeclareConflictOfInterestRequest req;
      req.set_name("reviews/" + review);
      req.set_conflict_of_interest(false);
      grpc::ClientContext ctx;
      Authorize(&ctx, reviewer);
      v1::Review out;
      s = stub_->DeclareConflictOfInterest(&ctx, req, &out);
      if (!s.ok()) return absl::StrCat(name, ": conflict of interest: ", s.error_message());
    }
    {
      v1::SubmitReviewRequest req;
      req.set_name("reviews/" + review);
      auto* score = req.add_scores();
      score->set_criterion("relevance");
      score->set_score(5 + n % 6);
      grpc::ClientContext ctx;
      Authorize(&ctx, reviewer);
      v1::Review out;
      s = stub_->SubmitReview(&ctx, req, &out);
      if (!s.ok()) return absl::StrCat(name, ": review submission: ", s.error_message());
    }
    return "";
  }

  std::unique_ptr<v1::GrantsService::Stub> stub_;
  const civitas::JwtCodec* codec_;
  Options options_;
};

}  // namespace

int main(int argc, char** argv) {
  civitas::SettingsSchema schema("civitas-bench-grants-loader");
  schema.String("target", "127.0.0.1:7052", "the grants service's gRPC address")
      .String("mode", "setup", "setup (a call and its scored applications) or verify")
      .String("call", "bench-call", "the call's id")
      .Int("applications", 1000, "scored applications to create", 1, 1 << 24)
      .Int("applicants", 250, "organisations applying (org-0 .. org-<n-1>)", 1, 1 << 24)
      .Int("award_minor", 1000000, "every award's amount, in euro cents", 1, 1LL << 40)
      .Int("envelope_awards", 250, "awards the call's envelope holds", 1, 1 << 24)
      .Int("cap_awards", 2, "awards the per-third-party cap holds", 1, 1 << 24)
      .Int("concurrency", 32, "applications set up at once", 1, 1024);
  civitas::DeclareJwtSettings(&schema);
  const civitas::Settings settings = civitas::LoadSettingsOrExit(schema, argc, argv);
  civitas::SystemClock clock;
  civitas::JwtCodec codec(civitas::JwtOptionsFrom(settings), &clock);
  Options options;
  options.call = settings.String("call");
  options.applications = static_cast<int>(settings.Int("applications"));
  options.applicants = static_cast<int>(settings.Int("applicants"));
  options.award_minor = settings.Int("award_minor");
  options.envelope_awards = static_cast<int>(settings.Int("envelope_awards"));
  options.cap_awards = static_cast<int>(settings.Int("cap_awards"));
  options.concurrency = static_cast<int>(settings.Int("concurrency"));
  Loader loader(grpc::CreateChannel(settings.String("target"), grpc::InsecureChannelCredentials()),
                &codec, options);
  const std::string mode = settings.String("mode");
  if (mode == "setup") return loader.Setup();
  if (mode == "verify") return loader.Verify();
  std::cerr << "--mode: expected setup or verify, got '" << mode << "'\n";
  return 2;
}
