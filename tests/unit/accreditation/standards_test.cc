// Quality standards: field rules, the version in force on a date, scores against a version.
#include "services/accreditation/domain/standards.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/accreditation/accreditation_test_values.h"

namespace civitas::accreditation {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(ValidateStandard, AcceptsAWellFormedVersion) {
  Violations v;
  ValidateStandard(DayCare(), &v);
  EXPECT_TRUE(v.empty()) << Problems(v);
}

TEST(ValidateStandard, NamesEveryBrokenField) {
  v1::QualityStandard s = DayCare();
  s.set_country("md");
  s.set_service_type("Day Care");
  s.set_version(0);
  s.set_effective_from("2025-02-30");
  s.set_pass_score_percent(101);
  s.mutable_criteria(1)->set_id("staff");
  s.mutable_criteria(1)->set_weight_percent(30);
  s.mutable_criteria(0)->set_min_score(6);
  Violations v;
  ValidateStandard(s, &v);
  const std::string problems = Problems(v);
  EXPECT_THAT(problems, HasSubstr("standard.country:"));
  EXPECT_THAT(problems, HasSubstr("standard.service_type:"));
  EXPECT_THAT(problems, HasSubstr("standard.version:"));
  EXPECT_THAT(problems, HasSubstr("standard.effective_from:"));
  EXPECT_THAT(problems, HasSubstr("standard.pass_score_percent:"));
  EXPECT_THAT(problems, HasSubstr("standard.criteria[1].id: 'staff' is used by an earlier"));
  EXPECT_THAT(problems, HasSubstr("standard.criteria[0].min_score: must be 0..5"));
  EXPECT_THAT(problems, HasSubstr("weights sum to 90; they must sum to 100"));
}

TEST(ValidateCountryPolicy, ValidityMonthsWithinTenYears) {
  v1::CountryPolicy p = Moldova();
  Violations ok;
  ValidateCountryPolicy(p, &ok);
  EXPECT_TRUE(ok.empty()) << Problems(ok);
  p.set_periodic_validity_months(0);
  p.set_initial_validity_months(121);
  Violations v;
  ValidateCountryPolicy(p, &v);
  EXPECT_THAT(Problems(v), HasSubstr("policy.periodic_validity_months"));
  EXPECT_THAT(Problems(v), HasSubstr("policy.initial_validity_months"));
}

TEST(CheckPolicyId, TheCountrysCodeInLowerCase) {
  v1::CountryPolicy p;
  p.set_name("policies/md");
  Violations ok;
  CheckPolicyId(p, &ok);
  EXPECT_TRUE(ok.empty());
  for (const char* name : {"policies/MD", "policies/moldova", "policies/zz1", "standards/md"}) {
    p.set_name(name);
    Violations v;
    CheckPolicyId(p, &v);
    ASSERT_EQ(v.items().size(), 1u) << name;
    EXPECT_EQ(v.items()[0].field, "policy_id");
  }
}

TEST(StandardInForce, TheLatestPublishedVersionEffectiveOnTheDate) {
  v1::QualityStandard v1s = DayCare(1, "2015-01-01");
  v1::QualityStandard v2s = DayCare(2, "2026-07-01");
  v1::QualityStandard draft = DayCare(3, "2026-01-01");
  draft.set_state(v1::STANDARD_DRAFT);
  const std::vector<v1::QualityStandard> all = {v2s, draft, v1s};
  EXPECT_EQ(StandardInForce(all, absl::CivilDay(2026, 6, 30))->version(), 1)
      << "version 2 takes effect the next day; the draft is not in force";
  EXPECT_EQ(StandardInForce(all, absl::CivilDay(2026, 7, 1))->version(), 2);
  EXPECT_FALSE(StandardInForce(all, absl::CivilDay(2014, 12, 31)).has_value());
  // Two versions effective the same day: the higher one.
  v1::QualityStandard v4s = DayCare(4, "2026-07-01");
  EXPECT_EQ(StandardInForce({v2s, v4s, v1s}, absl::CivilDay(2027, 1, 1))->version(), 4);
}

TEST(ValidateScores, EveryCriterionOnceWithinItsMaximum) {
  Violations ok;
  ValidateScores(DayCare(), Scores(5, 10), "self_assessment[0]", &ok);
  EXPECT_TRUE(ok.empty()) << Problems(ok);

  v1::StandardScores s = Scores(6, -1);
  s.add_scores()->set_criterion("staff");
  s.add_scores()->set_criterion("kitchen");
  Violations v;
  ValidateScores(DayCare(), s, "scores[0]", &v);
  const std::string problems = Problems(v);
  EXPECT_THAT(problems, HasSubstr("scores[0].scores[0].score: must be 0..5"));
  EXPECT_THAT(problems, HasSubstr("scores[0].scores[1].score: must be 0..10"));
  EXPECT_THAT(problems, HasSubstr("scores[0].scores[2].criterion: 'staff' is scored twice"));
  EXPECT_THAT(problems, HasSubstr("'kitchen' is not a criterion of standards/md-day-care-v1"));

  v1::StandardScores partial;
  partial.set_service_type("day-care");
  *partial.add_scores() = Scores(4, 4).scores(0);
  Violations missing;
  ValidateScores(DayCare(), partial, "scores[0]", &missing);
  EXPECT_THAT(Problems(missing), HasSubstr("criterion 'premises' of standards/md-day-care-v1 is "
                                           "not scored"));
}

TEST(Evaluate, WeightedScoreMandatoryMinimumsAndThePassScore) {
  // 60 x 4/5 + 40 x 5/10 = 48 + 20 = 68 %.
  StandardResult r = Evaluate(DayCare(), Scores(4, 5));
  EXPECT_EQ(r.score_centi_percent, 6800);
  EXPECT_THAT(r.failed_mandatory, IsEmpty());
  EXPECT_TRUE(r.meets);

  // 60 x 2/5 + 40 x 10/10 = 64 %: above the pass score, but staff is mandatory with minimum 3.
  r = Evaluate(DayCare(), Scores(2, 10));
  EXPECT_EQ(r.score_centi_percent, 6400);
  EXPECT_THAT(r.failed_mandatory, ElementsAre("staff"));
  EXPECT_FALSE(r.meets);

  // 60 x 3/5 + 40 x 2/10 = 44 %: every minimum kept, the total below 60 %.
  r = Evaluate(DayCare(), Scores(3, 2));
  EXPECT_EQ(r.score_centi_percent, 4400);
  EXPECT_FALSE(r.meets);
}

TEST(Evaluate, RoundsDownToHundredthsOfAPercent) {
  v1::QualityStandard s = DayCare();
  s.mutable_criteria(0)->set_max_score(3);  // 60 x 1/3 = 20 %
  s.mutable_criteria(0)->set_min_score(0);
  s.mutable_criteria(1)->set_max_score(7);  // 40 x 1/7 = 5.714... %
  s.set_pass_score_percent(0);
  EXPECT_EQ(Evaluate(s, Scores(1, 1)).score_centi_percent, 2571);
}

TEST(Codes, CountryAndServiceTypeCodes) {
  EXPECT_TRUE(IsCountryCode("MD"));
  EXPECT_FALSE(IsCountryCode("MDA"));
  EXPECT_FALSE(IsCountryCode("md"));
  EXPECT_TRUE(IsServiceTypeCode("day-care"));
  EXPECT_FALSE(IsServiceTypeCode("-day"));
  EXPECT_FALSE(IsServiceTypeCode("Day"));
  EXPECT_FALSE(IsServiceTypeCode(""));
}

TEST(PublishStandardTransition, TheBodyPublishesADraftTakingEffectTodayOrLater) {
  const records::Transition<v1::QualityStandard> publish =
      PublishStandardTransition(absl::CivilDay(2026, 3, 20));
  EXPECT_EQ(publish.to, v1::STANDARD_PUBLISHED);
  EXPECT_EQ(publish.event, "published");
  const v1::QualityStandard draft = DayCare(1, "2026-03-19");
  EXPECT_EQ(publish.authorize(ProviderStaff(), draft).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(publish.authorize(Body(), draft).ok());
  Violations v;
  publish.validate(draft, draft, &v);
  ASSERT_EQ(v.items().size(), 1u);
  EXPECT_EQ(v.items()[0].field, "standard.effective_from");
  Violations none;
  publish.validate(draft, DayCare(1, "2026-03-20"), &none);
  EXPECT_TRUE(none.empty());
}

TEST(CheckServiceTypesKnown, EachCodeInTheCatalogue) {
  Violations v;
  CheckServiceTypesKnown({"day-care", "respite", "Bad Code"}, {"day-care"}, "case.service_types",
                         true, &v);
  ASSERT_EQ(v.items().size(), 1u) << "a malformed code is the field checks' to name";
  EXPECT_EQ(v.items()[0].field, "case.service_types[1]");
  Violations single;
  CheckServiceTypesKnown({"respite"}, {}, "standard.service_type", false, &single);
  ASSERT_EQ(single.items().size(), 1u);
  EXPECT_EQ(single.items()[0].field, "standard.service_type");
}

TEST(CheckInForceQuestion, ACountryAServiceTypeAndAnOptionalDate) {
  absl::CivilDay day(2026, 6, 1);
  Violations ok;
  CheckInForceQuestion("MD", "day-care", "", &day, &ok);
  EXPECT_TRUE(ok.empty());
  EXPECT_EQ(day, absl::CivilDay(2026, 6, 1));
  CheckInForceQuestion("MD", "day-care", "2025-03-01", &day, &ok);
  EXPECT_TRUE(ok.empty());
  EXPECT_EQ(day, absl::CivilDay(2025, 3, 1));
  Violations v;
  CheckInForceQuestion("Moldova", "Day care", "1 March", &day, &v);
  EXPECT_THAT(Problems(v), HasSubstr("country: must be an ISO 3166-1 alpha-2 code"));
  EXPECT_THAT(Problems(v), HasSubstr("service_type: must be a service type code"));
  EXPECT_THAT(Problems(v), HasSubstr("date: must be a date, YYYY-MM-DD"));
}

}  // namespace
}  // namespace civitas::accreditation
