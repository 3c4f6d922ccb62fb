#include "services/monitoring/domain/option_combinations.h"

#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace civitas::monitoring {

absl::StatusOr<std::string> CombinationKey(const std::vector<v1::Category>& categories,
                                           const std::vector<std::string>& options, bool entering) {
  if (categories.empty()) {
    if (!options.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("category_options: the indicator has no categories; ", options.front(),
                       " is not one of its options"));
    }
    return std::string(kDefaultCombination);
  }
  std::set<std::string> given(options.begin(), options.end());
  if (given.size() != options.size()) {
    return absl::InvalidArgumentError("category_options: an option is given twice");
  }
  // An unknown option is named as such first (a miscased `female` is not "no option given").
  std::set<std::string> known;
  for (const v1::Category& category : categories) {
    for (const v1::CategoryOption& option : category.options()) known.insert(option.code());
  }
  for (const std::string& option : options) {
    if (!known.contains(option)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "category_options: ", option, " is an option of no category of the indicator"));
    }
  }
  std::vector<std::string> key;
  for (const v1::Category& category : categories) {
    const v1::CategoryOption* chosen = nullptr;
    for (const v1::CategoryOption& option : category.options()) {
      if (!given.contains(option.code())) continue;
      if (chosen != nullptr) {
        return absl::InvalidArgumentError(absl::StrCat("category_options: ", chosen->code(),
                                                       " and ", option.code(), " are both of ",
                                                       category.code(), "; give one"));
      }
      chosen = &option;
    }
    if (chosen == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("category_options: no option of ", category.code(), " is given"));
    }
    if (entering && chosen->retired()) {
      return absl::InvalidArgumentError(absl::StrCat("category_options: ", chosen->code(), " of ",
                                                     category.code(), " is retired"));
    }
    given.erase(chosen->code());
    key.push_back(chosen->code());
  }
  if (!given.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "category_options: ", *given.begin(), " is an option of no category of the indicator"));
  }
  return absl::StrJoin(key, ".");
}

std::vector<std::vector<std::string>> Combinations(const std::vector<v1::Category>& categories) {
  std::vector<std::vector<std::string>> out = {{}};
  for (const v1::Category& category : categories) {
    std::vector<std::vector<std::string>> next;
    for (const auto& prefix : out) {
      for (const v1::CategoryOption& option : category.options()) {
        if (option.retired()) continue;
        std::vector<std::string> combination = prefix;
        combination.push_back(option.code());
        next.push_back(std::move(combination));
      }
    }
    out = std::move(next);
  }
  return out;
}

}  // namespace civitas::monitoring
