// Field violations: INVALID_ARGUMENT statuses that name every offending request field. The
// violations travel as a google.rpc.BadRequest payload so that gRPC and REST clients see them.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace civitas {

struct FieldViolation {
  // Proto field path, e.g. `organization.display_name` or `organization.external_ids[1].scheme`.
  std::string field;
  std::string description;
};

// Type URL under which the google.rpc.BadRequest payload is attached to an absl::Status.
inline constexpr char kBadRequestTypeUrl[] = "type.googleapis.com/google.rpc.BadRequest";

// At most this many violations travel with a status (and each description at most
// kMaxViolationDescription bytes): a request with thousands of bad fields must not produce a
// status larger than what clients and proxies accept in trailers. The message says how many were
// left out.
inline constexpr size_t kMaxReportedViolations = 20;
inline constexpr size_t kMaxViolationDescription = 200;

// Builds INVALID_ARGUMENT carrying `violations` (the first kMaxReportedViolations); the message
// lists them and counts the rest.
absl::Status InvalidArgumentError(const std::vector<FieldViolation>& violations);

// The violations attached to `status`; empty when there are none.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// Violations collects every problem of a request before answering, so that a client fixes all
// fields in one round. Not thread-safe; one per validation.
class Violations {
 public:
  void Add(std::string field, std::string description) {
    items_.push_back({std::move(field), std::move(description)});
  }
  // A field refused for the state of a stored record, not for its own value (a call that is not
  // open, an application still a draft): the request may succeed later unchanged.
  void AddPrecondition(std::string field, std::string description) {
    ++preconditions_;
    Add(std::move(field), std::move(description));
  }
  bool empty() const { return items_.empty(); }
  const std::vector<FieldViolation>& items() const { return items_; }
  // OK when nothing was added; INVALID_ARGUMENT with every violation when any is about the
  // request's values, FAILED_PRECONDITION (gRPC's and AIP-193's rule: state, not argument) when
  // all are about stored state. Either way the violations name the fields.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> items_;
  size_t preconditions_ = 0;
};

}  // namespace civitas
