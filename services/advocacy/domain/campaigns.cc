#include "services/advocacy/domain/campaigns.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "civitas/grants/v1/resources.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "google/protobuf/util/time_util.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "services/advocacy/domain/record_checks.h"

namespace civitas::advocacy {
namespace {

constexpr int kMaxDecisionMakers = 50;
constexpr int kMaxCoalition = 200;
constexpr int kMaxTerritories = 50;
constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxAskLength = 2000;

absl::Status Denied(const v1::Campaign& campaign, const std::string& what, const std::string& who) {
  return absl::PermissionDeniedError(absl::StrCat(
      "only ", who, " of ", campaign.name().empty() ? "the campaign" : campaign.name(),
      " (lead organisation ", campaign.lead_organization(), ") or an admin may ", what));
}

void AddChange(v1::Campaign& campaign, v1::CampaignState state, const std::string& reason,
               const std::string& actor, absl::Time now) {
  v1::CampaignStateChange& change = *campaign.add_state_history();
  change.set_state(state);
  change.set_reason(reason);
  change.set_actor(actor);
  *change.mutable_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(now));
}

// A transition from `from` to `to`, steered by the lead and CO_LEADs, with a reason when
// `needs_reason`.
records::Transition<v1::Campaign> Steer(std::string event, std::vector<v1::CampaignState> from,
                                        v1::CampaignState to, const std::string& actor,
                                        const std::string& reason, bool needs_reason,
                                        absl::Time now) {
  records::Transition<v1::Campaign> t;
  t.event = std::move(event);
  t.from = std::move(from);
  t.to = to;
  t.authorize = [](const Principal& p, const v1::Campaign& before) {
    return AuthorizeCampaignSteering(p, before);
  };
  t.effect = [=](v1::Campaign& campaign) -> absl::Status {
    Violations v;
    if (needs_reason) {
      CheckStatement(reason, "reason", kMaxReasonLength, &v);
    } else {
      aip::CheckText(reason, "reason", false, kMaxReasonLength, &v);
    }
    if (!v.empty()) return v.ToStatus();
    campaign.set_state_reason(reason);
    AddChange(campaign, to, reason, actor, now);
    return absl::OkStatus();
  };
  return t;
}

}  // namespace

CampaignPart PartIn(const Principal& p, const v1::Campaign& campaign) {
  if (p.HasRole(kRoleAdmin)) return CampaignPart::kAdmin;
  if (p.organization.empty()) return CampaignPart::kNone;
  if (p.organization == campaign.lead_organization()) return CampaignPart::kLead;
  for (const v1::CoalitionMember& m : campaign.coalition()) {
    if (m.organization() != p.organization) continue;
    switch (m.role()) {
      case v1::CO_LEAD:
        return CampaignPart::kCoLead;
      case v1::MEMBER:
        return CampaignPart::kMember;
      case v1::SUPPORTER:
        return CampaignPart::kSupporter;
      default:
        return CampaignPart::kNone;
    }
  }
  return CampaignPart::kNone;
}

bool CanReadCampaign(const Principal& p, const v1::Campaign& campaign) {
  return campaign.published() || p.background_job || PartIn(p, campaign) != CampaignPart::kNone;
}

absl::Status AuthorizeCampaignSteering(const Principal& p, const v1::Campaign& campaign) {
  const CampaignPart part = PartIn(p, campaign);
  if (part == CampaignPart::kAdmin || part == CampaignPart::kLead ||
      part == CampaignPart::kCoLead) {
    return absl::OkStatus();
  }
  return Denied(campaign, "change the campaign or its state", "the lead organisation and CO_LEADs");
}

absl::Status AuthorizeActivityRecording(const Principal& p, const v1::Campaign& campaign,
                                        const std::string& what) {
  const CampaignPart part = PartIn(p, campaign);
  if (part == CampaignPart::kAdmin || part == CampaignPart::kLead ||
      part == CampaignPart::kCoLead || part == CampaignPart::kMember) {
    return absl::OkStatus();
  }
  return Denied(campaign, what, "the lead organisation, CO_LEADs and MEMBERs");
}

absl::Status AuthorizeCampaignChange(const Principal& p, records::Change change,
                                     const v1::Campaign* before, const v1::Campaign& after) {
  if (change == records::Change::kCreate) {
    if (p.HasRole(kRoleAdmin)) return absl::OkStatus();
    if (p.organization.empty()) {
      return absl::PermissionDeniedError(
          "a campaign is led by the caller's organisation: the token acts for none");
    }
    if (after.lead_organization() != p.organization) {
      return absl::PermissionDeniedError(
          absl::StrCat("a campaign is led by the caller's own organisation (", p.organization,
                       "), not ", after.lead_organization(), ", unless an admin creates it"));
    }
    return absl::OkStatus();
  }
  if (before == nullptr) return absl::InternalError("a change of a campaign needs it as stored");
  if (absl::Status steer = AuthorizeCampaignSteering(p, *before); !steer.ok()) return steer;
  if (change == records::Change::kArchive) {
    if (before->state() != v1::CAMPAIGN_PLANNED && before->state() != v1::CAMPAIGN_CLOSED &&
        before->state() != v1::CAMPAIGN_ARCHIVED) {
      return absl::FailedPreconditionError(
          absl::StrCat(before->name(), " is ", v1::CampaignState_Name(before->state()),
                       "; close it first (POST :close with its reason), then delete it"));
    }
    return absl::OkStatus();
  }
  if (change == records::Change::kUpdate && before->state() == v1::CAMPAIGN_CLOSED) {
    return absl::FailedPreconditionError(
        absl::StrCat(before->name(), " is CAMPAIGN_CLOSED: a closed campaign is frozen"));
  }
  return absl::OkStatus();
}

