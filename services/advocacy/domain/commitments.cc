#include "services/advocacy/domain/commitments.h"

#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/resources.pb.h"
#include "google/protobuf/util/time_util.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "services/advocacy/domain/campaigns.h"
#include "services/advocacy/domain/record_checks.h"

namespace civitas::advocacy {
namespace {

constexpr size_t kMaxCommitmentTextLength = 2000;
constexpr size_t kMaxCommitmentOfficeLength = 200;

google::protobuf::Timestamp TimestampAt(absl::Time t) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

}  // namespace

bool IsOpenCommitment(v1::CommitmentState state) {
  return state == v1::COMMITMENT_MADE || state == v1::COMMITMENT_IN_PROGRESS;
}

int OpenCommitmentsDelta(const v1::Commitment* before, const v1::Commitment& after) {
  const bool was = before != nullptr && IsOpenCommitment(before->state());
  return static_cast<int>(IsOpenCommitment(after.state())) - static_cast<int>(was);
}

void ValidateCommitment(const v1::Commitment& c, absl::CivilDay today, Violations* v) {
  aip::CheckNameOf<v1::Campaign>(c.campaign(), "commitment.campaign", true, v);
  aip::CheckLocalizedText(c.description(), "commitment.description", true, kMaxCommitmentTextLength,
                          v);
  aip::CheckNameOf<registry::v1::Organization>(c.organization(), "commitment.organization", false,
                                               v);
  CheckStatement(c.office(), "commitment.office", kMaxCommitmentOfficeLength, v);
  CheckPastDate(c.made_date(), today, "commitment.made_date", true, v);
  aip::CheckDate(c.due_date(), "commitment.due_date", true, v);
  aip::CheckDateRange(c.made_date(), c.due_date(), "commitment.made_date", "commitment.due_date",
                      v);
}

void ValidateEvidence(const v1::CommitmentEvidence& e, absl::CivilDay today,
                      const std::string& field, Violations* v) {
  CheckPastDate(e.date(), today, field + ".date", true, v);
  CheckStatement(e.description(), field + ".description", kMaxCommitmentTextLength, v);
  CheckWebAddress(e.uri(), field + ".uri", v);
}

absl::Status AuthorizeCommitmentChange(const Principal& p, records::Change change,
                                       const v1::Commitment* before, const v1::Campaign& campaign) {
  if (change == records::Change::kArchive) return AuthorizeCampaignSteering(p, campaign);
  if (absl::Status s = AuthorizeActivityRecording(p, campaign, "record its commitments"); !s.ok())
    return s;
  if (change == records::Change::kUpdate && before != nullptr &&
      !IsOpenCommitment(before->state())) {
    return absl::FailedPreconditionError(absl::StrCat(before->name(), " is ",
                                                      v1::CommitmentState_Name(before->state()),
                                                      ": a settled commitment is kept as it was"));
  }
  return absl::OkStatus();
}

records::Transition<v1::Commitment> CommitmentTransition(CommitmentAction action,
                                                         const v1::Campaign& campaign,
                                                         const v1::CommitmentEvidence& evidence,
                                                         const std::string& actor, absl::Time now) {
  records::Transition<v1::Commitment> t;
  t.from = {v1::COMMITMENT_MADE, v1::COMMITMENT_IN_PROGRESS};
  switch (action) {
    case CommitmentAction::kStart:
      t.event = "started";
      t.from = {v1::COMMITMENT_MADE};
      t.to = v1::COMMITMENT_IN_PROGRESS;
      break;
    case CommitmentAction::kFulfil:
      t.event = "fulfilled";
      t.to = v1::COMMITMENT_FULFILLED;
      break;
    case CommitmentAction::kBreak:
      t.event = "broken";
      t.to = v1::COMMITMENT_BROKEN;
      break;
    case CommitmentAction::kWithdraw:
      t.event = "withdrawn";
      t.to = v1::COMMITMENT_WITHDRAWN;
      break;
    case CommitmentAction::kAddEvidence:
      t.event = "evidence_added";
      break;
  }
  t.authorize = [campaign](const Principal& p, const v1::Commitment&) {
    return AuthorizeActivityRecording(p, campaign, "record its commitments");
  };
  const std::optional<v1::CommitmentState> to = t.to;
  t.effect = [=](v1::Commitment& c) -> absl::Status {
    Violations v;
    ValidateEvidence(evidence, absl::ToCivilDay(now, absl::UTCTimeZone()), "evidence", &v);
    if (!v.empty()) return v.ToStatus();
    if (c.evidence_size() >= kMaxEvidence) {
      return absl::FailedPreconditionError(absl::StrCat(
          c.name(), " holds ", kMaxEvidence, " pieces of evidence, the most one commitment keeps"));
    }
    v1::CommitmentEvidence& added = *c.add_evidence();
    added = evidence;
    added.set_state(to.value_or(c.state()));
    added.set_actor(actor);
    *added.mutable_record_time() = TimestampAt(now);
    return absl::OkStatus();
  };
  return t;
}

bool IsOverdue(const v1::Commitment& c, absl::CivilDay today) {
  absl::CivilDay due;
  return IsOpenCommitment(c.state()) && ParseDay(c.due_date(), &due) && due < today;
}

int DaysOverdue(const v1::Commitment& c, absl::CivilDay today) {
  absl::CivilDay due;
  if (!ParseDay(c.due_date(), &due) || due >= today) return 0;
  return static_cast<int>(today - due);
}

records::Transition<v1::Commitment> OverdueAlertTransition(absl::CivilDay today, absl::Time now) {
  records::Transition<v1::Commitment> t;
  t.event = "overdue";
  t.from = {v1::COMMITMENT_MADE, v1::COMMITMENT_IN_PROGRESS};
  t.authorize = [](const Principal& p, const v1::Commitment&) {
    return p.background_job
               ? absl::OkStatus()
               : absl::PermissionDeniedError("overdue alerts are the service's own job");
  };
  t.effect = [=](v1::Commitment& c) -> absl::Status {
    if (c.has_overdue_alert_time()) {
      return absl::FailedPreconditionError(absl::StrCat(c.name(), " was alerted already"));
    }
    if (!IsOverdue(c, today)) {
      return absl::FailedPreconditionError(absl::StrCat(c.name(), " is not overdue"));
    }
    *c.mutable_overdue_alert_time() = TimestampAt(now);
    return absl::OkStatus();
  };
  return t;
}

}  // namespace civitas::advocacy
