// An import's rules, pure: each row of a data value file resolved against the catalog (its
// indicator, data set, period and attribution) or refused with a conflict naming the field; the
// rows grouped by the submission they land in; and, for each submission, which rows change a
// figure (as the import strategy allows), which are already so, and which are refused. The
// summary keeps the counts and one conflict per refused row.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "services/monitoring/domain/data_value_file.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {

// Rows processed without a long-running wait (the operation is done in the POST's answer).
inline constexpr int64_t kMaxRowsAnsweredAtOnce = 2000;
// Conflicts a summary lists (the rest are counted).
inline constexpr int kMaxListedConflicts = 10000;
// What one batch of an import holds at most (a write holds one, or, as set, several while no
// caller is about: DataImport::Options::batches_per_quiet_write).
inline constexpr int kMaxSubmissionsPerBatch = 64;
inline constexpr int kMaxRowsPerBatch = 5000;

// What rows are resolved against: the indicators, the active data sets and the categories.
class ImportCatalog {
 public:
  ImportCatalog(std::vector<v1::Indicator> indicators, std::vector<v1::DataSet> data_sets,
                std::vector<v1::Category> categories);

  const v1::Indicator* Indicator(const std::string& name) const;
  const v1::DataSet* DataSet(const std::string& name) const;
  // By the file's id scheme: a name (`indicators/x`), or a code when `by_code`.
  std::string IndicatorNamed(const std::string& text, bool by_code) const;
  std::string DataSetNamed(const std::string& text, bool by_code) const;
  // The active data sets holding `indicator`.
  const std::vector<const v1::DataSet*>& DataSetsOf(const std::string& indicator) const;
  // The indicators named and their categories, as CheckValues reads them.
  EntryFacts Facts() const;

 private:
  std::map<std::string, v1::Indicator> indicators_;
  std::map<std::string, v1::DataSet> data_sets_;
  std::map<std::string, v1::Category> categories_;
  std::map<std::string, std::string> indicator_codes_;
  std::map<std::string, std::string> data_set_codes_;
  std::map<std::string, std::vector<const v1::DataSet*>> by_indicator_;
};

// The counts and conflicts of an import, merged as its submissions land.
class ImportTally {
 public:
  ImportTally() = default;
  // Continues a summary stored earlier (a resumed import).
  explicit ImportTally(const v1::ImportSummary& summary);
  void Conflict(int64_t row, std::string field, std::string reason);
  void Add(const ImportTally& other);
  int64_t imported = 0;
  int64_t updated = 0;
  int64_t deleted = 0;
  int64_t unchanged = 0;
  // The summary: conflicts by row, the first kMaxListedConflicts listed.
  v1::ImportSummary Summary(bool dry_run) const;

 private:
  void Trim();
  std::vector<v1::ImportConflict> conflicts_;
  int64_t ignored_ = 0;
  int64_t omitted_ = 0;
};

// Resolves every row: a row that names no indicator, period or org unit, a malformed one (a
// field of the wrong type, text with control characters or bad UTF-8), an unknown indicator or
// data set, a period not of the data set's type, an attribution other than the data set's, or a
// value with no data set to land in (none, or several: the file must name it) gets its conflict
// in `tally`. The others are grouped by submission, in the order of their first row.
std::vector<v1::SubmissionRows> GroupRows(const DataValueFile& file, const ImportCatalog& catalog,
                                          bool by_code, ImportTally* tally);

// What importing one submission's rows does, decided against the figures stored (`stored`,
// null when nothing was entered yet): the values to apply and the counts and conflicts they
// make. Nothing is counted until the write lands.
struct SubmissionImport {
  std::vector<CheckedValue> changes;
  ImportTally tally;
};
SubmissionImport PlanSubmissionImport(const v1::SubmissionRows& rows, const v1::DataSet& data_set,
                                      const EntryFacts& facts, const v1::Submission* stored,
                                      v1::ImportStrategy strategy);

// Every row of `rows` refused for the same reason (an org unit the registry does not know, one
// the caller may not enter, a closed period).
ImportTally RefuseSubmission(const v1::SubmissionRows& rows, const std::string& field,
                             const std::string& reason);

// A batch of submissions for one write: up to `max_submissions` submissions and, unless a
// single submission holds more, kMaxRowsPerBatch rows.
std::vector<std::vector<v1::SubmissionRows>> Batches(std::vector<v1::SubmissionRows> submissions,
                                                     int max_submissions = kMaxSubmissionsPerBatch);

}  // namespace civitas::monitoring
