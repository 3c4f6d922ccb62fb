// Awarded grants as open data (issue 10, point 9): 360Giving JSON (a grants package: one object
// per grant with id, title, description, currency, amountAwarded, awardDate, plannedDates,
// recipientOrganization, fundingOrganization, beneficiaryLocation and, on grants re-granted
// through a sub-programme, regrantType) and CSV (the same fields, 360Giving's column titles),
// and IATI activity XML 2.03 (participating organisations, typed transactions, related-activity
// links between a grant and the grants below it). Pure: callers pass what the grant does not hold
// (organisation identifiers and names, cascade links).
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "civitas/grants/v1/resources.pb.h"
#include "google/protobuf/struct.pb.h"

namespace civitas::grants {

struct ExportedOrganization {
  // An org-id.guide identifier (`MD-IDNO-1003`), or the publisher's own (`XI-CIVITAS-keystone`).
  std::string id;
  std::string name;
  // IATI OrganisationType code, e.g. `22` (national NGO); empty when unknown.
  std::string iati_type;
};

// The IATI OrganisationType of a registry organisation type: 22 national NGO (CSO), 10 government
// (public authority, ministry), 70 private sector, 90 other (donors, whose kind the registry does
// not say).
std::string IatiOrganisationType(int registry_type);

// A grant with what the formats need besides it.
struct ExportedGrant {
  v1::Grant grant;
  ExportedOrganization recipient;
  // The organisation that made the grant: the programme's lead organisation (it pays).
  ExportedOrganization grantor;
  // The programme's funder.
  ExportedOrganization funder;
  // Re-granted: a sub-programme is funded by this grant.
  bool regranted = false;
  // IATI identifiers of the activity above (the programme's parent grant, or its external IATI
  // activity) and of the grants below (made by the sub-programmes this grant funds).
  std::string parent_activity;
  std::vector<std::string> child_activities;
};

// `<prefix>-<grant id>`: a grant's identifier in both formats (360Giving id, IATI identifier).
std::string GrantIdentifier(const std::string& prefix, const std::string& grant_name);

// One 360Giving grant object. Amounts in major units (minor units / 100).
google::protobuf::Struct ThreeSixtyGivingGrant(const ExportedGrant& g, const std::string& prefix);

std::string ThreeSixtyGivingCsvHeader();
void AppendThreeSixtyGivingCsvRow(const ExportedGrant& g, const std::string& prefix,
                                  std::string* out);

// The XML declaration and the opening `iati-activities` element (version 2.03).
std::string IatiActivitiesHeader(absl::Time generated);
void AppendIatiActivity(const ExportedGrant& g, const std::string& prefix, std::string* out);
std::string IatiActivitiesFooter();

// `text` with XML's five special characters escaped, and characters XML 1.0 forbids dropped.
std::string XmlEscape(const std::string& text);

}  // namespace civitas::grants
