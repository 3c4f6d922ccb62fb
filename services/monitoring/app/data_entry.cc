#include "services/monitoring/app/data_entry.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/monitoring/app/org_unit_facts.h"
#include "services/monitoring/app/org_unit_path.h"
#include "services/monitoring/domain/completeness.h"
#include "services/monitoring/domain/data_sets.h"
#include "services/monitoring/domain/entry_window.h"
#include "services/monitoring/domain/periods.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {

absl::StatusOr<v1::Submission> DataEntry::SetValues(const records::Request& r,
                                                    const v1::SetDataValuesRequest& request) {
  const Principal& p = r.caller();
  if (p.anonymous()) return absl::UnauthenticatedError("entering figures needs a bearer token");
  Violations v;
  aip::CheckNameOf<v1::DataSet>(request.data_set(), "data_set", true, &v);
  if (!IsOrgUnitName(request.org_unit())) {
    v.Add("org_unit", "must be a territory or an organisation of the registry");
  }
  absl::StatusOr<Period> period = ParsePeriod(request.period());
  if (!period.ok()) v.Add("period", std::string(period.status().message()));
  RETURN_IF_ERROR(v.ToStatus());

  ASSIGN_OR_RETURN(auto data_set,
                   records::ReadNamed<v1::DataSet>(r.reads(store_), request.data_set()));
  if (!data_set.has_value()) {
    return absl::NotFoundError(absl::StrCat(request.data_set(), " not found"));
  }
  const v1::DataSet& form = data_set->record;
  RETURN_IF_ERROR(CheckTakesFigures(form));
  if (std::find(form.org_units().begin(), form.org_units().end(), request.org_unit()) ==
      form.org_units().end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("org_unit: ", request.org_unit(), " is not assigned to ", form.name()));
  }
  RETURN_IF_ERROR(CheckPeriodOpen(form, *period, DayOf(clock_->Now())));
  // The org unit's place: as its submission recorded it when the first figures were entered (no
  // registry call for each entry after that; the write authorizes against it again), or as the
  // registry says now for the first figures. Its submissions are in its keyspace
  // (SubmissionStores).
  const std::string key = EntryKey(form.name(), request.org_unit(), period->code);
  ASSIGN_OR_RETURN(std::string keyspace, submissions_->KeyspaceOf(request.org_unit(), r.call()));
  // The keyspace seen with home: what is read through it (the submission, the indicators) the
  // write's rules find in the request's reads of it.
  ASSIGN_OR_RETURN(DocumentStore * in, submissions_->Store(keyspace));
  const std::string& submissions = aip::CollectionOf<v1::Submission>();
  ASSIGN_OR_RETURN(std::optional<std::string> id, r.reads(in)->FindUnique(submissions, key));
  std::vector<std::string> path;
  if (id.has_value()) {
    ASSIGN_OR_RETURN(auto stored, records::ReadRecord<v1::Submission>(r.reads(in), *id));
    if (stored.has_value()) {
      path.assign(stored->record.org_unit_path().begin(), stored->record.org_unit_path().end());
    }
  }
  if (path.empty()) {
    ASSIGN_OR_RETURN(path, OrgUnitPath(registry_, request.org_unit(), r.call()));
    submissions_->Remember(request.org_unit(), path);
  }
  RETURN_IF_ERROR(AuthorizeEntry(p, request.org_unit(), path));

  // The indicators named and their categories, in two round trips.
  std::vector<std::string> names;
  for (const v1::DataValueInput& in : request.values()) names.push_back(in.indicator());
  RETURN_IF_ERROR(records::PrefetchNamed<v1::Indicator>(r.reads(in), names));
  std::map<std::string, v1::Indicator> indicators;
  std::vector<std::string> category_names;
  for (const std::string& name : names) {
    if (!aip::IsNameOf<v1::Indicator>(name) || indicators.contains(name)) continue;
    ASSIGN_OR_RETURN(auto indicator, records::ReadNamed<v1::Indicator>(r.reads(in), name));
    if (!indicator.has_value()) continue;
    for (const std::string& c : indicator->record.categories()) category_names.push_back(c);
    indicators.emplace(name, std::move(indicator->record));
  }
  RETURN_IF_ERROR(records::PrefetchNamed<v1::Category>(r.reads(in), category_names));
  EntryFacts facts;
  for (const auto& [name, indicator] : indicators) facts.indicators[name] = &indicator;
  for (const std::string& name : category_names) {
    if (facts.categories.contains(name)) continue;
    ASSIGN_OR_RETURN(auto category, records::ReadNamed<v1::Category>(r.reads(in), name));
    if (category.has_value()) facts.categories.emplace(name, std::move(category->record));
  }
  std::vector<CheckedValue> checked = CheckValues(request, form, facts, &v);
  RETURN_IF_ERROR(v.ToStatus());

  const absl::Time now = clock_->Now();
  // The first figures make the submission; two first entries racing make one (the loser's create
  // finds the entry key taken and enters into the winner's).
  bool found_taken = false;
  for (;;) {
    if (id.has_value()) {
      return ApplyTo(r, aip::NameOf<v1::Submission>(*id), request.etag(),
                     SetValuesTransition(checked, p, now));
    }
    v1::Submission made = MakeSubmission(form, request.org_unit(), period->code, path);
    if (!ApplyValues(checked, p.subject, now, /*version=*/1, &made)) {
      // Only deletions, and nothing stored: no submission is made for them.
      return absl::NotFoundError(absl::StrCat("no figures of ", form.name(), " for ",
                                              request.org_unit(), " in ", period->code,
                                              " are stored; nothing to delete"));
    }
    // The org unit's keyspace is pinned before anything of it is written there (once).
    ASSIGN_OR_RETURN(const std::string pinned, submissions_->Pin(request.org_unit(), keyspace));
    if (pinned != keyspace) {
      // Pinned elsewhere meanwhile (another first entry, after a move): looked up there.
      keyspace = pinned;
      ASSIGN_OR_RETURN(in, submissions_->Store(keyspace));
      ASSIGN_OR_RETURN(id, r.reads(in)->FindUnique(submissions, key));
      continue;
    }
    // Its figures count in its path's territories: recorded when they are another country's.
    RETURN_IF_ERROR(submissions_->NoteTotalsOf(path, keyspace));
    ASSIGN_OR_RETURN(records::RecordService<v1::Submission> * creating,
                     submissions_->Records(keyspace));
    absl::StatusOr<v1::Submission> created = creating->CreateMade(r, std::move(made), "", "");
    if (created.ok() || created.status().code() != absl::StatusCode::kAlreadyExists ||
        found_taken) {
      return created;
    }
    // Another first entry made it: this one enters into it.
    found_taken = true;
    r.ForgetReads(in);
    ASSIGN_OR_RETURN(id, r.reads(in)->FindUnique(submissions, key));
  }
}

