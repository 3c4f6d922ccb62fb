// Times and dates as grants store them: protobuf Timestamps, and `YYYY-MM-DD` calendar dates
// (agreement periods, due dates, value dates), which are UTC days. Pure.
#pragma once

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace civitas::grants {

google::protobuf::Timestamp ToTimestamp(absl::Time t);
absl::Time FromTimestamp(const google::protobuf::Timestamp& t);

// The UTC day of `t`, `YYYY-MM-DD`.
std::string DateOf(absl::Time t);
// `date` (a valid `YYYY-MM-DD`) as a day; false when it is not one.
bool ParseDay(const std::string& date, absl::CivilDay* day);
std::string FormatDay(absl::CivilDay day);

}  // namespace civitas::grants
