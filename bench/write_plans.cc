// civitas-bench-write-plans: applies write plans of one shape to Redis through RedisDocumentStore,
// many in flight (group commit, as the services write), so that bench.py can charge Redis's CPU
// per plan to the shape. Shapes:
//   setup   the records the award plans of the same --run read and update (not measured): an
//           OPEN call, an ACTIVE organisation and `count` submitted applications at version 1
//   create  a registry create: one new document with four indexes, a unique value, a reference
//           that must be live, an idempotency record and its event
//   award   an award: the application updated (state index moved), the grant and its commitment
//           transaction created, the call's awarded total and the programme's committed total
//           each changed within bounds, the call required OPEN and the applicant ACTIVE; three
//           events
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "libs/common/settings.h"
#include "libs/redis/redis_client.h"
#include "libs/redis/redis_pipeliner.h"
#include "libs/redis/redis_settings.h"
#include "libs/store/redis_document_store.h"

namespace {

using civitas::CounterChange;
using civitas::DocumentChange;
using civitas::WritePlan;

// About the size of a stored organisation (protobuf binary).
const std::string kPayload(420, 'x');

DocumentChange Doc(DocumentChange::Kind kind, const std::string& collection, const std::string& id,
                   const std::string& state, const std::string& event) {
  DocumentChange d;
  d.kind = kind;
  d.collection = collection;
  d.id = id;
  d.expected_version = kind == DocumentChange::Kind::kUpdate ? 1 : 0;
  d.payload = kPayload;
  d.state = state;
  d.event_type = event;
  d.resource_name = absl::StrCat(collection, "/", id);
  return d;
}

WritePlan SetupPlan(int n, const std::string& run) {
  WritePlan plan;
  plan.actor = "users/bench";
  if (n < 0) {
    plan.documents = {
        Doc(DocumentChange::Kind::kCreate, "calls", "c", "OPEN", "call.created"),
        Doc(DocumentChange::Kind::kCreate, "organizations", "o", "ACTIVE", "organization.created")};
    return plan;
  }
  DocumentChange app = Doc(DocumentChange::Kind::kCreate, "applications",
                           absl::StrCat(run, "-a", n), "SUBMITTED", "application.created");
  app.index_add = {"call=calls/c", "state=SUBMITTED"};
  plan.documents = {app};
  return plan;
}

WritePlan CreatePlan(int n, const std::string& run) {
  WritePlan plan;
  DocumentChange d = Doc(DocumentChange::Kind::kCreate, "things", absl::StrCat(run, "-", n),
                         "ACTIVE", "thing.created");
  d.index_add = {"type=CSO", absl::StrCat("territory=t", n % 100), "territory=country",
                 absl::StrCat("target_group=g", n % 4)};
  d.unique_claim = {absl::StrCat("external_id=bench|", run, "-", n)};
  plan.documents = {d};
  plan.references = {{{"organizations", "o"}, {"DRAFT", "ACTIVE"}}};
  plan.idempotency_key = absl::StrCat("users/bench/", run, "-", n);
  plan.correlation_id = absl::StrCat(run, "-", n);
  plan.actor = "users/bench";
  return plan;
}

WritePlan AwardPlan(int n, const std::string& run) {
  WritePlan plan;
  DocumentChange app = Doc(DocumentChange::Kind::kUpdate, "applications",
                           absl::StrCat(run, "-a", n), "AWARDED", "application.awarded");
  app.index_remove = {"state=SUBMITTED"};
  app.index_add = {"state=AWARDED"};
  DocumentChange grant = Doc(DocumentChange::Kind::kCreate, "grants", absl::StrCat(run, "-", n),
                             "ACTIVE", "grant.created");
  grant.index_add = {"call=calls/c", "grantee=organizations/o", "state=ACTIVE"};
  grant.unique_claim = {absl::StrCat("number=MD-2026-", run, "-", n)};
  DocumentChange commitment = Doc(DocumentChange::Kind::kCreate, "transactions",
                                  absl::StrCat(run, "-", n, "-c"), "", "transaction.created");
  commitment.payload.resize(120);
  commitment.index_add = {absl::StrCat("grant=grants/", run, "-", n)};
  plan.documents = {app, grant, commitment};
  plan.counters = {CounterChange{"calls/c/awarded", 1000, 0, civitas::kMaxExactInteger},
                   CounterChange{"programmes/p/committed", 1000, 0, civitas::kMaxExactInteger}};
  plan.references = {{{"calls", "c"}, {"OPEN"}}, {{"organizations", "o"}, {"ACTIVE"}}};
  plan.idempotency_key = absl::StrCat("users/bench/award-", run, "-", n);
  plan.correlation_id = absl::StrCat(run, "-", n);
  plan.actor = "users/bench";
  return plan;
}

}  // namespace

int main(int argc, char** argv) {
  civitas::SettingsSchema schema("civitas-bench-write-plans");
  civitas::DeclareRedisSettings(&schema);
  schema.Choice("shape", "create", {"setup", "create", "award"}, "which plans to apply")
      .String("key_prefix", "civitas:{benchplans}", "the store's key prefix")
      .String("run", "r1", "distinguishes this run's ids from earlier runs'")
      .Int("count", 10000, "plans to apply", 1, 1 << 30)
      .Int("concurrency", 64, "plans in flight", 1, 4096);
  const civitas::Settings settings = civitas::LoadSettingsOrExit(schema, argc, argv);
  const std::string shape = settings.String("shape");
  const std::string run = settings.String("run");
  const int count = static_cast<int>(settings.Int("count"));
  const int concurrency = static_cast<int>(settings.Int("concurrency"));

  absl::StatusOr<civitas::RedisOptions> options = civitas::RedisOptionsFrom(settings);
  if (!options.ok()) {
    std::cerr << options.status() << "\n";
    return 2;
  }
  civitas::RedisClient redis(*options);
  civitas::RedisPipeliner writes(&redis, civitas::Retry::kNever, civitas::Durability::kReplicated);
  civitas::RedisDocumentStore store(&redis, {settings.String("key_prefix")}, nullptr, &writes);

  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0, failed = 0;
  std::string first_error;
  const int first = shape == "setup" ? -1 : 0;
  const auto start = std::chrono::steady_clock::now();
  for (int n = first; n < count; ++n) {
    WritePlan plan = shape == "setup"   ? SetupPlan(n, run)
                     : shape == "award" ? AwardPlan(n, run)
                                        : CreatePlan(n, run);
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return in_flight < concurrency; });
      ++in_flight;
    }
    store.WriteAsync(std::move(plan), [&](absl::StatusOr<civitas::WriteOutcome> out) {
      std::lock_guard lock(mu);
      // Setup runs again for each run: the call and the organisation exist from the first.
      const bool again = shape == "setup" && absl::IsAlreadyExists(out.status());
      if (!out.ok() && !again && failed++ == 0) first_error = out.status().ToString();
      --in_flight;
      cv.notify_all();
    });
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return in_flight == 0; });
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::cout << "plans=" << count << " failed=" << failed << " seconds=" << elapsed.count() << "\n";
  if (failed > 0) {
    std::cerr << "first failure: " << first_error << "\n";
    return 1;
  }
  return 0;
}
