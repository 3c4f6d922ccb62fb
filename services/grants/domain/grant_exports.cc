#include "services/grants/domain/grant_exports.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/aip/field_checks.h"
#include "libs/common/calendar.h"
#include "libs/common/csv_cell.h"

namespace civitas::grants {
namespace {

// English when there is one, else the first language in key order (maps iterate unordered).
std::string Text(const google::protobuf::Map<std::string, std::string>& localized) {
  if (auto it = localized.find("en"); it != localized.end()) return it->second;
  const std::string* first_key = nullptr;
  const std::string* first = nullptr;
  for (const auto& [language, text] : localized) {
    if (first_key == nullptr || language < *first_key) {
      first_key = &language;
      first = &text;
    }
  }
  return first == nullptr ? "" : *first;
}

// Minor units as a decimal string in major units: 280000 -> "2800.00".
std::string Major(int64_t minor) {
  const char* sign = minor < 0 ? "-" : "";
  const uint64_t abs = minor < 0 ? static_cast<uint64_t>(-minor) : static_cast<uint64_t>(minor);
  return absl::StrFormat("%s%d.%02d", sign, abs / 100, abs % 100);
}

google::protobuf::Value Str(const std::string& s) {
  google::protobuf::Value v;
  v.set_string_value(s);
  return v;
}

google::protobuf::Value Org(const ExportedOrganization& o) {
  google::protobuf::Value list;
  google::protobuf::Struct& org = *list.mutable_list_value()->add_values()->mutable_struct_value();
  (*org.mutable_fields())["id"] = Str(o.id);
  (*org.mutable_fields())["name"] = Str(o.name);
  return list;
}

std::string AwardDate(const v1::Grant& g) { return DateOf(FromTimestamp(g.award_time())); }

// The 360Giving regrant type of a grant to an organisation that grants it on (a common regrant).
constexpr char kCommonRegrant[] = "FRG010";

void AppendTag(const std::string& tag, const std::string& attributes, const std::string& text,
               std::string* out) {
  absl::StrAppend(out, "<", tag, attributes, ">", XmlEscape(text), "</", tag, ">");
}

void AppendNarrative(const std::string& tag, const std::string& attributes, const std::string& text,
                     std::string* out) {
  absl::StrAppend(out, "<", tag, attributes, "><narrative>", XmlEscape(text), "</narrative></", tag,
                  ">");
}

std::string Attr(const std::string& name, const std::string& value) {
  return absl::StrCat(" ", name, "=\"", XmlEscape(value), "\"");
}

// `ref` and, when known, `type` of an organisation element.
std::string OrgAttrs(const ExportedOrganization& o) {
  return Attr("ref", o.id) + (o.iati_type.empty() ? "" : Attr("type", o.iati_type));
}

}  // namespace

std::string IatiOrganisationType(int registry_type) {
  switch (registry_type) {
    case 1:  // CSO
      return "22";
    case 2:  // PUBLIC_AUTHORITY
    case 3:  // MINISTRY
      return "10";
    case 5:  // PRIVATE_COMPANY
      return "70";
    default:
      return "90";
  }
}

std::string GrantIdentifier(const std::string& prefix, const std::string& grant_name) {
  return absl::StrCat(prefix, "-", aip::IdOf(grant_name, "grants"));
}

google::protobuf::Struct ThreeSixtyGivingGrant(const ExportedGrant& e, const std::string& prefix) {
  const v1::Grant& g = e.grant;
  google::protobuf::Struct out;
  auto& f = *out.mutable_fields();
  f["id"] = Str(GrantIdentifier(prefix, g.name()));
  f["title"] = Str(Text(g.title()));
  f["description"] = Str(Text(g.description()).empty() ? Text(g.title()) : Text(g.description()));
  f["currency"] = Str(g.amount().currency_code());
  f["amountAwarded"].set_number_value(static_cast<double>(g.amount().amount_minor()) / 100.0);
  f["awardDate"] = Str(AwardDate(g));
  google::protobuf::Struct& dates =
      *f["plannedDates"].mutable_list_value()->add_values()->mutable_struct_value();
  (*dates.mutable_fields())["startDate"] = Str(g.start_date());
  (*dates.mutable_fields())["endDate"] = Str(g.end_date());
  f["recipientOrganization"] = Org(e.recipient);
  f["fundingOrganization"] = Org(e.grantor);
  if (g.territories_size() > 0) {
    google::protobuf::ListValue& places = *f["beneficiaryLocation"].mutable_list_value();
    for (const std::string& territory : g.territories()) {
      google::protobuf::Struct& place = *places.add_values()->mutable_struct_value();
      (*place.mutable_fields())["name"] = Str(aip::IdOf(territory, "territories"));
    }
  }
  if (e.regranted) f["regrantType"] = Str(kCommonRegrant);
  return out;
}

std::string ThreeSixtyGivingCsvHeader() {
  return "Identifier,Title,Description,Currency,Amount Awarded,Award Date,"
         "Planned Dates:Start Date,Planned Dates:End Date,Recipient Org:Identifier,"
         "Recipient Org:Name,Funding Org:Identifier,Funding Org:Name,Beneficiary Location:Name,"
         "Regrant Type\r\n";
}

void AppendThreeSixtyGivingCsvRow(const ExportedGrant& e, const std::string& prefix,
                                  std::string* out) {
  const v1::Grant& g = e.grant;
  std::string places;
  for (const std::string& territory : g.territories()) {
    absl::StrAppend(&places, places.empty() ? "" : ";", aip::IdOf(territory, "territories"));
  }
  const std::string description =
      Text(g.description()).empty() ? Text(g.title()) : Text(g.description());
  for (const std::string& cell :
       {GrantIdentifier(prefix, g.name()), Text(g.title()), description, g.amount().currency_code(),
        Major(g.amount().amount_minor()), AwardDate(g), g.start_date(), g.end_date(),
        e.recipient.id, e.recipient.name, e.grantor.id, e.grantor.name, places}) {
    AppendCsvCell(cell, false, out);
  }
  AppendCsvCell(e.regranted ? kCommonRegrant : "", true, out);
}

std::string IatiActivitiesHeader(absl::Time generated) {
  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\" "
      "generated-datetime=\"",
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", generated, absl::UTCTimeZone()), "\">\n");
}

