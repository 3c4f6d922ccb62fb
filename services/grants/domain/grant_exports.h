// Awarded grants as open data (issue 10, point 9): 360Giving JSON (a grants package: one object
// per grant with id, title, description, currency, amountAwarded, awardDate, plannedDates,
// recipientOrganization, fundingOrganization, beneficiaryLocation and, on grants re-granted
// through a sub-programme, regrantType) and CSV (the same fields, 360Giving's column titles),
// and IATI activity XML 2.03 written by libxml2's writer, following the IATI Standard's rules
// beyond the schema (what the IATI Validator checks): an iati-identifier that begins with its
// reporting-org's ref, recipient countries with percentages summing to 100, DAC 5-digit sectors,
// organisation types from what the registry knows, xml:lang. Whatever was stored, every document
// is valid: text that is no text (controls, noncharacters) is dropped (ExportableText). IATI
// activities carry the grant's results framework (monitoring's targets and published actuals) as
// `result` elements. Pure: callers pass what the grant does not hold (organisations, countries,
// cascade links, results).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "civitas/grants/v1/resources.pb.h"
#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "civitas/registry/v1/resources.pb.h"
#include "google/protobuf/struct.pb.h"

namespace civitas::grants {

struct ExportedOrganization {
  // An org-id.guide identifier (`MD-IDNO-1003`), or the publisher's own (`XI-CIVITAS-keystone`).
  std::string id;
  std::string name;
  // IATI OrganisationType code, e.g. `22` (national NGO); empty when unknown.
  std::string iati_type;
};

// The IATI OrganisationType of a registry organisation (its type and free-text legal form): 10
// government (ministries), 11 local government (public authorities: municipalities, councils),
// 22 national NGO (CSOs), 60 foundation (a CSO or donor whose legal form says so), 40
// multilateral (a donor that is an international or intergovernmental organisation or union),
// 70 private sector, 90 other (a donor whose kind the registry does not say).
std::string IatiOrganisationType(int registry_type, const std::string& legal_form);

// How an export names the organisation `name`: its first external id (`MD-IDNO-1003`, the
// scheme upper-cased) or else `<prefix>-<id>`, its English display name (else any, else its
// resource name), its IATI type. `org` is the registry's record, null when the registry no
// longer has it: the grant still names it, so it is exported by name with the publisher's id.
ExportedOrganization ExportedOrganizationOf(const std::string& name,
                                            const registry::v1::Organization* org,
                                            const std::string& prefix);

// The ISO 3166-1 alpha-2 code IATI's recipient-country takes, when `t` is a country with one;
// empty otherwise (a national classifier's code, a top level that is not a country).
std::string IatiCountryCode(const registry::v1::Territory& t);

// Whether money flows on through `sub`, a sub-programme funded by a grant: while it is not
// archived. The grant is then re-granted (IATI's child activities), and the cascade shows `sub`.
bool RegrantsThrough(const v1::Programme& sub);

// The OECD DAC 5-digit purpose code (IATI Sector vocabulary 1) of a service type of the
// registry's catalogue: 16010 social protection (care and support services), 16015 social
// services for families and children, 52010 food assistance (social canteens); 16010 for a code
// the table does not know.
std::string DacSectorOf(const std::string& service_type);

// A grant with what the formats need besides it.
struct ExportedGrant {
  v1::Grant grant;
  ExportedOrganization recipient;
  // The organisation that made the grant: the programme's lead organisation (it pays, and
  // reports the activity to IATI).
  ExportedOrganization grantor;
  // The programme's funder.
  ExportedOrganization funder;
  // Re-granted: a sub-programme is funded by this grant.
  bool regranted = false;
  // IATI identifiers of the activity above (the programme's parent grant, or its external IATI
  // activity) and of the grants below (made by the sub-programmes this grant funds).
  std::string parent_activity;
  std::vector<std::string> child_activities;
  // ISO 3166-1 alpha-2 codes of the countries of the grant's territories, each once.
  std::vector<std::string> recipient_countries;
  // Its results framework from monitoring (targets and published actuals), for IATI's `result`
  // elements: one per indicator and org unit.
  std::vector<monitoring::v1::ResultIndicator> results;
};

// A number as xsd:decimal writes it (no exponent), at most 6 decimals, trailing zeros dropped:
// 1e6 -> "1000000", 12.50 -> "12.5".
std::string DecimalText(double value);

// `<prefix>-<grant id>`: a grant's 360Giving identifier.
std::string GrantIdentifier(const std::string& prefix, const std::string& grant_name);
// `<reporting-org ref>-<grant id>`: a grant's IATI activity identifier, which the IATI Standard
// requires to begin with the ref of the organisation that reports it (the grantor).
std::string IatiIdentifier(const std::string& reporting_org_ref, const std::string& grant_name);

// One 360Giving grant object. Amounts in major units (minor units / 100).
google::protobuf::Struct ThreeSixtyGivingGrant(const ExportedGrant& g, const std::string& prefix);

std::string ThreeSixtyGivingCsvHeader();
void AppendThreeSixtyGivingCsvRow(const ExportedGrant& g, const std::string& prefix,
                                  std::string* out);

// An `iati-activities` document (version 2.03) written as grants arrive: Add each, Take what was
// written so far (to stream it), Finish to close the document. One document per writer; not
// thread-safe.
class IatiActivitiesWriter {
 public:
  explicit IatiActivitiesWriter(absl::Time generated);
  ~IatiActivitiesWriter();
  IatiActivitiesWriter(const IatiActivitiesWriter&) = delete;
  IatiActivitiesWriter& operator=(const IatiActivitiesWriter&) = delete;

  void Add(const ExportedGrant& grant);
  // Closes every open element; Take then returns the document's end.
  void Finish();
  // The document's bytes written since the last Take.
  std::string Take();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace civitas::grants
