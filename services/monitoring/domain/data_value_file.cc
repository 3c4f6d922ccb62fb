#include "services/monitoring/domain/data_value_file.h"

#include <csv.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <optional>

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace civitas::monitoring {

namespace od = simdjson::ondemand;

uint32_t TextTable::Intern(absl::string_view text) {
  auto [it, added] = index_.try_emplace(text, static_cast<uint32_t>(texts_.size()));
  if (added) texts_.emplace_back(text);
  return it->second;
}

namespace {

absl::Status TooManyRows() {
  return absl::InvalidArgumentError(
      absl::StrCat("body: holds more than ", kMaxImportRows, " data values; split the file"));
}

// Walks a dataValueSets document. A malformed document stops the walk with its byte offset; a
// value of the wrong type inside a data value only refuses that row.
class JsonWalker {
 public:
  JsonWalker(absl::string_view json, DataValueFile* out) : json_(json), out_(out) {}

  absl::Status Walk(od::document& doc) {
    od::object root;
    if (auto e = doc.get_object().get(root); e != simdjson::SUCCESS) {
      return Malformed(doc, e, "must be a JSON object with `dataValues`");
    }
    bool saw_values = false;
    std::vector<std::string> seen;
    for (auto entry : root) {
      od::field field;
      if (auto e = std::move(entry).get(field); e != simdjson::SUCCESS) return Malformed(doc, e);
      std::string_view key;
      if (auto e = field.unescaped_key().get(key); e != simdjson::SUCCESS) {
        return Malformed(doc, e);
      }
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("body: `", absl::string_view(key.data(), key.size()), "` is given twice"));
      }
      seen.emplace_back(key);
      od::value v = field.value();
      if (key == "dataValues") {
        saw_values = true;
        if (absl::Status s = Values(doc, v); !s.ok()) return s;
      } else if (key == "dataSet" || key == "period" || key == "orgUnit" ||
                 key == "attributeOptionCombo") {
        std::optional<std::string_view> text;
        if (!Text(v, &text)) return Malformed(doc, simdjson::INCORRECT_TYPE);
        if (!text.has_value()) {
          return absl::InvalidArgumentError(absl::StrCat(
              "body: `", absl::string_view(key.data(), key.size()), "` must be a string"));
        }
        defaults_[DefaultIndex(key)] =
            out_->texts.Intern(absl::string_view(text->data(), text->size()));
      }
      // Other members are skipped unread (On-Demand skips what is not read).
    }
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
      return absl::InvalidArgumentError(absl::StrCat(
          "body: is not valid JSON: content after the document at byte ", Offset(doc)));
    }
    if (!saw_values) {
      return absl::InvalidArgumentError("body: `dataValues` is required (an array of values)");
    }
    for (FileRow& row : out_->rows) {
      if (row.data_set == 0) row.data_set = defaults_[0];
      if (row.period == 0) row.period = defaults_[1];
      if (row.org_unit == 0) row.org_unit = defaults_[2];
      if (row.attribution == 0) row.attribution = defaults_[3];
    }
    return absl::OkStatus();
  }

 private:
  static int DefaultIndex(std::string_view key) {
    return key == "dataSet" ? 0 : key == "period" ? 1 : key == "orgUnit" ? 2 : 3;
  }

  size_t Offset(od::document& doc) const {
    const char* at = nullptr;
    if (doc.current_location().get(at) != simdjson::SUCCESS || at == nullptr) return json_.size();
    return static_cast<size_t>(at - json_.data());
  }

  absl::Status Malformed(od::document& doc, simdjson::error_code e,
                         absl::string_view what = "is not valid JSON") {
    return absl::InvalidArgumentError(
        absl::StrCat("body: ", what, " (", simdjson::error_message(e), ") at byte ", Offset(doc)));
  }

  absl::Status Values(od::document& doc, od::value& v) {
    od::array array;
    if (auto e = v.get_array().get(array); e != simdjson::SUCCESS) {
      return Malformed(doc, e, "`dataValues` must be an array");
    }
    for (auto item : array) {
      od::value element;
      if (auto e = std::move(item).get(element); e != simdjson::SUCCESS) return Malformed(doc, e);
      if (static_cast<int64_t>(out_->rows.size()) >= kMaxImportRows) return TooManyRows();
      FileRow& row = out_->rows.emplace_back();
      row.row = static_cast<int64_t>(out_->rows.size());
      od::object object;
      if (auto e = element.get_object().get(object); e != simdjson::SUCCESS) {
        if (e != simdjson::INCORRECT_TYPE) return Malformed(doc, e);
        row.bad_field = "row";
        row.bad_reason = "a data value must be a JSON object";
        continue;
      }
      // Keys as simdjson unescaped them, in the document's string buffer (kept until the parse
      // ends): no copy per member.
      absl::InlinedVector<std::string_view, 8> seen;
      for (auto entry : object) {
        od::field field;
        if (auto e = std::move(entry).get(field); e != simdjson::SUCCESS) return Malformed(doc, e);
        std::string_view key;
        if (auto e = field.unescaped_key().get(key); e != simdjson::SUCCESS) {
          return Malformed(doc, e);
        }
        // A member given twice would be resolved by order: the row is refused instead.
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
          Refuse(&row, key, "is given twice in the data value");
          continue;
        }
        seen.push_back(key);
        od::value value = field.value();
        if (!Member(key, value, &row)) return Malformed(doc, simdjson::TAPE_ERROR);
      }
    }
    return absl::OkStatus();
  }

  // One member of a data value; false when the document itself is broken.
  bool Member(std::string_view key, od::value& v, FileRow* row) {
    uint32_t* text_field = key == "dataElement"            ? &row->indicator
                           : key == "period"               ? &row->period
                           : key == "orgUnit"              ? &row->org_unit
                           : key == "categoryOptionCombo"  ? &row->combination
                           : key == "attributeOptionCombo" ? &row->attribution
                           : key == "dataSet"              ? &row->data_set
                                                           : nullptr;
    if (text_field != nullptr || key == "comment") {
      std::optional<std::string_view> text;
      if (!Text(v, &text)) return false;
      if (!text.has_value()) return Refuse(row, key, "must be a string");
      if (text_field != nullptr) {
        *text_field = out_->texts.Intern(absl::string_view(text->data(), text->size()));
      } else {
        row->comment.assign(text->data(), text->size());
      }
      return true;
    }
    if (key == "value") {
      std::optional<std::string_view> text;
      if (!Scalar(v, &text)) return false;
      if (!text.has_value()) return Refuse(row, key, "must be a string, a number or a boolean");
      row->value.assign(text->data(), text->size());
      return true;
    }
    if (key == "followup" || key == "deleted") {
      std::optional<std::string_view> text;
      if (!Scalar(v, &text)) return false;
      bool* flag = key == "followup" ? &row->follow_up : &row->deleted;
      if (!text.has_value() || (*text != "true" && *text != "false" && !text->empty())) {
        return Refuse(row, key, "must be true or false");
      }
      *flag = *text == "true";
      return true;
    }
    return true;  // storedBy, created, lastUpdated...: not taken from the file
  }

  bool Refuse(FileRow* row, std::string_view field, absl::string_view reason) {
    if (row->bad_field.empty()) {
      row->bad_field = std::string(field);
      row->bad_reason = std::string(reason);
    }
    return true;
  }

  // A string (or null: empty); `*out` unset for another type. False for a broken document. The
  // view is into the document's string buffer, valid until the parse ends.
  bool Text(od::value& v, std::optional<std::string_view>* out) {
    od::json_type type;
    if (v.type().get(type) != simdjson::SUCCESS) return Broken();
    if (type == od::json_type::null) {
      *out = std::string_view();
      return true;
    }
    if (type != od::json_type::string) return true;  // unset: not a string
    std::string_view s;
    if (auto e = v.get_string().get(s); e != simdjson::SUCCESS) return Broken();
    *out = s;
    return true;
  }

  // A string, a number (its text as written) or a boolean (null: empty); unset for objects and
  // arrays.
  bool Scalar(od::value& v, std::optional<std::string_view>* out) {
    od::json_type type;
    if (v.type().get(type) != simdjson::SUCCESS) return Broken();
    switch (type) {
      case od::json_type::string:
        return Text(v, out);
      case od::json_type::number: {
        std::string_view raw = v.raw_json_token();
        const absl::string_view number =
            absl::StripTrailingAsciiWhitespace(absl::string_view(raw.data(), raw.size()));
        *out = std::string_view(number.data(), number.size());
        return true;
      }
      case od::json_type::boolean: {
        bool b = false;
        if (v.get_bool().get(b) != simdjson::SUCCESS) return Broken();
        *out = b ? std::string_view("true") : std::string_view("false");
        return true;
      }
      case od::json_type::null:
        *out = std::string_view();
        return true;
      default:
        return true;
    }
  }

  bool Broken() { return false; }

  absl::string_view json_;
  DataValueFile* out_;
  std::array<uint32_t, 4> defaults_{};
};

}  // namespace

