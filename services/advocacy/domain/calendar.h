// A campaign's activities as an iCalendar feed (RFC 5545), pure: one all-day VEVENT per activity
// dated on or after `today`, text escaped (backslash, semicolon, comma, line breaks; other
// control characters dropped), lines folded at 75 octets without splitting a UTF-8 character,
// CRLF line ends. UIDs are the activities' names, so an edited activity replaces its event.
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "civitas/advocacy/v1/resources.pb.h"

namespace civitas::advocacy {

std::string CampaignCalendar(const v1::Campaign& campaign,
                             const std::vector<v1::Activity>& activities, absl::CivilDay today,
                             absl::Time now);

// A TEXT value escaped as RFC 5545 3.3.11 says.
std::string IcsText(const std::string& text);

}  // namespace civitas::advocacy
