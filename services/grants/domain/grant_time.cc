#include "services/grants/domain/grant_time.h"

#include "google/protobuf/util/time_util.h"

namespace civitas::grants {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  return absl::FromUnixNanos(TimeUtil::TimestampToNanoseconds(t));
}

std::string DateOf(absl::Time t) { return FormatDay(absl::ToCivilDay(t, absl::UTCTimeZone())); }

bool ParseDay(const std::string& date, absl::CivilDay* day) {
  // ParseCivilTime accepts what FormatCivilTime writes; the round trip rejects `2026-2-30`.
  return absl::ParseCivilTime(date, day) && FormatDay(*day) == date;
}

std::string FormatDay(absl::CivilDay day) { return absl::FormatCivilTime(day); }

}  // namespace civitas::grants