absl::StatusOr<DataValueFile> ParseDataValueSetsJson(absl::string_view padded, size_t capacity) {
  // A UTF-8 byte order mark (as Windows tools write it) is skipped, as the CSV reader does.
  if (absl::StartsWith(padded, "\xEF\xBB\xBF")) {
    padded.remove_prefix(3);
    capacity -= 3;
  }
  std::optional<simdjson::padded_string> copy;
  simdjson::padded_string_view view;
  if (capacity >= padded.size() + simdjson::SIMDJSON_PADDING) {
    view = simdjson::padded_string_view(padded.data(), padded.size(), capacity);
  } else {
    copy.emplace(padded.data(), padded.size());
    view = simdjson::padded_string_view(*copy);
  }
  od::parser parser(/*max_capacity=*/std::max<size_t>(padded.size(), 1) + 1);
  od::document doc;
  if (auto e = parser.iterate(view).get(doc); e != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        absl::StrCat("body: is not valid JSON (", simdjson::error_message(e), ")"));
  }
  DataValueFile file;
  // Room for as many rows as the body can hold (the smallest useful one is about 60 bytes) is
  // reserved once: growing by doubling would move every row and touch twice the memory. Pages
  // reserved and never used cost no memory.
  file.rows.reserve(static_cast<size_t>(
      std::min<int64_t>(kMaxImportRows, static_cast<int64_t>(padded.size() / 60) + 1)));
  JsonWalker walker(padded, &file);
  if (absl::Status s = walker.Walk(doc); !s.ok()) return s;
  return file;
}

}  // namespace civitas::monitoring