void ValidateCampaign(const v1::Campaign& c, Violations* v) {
  aip::CheckLocalizedText(c.display_name(), "campaign.display_name", true, kMaxNameLength, v);
  aip::CheckLocalizedText(c.policy_ask(), "campaign.policy_ask", true, kMaxAskLength, v);
  aip::CheckNameOf<registry::v1::Organization>(c.lead_organization(), "campaign.lead_organization",
                                               true, v);
  if (c.decision_makers_size() > kMaxDecisionMakers) {
    v->Add("campaign.decision_makers", absl::StrCat("at most ", kMaxDecisionMakers));
  }
  for (int i = 0; i < c.decision_makers_size(); ++i) {
    const std::string field = absl::StrCat("campaign.decision_makers[", i, "]");
    aip::CheckNameOf<registry::v1::Organization>(c.decision_makers(i).organization(),
                                                 field + ".organization", false, v);
    CheckStatement(c.decision_makers(i).office(), field + ".office", kMaxNameLength, v);
  }
  if (c.coalition_size() > kMaxCoalition) {
    v->Add("campaign.coalition", absl::StrCat("at most ", kMaxCoalition, " members"));
  }
  std::set<std::string> members;
  for (int i = 0; i < c.coalition_size(); ++i) {
    const v1::CoalitionMember& m = c.coalition(i);
    const std::string field = absl::StrCat("campaign.coalition[", i, "]");
    aip::CheckNameOf<registry::v1::Organization>(m.organization(), field + ".organization", true,
                                                 v);
    if (m.role() == v1::COALITION_ROLE_UNSPECIFIED) {
      v->Add(field + ".role", "is required: CO_LEAD, MEMBER or SUPPORTER");
    } else if (!v1::CoalitionRole_IsValid(static_cast<int>(m.role()))) {
      v->Add(field + ".role",
             absl::StrCat(static_cast<int>(m.role()),
                          " is not a CoalitionRole: CO_LEAD, MEMBER or SUPPORTER"));
    }
    if (!m.organization().empty() && m.organization() == c.lead_organization()) {
      v->Add(field + ".organization", "is the lead organisation, which is not a member too");
    } else if (!m.organization().empty() && !members.insert(m.organization()).second) {
      v->Add(field + ".organization", absl::StrCat(m.organization(), " is a member already"));
    }
  }
  if (c.territories_size() > kMaxTerritories) {
    v->Add("campaign.territories", absl::StrCat("at most ", kMaxTerritories));
  }
  std::set<std::string> territories;
  for (int i = 0; i < c.territories_size(); ++i) {
    const std::string field = absl::StrCat("campaign.territories[", i, "]");
    aip::CheckNameOf<registry::v1::Territory>(c.territories(i), field, true, v);
    if (!territories.insert(c.territories(i)).second) {
      v->Add(field, absl::StrCat(c.territories(i), " is listed twice"));
    }
  }
  aip::CheckDate(c.start_date(), "campaign.start_date", false, v);
  aip::CheckDate(c.end_date(), "campaign.end_date", false, v);
  aip::CheckDateRange(c.start_date(), c.end_date(), "campaign.start_date", "campaign.end_date", v);
  if (c.has_budget()) aip::CheckMoney(c.budget(), "campaign.budget", false, v);
  aip::CheckNameOf<grants::v1::Grant>(c.funding_grant(), "campaign.funding_grant", false, v);
}

bool TakesActivities(v1::CampaignState state) {
  return state == v1::CAMPAIGN_PLANNED || state == v1::CAMPAIGN_ACTIVE ||
         state == v1::CAMPAIGN_PAUSED;
}

records::Transition<v1::Campaign> ActivateCampaignTransition(const std::string& actor,
                                                             absl::Time now) {
  return Steer("activated", {v1::CAMPAIGN_PLANNED}, v1::CAMPAIGN_ACTIVE, actor, "", false, now);
}

records::Transition<v1::Campaign> PauseCampaignTransition(const std::string& actor,
                                                          const std::string& reason,
                                                          absl::Time now) {
  return Steer("paused", {v1::CAMPAIGN_ACTIVE}, v1::CAMPAIGN_PAUSED, actor, reason, true, now);
}

records::Transition<v1::Campaign> ResumeCampaignTransition(const std::string& actor,
                                                           absl::Time now) {
  return Steer("resumed", {v1::CAMPAIGN_PAUSED}, v1::CAMPAIGN_ACTIVE, actor, "", false, now);
}

records::Transition<v1::Campaign> CloseCampaignTransition(const std::string& actor,
                                                          const std::string& reason,
                                                          absl::Time now) {
  return Steer("closed", {v1::CAMPAIGN_PLANNED, v1::CAMPAIGN_ACTIVE, v1::CAMPAIGN_PAUSED},
               v1::CAMPAIGN_CLOSED, actor, reason, true, now);
}

}  // namespace civitas::advocacy
