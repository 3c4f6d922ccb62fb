#include "services/monitoring/domain/data_value_import.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/aip/text_checks.h"
#include "services/monitoring/domain/approvals.h"
#include "services/monitoring/domain/data_sets.h"
#include "services/monitoring/domain/option_combinations.h"
#include "services/monitoring/domain/periods.h"

namespace civitas::monitoring {

// ---- the catalog ----

ImportCatalog::ImportCatalog(std::vector<v1::Indicator> indicators,
                             std::vector<v1::DataSet> data_sets,
                             std::vector<v1::Category> categories) {
  for (v1::Indicator& i : indicators) {
    if (!i.code().empty()) indicator_codes_[i.code()] = i.name();
    std::string name = i.name();
    indicators_.emplace(std::move(name), std::move(i));
  }
  for (v1::DataSet& d : data_sets) {
    if (d.state() != v1::DATA_SET_ACTIVE) continue;
    if (!d.code().empty()) data_set_codes_[d.code()] = d.name();
    std::string name = d.name();
    data_sets_.emplace(std::move(name), std::move(d));
  }
  for (v1::Category& c : categories) {
    std::string name = c.name();
    categories_.emplace(std::move(name), std::move(c));
  }
  for (const auto& [name, d] : data_sets_) {
    for (const std::string& indicator : d.indicators()) by_indicator_[indicator].push_back(&d);
  }
}

const v1::Indicator* ImportCatalog::Indicator(const std::string& name) const {
  auto it = indicators_.find(name);
  return it == indicators_.end() ? nullptr : &it->second;
}

const v1::DataSet* ImportCatalog::DataSet(const std::string& name) const {
  auto it = data_sets_.find(name);
  return it == data_sets_.end() ? nullptr : &it->second;
}

std::string ImportCatalog::IndicatorNamed(const std::string& text, bool by_code) const {
  if (by_code) {
    auto it = indicator_codes_.find(text);
    return it == indicator_codes_.end() ? std::string() : it->second;
  }
  return indicators_.contains(text) ? text : std::string();
}

std::string ImportCatalog::DataSetNamed(const std::string& text, bool by_code) const {
  if (by_code) {
    auto it = data_set_codes_.find(text);
    return it == data_set_codes_.end() ? std::string() : it->second;
  }
  return data_sets_.contains(text) ? text : std::string();
}

const std::vector<const v1::DataSet*>& ImportCatalog::DataSetsOf(
    const std::string& indicator) const {
  static const std::vector<const v1::DataSet*> kNone;
  auto it = by_indicator_.find(indicator);
  return it == by_indicator_.end() ? kNone : it->second;
}

EntryFacts ImportCatalog::Facts() const {
  EntryFacts facts;
  for (const auto& [name, indicator] : indicators_) facts.indicators[name] = &indicator;
  facts.categories = categories_;
  IndexCategories(&facts);
  return facts;
}

// ---- the tally ----

ImportTally::ImportTally(const v1::ImportSummary& summary)
    : imported(summary.imported()),
      updated(summary.updated()),
      deleted(summary.deleted()),
      unchanged(summary.unchanged()),
      conflicts_(summary.conflicts().begin(), summary.conflicts().end()),
      ignored_(summary.ignored()),
      omitted_(summary.conflicts_omitted()) {}

void ImportTally::Conflict(int64_t row, std::string field, std::string reason) {
  ++ignored_;
  v1::ImportConflict& c = conflicts_.emplace_back();
  c.set_row(row);
  c.set_field(std::move(field));
  c.set_reason(std::move(reason));
  if (conflicts_.size() >= 2 * static_cast<size_t>(kMaxListedConflicts)) Trim();
}

void ImportTally::Add(const ImportTally& other) {
  imported += other.imported;
  updated += other.updated;
  deleted += other.deleted;
  unchanged += other.unchanged;
  ignored_ += other.ignored_;
  omitted_ += other.omitted_;
  conflicts_.insert(conflicts_.end(), other.conflicts_.begin(), other.conflicts_.end());
  if (conflicts_.size() >= 2 * static_cast<size_t>(kMaxListedConflicts)) Trim();
}

void ImportTally::Trim() {
  // The first rows' conflicts are kept: they are what a client fixes first.
  std::stable_sort(
      conflicts_.begin(), conflicts_.end(),
      [](const v1::ImportConflict& a, const v1::ImportConflict& b) { return a.row() < b.row(); });
  if (conflicts_.size() > static_cast<size_t>(kMaxListedConflicts)) {
    omitted_ += static_cast<int64_t>(conflicts_.size()) - kMaxListedConflicts;
    conflicts_.resize(kMaxListedConflicts);
  }
}

v1::ImportSummary ImportTally::Summary(bool dry_run) const {
  ImportTally copy = *this;
  copy.Trim();
  v1::ImportSummary s;
  s.set_imported(imported);
  s.set_updated(updated);
  s.set_deleted(deleted);
  s.set_unchanged(unchanged);
  s.set_ignored(ignored_);
  for (v1::ImportConflict& c : copy.conflicts_) *s.add_conflicts() = std::move(c);
  s.set_conflicts_omitted(copy.omitted_);
  s.set_dry_run(dry_run);
  return s;
}

// ---- rows to submissions ----

namespace {

// A text of the file as the rows share it, checked once.
class TextChecks {
 public:
  explicit TextChecks(const TextTable& texts) : texts_(texts), problems_(texts.size()) {}
  // Why the text cannot be stored ("" when it can).
  const std::string& Problem(uint32_t i) {
    auto& slot = problems_[i];
    if (!slot.has_value()) slot = aip::TextProblem(texts_[i], /*multiline=*/false);
    return *slot;
  }

