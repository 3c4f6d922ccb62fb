#include "services/monitoring/domain/categories.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "services/monitoring/domain/codes.h"

namespace civitas::monitoring {

void ValidateCategory(const v1::Category& category, Violations* v) {
  CheckMetadataCode(category.code(), "category.code", v);
  aip::CheckLocalizedText(category.display_name(), "category.display_name", true, 200, v);
  if (category.options().empty() || category.options_size() > kMaxCategoryOptions) {
    v->Add("category.options", absl::StrCat("must hold 1 to ", kMaxCategoryOptions, " options"));
  }
  std::set<std::string> codes;
  for (int i = 0; i < category.options_size(); ++i) {
    const v1::CategoryOption& option = category.options(i);
    const std::string field = absl::StrCat("category.options[", i, "]");
    CheckMetadataCode(option.code(), field + ".code", v);
    if (!option.code().empty() && !codes.insert(option.code()).second) {
      v->Add(field + ".code", absl::StrCat(option.code(), " is another option's code too"));
    }
    aip::CheckLocalizedText(option.display_name(), field + ".display_name", true, 200, v);
  }
}

void ValidateCategoryChange(const v1::Category& before, const v1::Category& after, Violations* v) {
  if (after.code() != before.code()) {
    v->Add("category.code", absl::StrCat("is fixed once created (", before.code(), ")"));
  }
  for (int i = 0; i < before.options_size(); ++i) {
    const std::string field = absl::StrCat("category.options[", i, "]");
    if (i >= after.options_size()) {
      v->Add(field, absl::StrCat("option ", before.options(i).code(),
                                 " may be retired, not removed: figures are stored by it"));
    } else if (after.options(i).code() != before.options(i).code()) {
      v->Add(field + ".code", absl::StrCat("is fixed once created (", before.options(i).code(),
                                           "); add new options after the existing ones"));
    }
  }
}

}  // namespace civitas::monitoring
