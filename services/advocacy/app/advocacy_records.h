// AdvocacyRecords: the advocacy resources wired to one DocumentStore and the registry, grants and
// monitoring clients: each resource's rules and RecordService (libs/records), and the use cases
// over them. Owns the rules, services and use cases; members are declared in the order they are
// built.
#pragma once

#include "libs/records/record_service.h"
#include "services/advocacy/app/activity_rules.h"
#include "services/advocacy/app/campaign_calendar.h"
#include "services/advocacy/app/campaign_lifecycle.h"
#include "services/advocacy/app/campaign_rules.h"
#include "services/advocacy/app/commitment_rules.h"
#include "services/advocacy/app/commitment_tracker.h"
#include "services/advocacy/app/evidence_desk.h"
#include "services/advocacy/app/policy_item_rules.h"
#include "services/advocacy/app/policy_pipeline.h"

namespace civitas::advocacy {

class AdvocacyRecords {
 public:
  AdvocacyRecords(DocumentStore* store, clients::RegistryClient* registry,
                  clients::GrantsClient* grants, clients::MonitoringClient* monitoring,
                  const Clock* clock, IdGenerator* ids)
      : campaign_rules_(registry, grants),
        campaigns(store, &campaign_rules_, clock, ids),
        activity_rules_(registry),
        activities(store, &activity_rules_, clock, ids),
        commitment_rules_(registry, clock),
        commitments(store, &commitment_rules_, clock, ids),
        policy_item_rules_(clock),
        policy_items(store, &policy_item_rules_, clock, ids),
        lifecycle(&campaigns, clock),
        tracker(store, &commitments, clock),
        pipeline(store, &policy_items, clock),
        evidence(store, monitoring, &campaigns, &policy_items, clock),
        calendar(store, &campaigns, clock) {}

 private:
  CampaignRules campaign_rules_;

 public:
  records::RecordService<v1::Campaign> campaigns;

 private:
  ActivityRules activity_rules_;

 public:
  records::RecordService<v1::Activity> activities;

 private:
  CommitmentRules commitment_rules_;

 public:
  records::RecordService<v1::Commitment> commitments;

 private:
  PolicyItemRules policy_item_rules_;

 public:
  records::RecordService<v1::PolicyItem> policy_items;
  CampaignLifecycle lifecycle;
  CommitmentTracker tracker;
  PolicyPipeline pipeline;
  EvidenceDesk evidence;
  CampaignCalendarFeed calendar;
};

}  // namespace civitas::advocacy
