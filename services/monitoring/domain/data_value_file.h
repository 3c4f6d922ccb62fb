// A DHIS2 data value file as an import reads it: dataValueSets JSON or DHIS2's data value CSV,
// parsed into rows without judging them (that is domain/data_value_import.h's). Texts that
// repeat across rows (indicators, periods, org units, option combinations) are kept once. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace civitas::monitoring {

// Most rows one import file may hold.
inline constexpr int64_t kMaxImportRows = 2'000'000;

// Short texts kept once; index 0 is the empty text.
class TextTable {
 public:
  TextTable() : texts_{std::string()} { index_.emplace(std::string(), 0); }
  uint32_t Intern(absl::string_view text);
  const std::string& operator[](uint32_t i) const { return texts_[i]; }
  size_t size() const { return texts_.size(); }

 private:
  std::vector<std::string> texts_;
  absl::flat_hash_map<std::string, uint32_t> index_;
};

// One data value of the file, as written (DHIS2's field names in comments).
struct FileRow {
  // 1 for the file's first data value.
  int64_t row = 0;
  uint32_t indicator = 0;    // dataElement
  uint32_t period = 0;       // period
  uint32_t org_unit = 0;     // orgUnit
  uint32_t combination = 0;  // categoryOptionCombo
  uint32_t attribution = 0;  // attributeOptionCombo
  uint32_t data_set = 0;     // dataSet
  std::string value;
  std::string comment;
  bool follow_up = false;  // followup
  bool deleted = false;
  // Set when the row itself is malformed (a field of the wrong JSON type): the field's DHIS2
  // name and why. Such a row is refused with that conflict.
  std::string bad_field;
  std::string bad_reason;
};

struct DataValueFile {
  TextTable texts;
  std::vector<FileRow> rows;
};

// DHIS2 dataValueSets JSON: `{"dataValues": [...]}`, the set's `dataSet`, `period`, `orgUnit`
// and `attributeOptionCombo` filling in what a value leaves out; other members (`cursor`,
// `storedBy`, `lastUpdated`...) are ignored. `value` may be a string, number or boolean;
// `followup` and `deleted` booleans or "true"/"false". INVALID_ARGUMENT for a document that is
// not such an object (saying at which byte), or with more than kMaxImportRows values.
// `padded` must have SIMDJSON_PADDING (64) bytes of capacity beyond its size (else it is copied).
absl::StatusOr<DataValueFile> ParseDataValueSetsJson(absl::string_view padded, size_t capacity);

// DHIS2's data value CSV: a header row naming the columns (any order, any case: dataelement,
// period, orgunit, categoryoptioncombo, attributeoptioncombo, value, storedby, lastupdated,
// comment, followup, deleted, dataset; DHIS2's short forms catoptcombo and attroptcombo too),
// then one row per value, RFC 4180 quoting; a UTF-8 byte order mark is skipped. INVALID_ARGUMENT
// for malformed quoting (saying in which row), a header without dataelement, period and orgunit,
// or more than kMaxImportRows rows.
absl::StatusOr<DataValueFile> ParseDataValuesCsv(absl::string_view body);

}  // namespace civitas::monitoring
