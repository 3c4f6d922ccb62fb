// Organisations as CSV (RFC 4180, UTF-8): the registry's flat export for spreadsheets and
// partners without a JSON pipeline. Pure; no I/O.
#pragma once

#include <string>

#include "civitas/registry/v1/resources.pb.h"

namespace civitas::registry {

// The header row, CRLF-terminated.
std::string OrganizationCsvHeader();
// Appends one organisation as a CSV row (CRLF-terminated). Lists (territories, external ids,
// target groups) are `;`-joined inside their cell; names are given per language column.
void AppendOrganizationCsvRow(const v1::Organization& organization, std::string* out);

}  // namespace civitas::registry
