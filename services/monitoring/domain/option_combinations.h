// Category option combinations: which disaggregation one figure is for. A figure of an indicator
// split by sex and age group names one option of each (`FEMALE`, `AGE_65_PLUS`); the combination
// is written in the indicator's order of categories, so the same figure always has the same key.
// Pure: app/ reads the indicator's categories and hands them in.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "civitas/monitoring/v1/resources.pb.h"

namespace civitas::monitoring {

// The combination's key: the option codes in the indicator's order of categories joined by `.`
// (`FEMALE.AGE_65_PLUS`); `default` for an indicator without categories (DHIS2's name for it).
inline constexpr char kDefaultCombination[] = "default";

// The key of the combination `options` (option codes, in any order) names for an indicator split
// by `categories` (as read, in the indicator's order): exactly one option of each category, each
// known to it and, for new figures (`entering`), not retired. INVALID_ARGUMENT naming the first
// problem (a missing category, an unknown or retired option, an option given twice or of no
// category of the indicator).
absl::StatusOr<std::string> CombinationKey(const std::vector<v1::Category>& categories,
                                           const std::vector<std::string>& options, bool entering);

// Every combination of `categories`' options that takes figures (retired options left out), in
// the order a form lists them: the first category's options slowest.
std::vector<std::vector<std::string>> Combinations(const std::vector<v1::Category>& categories);

}  // namespace civitas::monitoring
