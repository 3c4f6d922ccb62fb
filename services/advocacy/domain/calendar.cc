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

std::string CampaignCalendar(const v1::Campaign& campaign,
                             const std::vector<v1::Activity>& activities, absl::CivilDay today,
                             absl::Time now) {
  const std::string stamp = absl::FormatTime("%Y%m%dT%H%M%SZ", now, absl::UTCTimeZone());
  std::string out;
  AppendFolded("BEGIN:VCALENDAR", &out);
  AppendFolded("VERSION:2.0", &out);
  AppendFolded("PRODID:-//Civitas//Advocacy//EN", &out);
  AppendFolded("CALSCALE:GREGORIAN", &out);
  AppendFolded("METHOD:PUBLISH", &out);
  AppendFolded(absl::StrCat("X-WR-CALNAME:", IcsText(Localized(campaign.display_name()))), &out);
  std::vector<const v1::Activity*> upcoming;
  for (const v1::Activity& a : activities) {
    absl::CivilDay day;
    if (a.state() == v1::ACTIVITY_RECORDED && ParseDay(a.date(), &day) && day >= today) {
      upcoming.push_back(&a);
    }
  }
  std::sort(upcoming.begin(), upcoming.end(), [](const v1::Activity* x, const v1::Activity* y) {
    return x->date() != y->date() ? x->date() < y->date() : x->name() < y->name();
  });
  for (const v1::Activity* a : upcoming) {
    absl::CivilDay day;
    ParseDay(a->date(), &day);
    AppendFolded("BEGIN:VEVENT", &out);
    AppendFolded(absl::StrCat("UID:", IcsText(a->name()), "@advocacy.civitas"), &out);
    AppendFolded(absl::StrCat("DTSTAMP:", stamp), &out);
    AppendFolded(absl::StrCat("DTSTART;VALUE=DATE:", DateValue(a->date())), &out);
    AppendFolded(absl::StrCat("DTEND;VALUE=DATE:", DateValue(FormatDay(day + 1))), &out);
    AppendFolded(absl::StrCat("SUMMARY:", IcsText(Localized(a->title()))), &out);
    if (!a->place().empty()) AppendFolded(absl::StrCat("LOCATION:", IcsText(a->place())), &out);
    AppendFolded(absl::StrCat("CATEGORIES:", v1::ActivityKind_Name(a->kind())), &out);
    AppendFolded(
        absl::StrCat("DESCRIPTION:", IcsText(absl::StrCat(v1::ActivityKind_Name(a->kind()), " of ",
                                                          Localized(campaign.display_name()), " (",
                                                          campaign.name(), ")"))),
        &out);
    AppendFolded("END:VEVENT", &out);
  }
  AppendFolded("END:VCALENDAR", &out);
  return out;
}

}  // namespace civitas::advocacy
