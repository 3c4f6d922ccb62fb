// Country policies and quality standards: their field rules, which version is in force on a
// date, and how a set of scores measures against a version. Pure.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "civitas/accreditation/v1/resources.pb.h"
#include "libs/common/field_violations.h"
#include "libs/records/transition.h"

namespace civitas::accreditation {

// An ISO 3166-1 alpha-2 code as Civitas writes it: two upper-case ASCII letters.
bool IsCountryCode(const std::string& code);
// A service type code of the registry's catalogue: `[a-z0-9][a-z0-9-]{0,62}`.
bool IsServiceTypeCode(const std::string& code);

// A country's policy id: its code in lower case, as resource ids are (`policies/md`).
std::string PolicyId(const std::string& country);

void ValidateCountryPolicy(const v1::CountryPolicy& policy, Violations* v);
// A policy is named by its country: `policies/{code}` with the ISO 3166-1 alpha-2 code in lower
// case; a violation under policy_id otherwise.
void CheckPolicyId(const v1::CountryPolicy& policy, Violations* v);

// Field rules of a version: country, service type, version >= 1, effective_from, criteria (ids
// unique, weights 1..100 summing to 100, max_score 1..100, 0 <= min_score <= max_score),
// pass_score_percent 0..100.
void ValidateStandard(const v1::QualityStandard& standard, Violations* v);

// The version in force on `date` among `versions` (one country and service type): the published
// one with the latest effective_from on or before the date, the higher version on a tie.
std::optional<v1::QualityStandard> StandardInForce(const std::vector<v1::QualityStandard>& versions,
                                                   absl::CivilDay date);

// Every criterion of `standard` scored once, each score within 0..max_score, no unknown
// criterion. Violations name `field.scores[i]`.
void ValidateScores(const v1::QualityStandard& standard, const v1::StandardScores& scores,
                    const std::string& field, Violations* v);

struct StandardResult {
  // The weighted score in hundredths of a percent of the maximum (0..10000), rounded down.
  int score_centi_percent = 0;
  // Ids of mandatory criteria scored below their minimum.
  std::vector<std::string> failed_mandatory;
  // At least the pass score and no mandatory criterion below its minimum.
  bool meets = false;
};

// `scores` must be valid for `standard` (ValidateScores).
StandardResult Evaluate(const v1::QualityStandard& standard, const v1::StandardScores& scores);

// Each of `codes` must be in the registry's service type catalogue `catalogue`: a violation under
// `field`, or `field[i]` when `indexed` (a repeated field), for each that is not. A malformed code
// is the field checks' to name, not this.
void CheckServiceTypesKnown(const std::vector<std::string>& codes,
                            const std::set<std::string>& catalogue, const std::string& field,
                            bool indexed, Violations* v);

// The in-force question: a country code, a service type code and an optional date (`YYYY-MM-DD`)
// that replaces `*day` (today) when given.
void CheckInForceQuestion(const std::string& country, const std::string& service_type,
                          const std::string& date, absl::CivilDay* day, Violations* v);

// Publishing a draft version: the accrediting body only, to take effect `today` or later.
records::Transition<v1::QualityStandard> PublishStandardTransition(absl::CivilDay today);

}  // namespace civitas::accreditation
