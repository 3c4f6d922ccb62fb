#include "libs/common/csv_cell.h"

#include "libs/common/text_characters.h"

namespace civitas {

void AppendCsvCell(absl::string_view stored, bool last, std::string* out) {
  // Most cells (names, codes, numbers, dates) are printable ASCII with nothing to quote: they go
  // out as they are, without a copy (an export writes millions of them).
  bool plain = true;
  for (const char c : stored) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7F || c == ',' || c == '"') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out->append(stored.data(), stored.size());
    out->append(last ? "\r\n" : ",");
    return;
  }
  // Whatever was stored, the cell holds text only (no NUL or other control bytes).
  const std::string value = ExportableText(stored);
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    out->append(value);
  } else {
    out->push_back('"');
    for (char c : value) {
      if (c == '"') out->push_back('"');
      out->push_back(c);
    }
    out->push_back('"');
  }
  out->append(last ? "\r\n" : ",");
}

}  // namespace civitas