void AppendIatiActivity(const ExportedGrant& e, const std::string& prefix, std::string* out) {
  const v1::Grant& g = e.grant;
  const std::string currency = g.amount().currency_code();
  absl::StrAppend(out, "<iati-activity", Attr("default-currency", currency),
                  Attr("last-updated-datetime",
                       absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", FromTimestamp(g.update_time()),
                                        absl::UTCTimeZone())),
                  ">");
  AppendTag("iati-identifier", "", GrantIdentifier(prefix, g.name()), out);
  AppendNarrative("reporting-org", OrgAttrs(e.grantor), e.grantor.name, out);
  AppendNarrative("title", "", Text(g.title()), out);
  AppendNarrative("description", Attr("type", "1"),
                  Text(g.description()).empty() ? Text(g.title()) : Text(g.description()), out);
  // Roles (IATI OrganisationRole): 1 funding, 3 extending (makes the grant), 4 implementing.
  AppendNarrative("participating-org", OrgAttrs(e.funder) + Attr("role", "1"), e.funder.name, out);
  AppendNarrative("participating-org", OrgAttrs(e.grantor) + Attr("role", "3"), e.grantor.name,
                  out);
  AppendNarrative("participating-org", OrgAttrs(e.recipient) + Attr("role", "4"), e.recipient.name,
                  out);
  // ActivityStatus: 2 implementation, 4 post-completion (closed).
  absl::StrAppend(out, "<activity-status", Attr("code", g.state() == v1::GRANT_CLOSED ? "4" : "2"),
                  "/>");
  // ActivityDateType: 1 planned start, 3 planned end.
  absl::StrAppend(out, "<activity-date", Attr("type", "1"), Attr("iso-date", g.start_date()), "/>");
  absl::StrAppend(out, "<activity-date", Attr("type", "3"), Attr("iso-date", g.end_date()), "/>");
  for (const v1::Transaction& t : g.transactions()) {
    absl::StrAppend(out, "<transaction",
                    Attr("ref", absl::StrCat(g.agreement_number(), "-", t.number())), ">");
    absl::StrAppend(out, "<transaction-type",
                    Attr("code", absl::StrCat(static_cast<int>(t.type()))), "/>");
    absl::StrAppend(out, "<transaction-date", Attr("iso-date", t.date()), "/>");
    absl::StrAppend(out, "<value", Attr("currency", t.value().currency_code()),
                    Attr("value-date", t.date()), ">", Major(t.value().amount_minor()), "</value>");
    if (!t.description().empty()) AppendNarrative("description", "", t.description(), out);
    absl::StrAppend(out, "</transaction>");
  }
  // RelatedActivityType: 1 parent, 2 child.
  if (!e.parent_activity.empty()) {
    absl::StrAppend(out, "<related-activity", Attr("ref", e.parent_activity), Attr("type", "1"),
                    "/>");
  }
  for (const std::string& child : e.child_activities) {
    absl::StrAppend(out, "<related-activity", Attr("ref", child), Attr("type", "2"), "/>");
  }
  absl::StrAppend(out, "</iati-activity>\n");
}

std::string IatiActivitiesFooter() { return "</iati-activities>\n"; }

std::string XmlEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 allows no control characters but tab, line feed and carriage return.
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace civitas::grants
