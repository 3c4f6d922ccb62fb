// Evidence from monitoring, pure: what a valid citation is, the question it asks of monitoring
// (published aggregates: one indicator, one territory, its periods), the figures of the answer in
// the citation's order, and the transitions that keep a citation on a campaign or a policy item.
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "libs/common/field_violations.h"
#include "libs/records/transition.h"

namespace civitas::advocacy {

// Citations one campaign or policy item keeps.
inline constexpr int kMaxCitations = 50;

// Field checks of a citation as sent (fields `citation.<field>`).
void ValidateCitation(const v1::EvidenceCitation& citation, Violations* v);

// ValidateCitation with the violations named under `field` (`need.indicators[2].periods`).
void ValidateCitationAs(const v1::EvidenceCitation& citation, const std::string& field,
                        Violations* v);

// The question for monitoring: the citation's indicator for its territory and periods, published
// figures only.
monitoring::v1::GetAnalyticsRequest QuestionOf(const v1::EvidenceCitation& citation);

// One figure per period of `citation`, in its order, from `answer` (a period without a row: no
// figures, value 0).
std::vector<v1::CitedFigure> FiguresOf(const v1::EvidenceCitation& citation,
                                       const monitoring::v1::Analytics& answer);

// Keeps `citation` (its figures filled) on a campaign that is not closed, by its lead, CO_LEADs,
// MEMBERs or an admin, stamped with `actor` and `now`.
records::Transition<v1::Campaign> CiteCampaignEvidenceTransition(v1::EvidenceCitation citation,
                                                                 const std::string& actor,
                                                                 absl::Time now);
// The same on a policy item of `campaign`, whatever its stage.
records::Transition<v1::PolicyItem> CitePolicyItemEvidenceTransition(const v1::Campaign& campaign,
                                                                     v1::EvidenceCitation citation,
                                                                     const std::string& actor,
                                                                     absl::Time now);

}  // namespace civitas::advocacy
