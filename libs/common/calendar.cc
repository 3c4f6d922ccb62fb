#include "libs/common/calendar.h"

#include <algorithm>

#include "google/protobuf/util/time_util.h"

namespace civitas {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  return absl::FromUnixNanos(TimeUtil::TimestampToNanoseconds(t));
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
