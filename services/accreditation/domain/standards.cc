#include "services/accreditation/domain/standards.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "services/accreditation/domain/access_policy.h"

namespace civitas::accreditation {

bool IsCountryCode(const std::string& code) {
  return code.size() == 2 && absl::ascii_isupper(static_cast<unsigned char>(code[0])) &&
         absl::ascii_isupper(static_cast<unsigned char>(code[1]));
}

bool IsServiceTypeCode(const std::string& code) {
  if (code.empty() || code.size() > 63) return false;
  for (size_t i = 0; i < code.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(code[i]);
    const bool ok = absl::ascii_islower(c) || absl::ascii_isdigit(c) || (i > 0 && c == '-');
    if (!ok) return false;
  }
  return true;
}

std::string PolicyId(const std::string& country) { return absl::AsciiStrToLower(country); }

namespace {

void CheckMonths(int32_t months, const std::string& field, Violations* v) {
  if (months < 1 || months > 120) v->Add(field, "must be 1..120 months");
}

}  // namespace

void CheckPolicyId(const v1::CountryPolicy& policy, Violations* v) {
  const std::string id = aip::IdIn<v1::CountryPolicy>(policy.name());
  if (!IsCountryCode(absl::AsciiStrToUpper(id)) || PolicyId(absl::AsciiStrToUpper(id)) != id) {
    v->Add("policy_id", "must be the country's ISO 3166-1 alpha-2 code in lower case, e.g. md");
  }
}

void ValidateCountryPolicy(const v1::CountryPolicy& policy, Violations* v) {
  aip::CheckLocalizedText(policy.display_name(), "policy.display_name", false, 200, v);
  CheckMonths(policy.initial_validity_months(), "policy.initial_validity_months", v);
  CheckMonths(policy.periodic_validity_months(), "policy.periodic_validity_months", v);
  CheckMonths(policy.provisional_validity_months(), "policy.provisional_validity_months", v);
  aip::CheckText(policy.legal_basis(), "policy.legal_basis", false, 500, v);
}

void ValidateStandard(const v1::QualityStandard& s, Violations* v) {
  if (!IsCountryCode(s.country())) {
    v->Add("standard.country", "must be an ISO 3166-1 alpha-2 code in upper case, e.g. MD");
  }
  if (!IsServiceTypeCode(s.service_type())) {
    v->Add("standard.service_type", "must be a service type code, e.g. day-care");
  }
  if (s.version() < 1) v->Add("standard.version", "must be 1 or more");
  aip::CheckLocalizedText(s.display_name(), "standard.display_name", false, 300, v);
  aip::CheckDate(s.effective_from(), "standard.effective_from", true, v);
  aip::CheckText(s.legal_basis(), "standard.legal_basis", false, 500, v);
  if (s.pass_score_percent() < 0 || s.pass_score_percent() > 100) {
    v->Add("standard.pass_score_percent", "must be 0..100");
  }
  if (s.criteria().empty()) v->Add("standard.criteria", "needs at least one criterion");
  if (s.criteria_size() > 200) v->Add("standard.criteria", "holds at most 200 criteria");
  std::set<std::string> ids;
  int weights = 0;
  for (int i = 0; i < s.criteria_size(); ++i) {
    const v1::QualityCriterion& c = s.criteria(i);
    const std::string f = absl::StrCat("standard.criteria[", i, "]");
    if (!IsServiceTypeCode(c.id())) {
      v->Add(f + ".id", "must be a short code: lower-case letters, digits and '-'");
    } else if (!ids.insert(c.id()).second) {
      v->Add(f + ".id", absl::StrCat("'", c.id(), "' is used by an earlier criterion"));
    }
    aip::CheckLocalizedText(c.title(), f + ".title", true, 500, v);
    if (c.weight_percent() < 1 || c.weight_percent() > 100) {
      v->Add(f + ".weight_percent", "must be 1..100");
    } else {
      weights += c.weight_percent();
    }
    if (c.max_score() < 1 || c.max_score() > 100) {
      v->Add(f + ".max_score", "must be 1..100");
    } else if (c.min_score() < 0 || c.min_score() > c.max_score()) {
      v->Add(f + ".min_score", absl::StrCat("must be 0..", c.max_score(), " (max_score)"));
    }
  }
  if (!s.criteria().empty() && weights != 100) {
    v->Add("standard.criteria", absl::StrCat("weights sum to ", weights, "; they must sum to 100"));
  }
}

std::optional<v1::QualityStandard> StandardInForce(const std::vector<v1::QualityStandard>& versions,
                                                   absl::CivilDay date) {
  const v1::QualityStandard* best = nullptr;
  absl::CivilDay best_from;
  for (const v1::QualityStandard& s : versions) {
    if (s.state() != v1::STANDARD_PUBLISHED) continue;
    absl::CivilDay from;
    if (!ParseDay(s.effective_from(), &from) || from > date) continue;
    if (best == nullptr || from > best_from ||
        (from == best_from && s.version() > best->version())) {
      best = &s;
      best_from = from;
    }
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

void ValidateScores(const v1::QualityStandard& standard, const v1::StandardScores& scores,
                    const std::string& field, Violations* v) {
  std::set<std::string> seen;
  for (int i = 0; i < scores.scores_size(); ++i) {
    const v1::CriterionScore& s = scores.scores(i);
    const std::string f = absl::StrCat(field, ".scores[", i, "]");
    const v1::QualityCriterion* criterion = nullptr;
    for (const auto& c : standard.criteria()) {
      if (c.id() == s.criterion()) criterion = &c;
    }
    if (criterion == nullptr) {
      v->Add(f + ".criterion",
             absl::StrCat("'", s.criterion(), "' is not a criterion of ", standard.name()));
      continue;
    }
    if (!seen.insert(s.criterion()).second) {
      v->Add(f + ".criterion", absl::StrCat("'", s.criterion(), "' is scored twice"));
    }
    if (s.score() < 0 || s.score() > criterion->max_score()) {
      v->Add(f + ".score", absl::StrCat("must be 0..", criterion->max_score()));
    }
    aip::CheckText(s.comment(), f + ".comment", false, 4000, v);
  }
  for (const auto& c : standard.criteria()) {
    if (!seen.contains(c.id())) {
      v->Add(field + ".scores",
             absl::StrCat("criterion '", c.id(), "' of ", standard.name(), " is not scored"));
    }
  }
}

StandardResult Evaluate(const v1::QualityStandard& standard, const v1::StandardScores& scores) {
  StandardResult r;
  int64_t total = 0;
  for (const auto& c : standard.criteria()) {
    int score = 0;
    for (const auto& s : scores.scores()) {
      if (s.criterion() == c.id()) score = s.score();
    }
    // weight% x score / max, in ten-thousandths of a percent (two digits below the result's),
    // so that flooring each term costs less than one unit of the result per 100 criteria.
    total += int64_t{c.weight_percent()} * score * 10000 / c.max_score();
    if (c.mandatory() && score < c.min_score()) r.failed_mandatory.push_back(c.id());
  }
  r.score_centi_percent = static_cast<int>(total / 100);
  r.meets =
      r.failed_mandatory.empty() && r.score_centi_percent >= standard.pass_score_percent() * 100;
  return r;
}

records::Transition<v1::QualityStandard> PublishStandardTransition(absl::CivilDay today) {
  records::Transition<v1::QualityStandard> t;
  t.event = "published";
  t.from = {v1::STANDARD_DRAFT};
  t.to = v1::STANDARD_PUBLISHED;
  t.authorize = [](const Principal& p, const v1::QualityStandard&) {
    return AuthorizeAccreditingBody(p, "publishing quality standards");
  };
  t.validate = [today](const v1::QualityStandard&, const v1::QualityStandard& after,
                       Violations* v) {
    absl::CivilDay from;
    if (ParseDay(after.effective_from(), &from) && from < today) {
      v->Add("standard.effective_from",
             absl::StrCat(after.effective_from(), " is before today (", FormatDay(today),
                          "); a version is published to take effect today or later"));
    }
  };
  return t;
}

void CheckInForceQuestion(const std::string& country, const std::string& service_type,
                          const std::string& date, absl::CivilDay* day, Violations* v) {
  if (!IsCountryCode(country)) v->Add("country", "must be an ISO 3166-1 alpha-2 code, e.g. MD");
  if (!IsServiceTypeCode(service_type)) v->Add("service_type", "must be a service type code");
  if (!date.empty() && !ParseDay(date, day)) v->Add("date", "must be a date, YYYY-MM-DD");
}

void CheckServiceTypesKnown(const std::vector<std::string>& codes,
                            const std::set<std::string>& catalogue, const std::string& field,
                            bool indexed, Violations* v) {
  for (size_t i = 0; i < codes.size(); ++i) {
    if (!IsServiceTypeCode(codes[i]) || catalogue.contains(codes[i])) continue;
    v->Add(indexed ? absl::StrCat(field, "[", i, "]") : field,
           absl::StrCat("'", codes[i], "' is not in the registry's service type catalogue"));
  }
}

}  // namespace civitas::accreditation
