// Use cases of evidence from monitoring: citing a published indicator's figures on a campaign or
// a policy item (asked of monitoring through its typed client, kept with the citation in one
// write), and showing each citation's figures as cited beside the figures as they are now.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "civitas/advocacy/v1/advocacy_service.pb.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/clients/monitoring_client.h"
#include "libs/common/clock.h"
#include "libs/records/record_service.h"
#include "libs/store/document_store.h"

namespace civitas::advocacy {

// The citation checked and its figures asked of monitoring now (for the request `call`): a
// violation under `field` (`citation`, `need.indicators[2]`) for what monitoring refuses of the
// question, monitoring's own error otherwise. Clears what the service stamps (actor, time).
absl::Status FillCitedFigures(clients::MonitoringClient* monitoring,
                              const clients::CallContext& call, const std::string& field,
                              v1::EvidenceCitation* citation);

// Whether monitoring's answer about an indicator means it does not publish it to this service
// (unknown, unpublished, or not this service's to read): the caller is told so in those words,
// not monitoring's own (which speak of this service's read rights).
bool NotPublishedByMonitoring(const absl::Status& answer);

class EvidenceDesk {
 public:
  EvidenceDesk(DocumentStore* store, clients::MonitoringClient* monitoring,
               records::RecordService<v1::Campaign>* campaigns,
               records::RecordService<v1::PolicyItem>* items, const Clock* clock)
      : store_(store),
        monitoring_(monitoring),
        campaigns_(campaigns),
        items_(items),
        clock_(clock) {}

  absl::StatusOr<v1::Campaign> CiteForCampaign(const records::Request& r, const std::string& name,
                                               const std::string& etag,
                                               v1::EvidenceCitation citation);
  absl::StatusOr<v1::PolicyItem> CiteForPolicyItem(const records::Request& r,
                                                   const std::string& name, const std::string& etag,
                                                   v1::EvidenceCitation citation);
  absl::StatusOr<v1::EvidenceView> OfCampaign(const records::Request& r, const std::string& name);
  absl::StatusOr<v1::EvidenceView> OfPolicyItem(const records::Request& r, const std::string& name);

 private:
  absl::StatusOr<v1::EvidenceView> ViewOf(
      const records::Request& r, const std::string& name,
      const google::protobuf::RepeatedPtrField<v1::EvidenceCitation>& citations);

  DocumentStore* const store_;
  clients::MonitoringClient* const monitoring_;
  records::RecordService<v1::Campaign>* const campaigns_;
  records::RecordService<v1::PolicyItem>* const items_;
  const Clock* const clock_;
};

}  // namespace civitas::advocacy