absl::StatusOr<v1::Submission> DataEntry::DecideApproval(const records::Request& r,
                                                         const v1::DecideApprovalRequest& request) {
  const Principal& p = r.caller();
  if (p.anonymous()) return absl::UnauthenticatedError("approving needs a bearer token");
  Violations v;
  aip::CheckNameOf<v1::DataSet>(request.data_set(), "data_set", true, &v);
  if (!IsOrgUnitName(request.org_unit())) {
    v.Add("org_unit", "must be a territory or an organisation of the registry");
  }
  absl::StatusOr<Period> period = ParsePeriod(request.period());
  if (!period.ok()) v.Add("period", std::string(period.status().message()));
  if (request.action() == v1::APPROVAL_ACTION_UNSPECIFIED) {
    v.Add("action", "is required: APPROVE, ACCEPT, UNAPPROVE or UNACCEPT");
  }
  RETURN_IF_ERROR(v.ToStatus());
  absl::StatusOr<std::string> keyspace = submissions_->KeyspaceOf(request.org_unit(), r.call());
  // An org unit the registry does not place has no figures.
  if (keyspace.status().code() == absl::StatusCode::kInvalidArgument ||
      keyspace.status().code() == absl::StatusCode::kFailedPrecondition) {
    keyspace = "";
  }
  if (!keyspace.ok()) return keyspace.status();
  ASSIGN_OR_RETURN(
      std::optional<std::string> id,
      FindEntry(r, *keyspace, EntryKey(request.data_set(), request.org_unit(), period->code)));
  if (!id.has_value()) {
    return absl::NotFoundError(absl::StrCat("no figures of ", request.data_set(), " for ",
                                            request.org_unit(), " in ", period->code,
                                            " were entered"));
  }
  const std::string name = aip::NameOf<v1::Submission>(*id);
  const absl::Time now = clock_->Now();
  switch (request.action()) {
    case v1::APPROVE:
      return ApplyTo(r, name, "", ApproveTransition(p, now));
    case v1::ACCEPT:
      return AcceptCapturing(r, name, "");
    case v1::UNAPPROVE:
      return UnapproveRehoming(r, name, "", request.reason());
    default:
      return ApplyTo(r, name, "", UnacceptTransition(p, request.reason(), now));
  }
}

absl::StatusOr<v1::Completeness> DataEntry::Completeness(
    const records::Request& r, const v1::GetCompletenessRequest& request) {
  const Principal& p = r.caller();
  if (p.anonymous()) return absl::UnauthenticatedError("completeness needs a bearer token");
  if (!SeesCompleteness(p)) {
    return absl::PermissionDeniedError(
        "completeness is for the ministry, the warehouse and municipalities");
  }
  ASSIGN_OR_RETURN(auto data_set,
                   records::ReadNamed<v1::DataSet>(r.reads(store_), request.data_set()));
  if (!data_set.has_value()) {
    return absl::NotFoundError(absl::StrCat(request.data_set(), " not found"));
  }
  absl::StatusOr<Period> period = ParsePeriod(request.period());
  if (!period.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("period: ", period.status().message()));
  }
  if (PeriodTypeOf(data_set->record.period_type()) != period->type) {
    return absl::InvalidArgumentError(
        absl::StrCat("period: ", period->code, " is not a period of ", request.data_set()));
  }
  // Every keyspace's, in turn (a data set's org units may lie in several countries).
  ASSIGN_OR_RETURN(std::vector<v1::Submission> submissions,
                   submissions_->ScanAll({absl::StrCat("data_set=", request.data_set()),
                                          absl::StrCat("period=", period->code)}));
  return CompletenessOf(p, data_set->record, *period, submissions);
}

