#include "libs/common/calendar.h"

#include <algorithm>

namespace civitas {

// Seconds and nanoseconds apart: nanoseconds since 1970 in an int64 end in 2262, and a
// Timestamp reaches 9999 (a filter's `lastUpdated=2999-01-01T00:00:00Z` must not wrap around).
google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  const int64_t seconds = absl::ToUnixSeconds(t);
  google::protobuf::Timestamp out;
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
  return out;
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

std::string DateOf(absl::Time t) { return FormatDay(absl::ToCivilDay(t, absl::UTCTimeZone())); }

bool ParseDay(const std::string& date, absl::CivilDay* day) {
  // ParseCivilTime accepts what FormatCivilTime writes; the round trip rejects `2026-2-30`, the
  // length years outside 0000..9999 (`99999-01-01`, `-0001-01-01`).
  return date.size() == 10 && absl::ParseCivilTime(date, day) && FormatDay(*day) == date;
}

std::string FormatDay(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth target = absl::CivilMonth(day) + months;
  const absl::CivilDay last = absl::CivilDay(target + 1) - 1;
  return std::min(absl::CivilDay(target.year(), target.month(), day.day()), last);
}

absl::CivilDay StoredDay(const std::string& date) {
  absl::CivilDay day;
  if (!ParseDay(date, &day)) return absl::CivilDay(1970, 1, 1);
  return day;
}

absl::CivilDay DayOf(absl::Time t) { return absl::ToCivilDay(t, absl::UTCTimeZone()); }

}  // namespace civitas