 private:
  const TextTable& texts_;
  std::vector<std::optional<std::string>> problems_;
};

struct ResolvedPeriod {
  std::optional<Period> period;
  std::string problem;
};

}  // namespace

std::vector<v1::SubmissionRows> GroupRows(const DataValueFile& file, const ImportCatalog& catalog,
                                          bool by_code, ImportTally* tally) {
  const TextTable& texts = file.texts;
  TextChecks checks(texts);
  std::vector<std::optional<std::string>> indicators(texts.size());
  std::vector<std::optional<std::string>> data_sets(texts.size());
  std::vector<std::optional<ResolvedPeriod>> periods(texts.size());
  absl::flat_hash_map<std::tuple<const v1::DataSet*, uint32_t, std::string>, size_t> groups;
  std::vector<v1::SubmissionRows> out;

  for (const FileRow& row : file.rows) {
    if (!row.bad_field.empty()) {
      tally->Conflict(row.row, row.bad_field, row.bad_reason);
      continue;
    }
    // Required fields, then the texts' characters.
    const std::pair<const char*, uint32_t> required[] = {
        {"dataElement", row.indicator}, {"period", row.period}, {"orgUnit", row.org_unit}};
    bool refused = false;
    for (const auto& [field, text] : required) {
      if (text == 0) {
        tally->Conflict(row.row, field, "is required");
        refused = true;
        break;
      }
    }
    if (refused) continue;
    const std::pair<const char*, uint32_t> named[] = {{"dataElement", row.indicator},
                                                      {"period", row.period},
                                                      {"orgUnit", row.org_unit},
                                                      {"categoryOptionCombo", row.combination},
                                                      {"attributeOptionCombo", row.attribution},
                                                      {"dataSet", row.data_set}};
    for (const auto& [field, text] : named) {
      if (const std::string& problem = checks.Problem(text); !problem.empty()) {
        tally->Conflict(row.row, field, problem);
        refused = true;
        break;
      }
    }
    if (refused) continue;
    if (std::string problem = aip::TextProblem(row.value, false); !problem.empty()) {
      tally->Conflict(row.row, "value", std::move(problem));
      continue;
    }
    if (std::string problem = aip::TextProblem(row.comment, true); !problem.empty()) {
      tally->Conflict(row.row, "comment", std::move(problem));
      continue;
    }

    std::optional<std::string>& indicator = indicators[row.indicator];
    if (!indicator.has_value()) indicator = catalog.IndicatorNamed(texts[row.indicator], by_code);
    if (indicator->empty()) {
      tally->Conflict(row.row, "dataElement",
                      absl::StrCat(by_code ? "no indicator has the code " : "no indicator ",
                                   texts[row.indicator]));
      continue;
    }
    std::optional<ResolvedPeriod>& period = periods[row.period];
    if (!period.has_value()) {
      period.emplace();
      absl::StatusOr<Period> parsed = ParsePeriod(texts[row.period]);
      if (parsed.ok()) {
        period->period = *parsed;
      } else {
        period->problem = std::string(parsed.status().message());
      }
    }
    if (!period->period.has_value()) {
      tally->Conflict(row.row, "period", period->problem);
      continue;
    }
    const std::string& org_unit = texts[row.org_unit];
    if (!IsOrgUnitName(org_unit)) {
      tally->Conflict(row.row, "orgUnit",
                      absl::StrCat(org_unit, " is not a territory or an organisation"));
      continue;
    }
    const PeriodType type = period->period->type;
    const v1::DataSet* data_set = nullptr;
    if (row.data_set != 0) {
      std::optional<std::string>& named_set = data_sets[row.data_set];
      if (!named_set.has_value()) named_set = catalog.DataSetNamed(texts[row.data_set], by_code);
      data_set = named_set->empty() ? nullptr : catalog.DataSet(*named_set);
      if (data_set == nullptr) {
        tally->Conflict(
            row.row, "dataSet",
            absl::StrCat(by_code ? "no active data set has the code " : "no active data set ",
                         texts[row.data_set]));
        continue;
      }
      if (PeriodTypeOf(data_set->period_type()) != type) {
        tally->Conflict(row.row, "period",
                        absl::StrCat(period->period->code, " is not a period of ", data_set->name(),
                                     " (", v1::PeriodType_Name(data_set->period_type()), ")"));
        continue;
      }
    } else {
      std::vector<const v1::DataSet*> candidates;
      for (const v1::DataSet* d : catalog.DataSetsOf(*indicator)) {
        if (PeriodTypeOf(d->period_type()) != type) continue;
        if (std::find(d->org_units().begin(), d->org_units().end(), org_unit) ==
            d->org_units().end()) {
          continue;
        }
        candidates.push_back(d);
      }
      if (candidates.size() != 1) {
        std::vector<std::string> names;
        for (const v1::DataSet* d : candidates) names.push_back(d->name());
        tally->Conflict(
            row.row, "dataSet",
            candidates.empty()
                ? absl::StrCat("no active data set of ", *indicator, " takes figures of ", org_unit,
                               " for ", PeriodTypeName(type), " periods")
                : absl::StrCat(*indicator, " is in ", absl::StrJoin(names, " and "), " for ",
                               org_unit, ": name the data set"));
        continue;
      }
      data_set = candidates.front();
    }
    const std::string& attribution = texts[row.attribution];
    if (!attribution.empty() && attribution != kDefaultCombination &&
        attribution != data_set->attribution()) {
      tally->Conflict(
          row.row, "attributeOptionCombo",
          absl::StrCat("figures of ", data_set->name(), " report on ",
                       data_set->attribution().empty() ? std::string("no programme or grant")
                                                       : data_set->attribution(),
                       ", not ", attribution));
      continue;
    }
    auto [slot, added] = groups.try_emplace(
        std::make_tuple(data_set, row.org_unit, period->period->code), out.size());
    if (added) {
      v1::SubmissionRows& g = out.emplace_back();
      g.set_data_set(data_set->name());
      g.set_org_unit(org_unit);
      g.set_period(period->period->code);
    }
    v1::ImportRow& r = *out[slot->second].add_rows();
    r.set_row(row.row);
    r.set_indicator(*indicator);
    r.set_combination(texts[row.combination]);
    r.set_value(row.value);
    r.set_comment(row.comment);
    r.set_follow_up(row.follow_up);
    r.set_deleted(row.deleted);
  }
  return out;
}

// ---- one submission ----

namespace {

// The DHIS2 field a CheckValues violation (`values[i].<field>`) is about, and `i`.
std::pair<int, std::string> ViolatedRow(const std::string& path) {
  int index = -1;
  const size_t open = path.find('[');
  const size_t close = path.find(']');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    (void)absl::SimpleAtoi(path.substr(open + 1, close - open - 1), &index);
  }
  const std::string field = close == std::string::npos ? "" : path.substr(close + 1);
  if (field == ".indicator") return {index, "dataElement"};
  if (field == ".category_options") return {index, "categoryOptionCombo"};
  if (field == ".value") return {index, "value"};
  if (field == ".comment") return {index, "comment"};
  return {index, "row"};
}

std::string FigureKey(const std::string& indicator, const std::string& combination) {
  return absl::StrCat(indicator, "|", combination);
}

}  // namespace

