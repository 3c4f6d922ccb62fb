#include "libs/common/utc_timestamp.h"

namespace civitas {
namespace {

// Writes `value` as `width` digits at `at`; returns the position after them.
char* PutDigits(int64_t value, int width, char* at) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return at + width;
}

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days).
void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

}  // namespace

void AppendUtcTimestamp(int64_t unix_seconds, int32_t nanos, int fraction_digits,
                        std::string* out) {
  constexpr int64_t kMin = -62167219200;  // 0000-01-01T00:00:00Z
  constexpr int64_t kMax = 253402300799;  // 9999-12-31T23:59:59Z
  if (unix_seconds < kMin) unix_seconds = kMin;
  if (unix_seconds > kMax) unix_seconds = kMax;
  int64_t days = unix_seconds / 86400;
  int64_t secs = unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  int64_t year = 0;
  int month = 0;
  int day = 0;
  CivilFromDays(days, &year, &month, &day);
  // Written into a buffer and appended once: the gateway writes two or three per response and
  // one per log line.
  char buf[32];
  char* at = PutDigits(year, 4, buf);
  *at++ = '-';
  at = PutDigits(month, 2, at);
  *at++ = '-';
  at = PutDigits(day, 2, at);
  *at++ = 'T';
  at = PutDigits(secs / 3600, 2, at);
  *at++ = ':';
  at = PutDigits(secs / 60 % 60, 2, at);
  *at++ = ':';
  at = PutDigits(secs % 60, 2, at);
  if (fraction_digits < 0) {
    fraction_digits = nanos == 0 ? 0 : nanos % 1000000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
  }
  if (fraction_digits > 0) {
    *at++ = '.';
    int64_t scaled = nanos;
    for (int i = fraction_digits; i < 9; ++i) scaled /= 10;
    at = PutDigits(scaled, fraction_digits, at);
  }
  *at++ = 'Z';
  out->append(buf, at - buf);
}

}  // namespace civitas
