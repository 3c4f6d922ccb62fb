#include "services/monitoring/domain/submissions.h"

#include <algorithm>
#include <functional>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "civitas/registry/v1/resources.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "services/monitoring/domain/access_policy.h"
#include "services/monitoring/domain/data_sets.h"
#include "services/monitoring/domain/indicators.h"
#include "services/monitoring/domain/option_combinations.h"
#include "services/monitoring/domain/values.h"

namespace civitas::monitoring {
namespace {

v1::SubmissionState StateOf(ApprovalLevel level) {
  switch (level) {
    case ApprovalLevel::kOpen:
      return v1::SUBMISSION_OPEN;
    case ApprovalLevel::kApproved:
      return v1::SUBMISSION_APPROVED;
    case ApprovalLevel::kAccepted:
      return v1::SUBMISSION_ACCEPTED;
  }
  return v1::SUBMISSION_OPEN;
}

std::vector<std::string> PathOf(const v1::Submission& s) {
  return {s.org_unit_path().begin(), s.org_unit_path().end()};
}

// The key of a stored value: its indicator and combination.
std::string KeyOf(const std::string& indicator, const std::string& combination) {
  return absl::StrCat(indicator, "|", combination);
}

records::Transition<v1::Submission> Step(std::string event, v1::SubmissionState from,
                                         v1::SubmissionState to) {
  records::Transition<v1::Submission> t;
  t.event = std::move(event);
  t.from = {from};
  t.to = to;
  // An approval step outlasts a burst of edits to the same figures (each edit that gets in
  // first makes its write ABORTED and retried): a clerk's click should not fail because the CSO
  // is still typing.
  t.max_attempts = 20;
  return t;
}

}  // namespace

std::string CombinationOfStored(const v1::DataValue& value) {
  std::string key;
  AssignCombinationOfStored(value, &key);
  return key;
}

void AssignCombinationOfStored(const v1::DataValue& value, std::string* out) {
  if (value.category_options().empty()) {
    out->assign(kDefaultCombination);
    return;
  }
  out->clear();
  for (const std::string& option : value.category_options()) {
    if (!out->empty()) out->push_back('.');
    out->append(option);
  }
}

std::string EntryKey(const std::string& data_set, const std::string& org_unit,
                     const std::string& period) {
  return absl::StrCat("entry=", data_set, "|", org_unit, "|", period);
}

v1::Submission MakeSubmission(const v1::DataSet& data_set, const std::string& org_unit,
                              const std::string& period, std::vector<std::string> path) {
  v1::Submission s;
  s.set_data_set(data_set.name());
  s.set_org_unit(org_unit);
  s.set_period(period);
  s.set_attribution(data_set.attribution());
  s.set_attribution_funder(data_set.attribution_funder());
  for (std::string& t : path) s.add_org_unit_path(std::move(t));
  s.set_state(v1::SUBMISSION_OPEN);
  return s;
}

bool FiguresChanged(const v1::Submission& before, const v1::Submission& after) {
  if (before.values_size() != after.values_size()) return true;
  for (int i = 0; i < before.values_size(); ++i) {
    if (!google::protobuf::util::MessageDifferencer::Equals(before.values(i), after.values(i))) {
      return true;
    }
  }
  return false;
}

absl::Status CheckTakesFigures(const v1::DataSet& data_set) {
  if (data_set.state() == v1::DATA_SET_ARCHIVED) {
    return absl::FailedPreconditionError(
        absl::StrCat(data_set.name(), " is archived: it takes no more figures"));
  }
  return absl::OkStatus();
}

bool CanReadSubmission(const Principal& p, const v1::Submission& submission) {
  return ReadsOrgUnit(p, submission.org_unit(), PathOf(submission)) ||
         ReadsAsFunder(p, submission.attribution_funder());
}

bool ReadsAsFunder(const Principal& p, const std::string& funder) {
  return !p.anonymous() && !funder.empty() && p.organization == funder;
}

bool ReadsOrgUnit(const Principal& p, const std::string& org_unit,
                  const std::vector<std::string>& path) {
  if (p.anonymous()) return false;
  // The ministry, admins, and the ministry's data warehouse (its API key's role).
  if (DefinesMetadata(p) || p.HasRole(kRoleWarehouse)) return true;
  if (!p.organization.empty() && p.organization == org_unit) return true;
  return p.HasRole(kRoleMunicipality) && ApprovesFor(p, path);
}

absl::Status AuthorizeEntry(const Principal& p, const std::string& org_unit,
                            const std::vector<std::string>& path) {
  if (p.anonymous()) return absl::UnauthenticatedError("entering figures needs a bearer token");
  if (p.HasRole(kRoleAdmin)) return absl::OkStatus();
  if (aip::IsNameOf<registry::v1::Organization>(org_unit)) {
    // Its people as reporters (cso, or municipality for a public authority): a warehouse,
    // reviewer or assessor credential of the same organisation reads, it does not report.
    if (p.organization == org_unit && (p.HasRole(kRoleCso) || p.HasRole(kRoleMunicipality))) {
      return absl::OkStatus();
    }
    return absl::PermissionDeniedError(
        absl::StrCat("only ", org_unit, "'s own people enter its figures"));
  }
  if (ApprovesFor(p, path)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      "the figures of ", org_unit, " are entered by the municipality responsible for it"));
}

