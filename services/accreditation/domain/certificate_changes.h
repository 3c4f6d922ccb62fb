// The accrediting body's changes to a certificate (suspend, reinstate, withdraw) as one request
// checked here and one transition: who may, what each records in the history, the state shown.
// Pure.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/records/transition.h"
#include "services/accreditation/domain/certificates.h"

namespace civitas::accreditation {

enum class CertificateChangeKind { kSuspend, kReinstate, kWithdraw };

// The request as a caller sends it: `effective_from` today when empty, `effective_to` (a
// suspension's end) when set; a reason is required. INVALID_ARGUMENT naming every bad field.
absl::StatusOr<ChangeRequest> MakeChangeRequest(const std::string& reason,
                                                const std::string& effective_from,
                                                const std::string& effective_to,
                                                const std::string& actor, absl::Time now);

// The accrediting body only; the certificate's history gets the change, its state the standing
// on the request's day.
records::Transition<v1::Certificate> CertificateChangeTransition(CertificateChangeKind kind,
                                                                 ChangeRequest request);

}  // namespace civitas::accreditation
