#include "services/grants/domain/grant_exports.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "libs/common/csv_cell.h"
#include "libs/common/text_characters.h"
#include "libs/xml/xml_writer.h"

namespace civitas::grants {
namespace {

struct LocalizedText {
  std::string language;
  std::string text;
};

// English when there is one, else the first language in key order (maps iterate unordered); the
// text as exports may carry it.
LocalizedText Text(const google::protobuf::Map<std::string, std::string>& localized) {
  if (auto it = localized.find("en"); it != localized.end()) {
    return {"en", ExportableText(it->second)};
  }
  const std::string* first_key = nullptr;
  const std::string* first = nullptr;
  for (const auto& [language, text] : localized) {
    if (first_key == nullptr || language < *first_key) {
      first_key = &language;
      first = &text;
    }
  }
  if (first == nullptr) return {"en", ""};
  return {*first_key, ExportableText(*first)};
}

// The description, else the title (every format wants one).
LocalizedText DescriptionOf(const v1::Grant& g) {
  LocalizedText description = Text(g.description());
  return description.text.empty() ? Text(g.title()) : description;
}

// Minor units as a decimal string in major units: 280000 -> "2800.00".
std::string Major(int64_t minor) {
  const char* sign = minor < 0 ? "-" : "";
  const uint64_t abs = minor < 0 ? static_cast<uint64_t>(-minor) : static_cast<uint64_t>(minor);
  return absl::StrFormat("%s%d.%02d", sign, abs / 100, abs % 100);
}

google::protobuf::Value Str(const std::string& s) {
  google::protobuf::Value v;
  v.set_string_value(ExportableText(s));
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

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

// The 360Giving regrant type of a grant to an organisation that grants it on (a common regrant).
constexpr char kCommonRegrant[] = "FRG010";
// The language of an activity's narratives unless a narrative says otherwise.
constexpr char kActivityLanguage[] = "en";
// IATI Region vocabulary 1 (OECD DAC): "Developing countries, unspecified", for a grant whose
// territories name no country.
constexpr char kUnspecifiedRegion[] = "998";

// Shares of 100 for `n` items, the remainder to the first ones: {34, 33, 33}.
std::vector<int> Percentages(size_t n) {
  std::vector<int> out(n, static_cast<int>(100 / n));
  for (size_t i = 0; i < 100 % n; ++i) ++out[i];
  return out;
}

}  // namespace

std::string IatiOrganisationType(int registry_type, const std::string& legal_form) {
  const std::string form = absl::AsciiStrToLower(legal_form);
  const auto says = [&](std::initializer_list<const char*> words) {
    for (const char* w : words) {
      if (absl::StrContains(form, w)) return true;
    }
    return false;
  };
  switch (registry_type) {
    case 1:  // CSO
      return says({"foundation", "fundați", "fundati"}) ? "60" : "22";
    case 2:  // PUBLIC_AUTHORITY: municipality, community, raion council
      return "11";
    case 3:  // MINISTRY
      return "10";
    case 4:  // DONOR
      if (says({"international", "intergovernmental", "multilateral", "union"})) return "40";
      if (says({"foundation", "fund"})) return "60";
      if (says({"government", "ministry", "agency", "embassy"})) return "10";
      if (says({"company", "bank", "corporation"})) return "70";
      return "90";
    case 5:  // PRIVATE_COMPANY
      return "70";
    default:
      return "90";
  }
}

ExportedOrganization ExportedOrganizationOf(const std::string& name,
                                            const registry::v1::Organization* org,
                                            const std::string& prefix) {
  ExportedOrganization out;
  out.id = absl::StrCat(prefix, "-", aip::IdIn<registry::v1::Organization>(name));
  out.name = name;
  if (org == nullptr) return out;
  out.iati_type = IatiOrganisationType(org->type(), org->legal_form());
  if (org->external_ids_size() > 0) {
    out.id = absl::StrCat(absl::AsciiStrToUpper(org->external_ids(0).scheme()), "-",
                          org->external_ids(0).value());
  }
  if (auto en = org->display_name().find("en"); en != org->display_name().end()) {
    out.name = en->second;
  } else if (!org->display_name().empty()) {
    out.name = org->display_name().begin()->second;
  }
  return out;
}

std::string IatiCountryCode(const registry::v1::Territory& t) {
  const std::string& code = t.code();
  const bool alpha2 =
      code.size() == 2 && absl::ascii_isupper(code[0]) && absl::ascii_isupper(code[1]);
  return t.level() == registry::v1::COUNTRY && alpha2 ? code : "";
}

bool RegrantsThrough(const v1::Programme& sub) { return sub.state() != v1::PROGRAMME_ARCHIVED; }

std::string DacSectorOf(const std::string& service_type) {
  static const auto* const kSectors = new std::map<std::string, std::string>{
      {"day-care", "16010"},         {"home-care", "16010"},      {"personal-assistance", "16010"},
      {"respite", "16010"},          {"mobile-team", "16010"},    {"community-home", "16010"},
      {"supported-living", "16010"}, {"rehabilitation", "16010"}, {"counselling", "16010"},
      {"family-support", "16015"},   {"foster-care", "16015"},    {"social-canteen", "52010"},
  };
  auto it = kSectors->find(service_type);
  return it == kSectors->end() ? "16010" : it->second;
}

std::string GrantIdentifier(const std::string& prefix, const std::string& grant_name) {
  return absl::StrCat(prefix, "-", aip::IdIn<v1::Grant>(grant_name));
}

std::string IatiIdentifier(const std::string& reporting_org_ref, const std::string& grant_name) {
  return absl::StrCat(reporting_org_ref, "-", aip::IdIn<v1::Grant>(grant_name));
}

google::protobuf::Struct ThreeSixtyGivingGrant(const ExportedGrant& e, const std::string& prefix) {
  const v1::Grant& g = e.grant;
  google::protobuf::Struct out;
  auto& f = *out.mutable_fields();
  f["id"] = Str(GrantIdentifier(prefix, g.name()));
  f["title"] = Str(Text(g.title()).text);
  f["description"] = Str(DescriptionOf(g).text);
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
      (*place.mutable_fields())["name"] = Str(aip::IdIn<registry::v1::Territory>(territory));
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
    absl::StrAppend(&places, places.empty() ? "" : ";",
                    aip::IdIn<registry::v1::Territory>(territory));
  }
  for (const std::string& cell :
       {GrantIdentifier(prefix, g.name()), Text(g.title()).text, DescriptionOf(g).text,
        g.amount().currency_code(), Major(g.amount().amount_minor()), AwardDate(g), g.start_date(),
        g.end_date(), e.recipient.id, e.recipient.name, e.grantor.id, e.grantor.name, places}) {
    AppendCsvCell(cell, false, out);  // drops what no text holds
  }
  AppendCsvCell(e.regranted ? kCommonRegrant : "", true, out);
}

// --- IATI ---

struct IatiActivitiesWriter::Impl {
  xml::XmlWriter xml;

