#include "services/advocacy/domain/evidence.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "google/protobuf/util/time_util.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "services/advocacy/domain/campaigns.h"

namespace civitas::advocacy {
namespace {

constexpr int kMaxCitedPeriods = 12;
constexpr size_t kMaxNoteLength = 500;

// A DHIS2 period code's shape (`2025`, `2025Q3`, `202503`, `2025W10`, `20250315`, `2025S1`):
// monitoring judges it; this only keeps out what cannot be one.
bool LooksLikePeriod(const std::string& code) {
  if (code.size() < 4 || code.size() > 8) return false;
  for (const char c : code) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != 'Q' && c != 'S' && c != 'W') {
      return false;
    }
  }
  return true;
}

// Appends `citation` to `list` (at most kMaxCitations), stamped.
absl::Status Keep(const std::string& name, v1::EvidenceCitation citation, const std::string& actor,
                  absl::Time now, google::protobuf::RepeatedPtrField<v1::EvidenceCitation>* list) {
  if (list->size() >= kMaxCitations) {
    return absl::FailedPreconditionError(
        absl::StrCat(name, " cites ", kMaxCitations, " pieces of evidence, the most it keeps"));
  }
  citation.set_actor(actor);
  *citation.mutable_cite_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(now));
  *list->Add() = std::move(citation);
  return absl::OkStatus();
}

}  // namespace

void ValidateCitation(const v1::EvidenceCitation& c, Violations* v) {
  aip::CheckNameOf<monitoring::v1::Indicator>(c.indicator(), "citation.indicator", true, v);
  aip::CheckNameOf<registry::v1::Territory>(c.territory(), "citation.territory", true, v);
  if (c.periods().empty() || c.periods_size() > kMaxCitedPeriods) {
    v->Add("citation.periods", absl::StrCat("1 to ", kMaxCitedPeriods, " period codes"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < c.periods_size(); ++i) {
    const std::string field = absl::StrCat("citation.periods[", i, "]");
    if (!LooksLikePeriod(c.periods(i))) {
      v->Add(field, absl::StrCat("'", c.periods(i),
                                 "' is not a DHIS2 period code (2025, 2025Q3, 202503, ...)"));
    } else if (!seen.insert(c.periods(i)).second) {
      v->Add(field, absl::StrCat(c.periods(i), " is listed twice"));
    }
  }
  aip::CheckText(c.note(), "citation.note", false, kMaxNoteLength, v);
}

void ValidateCitationAs(const v1::EvidenceCitation& citation, const std::string& field,
                        Violations* v) {
  Violations cited;
  ValidateCitation(citation, &cited);
  for (const FieldViolation& item : cited.items()) {
    const size_t dot = item.field.find('.');
    v->Add(absl::StrCat(field, dot == std::string::npos ? "" : item.field.substr(dot)),
           item.description);
  }
}

monitoring::v1::GetAnalyticsRequest QuestionOf(const v1::EvidenceCitation& c) {
  monitoring::v1::GetAnalyticsRequest q;
  q.add_indicators(c.indicator());
  q.add_org_units(c.territory());
  for (const std::string& p : c.periods()) q.add_periods(p);
  q.set_accepted_only(true);
  return q;
}

std::vector<v1::CitedFigure> FiguresOf(const v1::EvidenceCitation& c,
                                       const monitoring::v1::Analytics& answer) {
  std::vector<v1::CitedFigure> out;
  for (const std::string& period : c.periods()) {
    v1::CitedFigure& f = out.emplace_back();
    f.set_period(period);
    for (const monitoring::v1::AnalyticsRow& row : answer.rows()) {
      if (row.indicator() == c.indicator() && row.org_unit() == c.territory() &&
          row.period() == period) {
        f.set_value(row.value());
        f.set_figures(row.figures());
      }
    }
  }
  return out;
}

records::Transition<v1::Campaign> CiteCampaignEvidenceTransition(v1::EvidenceCitation citation,
                                                                 const std::string& actor,
                                                                 absl::Time now) {
  records::Transition<v1::Campaign> t;
  t.event = "evidence_cited";
  t.from = {v1::CAMPAIGN_PLANNED, v1::CAMPAIGN_ACTIVE, v1::CAMPAIGN_PAUSED};
  t.authorize = [](const Principal& p, const v1::Campaign& before) {
    return AuthorizeActivityRecording(p, before, "cite evidence for it");
  };
  t.effect = [=](v1::Campaign& c) {
    return Keep(c.name(), citation, actor, now, c.mutable_evidence());
  };
  return t;
}

records::Transition<v1::PolicyItem> CitePolicyItemEvidenceTransition(const v1::Campaign& campaign,
                                                                     v1::EvidenceCitation citation,
                                                                     const std::string& actor,
                                                                     absl::Time now) {
  records::Transition<v1::PolicyItem> t;
  t.event = "evidence_cited";
  t.from = {v1::POLICY_AGENDA, v1::POLICY_DRAFTED, v1::POLICY_ADOPTED, v1::POLICY_FUNDED,
            v1::POLICY_IMPLEMENTED};
  t.authorize = [campaign](const Principal& p, const v1::PolicyItem&) {
    return AuthorizeActivityRecording(p, campaign, "cite evidence for its policy items");
  };
  t.effect = [=](v1::PolicyItem& item) {
    return Keep(item.name(), citation, actor, now, item.mutable_evidence());
  };
  return t;
}

}  // namespace civitas::advocacy
