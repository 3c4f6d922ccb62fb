// A disaggregation category and its options as a record: what a valid one holds and what may
// change once figures may be stored by its options. Pure.
#pragma once

#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/common/field_violations.h"

namespace civitas::monitoring {

// Most options a category has.
inline constexpr int kMaxCategoryOptions = 50;

// A code, a display name, 1 to kMaxCategoryOptions options each with a code unique within the
// category and a display name. Violations name `category.<field>`.
void ValidateCategory(const v1::Category& category, Violations* v);

// An update: the code is fixed, and every option of `before` stays, in its place, with its code
// (figures are stored by option); options may be added after them, renamed or retired.
void ValidateCategoryChange(const v1::Category& before, const v1::Category& after, Violations* v);

}  // namespace civitas::monitoring
