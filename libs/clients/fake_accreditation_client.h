// FakeAccreditationClient: an AccreditationClient for unit tests of services that ask whether a
// provider is accredited.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "libs/clients/accreditation_client.h"

namespace civitas::clients {

// Answers "accredited" for the (provider, service type) pairs a test sets, on every date within
// the given validity; "not accredited" otherwise. Can be told to fail the next call.
class FakeAccreditationClient final : public AccreditationClient {
 public:
  // `from`..`to` (`YYYY-MM-DD`, both included) under certificate `number`.
  void Accredit(const std::string& provider, const std::string& service_type,
                const std::string& number, const std::string& from, const std::string& to);
  void FailNext(absl::Status error);
  int calls() const;

  absl::StatusOr<accreditation::v1::CheckAccreditationResponse> CheckAccreditation(
      const CallContext& ctx, const std::string& provider, const std::string& service_type,
      const std::string& date) override;

 private:
  struct Validity {
    std::string number, from, to;
  };
  mutable absl::Mutex mu_;
  std::map<std::pair<std::string, std::string>, Validity> certificates_ ABSL_GUARDED_BY(mu_);
  absl::Status next_failure_ ABSL_GUARDED_BY(mu_);
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace civitas::clients
