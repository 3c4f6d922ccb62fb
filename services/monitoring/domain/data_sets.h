// A data set as a record: the reporting form that groups measured indicators with a period type,
// the org units that report on it, its entry window and what it reports on. Pure.
#pragma once

#include <optional>
#include <string>

#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/common/field_violations.h"
#include "services/monitoring/domain/periods.h"

namespace civitas::monitoring {

inline constexpr int kMaxDataSetIndicators = 200;
inline constexpr int kMaxDataSetOrgUnits = 5000;
inline constexpr int kMaxEntryDays = 366;

// A code, a display name, a period type; 1 to kMaxDataSetIndicators indicators
// (`indicators/{id}`, each once); at most kMaxDataSetOrgUnits org units (`territories/{id}` or
// `organizations/{id}`, each once); open future periods 0..12; expiry and timely days
// 0..kMaxEntryDays; an attribution that is empty, `programmes/{id}` or `grants/{id}`. Violations
// name `data_set.<field>`.
void ValidateDataSet(const v1::DataSet& data_set, Violations* v);

// An org unit of the registry: `territories/{id}` or `organizations/{id}`.
bool IsOrgUnitName(const std::string& name);

// An update: the code and the period type are fixed.
void ValidateDataSetChange(const v1::DataSet& before, const v1::DataSet& after, Violations* v);

// An indicator the data set names at `field`, as read (null: missing): active and measured
// (a ratio takes no figures of its own).
void CheckDataSetIndicator(const std::string& field, const std::string& name,
                           const v1::Indicator* indicator, Violations* v);

// The period type of periods.h a data set's period type is; nothing for UNSPECIFIED.
std::optional<PeriodType> PeriodTypeOf(v1::PeriodType type);

}  // namespace civitas::monitoring
