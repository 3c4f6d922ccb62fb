#include "services/registry/domain/capacity.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"

namespace civitas::registry {
namespace {

constexpr size_t kTrainingNameLength = 300;
constexpr size_t kTrainingDescriptionLength = 5000;
constexpr size_t kTrainerNameLength = 200;
constexpr size_t kEventPlaceLength = 300;
constexpr int kMaxTopics = 8;
constexpr int kMaxProgrammeTerritories = 50;
constexpr int kMaxDimensions = 20;
constexpr int kMaxTrainers = 20;
constexpr int kMaxAttendance = 500;
constexpr int32_t kMaxAttendees = 10'000;
constexpr int32_t kMaxEventHours = 1000;
constexpr int kFundedAfterDays = 365;

bool IsDimensionName(const std::string& d) {
  if (d.empty() || d.size() > 64) return false;
  return std::all_of(d.begin(), d.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_';
  });
}

// The latest of `o`'s assessments for `programme` in `phase`, if any.
const v1::CapacityAssessment* Latest(const v1::Organization& o, const std::string& programme,
                                     v1::CapacityAssessment::Phase phase) {
  const v1::CapacityAssessment* latest = nullptr;
  for (const v1::CapacityAssessment& a : o.capacity_assessments()) {
    if (a.programme() != programme || a.phase() != phase) continue;
    if (latest == nullptr || a.assessment_date() >= latest->assessment_date()) latest = &a;
  }
  return latest;
}

// Whether `s` has funding in force on `day`.
bool FundedOn(const v1::SocialService& s, const std::string& day) {
  if (s.state() == v1::ARCHIVED) return false;
  for (const v1::FundingSource& f : s.funding_sources()) {
    if (!f.start_date().empty() && f.start_date() > day) continue;
    if (!f.end_date().empty() && f.end_date() < day) continue;
    return true;
  }
  return false;
}

// Drafts (not yet published) and archived events (recorded in error) are not the cohort's.
bool CountsInCohort(const v1::TrainingEvent& e) {
  return e.state() != v1::ARCHIVED && e.state() != v1::DRAFT;
}

}  // namespace

void ValidateTrainingProgramme(const v1::TrainingProgramme& p, Violations* v) {
  aip::CheckLocalizedText(p.display_name(), "training_programme.display_name", true,
                          kTrainingNameLength, v);
  aip::CheckLocalizedText(p.description(), "training_programme.description", false,
                          kTrainingDescriptionLength, v);
  aip::CheckNameOf<v1::Organization>(p.provider(), "training_programme.provider", true, v);
  if (p.topics().empty() || p.topics_size() > kMaxTopics) {
    v->Add("training_programme.topics", absl::StrCat("must hold 1 to ", kMaxTopics, " topics"));
  }
  aip::CheckEnumList(p.topics(), v1::TrainingTopic_descriptor(), "training topic",
                     "training_programme.topics", v);
  if (p.territories_size() > kMaxProgrammeTerritories) {
    v->Add("training_programme.territories",
           absl::StrCat("must hold at most ", kMaxProgrammeTerritories));
  }
  for (int i = 0; i < p.territories_size(); ++i) {
    aip::CheckNameOf<v1::Territory>(
        p.territories(i), absl::StrCat("training_programme.territories[", i, "]"), true, v);
  }
  aip::CheckDate(p.start_date(), "training_programme.start_date", true, v);
  aip::CheckDate(p.end_date(), "training_programme.end_date", true, v);
  aip::CheckDateRange(p.start_date(), p.end_date(), "training_programme.start_date",
                      "training_programme.end_date", v);
  if (p.dimensions().empty() || p.dimensions_size() > kMaxDimensions) {
    v->Add("training_programme.dimensions",
           absl::StrCat("must hold 1 to ", kMaxDimensions, " dimensions"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < p.dimensions_size(); ++i) {
    const std::string f = absl::StrCat("training_programme.dimensions[", i, "]");
    if (!IsDimensionName(p.dimensions(i))) {
      v->Add(f, "must be 1-64 lower-case letters, digits or underscores (e.g. service_delivery)");
    } else if (!seen.insert(p.dimensions(i)).second) {
      v->Add(f, "is listed twice");
    }
  }
}

void ValidateTrainingEvent(const v1::TrainingEvent& e, Violations* v) {
  aip::CheckNameOf<v1::TrainingProgramme>(e.programme(), "training_event.programme", true, v);
  aip::CheckEnum(e.kind(), v1::TrainingEventKind_descriptor(), {}, "training_event.kind", v);
  aip::CheckLocalizedText(e.title(), "training_event.title", true, kTrainingNameLength, v);
  if (e.topics_size() > kMaxTopics) {
    v->Add("training_event.topics", absl::StrCat("must hold at most ", kMaxTopics));
  }
  aip::CheckEnumList(e.topics(), v1::TrainingTopic_descriptor(), "training topic",
                     "training_event.topics", v);
  aip::CheckDate(e.start_date(), "training_event.start_date", true, v);
  aip::CheckDate(e.end_date(), "training_event.end_date", false, v);
  aip::CheckDateRange(e.start_date(), e.end_date(), "training_event.start_date",
                      "training_event.end_date", v);
  if (e.hours() < 0 || e.hours() > kMaxEventHours) {
    v->Add("training_event.hours", absl::StrCat("must be 0..", kMaxEventHours));
  }
  aip::CheckText(e.place(), "training_event.place", false, kEventPlaceLength, v);
  if (e.trainers_size() > kMaxTrainers) {
    v->Add("training_event.trainers", absl::StrCat("must hold at most ", kMaxTrainers));
  }
  for (int i = 0; i < e.trainers_size(); ++i) {
    const std::string f = absl::StrCat("training_event.trainers[", i, "]");
    aip::CheckText(e.trainers(i).name(), f + ".name", true, kTrainerNameLength, v);
    aip::CheckNameOf<v1::Organization>(e.trainers(i).organization(), f + ".organization", false, v);
  }
  if (e.attendance_size() > kMaxAttendance) {
    v->Add("training_event.attendance", absl::StrCat("must hold at most ", kMaxAttendance));
  }
  std::set<std::string> seen;
  for (int i = 0; i < e.attendance_size(); ++i) {
    const v1::EventAttendance& a = e.attendance(i);
    const std::string f = absl::StrCat("training_event.attendance[", i, "]");
    aip::CheckNameOf<v1::Organization>(a.organization(), f + ".organization", true, v);
    if (!seen.insert(a.organization()).second) v->Add(f + ".organization", "is listed twice");
    if (a.participants() < 1 || a.participants() > kMaxAttendees) {
      v->Add(f + ".participants", absl::StrCat("must be 1..", kMaxAttendees));
    }
    if (a.women() < 0 || a.men() < 0 || int64_t{a.women()} + a.men() > int64_t{a.participants()}) {
      v->Add(f + ".women", "women and men must be 0 or more and together at most participants");
    }
  }
}

std::vector<std::string> AttendingOrganizations(const std::vector<v1::TrainingEvent>& events) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const v1::TrainingEvent& e : events) {
    if (!CountsInCohort(e)) continue;
    for (const v1::EventAttendance& a : e.attendance()) {
      if (seen.insert(a.organization()).second) out.push_back(a.organization());
    }
  }
  return out;
}

