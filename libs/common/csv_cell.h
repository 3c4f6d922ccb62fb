// RFC 4180 CSV cells, for the services' CSV exports.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace civitas {

// Appends `value` as one cell, quoted when it holds a separator, a quote or a line break (RFC 4180
// section 2), then a comma, or CRLF when it is the row's `last`. What no text holds (control
// characters but tab and line breaks, noncharacters, malformed UTF-8) is dropped or replaced
// (ExportableText).
void AppendCsvCell(absl::string_view value, bool last, std::string* out);

}  // namespace civitas
