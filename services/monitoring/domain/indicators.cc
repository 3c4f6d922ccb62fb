#include "services/monitoring/domain/indicators.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "services/monitoring/domain/codes.h"

namespace civitas::monitoring {
namespace {

void CheckExpression(const v1::Indicator& indicator, const v1::Expression& e,
                     const std::string& field, Violations* v) {
  if (e.terms().empty() || e.terms_size() > kMaxExpressionTerms) {
    v->Add(field + ".terms", absl::StrCat("must hold 1 to ", kMaxExpressionTerms, " terms"));
  }
  for (int i = 0; i < e.terms_size(); ++i) {
    const std::string term = absl::StrCat(field, ".terms[", i, "].indicator");
    aip::CheckNameOf<v1::Indicator>(e.terms(i).indicator(), term, true, v);
    if (!indicator.name().empty() && e.terms(i).indicator() == indicator.name()) {
      v->Add(term, "a ratio cannot refer to itself");
    }
  }
}

}  // namespace

bool IsRatio(const v1::Indicator& indicator) {
  return indicator.has_numerator() || indicator.has_denominator();
}

void ValidateIndicator(const v1::Indicator& indicator, Violations* v) {
  CheckMetadataCode(indicator.code(), "indicator.code", v);
  aip::CheckLocalizedText(indicator.display_name(), "indicator.display_name", true, 200, v);
  aip::CheckLocalizedText(indicator.description(), "indicator.description", false, 4000, v);
  aip::CheckText(indicator.unit(), "indicator.unit", false, 50, v);
  if (indicator.value_type() == v1::VALUE_TYPE_UNSPECIFIED) {
    v->Add("indicator.value_type", "is required: INTEGER, NUMBER, PERCENTAGE or BOOLEAN");
  }
  if (indicator.aggregation() == v1::AGGREGATION_UNSPECIFIED) {
    v->Add("indicator.aggregation", "is required: SUM, AVERAGE, LAST_IN_PERIOD, MIN or MAX");
  }
  if (indicator.categories_size() > kMaxIndicatorCategories) {
    v->Add("indicator.categories",
           absl::StrCat("must hold at most ", kMaxIndicatorCategories, " categories"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < indicator.categories_size(); ++i) {
    const std::string field = absl::StrCat("indicator.categories[", i, "]");
    aip::CheckNameOf<v1::Category>(indicator.categories(i), field, true, v);
    if (!seen.insert(indicator.categories(i)).second) {
      v->Add(field, absl::StrCat(indicator.categories(i), " is named twice"));
    }
  }
  if (indicator.factor() < 0) v->Add("indicator.factor", "must be 0 (1) or more");
  if (!IsRatio(indicator)) {
    if (indicator.factor() != 0) v->Add("indicator.factor", "applies to ratio indicators only");
    return;
  }
  if (!indicator.has_numerator()) v->Add("indicator.numerator", "a ratio needs a numerator");
  if (!indicator.has_denominator()) v->Add("indicator.denominator", "a ratio needs a denominator");
  if (indicator.has_numerator()) {
    CheckExpression(indicator, indicator.numerator(), "indicator.numerator", v);
  }
  if (indicator.has_denominator()) {
    CheckExpression(indicator, indicator.denominator(), "indicator.denominator", v);
  }
  if (!indicator.categories().empty()) {
    v->Add("indicator.categories", "a ratio has no categories of its own");
  }
  if (indicator.value_type() != v1::VALUE_TYPE_UNSPECIFIED &&
      indicator.value_type() != v1::NUMBER && indicator.value_type() != v1::PERCENTAGE) {
    v->Add("indicator.value_type", "a ratio is a NUMBER or a PERCENTAGE");
  }
}

void ValidateIndicatorChange(const v1::Indicator& before, const v1::Indicator& after,
                             Violations* v) {
  auto fixed = [&](bool changed, const std::string& field) {
    if (changed) v->Add("indicator." + field, "is fixed once created: stored figures depend on it");
  };
  fixed(after.code() != before.code(), "code");
  fixed(after.value_type() != before.value_type(), "value_type");
  // Totals keep each org unit's figure only for MIN and MAX: the figures' totals assume it.
  fixed(after.aggregation() != before.aggregation(), "aggregation");
  fixed(std::vector<std::string>(after.categories().begin(), after.categories().end()) !=
            std::vector<std::string>(before.categories().begin(), before.categories().end()),
        "categories");  // field name
  if (IsRatio(after) != IsRatio(before)) {
    v->Add(IsRatio(before) ? "indicator.numerator" : "indicator.categories",
           "a measured indicator stays measured and a ratio stays a ratio");
  }
}

void CheckIndicatorCategories(const v1::Indicator& indicator,
                              const std::vector<const v1::Category*>& found, bool creating,
                              Violations* v) {
  int64_t combinations = 1;
  for (int i = 0; i < indicator.categories_size() && i < static_cast<int>(found.size()); ++i) {
    const std::string field = absl::StrCat("indicator.categories[", i, "]");
    const v1::Category* category = found[i];
    if (category == nullptr) {
      v->Add(field, absl::StrCat(indicator.categories(i), " does not exist"));
      continue;
    }
    if (creating && category->state() != v1::CATEGORY_ACTIVE) {
      v->AddPrecondition(field, absl::StrCat(indicator.categories(i), " is archived"));
    }
    combinations *= std::max(1, category->options_size());
    if (combinations > kMaxOptionCombinations) {
      v->Add("indicator.categories", absl::StrCat("their options make more than ",
                                                  kMaxOptionCombinations, " combinations"));
      return;
    }
  }
}

void CheckRatioTerm(const std::string& field, const std::string& name, const v1::Indicator* term,
                    Violations* v) {
  if (term == nullptr) {
    v->Add(field, absl::StrCat(name, " does not exist"));
  } else if (term->state() != v1::INDICATOR_ACTIVE) {
    v->AddPrecondition(field, absl::StrCat(name, " is archived"));
  } else if (IsRatio(*term)) {
    v->Add(field, absl::StrCat(name, " is a ratio; a ratio's terms are measured indicators"));
  }
}

int64_t FactorOf(const v1::Indicator& indicator) {
  return indicator.factor() == 0 ? 1 : indicator.factor();
}

}  // namespace civitas::monitoring
