// Request: one request a service serves, as its use cases and rule hooks see it: the caller, the
// CallContext every peer call made for it carries on (correlation id, deadline), and its reads of
// the service's store (RequestReads: what it read once it does not fetch again). The transport
// makes one per call (libs/server/unary_calls.h); a background job one per change it makes.
#pragma once

#include <memory>
#include <utility>

#include "absl/synchronization/mutex.h"
#include "libs/auth/principal.h"
#include "libs/clients/call_context.h"
#include "libs/records/record_rules.h"
#include "libs/records/request_reads.h"

namespace civitas::records {

// Thread-safe. Not copied: a copy would read the store again.
class Request {
 public:
  explicit Request(Principal caller, clients::CallContext call = {})
      : caller_(std::move(caller)), call_(std::move(call)) {}
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;

  const Principal& caller() const { return caller_; }
  const clients::CallContext& call() const { return call_; }
  // The id of the request (`x-request-id`): the correlation id of the events its writes make.
  const std::string& correlation_id() const { return call_.correlation_id; }

  // `store` as this request reads it. A service has one store; the reads live as long as the
  // request.
  DocumentStore* reads(DocumentStore* store) const {
    absl::MutexLock lock(&mu_);
    for (const auto& r : reads_) {
      if (r.first == store) return r.second.get();
    }
    return reads_.emplace_back(store, std::make_unique<RequestReads>(store)).second.get();
  }
  // What this request read of `store` is read again from now on (a write lost a race).
  void ForgetReads(DocumentStore* store) const {
    absl::MutexLock lock(&mu_);
    for (const auto& r : reads_) {
      if (r.first == store) r.second->Forget();
    }
  }

  // What a rule hook gets of this request, reading `store`.
  RuleContext RulesContext(DocumentStore* store) const { return {caller_, call_, reads(store)}; }

 private:
  const Principal caller_;
  const clients::CallContext call_;
  mutable absl::Mutex mu_;
  mutable std::vector<std::pair<DocumentStore*, std::unique_ptr<RequestReads>>> reads_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace civitas::records
