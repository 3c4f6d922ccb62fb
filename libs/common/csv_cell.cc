#include "libs/common/csv_cell.h"

namespace civitas {

void AppendCsvCell(const std::string& value, bool last, std::string* out) {
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
