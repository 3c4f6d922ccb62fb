#include "libs/clients/fake_grants_client.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace civitas::clients {
namespace grants_v1 = grants::v1;

void FakeGrantsClient::Add(grants_v1::Programme programme) {
  absl::MutexLock lock(&mu_);
  std::string name = programme.name();
  programmes_[name] = std::move(programme);
}

void FakeGrantsClient::Add(grants_v1::Grant grant) {
  absl::MutexLock lock(&mu_);
  std::string name = grant.name();
  grants_[name] = std::move(grant);
}

void FakeGrantsClient::FailNext(absl::Status error) {
  absl::MutexLock lock(&mu_);
  next_failure_ = std::move(error);
}

int FakeGrantsClient::calls() const {
  absl::MutexLock lock(&mu_);
  return calls_;
}

absl::Status FakeGrantsClient::Begin() {
  ++calls_;
  return std::exchange(next_failure_, absl::OkStatus());
}

absl::StatusOr<grants_v1::Programme> FakeGrantsClient::GetProgramme(const CallContext&,
                                                                    const std::string& name) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Begin(); !s.ok()) return s;
  auto it = programmes_.find(name);
  if (it == programmes_.end()) return absl::NotFoundError(absl::StrCat(name, " not found"));
  return it->second;
}

absl::StatusOr<grants_v1::Grant> FakeGrantsClient::GetGrant(const CallContext&,
                                                            const std::string& name) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = Begin(); !s.ok()) return s;
  auto it = grants_.find(name);
  if (it == grants_.end()) return absl::NotFoundError(absl::StrCat(name, " not found"));
  return it->second;
}

}  // namespace civitas::clients
