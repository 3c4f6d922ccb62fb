#include "libs/common/csv_cell.h"

#include "libs/common/text_characters.h"

namespace civitas {

void AppendCsvCell(const std::string& stored, bool last, std::string* out) {
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
