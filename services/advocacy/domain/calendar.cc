#include "services/advocacy/domain/calendar.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "libs/common/calendar.h"

namespace civitas::advocacy {
namespace {

// The localized text in English when it has it, else in the first language it has.
std::string Localized(const google::protobuf::Map<std::string, std::string>& text) {
  if (auto it = text.find("en"); it != text.end()) return it->second;
  std::string first_key, value;
  for (const auto& [lang, v] : text) {
    if (first_key.empty() || lang < first_key) {
      first_key = lang;
      value = v;
    }
  }
  return value;
}

// Appends `line` folded at 75 octets (a continuation starts with a space), then CRLF.
void AppendFolded(const std::string& line, std::string* out) {
  constexpr size_t kMaxOctets = 75;
  size_t start = 0;
  size_t limit = kMaxOctets;
  while (line.size() - start > limit) {
    size_t cut = start + limit;
    // Never inside a UTF-8 character: back up over continuation bytes.
    while (cut > start && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    absl::StrAppend(out, line.substr(start, cut - start), "\r\n ");
    start = cut;
    limit = kMaxOctets - 1;  // the leading space counts
  }
  absl::StrAppend(out, line.substr(start), "\r\n");
}

std::string DateValue(const std::string& iso) { return absl::StrReplaceAll(iso, {{"-", ""}}); }

}  // namespace

std::string IcsText(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF: one line break
        out += "\\n";
        break;
      default:
        // Other control characters have no place in a TEXT value (RFC 5545 3.3.11).
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) break;
        out += c;
    }
  }
  return out;
}

std::string IcsCalendar(const std::string& name, std::vector<CalendarEvent> events,
                        absl::CivilDay today, absl::Time now) {
  const std::string stamp = absl::FormatTime("%Y%m%dT%H%M%SZ", now, absl::UTCTimeZone());
  std::string out;
  AppendFolded("BEGIN:VCALENDAR", &out);
  AppendFolded("VERSION:2.0", &out);
  AppendFolded("PRODID:-//Civitas//Advocacy//EN", &out);
  AppendFolded("CALSCALE:GREGORIAN", &out);
  AppendFolded("METHOD:PUBLISH", &out);
  AppendFolded(absl::StrCat("X-WR-CALNAME:", IcsText(name)), &out);
  std::vector<std::pair<absl::CivilDay, const CalendarEvent*>> upcoming;
  for (const CalendarEvent& e : events) {
    absl::CivilDay day;
    if (ParseDay(e.date, &day) && day >= today) upcoming.emplace_back(day, &e);
  }
  std::sort(upcoming.begin(), upcoming.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second->uid < y.second->uid;
  });
  for (const auto& [day, e] : upcoming) {
    AppendFolded("BEGIN:VEVENT", &out);
    AppendFolded(absl::StrCat("UID:", IcsText(e->uid), "@advocacy.civitas"), &out);
    AppendFolded(absl::StrCat("DTSTAMP:", stamp), &out);
    AppendFolded(absl::StrCat("DTSTART;VALUE=DATE:", DateValue(e->date)), &out);
    AppendFolded(absl::StrCat("DTEND;VALUE=DATE:", DateValue(FormatDay(day + 1))), &out);
    AppendFolded(absl::StrCat("SUMMARY:", IcsText(e->summary)), &out);
    if (!e->location.empty()) AppendFolded(absl::StrCat("LOCATION:", IcsText(e->location)), &out);
    if (!e->category.empty()) {
      AppendFolded(absl::StrCat("CATEGORIES:", IcsText(e->category)), &out);
    }
    if (!e->description.empty()) {
      AppendFolded(absl::StrCat("DESCRIPTION:", IcsText(e->description)), &out);
    }
    AppendFolded("END:VEVENT", &out);
  }
  AppendFolded("END:VCALENDAR", &out);
  return out;
}

std::vector<CalendarEvent> ActivityEvents(const v1::Campaign& campaign,
                                          const std::vector<v1::Activity>& activities) {
  std::vector<CalendarEvent> out;
  for (const v1::Activity& a : activities) {
    if (a.state() != v1::ACTIVITY_RECORDED) continue;
    const std::string kind = v1::ActivityKind_Name(a.kind());
    out.push_back({a.name(), a.date(), Localized(a.title()), a.place(), kind,
                   absl::StrCat(kind, " of ", Localized(campaign.display_name()), " (",
                                campaign.name(), ")")});
  }
  return out;
}

std::vector<CalendarEvent> PlanningEvents(const v1::PlanningCycle& cycle,
                                          const std::vector<v1::PrioritisationRound>& rounds) {
  std::vector<CalendarEvent> out;
  const std::string plan = Localized(cycle.display_name());
  for (int i = 0; i < cycle.sessions_size(); ++i) {
    const v1::PlanningSession& s = cycle.sessions(i);
    out.push_back({absl::StrCat(cycle.name(), "/sessions/", i), s.date(), Localized(s.title()),
                   s.place(), "PSSP_SESSION",
                   absl::StrCat("Planning session of ", plan, " (", cycle.name(), ")")});
  }
  for (const v1::PrioritisationRound& r : rounds) {
    if (r.state() != v1::ROUND_OPEN || r.closes_on().empty()) continue;
    out.push_back(
        {absl::StrCat(r.name(), "/closes"), r.closes_on(),
         absl::StrCat("Voting closes: ", Localized(r.display_name())), "", "PSSP_ROUND_CLOSES",
         absl::StrCat("Last day to vote in ", r.name(), " of ", plan, " (", cycle.name(), ")")});
  }
  return out;
}

std::string CampaignCalendar(const v1::Campaign& campaign,
                             const std::vector<v1::Activity>& activities, absl::CivilDay today,
                             absl::Time now) {
  return IcsCalendar(Localized(campaign.display_name()), ActivityEvents(campaign, activities),
                     today, now);
}

}  // namespace civitas::advocacy