v1::CohortFigures CohortFiguresOf(const v1::TrainingProgramme& programme,
                                  const std::vector<v1::TrainingEvent>& events,
                                  const std::vector<v1::Organization>& organizations,
                                  const std::vector<v1::SocialService>& services,
                                  absl::CivilDay today) {
  v1::CohortFigures out;
  out.set_programme(programme.name());
  const std::vector<std::string> trained = AttendingOrganizations(events);
  out.set_organizations_trained(static_cast<int64_t>(trained.size()));
  for (const v1::TrainingEvent& e : events) {
    if (!CountsInCohort(e)) continue;
    out.set_events(out.events() + 1);
    out.set_hours(out.hours() + e.hours());
    if (e.kind() == v1::MENTORING) out.set_mentoring_sessions(out.mentoring_sessions() + 1);
    for (const v1::EventAttendance& a : e.attendance()) {
      out.set_participants(out.participants() + a.participants());
    }
  }
  const std::set<std::string> cohort(trained.begin(), trained.end());
  for (const std::string& dimension : programme.dimensions()) {
    v1::DimensionGain& g = *out.add_dimensions();
    g.set_dimension(dimension);
    double before = 0, after = 0;
    for (const v1::Organization& o : organizations) {
      if (!cohort.contains(o.name())) continue;
      const auto* baseline = Latest(o, programme.name(), v1::CapacityAssessment::BASELINE);
      const auto* later = Latest(o, programme.name(), v1::CapacityAssessment::AFTER_TRAINING);
      if (later == nullptr) later = Latest(o, programme.name(), v1::CapacityAssessment::FOLLOW_UP);
      if (baseline == nullptr || later == nullptr) continue;
      const auto b = baseline->scores().find(dimension);
      const auto a = later->scores().find(dimension);
      if (b == baseline->scores().end() || a == later->scores().end()) continue;
      g.set_organizations(g.organizations() + 1);
      before += b->second;
      after += a->second;
    }
    if (g.organizations() > 0) {
      g.set_average_before(before / g.organizations());
      g.set_average_after(after / g.organizations());
      // From the sums, not the averages: whole-number gains stay whole (45 / 3, not 66.67 - 51.67).
      g.set_average_gain((after - before) / g.organizations());
    }
  }
  absl::CivilDay end = today;
  ParseDay(programme.end_date(), &end);
  const absl::CivilDay as_of = std::min(end + kFundedAfterDays, today);
  out.set_as_of(FormatDay(as_of));
  std::set<std::string> funded;
  for (const v1::SocialService& s : services) {
    if (cohort.contains(s.provider()) && FundedOn(s, out.as_of())) funded.insert(s.provider());
  }
  out.set_organizations_with_funded_service(static_cast<int64_t>(funded.size()));
  if (!trained.empty()) {
    out.set_share_with_funded_service(static_cast<double>(funded.size()) / trained.size());
  }
  return out;
}

}  // namespace civitas::registry
