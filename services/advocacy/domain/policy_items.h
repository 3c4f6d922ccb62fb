// Policy items, pure: what a valid item and step are, who records them (the campaign's lead,
// CO_LEADs and MEMBERs), and the pipeline agenda -> drafted -> adopted -> funded -> implemented,
// one stage at a time, each step dated (in order, not in the future) with its source.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "civitas/advocacy/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/records/record.h"
#include "libs/records/transition.h"

namespace civitas::advocacy {

// Field checks of a policy item as it will be (fields `policy_item.<field>`), its agenda step's
// date against `today`.
void ValidatePolicyItem(const v1::PolicyItem& item, absl::CivilDay today, Violations* v);

// Field checks of a step (fields `<field>.<part>`).
void ValidatePolicyStep(const v1::PolicyStep& step, absl::CivilDay today, const std::string& field,
                        Violations* v);

// The standard changes of an item of `campaign`: create and update by its lead, CO_LEADs and
// MEMBERs; archive by its lead and CO_LEADs.
absl::Status AuthorizePolicyItemChange(const Principal& p, records::Change change,
                                       const v1::Campaign& campaign);

// A new item's steps: its agenda step, stamped POLICY_AGENDA and `actor`.
void StartPipeline(const std::string& actor, v1::PolicyItem* item);

// The stage after `stage` (POLICY_STAGE_UNSPECIFIED after the last).
v1::PolicyStage NextStage(v1::PolicyStage stage);

// The item reaches `stage` (the next one: anything else is FAILED_PRECONDITION naming the stage
// it is at and the one that comes next) on `step`'s date, not before its last step's, by `actor`.
records::Transition<v1::PolicyItem> AdvancePolicyTransition(const v1::Campaign& campaign,
                                                            v1::PolicyStage stage,
                                                            const v1::PolicyStep& step,
                                                            const std::string& actor,
                                                            absl::CivilDay today);

}  // namespace civitas::advocacy
