// Calendars as iCalendar feeds (RFC 5545), pure: a campaign's activities, and a municipality's
// planning sessions, rounds' closing days and the activities of campaigns in its territory. One
// all-day VEVENT per event dated on or after `today`, text escaped (backslash, semicolon, comma,
// line breaks; other control characters dropped), lines folded at 75 octets without splitting a
// UTF-8 character, CRLF line ends. UIDs are made from resource names, so an edited record
// replaces its event.
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "civitas/advocacy/v1/planning.pb.h"
#include "civitas/advocacy/v1/resources.pb.h"

namespace civitas::advocacy {

// One all-day event.
struct CalendarEvent {
  // Unique and stable across reads (`activities/a1`, `planningCycles/c1/sessions/0`).
  std::string uid;
  // YYYY-MM-DD.
  std::string date;
  std::string summary;
  std::string location;
  std::string category;
  std::string description;
};

// The feed named `name` of `events` dated today or later, in date order.
std::string IcsCalendar(const std::string& name, std::vector<CalendarEvent> events,
                        absl::CivilDay today, absl::Time now);

// A campaign's recorded activities as events.
std::vector<CalendarEvent> ActivityEvents(const v1::Campaign& campaign,
                                          const std::vector<v1::Activity>& activities);

// A cycle's sessions, and the closing day of each of its open rounds, as events.
std::vector<CalendarEvent> PlanningEvents(const v1::PlanningCycle& cycle,
                                          const std::vector<v1::PrioritisationRound>& rounds);

std::string CampaignCalendar(const v1::Campaign& campaign,
                             const std::vector<v1::Activity>& activities, absl::CivilDay today,
                             absl::Time now);

// A TEXT value escaped as RFC 5545 3.3.11 says.
std::string IcsText(const std::string& text);

}  // namespace civitas::advocacy
