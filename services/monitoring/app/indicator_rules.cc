#include "services/monitoring/app/indicator_rules.h"

#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "services/monitoring/domain/access_policy.h"
#include "services/monitoring/domain/indicators.h"
#include "services/monitoring/domain/resource_spec.h"
#include "services/monitoring/domain/state_models.h"

namespace civitas::monitoring {
namespace {

// The terms of a ratio's numerator and denominator, with the field each is named at.
std::vector<std::pair<std::string, std::string>> TermsOf(const v1::Indicator& indicator) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const v1::Expression& e, const char* field) {
    for (int i = 0; i < e.terms_size(); ++i) {
      out.emplace_back(absl::StrCat("indicator.", field, ".terms[", i, "].indicator"),
                       e.terms(i).indicator());
    }
  };
  add(indicator.numerator(), "numerator");
  add(indicator.denominator(), "denominator");
  return out;
}

}  // namespace

const aip::ResourceSpec& IndicatorRules::spec() const { return IndicatorSpec(); }

const records::StateModel<v1::Indicator>& IndicatorRules::states() const {
  return IndicatorStates();
}

bool IndicatorRules::CanRead(const records::RuleContext&, const v1::Indicator&) const {
  return true;
}

absl::Status IndicatorRules::Authorize(const records::ChangeContext<v1::Indicator>& ctx,
                                       const v1::Indicator&) const {
  return AuthorizeMetadataChange(ctx.caller, ctx.change, "defining indicators");
}

void IndicatorRules::Validate(const v1::Indicator* before, const v1::Indicator& after,
                              Violations* v) const {
  ValidateIndicator(after, v);
  if (before != nullptr) ValidateIndicatorChange(*before, after, v);
}

absl::Status IndicatorRules::LoadReferences(const records::ChangeContext<v1::Indicator>& ctx,
                                            v1::Indicator* indicator, Violations* v,
                                            std::vector<Reference>* references) {
  // Archiving keeps what the indicator named.
  if (ctx.change == records::Change::kArchive) return absl::OkStatus();
  const bool creating = ctx.change == records::Change::kCreate;
  // A ratio's terms as they were stay (one archived since keeps its place); new ones are checked.
  std::set<std::string> had;
  if (ctx.before != nullptr) {
    for (const auto& [field, name] : TermsOf(*ctx.before)) had.insert(name);
  }
  std::vector<std::pair<std::string, std::string>> terms;
  for (auto& term : TermsOf(*indicator)) {
    if (!had.contains(term.second)) terms.push_back(std::move(term));
  }
  // Everything named, in two round trips at most (categories, then indicators).
  std::vector<std::string> categories(indicator->categories().begin(),
                                      indicator->categories().end());
  RETURN_IF_ERROR(records::PrefetchNamed<v1::Category>(ctx.reads, categories));
  std::vector<std::string> term_names;
  for (const auto& [field, name] : terms) term_names.push_back(name);
  RETURN_IF_ERROR(records::PrefetchNamed<v1::Indicator>(ctx.reads, term_names));

  std::vector<std::optional<v1::Category>> found;
  for (const std::string& name : categories) {
    if (!aip::IsNameOf<v1::Category>(name)) {
      found.emplace_back();  // named malformed: Validate says so
      continue;
    }
    ASSIGN_OR_RETURN(auto category, records::ReadNamed<v1::Category>(ctx.reads, name));
    if (category.has_value()) {
      found.emplace_back(std::move(category->record));
      // Figures will be stored by its options: it must still be there (active, for a new
      // indicator) when the write applies.
      const std::string id = aip::IdIn<v1::Category>(name);
      references->push_back(creating ? records::RefTo<v1::Category>(id, {v1::CATEGORY_ACTIVE})
                                     : records::RefTo<v1::Category>(id));
    } else {
      found.emplace_back();
    }
  }
  std::vector<const v1::Category*> as_read;
  bool all_named = true;
  for (const auto& category : found) {
    as_read.push_back(category.has_value() ? &*category : nullptr);
  }
  for (const std::string& name : categories) all_named &= aip::IsNameOf<v1::Category>(name);
  if (all_named) CheckIndicatorCategories(*indicator, as_read, creating, v);

  for (const auto& [field, name] : terms) {
    if (!aip::IsNameOf<v1::Indicator>(name)) continue;  // Validate names it
    ASSIGN_OR_RETURN(auto term, records::ReadNamed<v1::Indicator>(ctx.reads, name));
    CheckRatioTerm(field, name, term.has_value() ? &term->record : nullptr, v);
    if (term.has_value()) {
      references->push_back(
          records::RefTo<v1::Indicator>(aip::IdIn<v1::Indicator>(name), {v1::INDICATOR_ACTIVE}));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> IndicatorRules::UniqueValues(const v1::Indicator& indicator) const {
  return {absl::StrCat("code=", indicator.code())};
}

}  // namespace civitas::monitoring
