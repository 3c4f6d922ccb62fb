// A campaign's iCalendar feed, read back with libical's parser (as calendar applications read
// it): one all-day event per upcoming activity, text that needs escaping intact, long lines
// folded without splitting a character, nothing past or archived.
#include "services/advocacy/domain/calendar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libical/ical.h>

#include <string>

#include "tests/unit/advocacy/advocacy_test_values.h"

namespace civitas::advocacy {
namespace {

using ::testing::HasSubstr;

// The events of a parsed calendar by UID, each with its summary, location, start and errors.
struct ParsedEvent {
  std::string uid, summary, location, start, end;
};

std::vector<ParsedEvent> Parse(const std::string& ics, int* errors) {
  icalcomponent* calendar = icalparser_parse_string(ics.c_str());
  std::vector<ParsedEvent> out;
  *errors = -1;
  if (calendar == nullptr) return out;
  *errors = icalcomponent_count_errors(calendar);
  for (icalcomponent* e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
       e != nullptr; e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    ParsedEvent p;
    p.uid = icalcomponent_get_uid(e) ? icalcomponent_get_uid(e) : "";
    p.summary = icalcomponent_get_summary(e) ? icalcomponent_get_summary(e) : "";
    p.location = icalcomponent_get_location(e) ? icalcomponent_get_location(e) : "";
    p.start = icaltime_as_ical_string(icalcomponent_get_dtstart(e));
    p.end = icaltime_as_ical_string(icalcomponent_get_dtend(e));
    out.push_back(std::move(p));
  }
  icalcomponent_free(calendar);
  return out;
}

v1::Activity On(const std::string& id, const std::string& date) {
  v1::Activity a = Hearing();
  a.set_name("activities/" + id);
  a.set_date(date);
  return a;
}

TEST(CampaignCalendar, UpcomingActivitiesAsAllDayEventsALibraryParses) {
  v1::Campaign campaign = Contracting();
  const absl::CivilDay today(2026, 12, 7);
  v1::Activity hearing = On("hearing", "2026-12-15");
  (*hearing.mutable_title())["en"] = "Hearing; budget, 2027\\nline \"10.2\"\nsecond line";
  hearing.set_place("Chișinău City Hall, room 3; entrance B");
  v1::Activity long_title = On("dialogue", "2026-12-07");
  (*long_title.mutable_title())["en"] = "";
  long_title.mutable_title()->clear();
  std::string georgian;
  for (int i = 0; i < 60; ++i) georgian += "\xe1\x83\xa1";  // 60 x U+10E1, 180 octets
  (*long_title.mutable_title())["ka"] = georgian;
  v1::Activity past = On("past", "2026-12-06");
  v1::Activity archived = On("archived", "2026-12-20");
  archived.set_state(v1::ACTIVITY_ARCHIVED);
  const std::string ics = CampaignCalendar(
      campaign, {hearing, long_title, past, archived}, today,
      absl::FromCivil(absl::CivilSecond(2026, 12, 7, 9, 30, 0), absl::UTCTimeZone()));
  // Every line ends CRLF and is at most 75 octets.
  size_t pos = 0;
  while (pos < ics.size()) {
    const size_t end = ics.find("\r\n", pos);
    ASSERT_NE(end, std::string::npos) << "a line without CRLF at " << pos;
    EXPECT_LE(end - pos, 75u) << ics.substr(pos, end - pos);
    pos = end + 2;
  }
  int errors = 0;
  const std::vector<ParsedEvent> events = Parse(ics, &errors);
  EXPECT_EQ(errors, 0) << ics;
  ASSERT_EQ(events.size(), 2u) << ics;  // not the past one, not the archived one
  EXPECT_EQ(events[0].uid, "activities/dialogue@advocacy.civitas");
  EXPECT_EQ(events[0].summary, georgian);  // unfolded whole
  EXPECT_EQ(events[0].start, "20261207");
  EXPECT_EQ(events[0].end, "20261208");
  EXPECT_EQ(events[1].uid, "activities/hearing@advocacy.civitas");
  EXPECT_EQ(events[1].summary, "Hearing; budget, 2027\\nline \"10.2\"\nsecond line");
  EXPECT_EQ(events[1].location, "Chișinău City Hall, room 3; entrance B");
  EXPECT_THAT(ics, HasSubstr("X-WR-CALNAME:Contract social services from CSOs"));
}

TEST(CampaignCalendar, ControlCharactersAreDroppedFromText) {
  EXPECT_EQ(IcsText(std::string("a\x01"
                                "b\x7f"
                                "c\r\nd")),
            "abc\\nd");
  EXPECT_EQ(IcsText("x\\y;z,w"), "x\\\\y\\;z\\,w");
}

TEST(TerritoryCalendar, SessionsClosingDaysAndCampaignActivitiesALibraryParses) {
  v1::PlanningCycle cycle;
  cycle.set_name("planningCycles/kapan");
  (*cycle.mutable_display_name())["hy"] = "Կապանի սոցիալական ծառայությունների պլան";
  v1::PlanningSession* past = cycle.add_sessions();
  past->set_date("2026-11-01");
  (*past->mutable_title())["en"] = "Situation analysis workshop";
  v1::PlanningSession* next = cycle.add_sessions();
  next->set_date("2026-12-14");
  (*next->mutable_title())["hy"] = "Առաջնահերթությունների քննարկում";
  next->set_place("Kapan, youth centre; hall 2");
  v1::PrioritisationRound open, closed;
  open.set_name("prioritisationRounds/kapan-1");
  open.set_state(v1::ROUND_OPEN);
  open.set_closes_on("2026-12-20");
  (*open.mutable_display_name())["en"] = "Kapan priorities";
  closed = open;
  closed.set_name("prioritisationRounds/kapan-0");
  closed.set_state(v1::ROUND_CLOSED);
  std::vector<CalendarEvent> events = PlanningEvents(cycle, {open, closed});
  const v1::Campaign campaign = Contracting();
  for (CalendarEvent& e : ActivityEvents(campaign, {On("hearing", "2026-12-16")})) {
    events.push_back(std::move(e));
  }
  const std::string ics = IcsCalendar("Civitas: territories/am-su-kapan", events,
                                      absl::CivilDay(2026, 12, 7), absl::FromUnixSeconds(0));
  int errors = 0;
  const std::vector<ParsedEvent> parsed = Parse(ics, &errors);
  EXPECT_EQ(errors, 0) << ics;
  // The past session is left out; the rest in date order; the closed round has no closing day.
  ASSERT_EQ(parsed.size(), 3u) << ics;
  EXPECT_EQ(parsed[0].uid, "planningCycles/kapan/sessions/1@advocacy.civitas");
  EXPECT_EQ(parsed[0].summary, "Առաջնահերթությունների քննարկում");
  EXPECT_EQ(parsed[0].location, "Kapan, youth centre; hall 2");
  EXPECT_EQ(parsed[0].start, "20261214");
  EXPECT_EQ(parsed[1].uid, "activities/hearing@advocacy.civitas");
  EXPECT_EQ(parsed[2].uid, "prioritisationRounds/kapan-1/closes@advocacy.civitas");
  EXPECT_EQ(parsed[2].summary, "Voting closes: Kapan priorities");
  EXPECT_EQ(parsed[2].start, "20261220");
}

}  // namespace
}  // namespace civitas::advocacy
