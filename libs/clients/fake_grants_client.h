// FakeGrantsClient: a GrantsClient over programmes and grants held in memory, for unit and
// integration tests of services that ask the grants service. NOT_FOUND for what it does not hold;
// can be told to fail the next call.
#pragma once

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "libs/clients/grants_client.h"

namespace civitas::clients {

// Thread-safe.
class FakeGrantsClient final : public GrantsClient {
 public:
  void Add(grants::v1::Programme programme);
  void Add(grants::v1::Grant grant);
  void FailNext(absl::Status error);
  int calls() const;

  absl::StatusOr<grants::v1::Programme> GetProgramme(const CallContext& ctx,
                                                     const std::string& name) override;
  absl::StatusOr<grants::v1::Grant> GetGrant(const CallContext& ctx,
                                             const std::string& name) override;

 private:
  // The scripted error, if one is queued (and counts the call).
  absl::Status Begin() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, grants::v1::Programme> programmes_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, grants::v1::Grant> grants_ ABSL_GUARDED_BY(mu_);
  absl::Status next_failure_ ABSL_GUARDED_BY(mu_);
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace civitas::clients