std::vector<CheckedValue> CheckValues(const v1::SetDataValuesRequest& request,
                                      const v1::DataSet& data_set, const EntryFacts& facts,
                                      Violations* v) {
  std::vector<CheckedValue> out;
  if (request.values().empty() || request.values_size() > kMaxValuesPerRequest) {
    v->Add("values", absl::StrCat("must hold 1 to ", kMaxValuesPerRequest, " values"));
    return out;
  }
  const std::set<std::string> of_data_set(data_set.indicators().begin(),
                                          data_set.indicators().end());
  std::set<std::string> seen;
  std::map<std::string, std::vector<v1::Category>> categories_of;
  for (int i = 0; i < request.values_size(); ++i) {
    const v1::DataValueInput& in = request.values(i);
    const std::string at = absl::StrCat("values[", i, "]");
    auto found = facts.indicators.find(in.indicator());
    const v1::Indicator* indicator = found == facts.indicators.end() ? nullptr : found->second;
    // A figure stored earlier may be deleted whatever became of its indicator since (removed
    // from the data set, archived); new figures only go to the data set's active indicators.
    const bool deleting = in.delete_() && indicator != nullptr;
    if (!deleting && !of_data_set.contains(in.indicator())) {
      v->Add(at + ".indicator",
             absl::StrCat(in.indicator().empty() ? "an indicator" : in.indicator(),
                          " is not an indicator of ", data_set.name()));
      continue;
    }
    if (!deleting && (indicator == nullptr || indicator->state() != v1::INDICATOR_ACTIVE ||
                      IsRatio(*indicator))) {
      v->AddPrecondition(at + ".indicator", absl::StrCat(in.indicator(),
                                                         " takes no figures (missing, archived or "
                                                         "a ratio)"));
      continue;
    }
    auto indexed = facts.categories_of.find(in.indicator());
    if (indexed == facts.categories_of.end()) {
      // Made once per indicator of the request.
      std::vector<v1::Category>& made = categories_of[in.indicator()];
      if (made.empty()) {
        for (const std::string& name : indicator->categories()) {
          auto c = facts.categories.find(name);
          if (c != facts.categories.end()) made.push_back(c->second);
        }
      }
      indexed = categories_of.find(in.indicator());
    }
    const std::vector<v1::Category>& categories = indexed->second;
    if (categories.size() != static_cast<size_t>(indicator->categories_size())) {
      v->AddPrecondition(at + ".category_options",
                         absl::StrCat("a category of ", in.indicator(), " is missing"));
      continue;
    }
    absl::StatusOr<std::string> combination =
        CombinationKey(categories, {in.category_options().begin(), in.category_options().end()},
                       /*entering=*/!in.delete_());
    if (!combination.ok()) {
      v->Add(at + ".category_options", std::string(combination.status().message()));
      continue;
    }
    if (!seen.insert(KeyOf(in.indicator(), *combination)).second) {
      v->Add(at, absl::StrCat(in.indicator(), " ", *combination, " is given twice"));
      continue;
    }
    CheckedValue checked;
    checked.combination = *combination;
    checked.value.set_indicator(in.indicator());
    if (*combination != kDefaultCombination) {
      for (absl::string_view option : absl::StrSplit(*combination, '.')) {
        checked.value.add_category_options(std::string(option));
      }
    }
    if (in.delete_()) {
      // Its characters, like every text field's, are checked at the edge (aip::CheckTextFields).
      if (in.reason().empty() || aip::CharacterCount(in.reason()) > 2000) {
        v->Add(at + ".reason", "is required to delete a figure (1 to 2000 characters)");
        continue;
      }
      checked.remove = true;
      checked.reason = in.reason();
    } else {
      absl::StatusOr<std::string> value = CanonicalValue(indicator->value_type(), in.value());
      if (!value.ok()) {
        v->Add(at + ".value", std::string(value.status().message()));
        continue;
      }
      if (aip::CharacterCount(in.comment()) > 2000) {
        v->Add(at + ".comment", "must be at most 2000 characters");
        continue;
      }
      checked.value.set_value(*value);
      checked.value.set_comment(in.comment());
      checked.value.set_follow_up(in.follow_up());
    }
    out.push_back(std::move(checked));
  }
  return out;
}

