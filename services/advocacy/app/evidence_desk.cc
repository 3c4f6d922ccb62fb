#include "services/advocacy/app/evidence_desk.h"

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/advocacy/app/campaign_reads.h"
#include "services/advocacy/domain/evidence.h"

namespace civitas::advocacy {

bool NotPublishedByMonitoring(const absl::Status& answer) {
  return answer.code() == absl::StatusCode::kNotFound ||
         answer.code() == absl::StatusCode::kPermissionDenied ||
         answer.code() == absl::StatusCode::kUnauthenticated;
}

absl::Status FillCitedFigures(clients::MonitoringClient* monitoring,
                              const clients::CallContext& call, const std::string& field,
                              v1::EvidenceCitation* citation) {
  citation->clear_figures();
  citation->clear_actor();
  citation->clear_cite_time();
  Violations v;
  ValidateCitationAs(*citation, field, &v);
  RETURN_IF_ERROR(v.ToStatus());
  absl::StatusOr<monitoring::v1::Analytics> answer =
      monitoring->GetAnalytics(call, QuestionOf(*citation));
  if (NotPublishedByMonitoring(answer.status())) {
    v.Add(absl::StrCat(field, ".indicator"),
          absl::StrCat(citation->indicator(), " is not an indicator monitoring publishes"));
    return v.ToStatus();
  }
  if (answer.status().code() == absl::StatusCode::kInvalidArgument) {
    v.Add(field, absl::StrCat("monitoring refused the question: ", answer.status().message()));
    return v.ToStatus();
  }
  RETURN_IF_ERROR(answer.status());
  for (v1::CitedFigure& f : FiguresOf(*citation, *answer)) *citation->add_figures() = std::move(f);
  return absl::OkStatus();
}

absl::StatusOr<v1::Campaign> EvidenceDesk::CiteForCampaign(const records::Request& r,
                                                           const std::string& name,
                                                           const std::string& etag,
                                                           v1::EvidenceCitation citation) {
  // Missing for the caller (or malformed): answered as Get answers it, before monitoring is asked.
  RETURN_IF_ERROR(campaigns_->Get(r, name).status());
  RETURN_IF_ERROR(FillCitedFigures(monitoring_, r.call(), "citation", &citation));
  return campaigns_->Apply(
      r, name, etag,
      CiteCampaignEvidenceTransition(std::move(citation), r.caller().subject, clock_->Now()));
}

absl::StatusOr<v1::PolicyItem> EvidenceDesk::CiteForPolicyItem(const records::Request& r,
                                                               const std::string& name,
                                                               const std::string& etag,
                                                               v1::EvidenceCitation citation) {
  ASSIGN_OR_RETURN(v1::PolicyItem item, items_->Get(r, name));
  ASSIGN_OR_RETURN(auto campaign, ReadableCampaign(r.RulesContext(store_), item.campaign()));
  if (!campaign.has_value()) return absl::NotFoundError(absl::StrCat(name, " does not exist"));
  RETURN_IF_ERROR(FillCitedFigures(monitoring_, r.call(), "citation", &citation));
  return items_->Apply(r, name, etag,
                       CitePolicyItemEvidenceTransition(campaign->record, std::move(citation),
                                                        r.caller().subject, clock_->Now()));
}

absl::StatusOr<v1::EvidenceView> EvidenceDesk::ViewOf(
    const records::Request& r, const std::string& name,
    const google::protobuf::RepeatedPtrField<v1::EvidenceCitation>& citations) {
  v1::EvidenceView view;
  view.set_name(name);
  for (const v1::EvidenceCitation& c : citations) {
    v1::CitationView& row = *view.add_citations();
    *row.mutable_citation() = c;
    absl::StatusOr<monitoring::v1::Analytics> now =
        monitoring_->GetAnalytics(r.call(), QuestionOf(c));
    // An indicator no longer published (or gone) has no current figures: the cited ones stay.
    if (!now.ok() && now.status().code() != absl::StatusCode::kNotFound &&
        now.status().code() != absl::StatusCode::kPermissionDenied &&
        now.status().code() != absl::StatusCode::kUnauthenticated) {
      return now.status();
    }
    if (now.ok()) {
      for (v1::CitedFigure& f : FiguresOf(c, *now)) *row.add_current() = std::move(f);
    }
  }
  return view;
}

absl::StatusOr<v1::EvidenceView> EvidenceDesk::OfCampaign(const records::Request& r,
                                                          const std::string& name) {
  ASSIGN_OR_RETURN(v1::Campaign campaign, campaigns_->Get(r, name));
  return ViewOf(r, campaign.name(), campaign.evidence());
}

absl::StatusOr<v1::EvidenceView> EvidenceDesk::OfPolicyItem(const records::Request& r,
                                                            const std::string& name) {
  ASSIGN_OR_RETURN(v1::PolicyItem item, items_->Get(r, name));
  return ViewOf(r, item.name(), item.evidence());
}

}  // namespace civitas::advocacy