absl::StatusOr<v1::Submission> DataEntry::Approve(const records::Request& r,
                                                  const v1::SubmissionActionRequest& request) {
  return ApplyTo(r, request.name(), request.etag(), ApproveTransition(r.caller(), clock_->Now()));
}

absl::StatusOr<v1::Submission> DataEntry::Accept(const records::Request& r,
                                                 const v1::SubmissionActionRequest& request) {
  return AcceptCapturing(r, request.name(), request.etag());
}

absl::StatusOr<v1::Submission> DataEntry::AcceptCapturing(const records::Request& r,
                                                          const std::string& name,
                                                          const std::string& etag) {
  const absl::Time now = clock_->Now();
  v1::OrgUnitSnapshot snapshot;
  if (aip::IsNameOf<v1::Submission>(name)) {
    ASSIGN_OR_RETURN(auto stored, ReadSubmission(r, name));
    if (stored.has_value() && MayAccept(r.caller(), stored->record, now)) {
      ASSIGN_OR_RETURN(snapshot,
                       CaptureOrgUnit(registry_, stored->record.org_unit(), r.call(), now));
    }
  }
  return ApplyTo(r, name, etag, AcceptTransition(r.caller(), now, std::move(snapshot)));
}

absl::StatusOr<v1::Submission> DataEntry::Unapprove(const records::Request& r,
                                                    const v1::SubmissionActionRequest& request) {
  return UnapproveRehoming(r, request.name(), request.etag(), request.reason());
}

absl::StatusOr<v1::Submission> DataEntry::UnapproveRehoming(const records::Request& r,
                                                            const std::string& name,
                                                            const std::string& etag,
                                                            const std::string& reason) {
  const absl::Time now = clock_->Now();
  std::optional<std::vector<std::string>> path;
  if (aip::IsNameOf<v1::Submission>(name)) {
    ASSIGN_OR_RETURN(auto stored, ReadSubmission(r, name));
    if (stored.has_value() && MayUnapprove(r.caller(), stored->record, reason, now)) {
      absl::StatusOr<std::vector<std::string>> found =
          OrgUnitPath(registry_, stored->record.org_unit(), r.call());
      // No longer in the registry: it stays where it is.
      if (found.ok()) {
        path = *std::move(found);
      } else if (found.status().code() != absl::StatusCode::kInvalidArgument) {
        return found.status();
      }
    }
  }
  if (path.has_value()) {
    RETURN_IF_ERROR(submissions_->NoteTotalsOf(*path, SubmissionStores::KeyspaceOfName(name)));
  }
  return ApplyTo(r, name, etag, UnapproveTransition(r.caller(), reason, now, std::move(path)));
}

absl::StatusOr<v1::Submission> DataEntry::Unaccept(const records::Request& r,
                                                   const v1::SubmissionActionRequest& request) {
  return ApplyTo(r, request.name(), request.etag(),
                 UnacceptTransition(r.caller(), request.reason(), clock_->Now()));
}

absl::StatusOr<std::optional<std::string>> DataEntry::FindEntry(const records::Request& r,
                                                                const std::string& keyspace,
                                                                const std::string& key) {
  absl::StatusOr<DocumentStore*> store = submissions_->partitioned()->OfRecorded(keyspace);
  // A country nothing was written in yet holds no submission.
  if (absl::IsNotFound(store.status())) return std::nullopt;
  if (!store.ok()) return store.status();
  return r.reads(*store)->FindUnique(aip::CollectionOf<v1::Submission>(), key);
}

absl::StatusOr<v1::Submission> DataEntry::ApplyTo(
    const records::Request& r, const std::string& name, const std::string& etag,
    const records::Transition<v1::Submission>& transition) {
  ASSIGN_OR_RETURN(records::RecordService<v1::Submission> * in, submissions_->RecordsOf(name));
  return in->Apply(r, name, etag, transition);
}

absl::StatusOr<std::optional<records::StoredRecord<v1::Submission>>> DataEntry::ReadSubmission(
    const records::Request& r, const std::string& name) {
  absl::StatusOr<DocumentStore*> store =
      submissions_->partitioned()->OfRecorded(SubmissionStores::KeyspaceOfName(name));
  if (absl::IsNotFound(store.status())) return std::nullopt;
  if (!store.ok()) return store.status();
  return records::ReadNamed<v1::Submission>(r.reads(*store), name);
}

}  // namespace civitas::monitoring