void IndexCategories(EntryFacts* facts) {
  for (const auto& [name, indicator] : facts->indicators) {
    if (indicator == nullptr) continue;
    std::vector<v1::Category>& of = facts->categories_of[name];
    of.clear();
    for (const std::string& category : indicator->categories()) {
      auto c = facts->categories.find(category);
      if (c != facts->categories.end()) of.push_back(c->second);
    }
  }
}

void CheckSubmissionSize(const v1::Submission& submission, Violations* v) {
  if (submission.values_size() > kMaxValuesPerSubmission) {
    v->AddPrecondition(
        "values", absl::StrCat("a submission holds at most ", kMaxValuesPerSubmission, " values"));
  } else if (submission.ByteSizeLong() > kMaxSubmissionBytes) {
    v->AddPrecondition("values",
                       absl::StrCat("the submission would grow beyond ", kMaxSubmissionBytes >> 20,
                                    " MiB with its audit; no more changes fit"));
  }
}

bool ApplyValues(const std::vector<CheckedValue>& values, const std::string& by, absl::Time now,
                 int64_t version, v1::Submission* submission) {
  bool changed = false;
  auto* stored = submission->mutable_values();
  // Where each stored figure and tombstone is, by indicator and combination: one pass each.
  absl::flat_hash_map<std::string, int> at;
  for (int i = 0; i < stored->size(); ++i) {
    at[KeyOf((*stored)[i].indicator(), CombinationOfStored((*stored)[i]))] = i;
  }
  auto* tombstones = submission->mutable_deleted_values();
  absl::flat_hash_map<std::string, int> buried;
  for (int i = 0; i < tombstones->size(); ++i) {
    buried[KeyOf((*tombstones)[i].indicator(), CombinationOfStored((*tombstones)[i]))] = i;
  }
  std::vector<int> removed;
  std::vector<int> unburied;
  for (const CheckedValue& c : values) {
    auto found = at.find(KeyOf(c.value.indicator(), c.combination));
    const bool present = found != at.end();
    v1::DataValue* it = present ? stored->Mutable(found->second) : nullptr;
    const std::string old_value = present ? it->value() : "";
    const std::string key = KeyOf(c.value.indicator(), c.combination);
    if (c.remove) {
      if (!present) continue;
      removed.push_back(found->second);
      at.erase(found);
      auto grave = buried.find(key);
      if (grave == buried.end()) grave = buried.emplace(key, tombstones->size()).first;
      v1::DataValue& tombstone = grave->second < tombstones->size()
                                     ? *tombstones->Mutable(grave->second)
                                     : *tombstones->Add();
      tombstone = *it;
      tombstone.set_stored_by(by);
      *tombstone.mutable_update_time() = ToTimestamp(now);
      tombstone.set_submission_version(version);
    } else {
      if (present && it->value() == c.value.value() && it->comment() == c.value.comment() &&
          it->follow_up() == c.value.follow_up()) {
        continue;
      }
      if (!present) at[KeyOf(c.value.indicator(), c.combination)] = stored->size();
      v1::DataValue& target = present ? *it : *stored->Add();
      target = c.value;
      target.set_stored_by(by);
      *target.mutable_update_time() = ToTimestamp(now);
      target.set_submission_version(version);
      if (auto grave = buried.find(key); grave != buried.end()) {
        unburied.push_back(grave->second);
        buried.erase(grave);
      }
    }
    changed = true;
    v1::ValueChange& audit = *submission->add_audit();
    audit.set_indicator(c.value.indicator());
    audit.set_combination(c.combination);
    audit.set_old_value(old_value);
    audit.set_new_value(c.remove ? "" : c.value.value());
    audit.set_changed_by(by);
    *audit.mutable_change_time() = ToTimestamp(now);
    audit.set_reason(c.reason);
  }
  // Removed last, highest index first, so the indexes above stay right while they are used.
  std::sort(removed.begin(), removed.end(), std::greater<int>());
  for (int i : removed) stored->erase(stored->begin() + i);
  std::sort(unburied.begin(), unburied.end(), std::greater<int>());
  for (int i : unburied) tombstones->erase(tombstones->begin() + i);
  return changed;
}

