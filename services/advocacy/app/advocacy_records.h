// AdvocacyRecords: the advocacy resources wired to one DocumentStore and the registry, grants and
// monitoring clients: each resource's rules and RecordService (libs/records), and the use cases
// over them. Owns the rules, services and use cases; members are declared in the order they are
// built.
#pragma once

#include "libs/records/record_service.h"
#include "services/advocacy/app/activity_rules.h"
#include "services/advocacy/app/campaign_calendar.h"
#include "services/advocacy/app/campaign_lifecycle.h"
#include "services/advocacy/app/campaign_pull.h"
#include "services/advocacy/app/campaign_rules.h"
#include "services/advocacy/app/commitment_rules.h"
#include "services/advocacy/app/commitment_tracker.h"
#include "services/advocacy/app/evidence_desk.h"
#include "services/advocacy/app/need_rules.h"
#include "services/advocacy/app/plan_action_rules.h"
#include "services/advocacy/app/plan_progress.h"
#include "services/advocacy/app/planning_cycle_rules.h"
#include "services/advocacy/app/planning_desk.h"
#include "services/advocacy/app/policy_item_rules.h"
#include "services/advocacy/app/policy_pipeline.h"
#include "services/advocacy/app/round_rules.h"
#include "services/advocacy/app/territory_calendar.h"
#include "services/advocacy/app/vote_box.h"
#include "services/advocacy/app/vote_rules.h"

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
        calendar(store, &campaigns, clock),
        cycle_rules_(registry, clock),
        cycles(store, &cycle_rules_, clock, ids),
        need_rules_(monitoring, clock),
        needs(store, &need_rules_, clock, ids),
        round_rules_(registry),
        rounds(store, &round_rules_, clock, ids),
        votes(store, &vote_rules_, clock, ids),
        plan_action_rules_(registry, grants, monitoring, clock),
        plan_actions(store, &plan_action_rules_, clock, ids),
        vote_box(store, &votes),
        planning(store, &cycles, &rounds, &plan_actions, clock),
        progress(store, registry, grants, monitoring, &cycles, clock),
        territory_calendar(store, registry, clock),
        campaign_pull(store, &campaigns) {}

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

 private:
  PlanningCycleRules cycle_rules_;

 public:
  records::RecordService<v1::PlanningCycle> cycles;

 private:
  NeedRules need_rules_;

 public:
  records::RecordService<v1::Need> needs;

 private:
  RoundRules round_rules_;

 public:
  records::RecordService<v1::PrioritisationRound> rounds;

 private:
  VoteRules vote_rules_;

 public:
  records::RecordService<v1::Vote> votes;

 private:
  PlanActionRules plan_action_rules_;

 public:
  records::RecordService<v1::PlanAction> plan_actions;
  VoteBox vote_box;
  PlanningDesk planning;
  PlanProgressView progress;
  TerritoryCalendarFeed territory_calendar;
  CampaignPull campaign_pull;
};

}  // namespace civitas::advocacy