namespace civitas::monitoring {
namespace {

enum class Column {
  kIgnored,
  kIndicator,
  kPeriod,
  kOrgUnit,
  kCombination,
  kAttribution,
  kValue,
  kComment,
  kFollowUp,
  kDeleted,
  kDataSet
};

Column ColumnNamed(absl::string_view header) {
  const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header));
  if (name == "dataelement") return Column::kIndicator;
  if (name == "period") return Column::kPeriod;
  if (name == "orgunit") return Column::kOrgUnit;
  if (name == "categoryoptioncombo" || name == "catoptcombo") return Column::kCombination;
  if (name == "attributeoptioncombo" || name == "attroptcombo") return Column::kAttribution;
  if (name == "value") return Column::kValue;
  if (name == "comment") return Column::kComment;
  if (name == "followup") return Column::kFollowUp;
  if (name == "deleted") return Column::kDeleted;
  if (name == "dataset") return Column::kDataSet;
  return Column::kIgnored;  // storedby, lastupdated, created...
}

// The kept-once text a column fills; null for the value, comment, flags and ignored columns.
uint32_t FileRow::*TextMemberOf(Column c) {
  switch (c) {
    case Column::kIndicator:
      return &FileRow::indicator;
    case Column::kPeriod:
      return &FileRow::period;
    case Column::kOrgUnit:
      return &FileRow::org_unit;
    case Column::kCombination:
      return &FileRow::combination;
    case Column::kAttribution:
      return &FileRow::attribution;
    case Column::kDataSet:
      return &FileRow::data_set;
    default:
      return nullptr;
  }
}

// Takes libcsv's callbacks (a cell, the end of a record): the header names the columns, each
// record after it is a row.
class CsvReader {
 public:
  explicit CsvReader(DataValueFile* out) : out_(out) {}

  static void OnCell(void* data, size_t size, void* self) {
    auto* reader = static_cast<CsvReader*>(self);
    reader->cells_.emplace_back(static_cast<const char*>(data), data == nullptr ? 0 : size);
  }
  static void OnRecordEnd(int, void* self) { static_cast<CsvReader*>(self)->RecordEnd(); }

  const absl::Status& status() const { return status_; }
  bool header_read() const { return header_read_; }
  int64_t records() const { return records_; }