ApprovalStatus ApprovalOf(const v1::Submission& submission) {
  ApprovalStatus status;
  switch (submission.state()) {
    case v1::SUBMISSION_APPROVED:
      status.level = ApprovalLevel::kApproved;
      break;
    case v1::SUBMISSION_ACCEPTED:
      status.level = ApprovalLevel::kAccepted;
      break;
    default:
      status.level = ApprovalLevel::kOpen;
  }
  status.by = submission.approval_by();
  status.at = FromTimestamp(submission.approval_time());
  status.reason = submission.approval_reason();
  return status;
}

void RecordApproval(const ApprovalStatus& status, v1::Submission* submission) {
  submission->set_state(StateOf(status.level));
  submission->set_approval_by(status.by);
  *submission->mutable_approval_time() = ToTimestamp(status.at);
  submission->set_approval_reason(status.reason);
}

records::Transition<v1::Submission> SetValuesTransition(std::vector<CheckedValue> values,
                                                        Principal caller, absl::Time now) {
  records::Transition<v1::Submission> t;
  t.event = "values_set";
  t.unchanged_is_noop = true;
  // Several people (or an import's chunks) enter figures of one form at once: each write that
  // gets in first makes the others' ABORTED and retried on the figures as they now are.
  t.max_attempts = 20;
  // Any state: a locked submission is refused by the lock's own words, not by its state's name.
  t.from = {v1::SUBMISSION_OPEN, v1::SUBMISSION_APPROVED, v1::SUBMISSION_ACCEPTED};
  t.authorize = [](const Principal& p, const v1::Submission& before) -> absl::Status {
    if (absl::Status entry = AuthorizeEntry(p, before.org_unit(), PathOf(before)); !entry.ok()) {
      return entry;
    }
    return CheckEditable(ApprovalOf(before));
  };
  t.effect = [values = std::move(values), by = caller.subject,
              now](v1::Submission& s) -> absl::Status {
    // A stored record's etag is its version (libs/records); the write makes the next one.
    int64_t version = 0;
    if (!absl::SimpleAtoi(s.etag(), &version)) {
      return absl::InternalError(absl::StrCat(s.name(), " has no version to follow"));
    }
    ApplyValues(values, by, now, version + 1, &s);  // its size is SubmissionRules::Validate's
    return absl::OkStatus();
  };
  return t;
}

records::Transition<v1::Submission> ApproveTransition(Principal caller, absl::Time now) {
  records::Transition<v1::Submission> t =
      Step("approved", v1::SUBMISSION_OPEN, v1::SUBMISSION_APPROVED);
  t.authorize = [now](const Principal& p, const v1::Submission& before) {
    return Approve(ApprovalOf(before), p, PathOf(before), now).status();
  };
  t.effect = [caller = std::move(caller), now](v1::Submission& s) -> absl::Status {
    absl::StatusOr<ApprovalStatus> next = Approve(ApprovalOf(s), caller, PathOf(s), now);
    if (!next.ok()) return next.status();
    RecordApproval(*next, &s);
    return absl::OkStatus();
  };
  return t;
}

