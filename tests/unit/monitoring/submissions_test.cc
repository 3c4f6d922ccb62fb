// Submissions without I/O: who reads and enters figures, how entered values are checked and
// merged with their audit, and the lock the approval steps put on them.
#include "services/monitoring/domain/submissions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/records/transition.h"
#include "services/monitoring/domain/snapshots.h"

namespace civitas::monitoring {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::Time kT0 = absl::FromUnixSeconds(1'796'000'000);
const std::vector<std::string> kGorisPath = {"territories/am", "territories/am-su",
                                             "territories/am-su-goris"};

Principal Person(const std::string& role, const std::string& organization = "",
                 std::vector<std::string> territories = {}) {
  Principal p;
  p.subject = role + "@" + organization;
  p.roles = {role};
  p.organization = organization;
  p.territories = std::move(territories);
  return p;
}

v1::DataSet Form() {
  v1::DataSet d;
  d.set_name("dataSets/monthly");
  d.set_period_type(v1::MONTHLY);
  d.add_indicators("indicators/served");
  d.add_indicators("indicators/trained");
  d.add_org_units("organizations/keystone");
  d.set_attribution("programmes/eu-md-social");
  return d;
}

struct Facts {
  v1::Indicator served, trained, share;
  EntryFacts facts;
  Facts() {
    served.set_name("indicators/served");
    served.set_value_type(v1::INTEGER);
    served.set_state(v1::INDICATOR_ACTIVE);
    served.add_categories("categories/sex");
    trained = served;
    trained.set_name("indicators/trained");
    trained.clear_categories();
    facts.indicators = {{"indicators/served", &served}, {"indicators/trained", &trained}};
    v1::Category sex;
    sex.set_code("SEX");
    sex.add_options()->set_code("FEMALE");
    sex.add_options()->set_code("MALE");
    facts.categories["categories/sex"] = sex;
  }
};

v1::SetDataValuesRequest Entry(std::vector<v1::DataValueInput> values) {
  v1::SetDataValuesRequest r;
  r.set_data_set("dataSets/monthly");
  r.set_org_unit("organizations/keystone");
  r.set_period("202603");
  for (auto& v : values) *r.add_values() = std::move(v);
  return r;
}

v1::DataValueInput Value(const std::string& indicator, std::vector<std::string> options,
                         const std::string& value) {
  v1::DataValueInput in;
  in.set_indicator(indicator);
  for (const auto& o : options) in.add_category_options(o);
  in.set_value(value);
  return in;
}

TEST(Submissions, WhoReadsAndWhoEnters) {
  v1::Submission s = MakeSubmission(Form(), "organizations/keystone", "202603", kGorisPath);
  EXPECT_EQ(s.state(), v1::SUBMISSION_OPEN);
  EXPECT_EQ(s.attribution(), "programmes/eu-md-social");
  EXPECT_TRUE(CanReadSubmission(Person(kRoleCso, "organizations/keystone"), s));
  EXPECT_FALSE(CanReadSubmission(Person(kRoleCso, "organizations/aopd"), s));
  EXPECT_TRUE(CanReadSubmission(Person(kRoleMunicipality, "", {"territories/am-su-goris"}), s));
  EXPECT_FALSE(CanReadSubmission(Person(kRoleMunicipality, "", {"territories/am-su-kapan"}), s));
  EXPECT_TRUE(CanReadSubmission(Person(kRoleMinistry), s));
  EXPECT_TRUE(CanReadSubmission(Person(kRoleWarehouse), s)) << "the ministry's warehouse";
  EXPECT_FALSE(CanReadSubmission(Principal::Anonymous(), s));
  EXPECT_FALSE(CanReadSubmission(Person(kRoleCso, "organizations/eu"), s))
      << "no funder recorded: the donor is not known";

  // The people of the organisation funding the attribution read what is reported on it, and
  // only read: entering stays with the org unit's own people.
  v1::DataSet funded = Form();
  funded.set_attribution_funder("organizations/eu");
  const v1::Submission reported =
      MakeSubmission(funded, "organizations/keystone", "202603", kGorisPath);
  EXPECT_EQ(reported.attribution_funder(), "organizations/eu");
  EXPECT_TRUE(CanReadSubmission(Person(kRoleCso, "organizations/eu"), reported));
  EXPECT_FALSE(CanReadSubmission(Person(kRoleCso, "organizations/soros-md"), reported));
  EXPECT_EQ(
      AuthorizeEntry(Person(kRoleCso, "organizations/eu"), "organizations/keystone", kGorisPath)
          .code(),
      absl::StatusCode::kPermissionDenied);

  EXPECT_TRUE(AuthorizeEntry(Person(kRoleCso, "organizations/keystone"), "organizations/keystone",
                             kGorisPath)
                  .ok());
  EXPECT_EQ(
      AuthorizeEntry(Person(kRoleCso, "organizations/aopd"), "organizations/keystone", kGorisPath)
          .code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(AuthorizeEntry(Person(kRoleMunicipality, "", {"territories/am-su-goris"}),
                             "territories/am-su-goris", kGorisPath)
                  .ok());
  EXPECT_EQ(AuthorizeEntry(Person(kRoleMunicipality, "", {"territories/am-su-goris"}),
                           "organizations/keystone", kGorisPath)
                .code(),
            absl::StatusCode::kPermissionDenied)
      << "an organisation's figures are its own people's to enter";
  EXPECT_EQ(AuthorizeEntry(Principal::Anonymous(), "organizations/keystone", kGorisPath).code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(CheckValues, EachValueOfTheFormsIndicatorsTypeAndCombination) {
  Facts f;
  Violations ok;
  std::vector<CheckedValue> checked = CheckValues(
      Entry({Value("indicators/served", {"MALE"}, "+012"), Value("indicators/trained", {}, "3")}),
      Form(), f.facts, &ok);
  ASSERT_TRUE(ok.empty()) << ok.ToStatus();
  ASSERT_EQ(checked.size(), 2u);
  EXPECT_EQ(checked[0].value.value(), "12");
  EXPECT_EQ(checked[0].combination, "MALE");
  EXPECT_EQ(checked[1].combination, "default");

  v1::DataValueInput deletion = Value("indicators/trained", {}, "");
  deletion.set_delete_(true);
  Violations v;
  CheckValues(
      Entry({Value("indicators/served", {}, "1"), Value("indicators/served", {"FEMALE"}, "1.5"),
             Value("indicators/other", {}, "1"), deletion,
             Value("indicators/served", {"MALE"}, "2"), Value("indicators/served", {"MALE"}, "3")}),
      Form(), f.facts, &v);
  std::vector<std::string> fields;
  for (const auto& item : v.items()) fields.push_back(item.field);
  EXPECT_THAT(fields, ElementsAre("values[0].category_options", "values[1].value",
                                  "values[2].indicator", "values[3].reason", "values[5]"));
  Violations none;
  CheckValues(Entry({}), Form(), f.facts, &none);
  EXPECT_THAT(none.ToStatus().message(), HasSubstr("values: must hold 1 to 5000 values"));
}

TEST(ApplyValues, ChangesAreAuditedAndRepeatsChangeNothing) {
  Facts f;
  Violations v;
  v1::Submission s = MakeSubmission(Form(), "organizations/keystone", "202603", kGorisPath);
  auto first = CheckValues(
      Entry({Value("indicators/served", {"FEMALE"}, "10"), Value("indicators/trained", {}, "2")}),
      Form(), f.facts, &v);
  EXPECT_TRUE(ApplyValues(first, "staff@keystone", kT0, 1, &s));
  ASSERT_EQ(s.values_size(), 2);
  EXPECT_EQ(s.values(1).submission_version(), 1);
  EXPECT_EQ(s.values(0).stored_by(), "staff@keystone");
  EXPECT_EQ(s.audit_size(), 2);
  EXPECT_FALSE(ApplyValues(first, "staff@keystone", kT0 + absl::Hours(1), 2, &s))
      << "the same figures again change nothing";
  EXPECT_EQ(s.audit_size(), 2);

  v1::DataValueInput deletion = Value("indicators/trained", {}, "");
  deletion.set_delete_(true);
  deletion.set_reason("entered in the wrong month");
  auto second = CheckValues(Entry({Value("indicators/served", {"FEMALE"}, "11"), deletion}), Form(),
                            f.facts, &v);
  ASSERT_TRUE(v.empty()) << v.ToStatus();
  EXPECT_TRUE(ApplyValues(second, "staff@keystone", kT0 + absl::Hours(2), 2, &s));
  ASSERT_EQ(s.values_size(), 1);
  EXPECT_EQ(s.values(0).value(), "11");
  EXPECT_EQ(s.values(0).submission_version(), 2);
  // The deleted figure is a tombstone as it was, stamped with who deleted it and in which version.
  ASSERT_EQ(s.deleted_values_size(), 1);
  EXPECT_EQ(s.deleted_values(0).indicator(), "indicators/trained");
  EXPECT_EQ(s.deleted_values(0).value(), "2");
  EXPECT_EQ(s.deleted_values(0).submission_version(), 2);
  EXPECT_EQ(s.deleted_values(0).update_time().seconds(), absl::ToUnixSeconds(kT0 + absl::Hours(2)));
  ASSERT_EQ(s.audit_size(), 4);
  EXPECT_EQ(s.audit(2).old_value(), "10");
  EXPECT_EQ(s.audit(2).new_value(), "11");
  EXPECT_EQ(s.audit(3).combination(), "default");
  EXPECT_EQ(s.audit(3).new_value(), "");
  EXPECT_EQ(s.audit(3).reason(), "entered in the wrong month");
  // Entered again, the figure lifts its tombstone.
  auto third = CheckValues(Entry({Value("indicators/trained", {}, "3")}), Form(), f.facts, &v);
  EXPECT_TRUE(ApplyValues(third, "staff@keystone", kT0 + absl::Hours(3), 3, &s));
  EXPECT_EQ(s.deleted_values_size(), 0);
  EXPECT_EQ(s.values(1).submission_version(), 3);
}

// What an archived data set refuses: a change of figures (set, changed, deleted), not of the
// submission's state.
TEST(FiguresChanged, FiguresSetChangedOrDeletedNotStates) {
  Facts f;
  Violations v;
  v1::Submission before = MakeSubmission(Form(), "organizations/keystone", "202603", kGorisPath);
  auto entered = CheckValues(
      Entry({Value("indicators/served", {"FEMALE"}, "10"), Value("indicators/trained", {}, "2")}),
      Form(), f.facts, &v);
  ASSERT_TRUE(ApplyValues(entered, "staff@keystone", kT0, 1, &before));
  v1::Submission after = before;
  EXPECT_FALSE(FiguresChanged(before, after));
  after.set_state(v1::SUBMISSION_APPROVED);
  EXPECT_FALSE(FiguresChanged(before, after)) << "an approval";
  auto changed =
      CheckValues(Entry({Value("indicators/served", {"FEMALE"}, "11")}), Form(), f.facts, &v);
  ASSERT_TRUE(ApplyValues(changed, "staff@keystone", kT0 + absl::Hours(1), 2, &after));
  EXPECT_TRUE(FiguresChanged(before, after)) << "a value";
  v1::Submission flagged = before;
  flagged.mutable_values(0)->set_follow_up(true);
  EXPECT_TRUE(FiguresChanged(before, flagged)) << "a follow-up flag";
  v1::DataValueInput deletion = Value("indicators/trained", {}, "");
  deletion.set_delete_(true);
  deletion.set_reason("wrong month");
  v1::Submission deleted = before;
  auto removing = CheckValues(Entry({deletion}), Form(), f.facts, &v);
  ASSERT_TRUE(v.empty()) << v.ToStatus();
  ASSERT_TRUE(ApplyValues(removing, "staff@keystone", kT0 + absl::Hours(2), 2, &deleted));
  EXPECT_TRUE(FiguresChanged(before, deleted)) << "a deletion";

  v1::DataSet form = Form();
  EXPECT_TRUE(CheckTakesFigures(form).ok());
  form.set_state(v1::DATA_SET_ARCHIVED);
  absl::Status archived = CheckTakesFigures(form);
  EXPECT_EQ(archived.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(archived.message()),
              HasSubstr(form.name() + " is archived: it takes no more figures"));
}

TEST(CheckValues, AStoredFigureMayBeDeletedWhateverBecameOfItsIndicator) {
  Facts f;
  f.trained.set_state(v1::INDICATOR_ARCHIVED);
  v1::DataSet form = Form();
  form.clear_indicators();
  form.add_indicators("indicators/served");  // trained was removed from the form
  v1::DataValueInput deletion = Value("indicators/trained", {}, "");
  deletion.set_delete_(true);
  deletion.set_reason("indicator dropped");
  Violations v;
  auto checked = CheckValues(Entry({deletion}), form, f.facts, &v);
  EXPECT_TRUE(v.empty()) << v.ToStatus();
  ASSERT_EQ(checked.size(), 1u);
  EXPECT_TRUE(checked[0].remove);
  Violations entering;
  CheckValues(Entry({Value("indicators/trained", {}, "3")}), form, f.facts, &entering);
  EXPECT_THAT(entering.ToStatus().message(),
              HasSubstr("indicators/trained is not an indicator of dataSets/monthly"));
}

// (Their characters are every request's edge check, aip::CheckTextFields; here, the bounds.)
TEST(CheckValues, CommentsAndReasonsAreBounded) {
  Facts f;
  v1::DataValueInput commented = Value("indicators/trained", {}, "3");
  commented.set_comment(std::string(2001, 'x'));
  Violations v;
  CheckValues(Entry({commented}), Form(), f.facts, &v);
  EXPECT_THAT(v.ToStatus().message(),
              HasSubstr("values[0].comment: must be at most 2000 characters"));
  commented.set_comment("two lines\nand a\ttab");
  Violations ok;
  CheckValues(Entry({commented}), Form(), f.facts, &ok);
  EXPECT_TRUE(ok.empty()) << ok.ToStatus();
  EXPECT_EQ(Unaccept({ApprovalLevel::kAccepted, "m", kT0, ""}, Person(kRoleMinistry),
                     std::string(2001, 'y'), kT0)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CheckSubmissionSize, ValuesAndBytes) {
  v1::Submission s = MakeSubmission(Form(), "organizations/keystone", "202603", kGorisPath);
  Violations ok;
  CheckSubmissionSize(s, &ok);
  EXPECT_TRUE(ok.empty());
  v1::ValueChange* big = s.add_audit();
  big->set_reason(std::string(kMaxSubmissionBytes, 'x'));
  Violations v;
  CheckSubmissionSize(s, &v);
  EXPECT_THAT(v.ToStatus().message(), HasSubstr("would grow beyond 4 MiB"));
}

TEST(ApplyValues, ManyFiguresSetAndDeletedInOneRequest) {
  Facts f;
  f.trained.add_categories("categories/sex");  // two combinations each
  v1::Submission s = MakeSubmission(Form(), "organizations/keystone", "202603", kGorisPath);
  std::vector<CheckedValue> first;
  for (const char* option : {"FEMALE", "MALE"}) {
    for (const char* indicator : {"indicators/served", "indicators/trained"}) {
      CheckedValue c;
      c.value.set_indicator(indicator);
      c.value.add_category_options(option);
      c.value.set_value("1");
      c.combination = option;
      first.push_back(c);
    }
  }
  ASSERT_TRUE(ApplyValues(first, "a", kT0, 1, &s));
  ASSERT_EQ(s.values_size(), 4);
  // Delete the first and the third, change the fourth.
  std::vector<CheckedValue> second = {first[0], first[2], first[3]};
  second[0].remove = true;
  second[1].remove = true;
  second[2].value.set_value("7");
  ASSERT_TRUE(ApplyValues(second, "a", kT0, 2, &s));
  ASSERT_EQ(s.values_size(), 2);
  EXPECT_EQ(s.values(0).indicator(), "indicators/trained");
  EXPECT_EQ(s.values(0).category_options(0), "FEMALE");
  EXPECT_EQ(s.values(1).value(), "7");
  ASSERT_EQ(s.deleted_values_size(), 2);
  EXPECT_EQ(s.deleted_values(1).category_options(0), "MALE");
}

// What RecordService::Apply does with a transition, without a store.
absl::Status Walk(const records::Transition<v1::Submission>& t, const Principal& p,
                  v1::Submission* s) {
  if (std::find(t.from.begin(), t.from.end(), s->state()) == t.from.end()) {
    return absl::FailedPreconditionError(v1::SubmissionState_Name(s->state()));
  }
  if (absl::Status a = t.authorize(p, *s); !a.ok()) return a;
  // As stored: its etag is its version, and the write makes the next.
  if (s->etag().empty()) s->set_etag("1");
  v1::Submission after = *s;
  if (t.effect) {
    if (absl::Status e = t.effect(after); !e.ok()) return e;
  }
  if (t.to.has_value()) after.set_state(*t.to);
  after.set_etag(std::to_string(std::stoi(s->etag()) + 1));
  *s = std::move(after);
  return absl::OkStatus();
}

TEST(Snapshots, WhatTheRegistrySaidOfAnOrganisationOrATerritory) {
  registry::v1::Organization keystone;
  keystone.set_name("organizations/keystone");
  (*keystone.mutable_display_name())["hy"] = "Քիսթոուն";
  keystone.add_territories("territories/am-su-goris");
  keystone.add_territories("territories/am-su-sisian");
  registry::v1::SocialService day_care;
  day_care.set_name("socialServices/day-care-goris");
  day_care.set_provider("organizations/keystone");
  day_care.set_service_type("day-care");
  day_care.set_territory("territories/am-su-goris");
  day_care.set_capacity_places(25);
  registry::v1::SocialService other = day_care;
  other.set_name("socialServices/elsewhere");
  other.set_provider("organizations/aopd");
  const v1::OrgUnitSnapshot organisation =
      SnapshotOf("organizations/keystone", &keystone, nullptr, kGorisPath, {day_care, other}, kT0);
  EXPECT_EQ(organisation.capture_time().seconds(), absl::ToUnixSeconds(kT0));
  EXPECT_EQ(organisation.display_name().at("hy"), "Քիսթոուն");
  EXPECT_THAT(organisation.path(), ::testing::ElementsAreArray(kGorisPath));
  EXPECT_THAT(organisation.territories(),
              ::testing::ElementsAre("territories/am-su-goris", "territories/am-su-sisian"));
  ASSERT_EQ(organisation.social_services_size(), 1) << "only the services it provides";
  EXPECT_EQ(organisation.social_services(0).capacity_places(), 25);
  EXPECT_EQ(organisation.social_services(0).provider(), "organizations/keystone");

  registry::v1::Territory goris;
  goris.set_name("territories/am-su-goris");
  (*goris.mutable_display_name())["en"] = "Goris";
  const v1::OrgUnitSnapshot territory =
      SnapshotOf("territories/am-su-goris", nullptr, &goris, kGorisPath, {}, kT0);
  EXPECT_EQ(territory.display_name().at("en"), "Goris");
  EXPECT_TRUE(territory.territories().empty());
  EXPECT_TRUE(territory.social_services().empty());
}

TEST(SubmissionTransitions, ApprovalLocksEntryUntilUndone) {
  Facts f;
  Violations v;
  const Principal staff = Person(kRoleCso, "organizations/keystone");
  const Principal goris = Person(kRoleMunicipality, "", {"territories/am-su-goris"});
  const Principal ministry = Person(kRoleMinistry);
  v1::Submission s = MakeSubmission(Form(), "organizations/keystone", "202603", kGorisPath);
  auto values = CheckValues(Entry({Value("indicators/trained", {}, "2")}), Form(), f.facts, &v);
  ASSERT_TRUE(Walk(SetValuesTransition(values, staff, kT0), staff, &s).ok());
  EXPECT_EQ(Walk(ApproveTransition(staff, kT0), staff, &s).code(),
            absl::StatusCode::kPermissionDenied)
      << "a CSO does not approve its own figures";
  ASSERT_TRUE(Walk(ApproveTransition(goris, kT0), goris, &s).ok());
  EXPECT_EQ(s.state(), v1::SUBMISSION_APPROVED);
  EXPECT_EQ(s.approval_by(), goris.subject);

  auto change = CheckValues(Entry({Value("indicators/trained", {}, "5")}), Form(), f.facts, &v);
  const absl::Status locked = Walk(SetValuesTransition(change, staff, kT0), staff, &s);
  EXPECT_EQ(locked.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(locked.message(), HasSubstr("locked: approved by " + goris.subject));
  EXPECT_EQ(s.values(0).value(), "2");

  // Accepting records the registry's facts, read for it (here the organisation has moved to
  // Sisian since Goris approved its figures); without them it is refused.
  EXPECT_FALSE(MayAccept(goris, s, kT0));
  EXPECT_TRUE(MayAccept(ministry, s, kT0));
  EXPECT_EQ(Walk(AcceptTransition(ministry, kT0, {}), ministry, &s).code(),
            absl::StatusCode::kFailedPrecondition);
  registry::v1::Organization keystone;
  keystone.set_name("organizations/keystone");
  (*keystone.mutable_display_name())["en"] = "Keystone";
  keystone.add_territories("territories/am-su-sisian");
  const std::vector<std::string> sisian = {"territories/am", "territories/am-su",
                                           "territories/am-su-sisian"};
  ASSERT_TRUE(Walk(AcceptTransition(
                       ministry, kT0,
                       SnapshotOf("organizations/keystone", &keystone, nullptr, sisian, {}, kT0)),
                   ministry, &s)
                  .ok());
  EXPECT_EQ(s.state(), v1::SUBMISSION_ACCEPTED);
  EXPECT_THAT(s.org_unit_snapshot().path(), ::testing::ElementsAreArray(sisian));
  EXPECT_THAT(s.org_unit_path(), ::testing::ElementsAreArray(kGorisPath))
      << "where it was reported and approved";
  EXPECT_EQ(s.org_unit_snapshot().display_name().at("en"), "Keystone");
  EXPECT_FALSE(MayAccept(ministry, s, kT0)) << "already accepted";
  // Accepted figures keep their snapshot when the organisation moves again.
  EXPECT_FALSE(FollowsOrgUnitMoves(s));
  EXPECT_EQ(
      Walk(RehomeTransition(kGorisPath), BackgroundJobPrincipal("monitoring", "moves"), &s).code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Walk(UnacceptTransition(ministry, "", kT0), ministry, &s).code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(Walk(UnacceptTransition(ministry, "figures swapped", kT0), ministry, &s).ok());
  EXPECT_FALSE(s.has_org_unit_snapshot()) << "captured again by the next acceptance";
  // Approved again, they are back with the municipality that approved them: Goris.
  EXPECT_FALSE(FollowsOrgUnitMoves(s));
  EXPECT_EQ(
      Walk(RehomeTransition(sisian), BackgroundJobPrincipal("monitoring", "moves"), &s).code(),
      absl::StatusCode::kFailedPrecondition);
  const Principal sisian_clerk = Person(kRoleMunicipality, "", {"territories/am-su-sisian"});
  EXPECT_TRUE(MayUnapprove(goris, s, "correct March", kT0));
  EXPECT_FALSE(MayUnapprove(sisian_clerk, s, "correct March", kT0));
  // Unapproved, they take where the registry says the organisation lies then: Sisian.
  ASSERT_TRUE(Walk(UnapproveTransition(goris, "correct March", kT0, sisian), goris, &s).ok());
  EXPECT_THAT(s.org_unit_path(), ::testing::ElementsAreArray(sisian));
  // Open, they follow it; only the registry's events move them.
  EXPECT_TRUE(FollowsOrgUnitMoves(s));
  EXPECT_EQ(Walk(RehomeTransition(kGorisPath), ministry, &s).code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(
      Walk(RehomeTransition(kGorisPath), BackgroundJobPrincipal("monitoring", "moves"), &s).ok());
  EXPECT_THAT(s.org_unit_path(), ::testing::ElementsAreArray(kGorisPath));
  EXPECT_EQ(s.state(), v1::SUBMISSION_OPEN);
  EXPECT_EQ(s.approval_reason(), "correct March");
  ASSERT_TRUE(Walk(SetValuesTransition(change, staff, kT0), staff, &s).ok());
  EXPECT_EQ(s.values(0).value(), "5");
  EXPECT_EQ(EntryKey("dataSets/monthly", "organizations/keystone", "202603"),
            "entry=dataSets/monthly|organizations/keystone|202603");
}

}  // namespace
}  // namespace civitas::monitoring