  void Start(const char* element) { xml.Start(element); }
  void End() { xml.End(); }
  void Attribute(const char* name, const std::string& value) { xml.Attribute(name, value); }
  void Empty(const char* element, xml::XmlWriter::Attributes attrs) { xml.Empty(element, attrs); }
  void Narrative(const LocalizedText& text) {
    Start("narrative");
    if (text.language != kActivityLanguage) Attribute("xml:lang", text.language);
    xml.Text(text.text);
    End();
  }
  // An element holding one narrative, e.g. <title><narrative>...</narrative></title>.
  void WithNarrative(const char* element, xml::XmlWriter::Attributes attrs,
                     const LocalizedText& text) {
    Start(element);
    for (const auto& [name, value] : attrs) xml.Attribute(name, value);
    Narrative(text);
    End();
  }
  void Organisation(const char* element, const ExportedOrganization& o, const char* role) {
    Start(element);
    Attribute("ref", o.id);
    // reporting-org requires a type; "90" (other) when the registry did not say.
    Attribute("type", o.iati_type.empty() ? "90" : o.iati_type);
    if (role != nullptr) Attribute("role", role);
    Narrative({kActivityLanguage, o.name});
    End();
  }
  // The `result` elements of a results framework.
  void Results(const std::vector<monitoring::v1::ResultIndicator>& results);
};

IatiActivitiesWriter::IatiActivitiesWriter(absl::Time generated) : impl_(std::make_unique<Impl>()) {
  impl_->Start("iati-activities");
  impl_->Attribute("version", "2.03");
  impl_->Attribute("generated-datetime", Rfc3339(generated));
}

IatiActivitiesWriter::~IatiActivitiesWriter() = default;

void IatiActivitiesWriter::Add(const ExportedGrant& e) {
  Impl& w = *impl_;
  const v1::Grant& g = e.grant;
  // Children in the order the 2.03 activity schema requires.
  w.Start("iati-activity");
  w.Attribute("xml:lang", kActivityLanguage);
  w.Attribute("default-currency", g.amount().currency_code());
  w.Attribute("last-updated-datetime", Rfc3339(FromTimestamp(g.update_time())));
  w.xml.WithText("iati-identifier", {}, IatiIdentifier(e.grantor.id, g.name()));
  w.Organisation("reporting-org", e.grantor, nullptr);
  w.WithNarrative("title", {}, Text(g.title()));
  w.WithNarrative("description", {{"type", "1"}}, DescriptionOf(g));
  // Roles (IATI OrganisationRole): 1 funding, 3 extending (makes the grant), 4 implementing.
  w.Organisation("participating-org", e.funder, "1");
  w.Organisation("participating-org", e.grantor, "3");
  w.Organisation("participating-org", e.recipient, "4");
  // ActivityStatus: 2 implementation, 4 post-completion (closed).
  w.Empty("activity-status", {{"code", g.state() == v1::GRANT_CLOSED ? "4" : "2"}});
  // ActivityDateType: 1 planned start, 3 planned end.
  w.Empty("activity-date", {{"type", "1"}, {"iso-date", g.start_date()}});
  w.Empty("activity-date", {{"type", "3"}, {"iso-date", g.end_date()}});
  // Where: the countries of the grant's territories, shares summing to 100 when several.
  if (e.recipient_countries.empty()) {
    w.Empty("recipient-region", {{"code", kUnspecifiedRegion}, {"vocabulary", "1"}});
  } else if (e.recipient_countries.size() == 1) {
    w.Empty("recipient-country", {{"code", e.recipient_countries.front()}});
  } else {
    const std::vector<int> shares = Percentages(e.recipient_countries.size());
    for (size_t i = 0; i < shares.size(); ++i) {
      w.Empty("recipient-country",
              {{"code", e.recipient_countries[i]}, {"percentage", absl::StrCat(shares[i])}});
    }
  }
  // What: DAC 5-digit sectors of the services funded, each once, shares summing to 100.
  std::vector<std::string> sectors;
  for (const std::string& type : g.service_types()) {
    const std::string sector = DacSectorOf(type);
    if (std::find(sectors.begin(), sectors.end(), sector) == sectors.end()) {
      sectors.push_back(sector);
    }
  }
  if (sectors.empty()) sectors.push_back(DacSectorOf(""));
  const std::vector<int> shares = Percentages(sectors.size());
  for (size_t i = 0; i < sectors.size(); ++i) {
    w.Empty("sector",
            {{"code", sectors[i]}, {"vocabulary", "1"}, {"percentage", absl::StrCat(shares[i])}});
  }
  for (const v1::Transaction& t : g.transactions()) {
    w.Start("transaction");
    w.Attribute("ref", absl::StrCat(g.agreement_number(), "-", t.number()));
    w.Empty("transaction-type", {{"code", absl::StrCat(static_cast<int>(t.type()))}});
    w.Empty("transaction-date", {{"iso-date", t.date()}});
    w.xml.WithText("value", {{"currency", t.value().currency_code()}, {"value-date", t.date()}},
                   Major(t.value().amount_minor()));
    if (!t.description().empty()) {
      w.WithNarrative("description", {}, {kActivityLanguage, t.description()});
    }
    w.End();
  }
  // RelatedActivityType: 1 parent, 2 child.
  if (!e.parent_activity.empty()) {
    w.Empty("related-activity", {{"ref", e.parent_activity}, {"type", "1"}});
  }
  for (const std::string& child : e.child_activities) {
    w.Empty("related-activity", {{"ref", child}, {"type", "2"}});
  }
  w.Results(e.results);
  w.End();
}

void IatiActivitiesWriter::Impl::Results(
    const std::vector<monitoring::v1::ResultIndicator>& results) {
  for (const monitoring::v1::ResultIndicator& r : results) {
    if (r.periods().empty()) continue;  // an indicator without a period says nothing
    LocalizedText title = Text(r.display_name());
    if (title.text.empty()) title = {kActivityLanguage, ExportableText(r.code())};
    if (title.text.empty()) title = {kActivityLanguage, ExportableText(r.indicator())};
    // ResultType: 1 output, 2 outcome, 3 impact, 9 other.
    const char* type = r.level() == monitoring::v1::OUTPUT    ? "1"
                       : r.level() == monitoring::v1::OUTCOME ? "2"
                       : r.level() == monitoring::v1::IMPACT  ? "3"
                                                              : "9";
    Start("result");
    Attribute("type", type);
    Attribute("aggregation-status", "0");
    WithNarrative("title", {}, title);
    Start("indicator");
    // IndicatorMeasure: 1 unit, 2 percentage.
    Attribute("measure", r.value_type() == monitoring::v1::PERCENTAGE ? "2" : "1");
    if (r.direction() != monitoring::v1::DIRECTION_UNSPECIFIED) {
      Attribute("ascending", r.direction() == monitoring::v1::HIGHER_IS_BETTER ? "1" : "0");
    }
    WithNarrative("title", {}, title);
    // IndicatorVocabulary 99: the reporting organisation's own.
    if (const std::string code = ExportableText(r.code()); !code.empty()) {
      Empty("reference", {{"vocabulary", "99"}, {"code", code}});
    }
    // A DHIS2 period code begins with its year (`2024`, `2024Q1`, `2024W10`, `20240315`).
    if (!r.baseline().empty() && r.baseline_period().size() >= 4) {
      Empty("baseline", {{"year", r.baseline_period().substr(0, 4)}, {"value", r.baseline()}});
    }
    for (const monitoring::v1::ResultPeriod& period : r.periods()) {
      Start("period");
      Empty("period-start", {{"iso-date", period.start_date()}});
      Empty("period-end", {{"iso-date", period.end_date()}});
      // The org unit the figures are for, so that two org units' targets for one indicator are
      // told apart (IATI's disaggregation: a dimension of the target and the actual).
      const std::string org_unit = ExportableText(r.org_unit());
      Start("target");
      Attribute("value", period.target());
      if (!org_unit.empty()) Empty("dimension", {{"name", "org unit"}, {"value", org_unit}});
      End();
      if (period.has_actual()) {
        Start("actual");
        Attribute("value", DecimalText(period.actual()));
        if (!org_unit.empty()) Empty("dimension", {{"name", "org unit"}, {"value", org_unit}});
        End();
      }
      End();
    }
    End();  // indicator
    End();  // result
  }
}

std::string DecimalText(double value) {
  if (!std::isfinite(value)) return "0";
  std::string text = absl::StrFormat("%.6f", value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

void IatiActivitiesWriter::Finish() { impl_->xml.Finish(); }

std::string IatiActivitiesWriter::Take() { return impl_->xml.Take(); }

}  // namespace civitas::grants