records::Transition<v1::Submission> AcceptTransition(Principal caller, absl::Time now,
                                                     v1::OrgUnitSnapshot snapshot) {
  records::Transition<v1::Submission> t =
      Step("accepted", v1::SUBMISSION_APPROVED, v1::SUBMISSION_ACCEPTED);
  t.authorize = [now](const Principal& p, const v1::Submission& before) {
    return Accept(ApprovalOf(before), p, now).status();
  };
  t.effect = [caller = std::move(caller), now,
              snapshot = std::move(snapshot)](v1::Submission& s) -> absl::Status {
    if (!snapshot.has_capture_time()) {
      return absl::FailedPreconditionError(absl::StrCat(
          s.name(), " changed while its org unit's registry facts were read: accept it again"));
    }
    absl::StatusOr<ApprovalStatus> next = Accept(ApprovalOf(s), caller, now);
    if (!next.ok()) return next.status();
    RecordApproval(*next, &s);
    *s.mutable_org_unit_snapshot() = snapshot;
    return absl::OkStatus();
  };
  return t;
}

bool MayAccept(const Principal& caller, const v1::Submission& submission, absl::Time now) {
  return submission.state() == v1::SUBMISSION_APPROVED &&
         Accept(ApprovalOf(submission), caller, now).ok();
}

records::Transition<v1::Submission> RehomeTransition(std::vector<std::string> path) {
  records::Transition<v1::Submission> t;
  t.event = "rehomed";
  t.from = {v1::SUBMISSION_OPEN};
  t.authorize = [](const Principal& p, const v1::Submission&) {
    return p.background_job ? absl::OkStatus()
                            : absl::PermissionDeniedError(
                                  "submissions move with their org unit, by the registry's events");
  };
  t.effect = [path = std::move(path)](v1::Submission& s) -> absl::Status {
    s.clear_org_unit_path();
    for (const std::string& territory : path) s.add_org_unit_path(territory);
    return absl::OkStatus();
  };
  t.unchanged_is_noop = true;
  // Edits of the same figures may keep getting in first.
  t.max_attempts = 20;
  return t;
}

records::Transition<v1::Submission> UnapproveTransition(
    Principal caller, std::string reason, absl::Time now,
    std::optional<std::vector<std::string>> path) {
  records::Transition<v1::Submission> t =
      Step("unapproved", v1::SUBMISSION_APPROVED, v1::SUBMISSION_OPEN);
  t.authorize = [reason, now](const Principal& p, const v1::Submission& before) {
    return Unapprove(ApprovalOf(before), p, PathOf(before), reason, now).status();
  };
  t.effect = [caller = std::move(caller), reason, now,
              path = std::move(path)](v1::Submission& s) -> absl::Status {
    absl::StatusOr<ApprovalStatus> next = Unapprove(ApprovalOf(s), caller, PathOf(s), reason, now);
    if (!next.ok()) return next.status();
    RecordApproval(*next, &s);
    if (path.has_value()) {
      s.clear_org_unit_path();
      for (const std::string& territory : *path) s.add_org_unit_path(territory);
    }
    return absl::OkStatus();
  };
  return t;
}

bool MayUnapprove(const Principal& caller, const v1::Submission& submission,
                  const std::string& reason, absl::Time now) {
  return submission.state() == v1::SUBMISSION_APPROVED &&
         Unapprove(ApprovalOf(submission), caller, PathOf(submission), reason, now).ok();
}

records::Transition<v1::Submission> UnacceptTransition(Principal caller, std::string reason,
                                                       absl::Time now) {
  records::Transition<v1::Submission> t =
      Step("unaccepted", v1::SUBMISSION_ACCEPTED, v1::SUBMISSION_APPROVED);
  t.authorize = [reason, now](const Principal& p, const v1::Submission& before) {
    return Unaccept(ApprovalOf(before), p, reason, now).status();
  };
  t.effect = [caller = std::move(caller), reason, now](v1::Submission& s) -> absl::Status {
    absl::StatusOr<ApprovalStatus> next = Unaccept(ApprovalOf(s), caller, reason, now);
    if (!next.ok()) return next.status();
    RecordApproval(*next, &s);
    s.clear_org_unit_snapshot();
    return absl::OkStatus();
  };
  return t;
}

}  // namespace civitas::monitoring
