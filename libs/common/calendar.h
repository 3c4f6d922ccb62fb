// Times and dates as the services store them: protobuf Timestamps, and `YYYY-MM-DD` calendar
// dates (agreement periods, due dates, validity periods), which are UTC days. Pure.
#pragma once

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace civitas {

google::protobuf::Timestamp ToTimestamp(absl::Time t);
absl::Time FromTimestamp(const google::protobuf::Timestamp& t);

// The UTC day of `t`, `YYYY-MM-DD`.
std::string DateOf(absl::Time t);
// The UTC calendar day of `t`.
absl::CivilDay DayOf(absl::Time t);
// `date` (a valid `YYYY-MM-DD`) as a day; false when it is not one.
bool ParseDay(const std::string& date, absl::CivilDay* day);
// A date read back from a stored record (checked when it was written): one that does not parse
// reads as 1970-01-01.
absl::CivilDay StoredDay(const std::string& date);
std::string FormatDay(absl::CivilDay day);
// `months` calendar months after `day`, the day of month clamped to the target month's length
// (2026-01-31 + 1 month = 2026-02-28).
absl::CivilDay AddMonths(absl::CivilDay day, int months);

}  // namespace civitas
