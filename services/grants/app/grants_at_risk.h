// GrantsAtRisk: active grants whose recipient will not be accredited, on the grant's last day,
// for a service type the grant's call requires: the accreditation service is asked about that
// day as its register stands today (a certificate ending, suspended or withdrawn before then).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "civitas/grants/v1/grants_service.pb.h"
#include "libs/clients/accreditation_client.h"
#include "libs/records/request.h"
#include "libs/store/document_store.h"

namespace civitas::grants {

class GrantsAtRisk {
 public:
  GrantsAtRisk(DocumentStore* store, clients::AccreditationClient* accreditation)
      : store_(store), accreditation_(accreditation) {}

  // Programme staff see their programmes' grants, a recipient its own; `programme` narrows.
  absl::StatusOr<v1::ListGrantsAtRiskResponse> List(const records::Request& r,
                                                    const std::string& programme);

 private:
  DocumentStore* const store_;
  clients::AccreditationClient* const accreditation_;
};

}  // namespace civitas::grants