 private:
  void RecordEnd() {
    std::vector<std::string> cells;
    cells.swap(cells_);
    if (!status_.ok()) return;
    ++records_;
    if (!header_read_) {
      header_read_ = true;
      for (const std::string& cell : cells) {
        const Column c = ColumnNamed(cell);
        if (c != Column::kIgnored &&
            std::find(columns_.begin(), columns_.end(), c) != columns_.end()) {
          status_ = absl::InvalidArgumentError(absl::StrCat("body: the CSV names the column ",
                                                            absl::AsciiStrToLower(cell), " twice"));
          return;
        }
        columns_.push_back(c);
      }
      for (Column c : {Column::kIndicator, Column::kPeriod, Column::kOrgUnit}) {
        if (std::find(columns_.begin(), columns_.end(), c) == columns_.end()) {
          status_ = absl::InvalidArgumentError(
              "body: the CSV's first row must name its columns, among them dataelement, period "
              "and orgunit (DHIS2's data value CSV)");
          return;
        }
      }
      return;
    }
    if (static_cast<int64_t>(out_->rows.size()) >= kMaxImportRows) {
      status_ = TooManyRows();
      return;
    }
    FileRow& row = out_->rows.emplace_back();
    row.row = static_cast<int64_t>(out_->rows.size());
    for (size_t i = 0; i < cells.size() && i < columns_.size(); ++i) {
      std::string& cell = cells[i];
      if (uint32_t FileRow::*text = TextMemberOf(columns_[i]); text != nullptr) {
        row.*text = out_->texts.Intern(cell);
        continue;
      }
      switch (columns_[i]) {
        case Column::kValue:
          row.value = std::move(cell);
          break;
        case Column::kComment:
          row.comment = std::move(cell);
          break;
        case Column::kFollowUp:
        case Column::kDeleted: {
          const std::string flag = absl::AsciiStrToLower(cell);
          const bool follow_up = columns_[i] == Column::kFollowUp;
          if (flag != "true" && flag != "false" && !flag.empty()) {
            if (row.bad_field.empty()) {
              row.bad_field = follow_up ? "followup" : "deleted";
              row.bad_reason = "must be true or false";
            }
          } else {
            (follow_up ? row.follow_up : row.deleted) = flag == "true";
          }
          break;
        }
        default:  // ignored, or a text column (above)
          break;
      }
    }
  }

  DataValueFile* out_;
  std::vector<Column> columns_;
  std::vector<std::string> cells_;
  bool header_read_ = false;
  int64_t records_ = 0;
  absl::Status status_;
};

// Cells are taken as written: no spaces trimmed.
int NoSpace(unsigned char) { return 0; }

}  // namespace

absl::StatusOr<DataValueFile> ParseDataValuesCsv(absl::string_view body) {
  if (absl::StartsWith(body, "\xEF\xBB\xBF")) body.remove_prefix(3);
  DataValueFile file;
  // As for JSON (above): a CSV row is at least about 30 bytes.
  file.rows.reserve(static_cast<size_t>(
      std::min<int64_t>(kMaxImportRows, static_cast<int64_t>(body.size() / 30) + 1)));
  CsvReader reader(&file);
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    return absl::ResourceExhaustedError("cannot start the CSV parser");
  }
  csv_set_space_func(&parser, NoSpace);
  const size_t used = csv_parse(&parser, body.data(), body.size(), CsvReader::OnCell,
                                CsvReader::OnRecordEnd, &reader);
  int error = used == body.size() ? CSV_SUCCESS : csv_error(&parser);
  if (error == CSV_SUCCESS && reader.status().ok() &&
      csv_fini(&parser, CsvReader::OnCell, CsvReader::OnRecordEnd, &reader) != 0) {
    error = csv_error(&parser);
  }
  csv_free(&parser);
  if (!reader.status().ok()) return reader.status();
  if (error != CSV_SUCCESS) {
    return absl::InvalidArgumentError(absl::StrCat("body: is not valid CSV (", csv_strerror(error),
                                                   ") in record ", reader.records() + 1,
                                                   " (the header is record 1)"));
  }
  if (!reader.header_read()) {
    return absl::InvalidArgumentError(
        "body: the CSV is empty; its first row must name its columns (dataelement, period, "
        "orgunit, ...)");
  }
  return file;
}

}  // namespace civitas::monitoring