ImportTally RefuseSubmission(const v1::SubmissionRows& rows, const std::string& field,
                             const std::string& reason) {
  ImportTally tally;
  for (const v1::ImportRow& row : rows.rows()) tally.Conflict(row.row(), field, reason);
  return tally;
}

SubmissionImport PlanSubmissionImport(const v1::SubmissionRows& rows, const v1::DataSet& data_set,
                                      const EntryFacts& facts, const v1::Submission* stored,
                                      v1::ImportStrategy strategy) {
  SubmissionImport out;
  if (strategy == v1::IMPORT_STRATEGY_UNSPECIFIED) strategy = v1::CREATE_AND_UPDATE;
  const absl::Status editable =
      stored == nullptr ? absl::OkStatus() : CheckEditable(ApprovalOf(*stored));
  std::map<std::string, const v1::DataValue*> figures;
  std::set<std::string> tombstones;
  if (stored != nullptr) {
    for (const v1::DataValue& v : stored->values()) {
      figures[FigureKey(v.indicator(), CombinationOfStored(v))] = &v;
    }
    for (const v1::DataValue& v : stored->deleted_values()) {
      tombstones.insert(FigureKey(v.indicator(), CombinationOfStored(v)));
    }
  }
  std::map<std::string, int64_t> first_row;
  for (int start = 0; start < rows.rows_size(); start += kMaxValuesPerRequest) {
    const int end = std::min(rows.rows_size(), start + kMaxValuesPerRequest);
    v1::SetDataValuesRequest request;
    request.set_data_set(rows.data_set());
    for (int i = start; i < end; ++i) {
      const v1::ImportRow& row = rows.rows(i);
      v1::DataValueInput& in = *request.add_values();
      in.set_indicator(row.indicator());
      if (!row.combination().empty() && row.combination() != kDefaultCombination) {
        for (absl::string_view option : absl::StrSplit(row.combination(), '.')) {
          in.add_category_options(std::string(option));
        }
      }
      if (row.deleted() || strategy == v1::DELETE) {
        in.set_delete_(true);
        in.set_reason("deleted by an import");
      } else {
        in.set_value(row.value());
        in.set_comment(row.comment());
        in.set_follow_up(row.follow_up());
      }
    }
    Violations v;
    std::vector<CheckedValue> checked = CheckValues(request, data_set, facts, &v);
    std::vector<bool> violated(end - start, false);
    for (const FieldViolation& fv : v.items()) {
      auto [index, field] = ViolatedRow(fv.field);
      if (index < 0 || index >= end - start) continue;
      violated[index] = true;
      // The reason without the request's field name (the conflict names the file's).
      absl::string_view reason = fv.description;
      absl::ConsumePrefix(&reason, "category_options: ");
      out.tally.Conflict(rows.rows(start + index).row(), field, std::string(reason));
    }
    size_t next = 0;
    for (int i = start; i < end; ++i) {
      if (violated[i - start]) continue;
      if (next >= checked.size()) break;
      CheckedValue& value = checked[next++];
      const int64_t row = rows.rows(i).row();
      const std::string key = FigureKey(value.value.indicator(), value.combination);
      if (auto [it, added] = first_row.emplace(key, row); !added) {
        out.tally.Conflict(row, "row",
                           absl::StrCat("repeats row ", it->second, " (", value.value.indicator(),
                                        " ", value.combination, ")"));
        continue;
      }
      auto stored_figure = figures.find(key);
      const v1::DataValue* figure =
          stored_figure == figures.end() ? nullptr : stored_figure->second;
      if (value.remove && strategy == v1::CREATE) {
        out.tally.Conflict(row, "deleted",
                           "importStrategy CREATE adds new figures only; a deletion needs UPDATE, "
                           "CREATE_AND_UPDATE or DELETE");
        continue;
      }
      if (value.remove) {
        if (figure == nullptr) {
          if (tombstones.contains(key)) {
            ++out.tally.unchanged;
          } else {
            out.tally.Conflict(row, "value",
                               absl::StrCat("no figure of ", value.value.indicator(), " ",
                                            value.combination, " is stored to delete"));
          }
          continue;
        }
      } else if (figure != nullptr) {
        if (figure->value() == value.value.value() && figure->comment() == value.value.comment() &&
            figure->follow_up() == value.value.follow_up()) {
          ++out.tally.unchanged;
          continue;
        }
        if (strategy == v1::CREATE) {
          out.tally.Conflict(row, "value",
                             absl::StrCat("a figure is stored (", figure->value(),
                                          "); importStrategy CREATE adds new figures only"));
          continue;
        }
      } else if (strategy == v1::UPDATE) {
        out.tally.Conflict(
            row, "value", "no figure is stored; importStrategy UPDATE changes stored figures only");
        continue;
      }
      if (!editable.ok()) {
        out.tally.Conflict(row, "period", std::string(editable.message()));
        continue;
      }
      if (value.remove) {
        ++out.tally.deleted;
      } else if (figure != nullptr) {
        ++out.tally.updated;
      } else {
        ++out.tally.imported;
      }
      out.changes.push_back(std::move(value));
    }
  }
  return out;
}

std::vector<std::vector<v1::SubmissionRows>> Batches(std::vector<v1::SubmissionRows> submissions,
                                                     int max_submissions) {
  std::vector<std::vector<v1::SubmissionRows>> out;
  int rows = 0;
  for (v1::SubmissionRows& s : submissions) {
    if (out.empty() || out.back().size() >= static_cast<size_t>(max_submissions) ||
        (rows + s.rows_size() > kMaxRowsPerBatch && !out.back().empty())) {
      out.emplace_back();
      rows = 0;
    }
    rows += s.rows_size();
    out.back().push_back(std::move(s));
  }
  return out;
}

}  // namespace civitas::monitoring
