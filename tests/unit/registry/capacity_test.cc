// Capacity development's pure rules: programme and event checks naming the field, and a
// programme's cohort figures: who was trained (each organisation once), people and hours, the
// average gain per dimension over the organisations assessed before and after for the programme
// (their latest assessments), and the share providing a funded service a year after it ended.
#include "services/registry/domain/capacity.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace civitas::registry {
namespace {

using ::testing::HasSubstr;

std::string ViolationText(const Violations& v) {
  std::string out;
  for (const FieldViolation& f : v.items()) out += f.field + ": " + f.description + "\n";
  return out;
}

v1::TrainingProgramme Programme() {
  v1::TrainingProgramme p;
  p.set_name("trainingProgrammes/md-60");
  (*p.mutable_display_name())["en"] = "Capacity development of 60 CSOs";
  p.set_provider("organizations/keystone-md");
  p.add_topics(v1::SERVICE_DELIVERY);
  p.add_topics(v1::FUNDRAISING);
  p.set_start_date("2025-01-15");
  p.set_end_date("2025-06-30");
  p.add_dimensions("service_delivery");
  p.add_dimensions("fundraising");
  return p;
}

v1::TrainingEvent Event(const std::string& id, std::vector<std::pair<std::string, int>> orgs,
                        int hours, v1::TrainingEventKind kind = v1::TRAINING_SESSION) {
  v1::TrainingEvent e;
  e.set_name("trainingEvents/" + id);
  e.set_programme("trainingProgrammes/md-60");
  e.set_kind(kind);
  (*e.mutable_title())["en"] = "Session";
  e.set_start_date("2025-02-01");
  e.set_hours(hours);
  for (const auto& [org, people] : orgs) {
    v1::EventAttendance& a = *e.add_attendance();
    a.set_organization("organizations/" + org);
    a.set_participants(people);
  }
  e.set_state(v1::ACTIVE);
  return e;
}

v1::CapacityAssessment Assessment(v1::CapacityAssessment::Phase phase, const std::string& date,
                                  int service_delivery, int fundraising,
                                  const std::string& programme = "trainingProgrammes/md-60") {
  v1::CapacityAssessment a;
  a.set_phase(phase);
  a.set_assessment_date(date);
  a.set_programme(programme);
  (*a.mutable_scores())["service_delivery"] = service_delivery;
  if (fundraising >= 0) (*a.mutable_scores())["fundraising"] = fundraising;
  return a;
}

TEST(TrainingProgramme, ChecksNameEachField) {
  Violations ok;
  ValidateTrainingProgramme(Programme(), &ok);
  EXPECT_TRUE(ok.empty()) << ViolationText(ok);
  v1::TrainingProgramme bad = Programme();
  bad.add_topics(v1::FUNDRAISING);
  bad.add_topics(static_cast<v1::TrainingTopic>(77));
  bad.add_dimensions("Service Delivery");
  bad.add_dimensions("fundraising");
  bad.set_end_date("2025-02-30");
  bad.set_provider("keystone-md");
  Violations v;
  ValidateTrainingProgramme(bad, &v);
  const std::string f = ViolationText(v);
  EXPECT_THAT(f, HasSubstr("training_programme.topics[2]: is listed twice"));
  EXPECT_THAT(f, HasSubstr("training_programme.topics[3]: is not a known training topic"));
  EXPECT_THAT(f, HasSubstr("training_programme.dimensions[2]: must be 1-64 lower-case"));
  EXPECT_THAT(f, HasSubstr("training_programme.dimensions[3]: is listed twice"));
  EXPECT_THAT(f, HasSubstr("training_programme.end_date"));
  EXPECT_THAT(f, HasSubstr("training_programme.provider"));
}

TEST(TrainingEvent, AttendanceIsCountedOncePerOrganisationWithinItsParticipants) {
  v1::TrainingEvent e = Event("e1", {{"aopd-md", 3}, {"apscf-md", 2}}, 6);
  Violations ok;
  ValidateTrainingEvent(e, &ok);
  EXPECT_TRUE(ok.empty()) << ViolationText(ok);
  e.add_attendance()->set_organization("organizations/aopd-md");
  e.mutable_attendance(1)->set_women(2);
  e.mutable_attendance(1)->set_men(1);
  e.set_hours(5000);
  e.set_kind(v1::TRAINING_EVENT_KIND_UNSPECIFIED);
  Violations v;
  ValidateTrainingEvent(e, &v);
  const std::string f = ViolationText(v);
  EXPECT_THAT(f, HasSubstr("training_event.attendance[2].organization: is listed twice"));
  EXPECT_THAT(f, HasSubstr("training_event.attendance[2].participants: must be 1..10000"));
  EXPECT_THAT(f, HasSubstr("training_event.attendance[1].women"));
  EXPECT_THAT(f, HasSubstr("training_event.hours"));
  EXPECT_THAT(f, HasSubstr("training_event.kind: is required"));
}

TEST(Cohort, FiguresFromEventsAssessmentsAndServicesAYearLater) {
  std::vector<v1::TrainingEvent> events = {
      Event("e1", {{"aopd-md", 3}, {"apscf-md", 2}}, 6),
      Event("e2", {{"aopd-md", 1}, {"ivc-md", 1}}, 2, v1::MENTORING),
      Event("e3", {{"gone", 9}}, 40)};
  events[2].set_state(v1::ARCHIVED);  // recorded in error: not counted
  events.push_back(Event("e4", {{"draft-only", 4}}, 10));
  events[3].set_state(v1::DRAFT);  // not published: not counted either
  std::vector<v1::Organization> orgs(3);
  orgs[0].set_name("organizations/aopd-md");
  *orgs[0].add_capacity_assessments() =
      Assessment(v1::CapacityAssessment::BASELINE, "2025-01-10", 40, 20);
  *orgs[0].add_capacity_assessments() =
      Assessment(v1::CapacityAssessment::AFTER_TRAINING, "2025-07-01", 60, 50);
  // A later after-training assessment replaces the earlier one.
  *orgs[0].add_capacity_assessments() =
      Assessment(v1::CapacityAssessment::AFTER_TRAINING, "2025-09-01", 70, 50);
  // Another programme's assessments do not count.
  *orgs[0].add_capacity_assessments() =
      Assessment(v1::CapacityAssessment::BASELINE, "2025-01-01", 0, 0, "trainingProgrammes/x");
  orgs[1].set_name("organizations/apscf-md");
  *orgs[1].add_capacity_assessments() =
      Assessment(v1::CapacityAssessment::BASELINE, "2025-01-10", 50, -1);
  *orgs[1].add_capacity_assessments() =
      Assessment(v1::CapacityAssessment::FOLLOW_UP, "2025-12-01", 60, 70);
  orgs[2].set_name("organizations/ivc-md");  // never assessed
  std::vector<v1::SocialService> services(3);
  services[0].set_provider("organizations/aopd-md");
  v1::FundingSource* f = services[0].add_funding_sources();
  f->set_start_date("2026-01-01");  // in force on 2026-06-30
  services[1].set_provider("organizations/ivc-md");
  f = services[1].add_funding_sources();
  f->set_start_date("2024-01-01");
  f->set_end_date("2025-12-31");  // ended before
  services[2].set_provider("organizations/apscf-md");
  services[2].add_funding_sources()->set_start_date("2025-01-01");
  services[2].set_state(v1::ARCHIVED);  // no longer provided

  const v1::CohortFigures c =
      CohortFiguresOf(Programme(), events, orgs, services, absl::CivilDay(2026, 12, 7));
  EXPECT_EQ(c.organizations_trained(), 3);
  EXPECT_EQ(c.participants(), 7);
  EXPECT_EQ(c.events(), 2);
  EXPECT_EQ(c.hours(), 8);
  EXPECT_EQ(c.mentoring_sessions(), 1);
  ASSERT_EQ(c.dimensions_size(), 2);
  EXPECT_EQ(c.dimensions(0).dimension(), "service_delivery");
  EXPECT_EQ(c.dimensions(0).organizations(), 2);
  EXPECT_DOUBLE_EQ(c.dimensions(0).average_before(), 45);
  EXPECT_DOUBLE_EQ(c.dimensions(0).average_after(), 65);
  EXPECT_DOUBLE_EQ(c.dimensions(0).average_gain(), 20);
  // apscf-md had no baseline fundraising score: only aopd-md counts.
  EXPECT_EQ(c.dimensions(1).organizations(), 1);
  EXPECT_DOUBLE_EQ(c.dimensions(1).average_gain(), 30);
  EXPECT_EQ(c.as_of(), "2026-06-30");
  EXPECT_EQ(c.organizations_with_funded_service(), 1);
  EXPECT_DOUBLE_EQ(c.share_with_funded_service(), 1.0 / 3);
  // While the year is still ahead, as of today.
  EXPECT_EQ(
      CohortFiguresOf(Programme(), events, orgs, services, absl::CivilDay(2026, 1, 5)).as_of(),
      "2026-01-05");
}

}  // namespace
}  // namespace civitas::registry
