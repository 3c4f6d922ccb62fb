// A warehouse pull's rules, pure: its cursors and filters as the request gives them, which
// figures of a changed submission the pull reports (those changed between its cursors, with
// deletions as tombstones), and the figures as DHIS2's dataValueSets JSON and CSV.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "libs/auth/principal.h"
#include "libs/common/change_history.h"
#include "libs/common/partition_names.h"
#include "services/monitoring/domain/periods.h"

namespace civitas::monitoring {

// A position in the change feeds of submissions: home's, and each country's keyspace's when split
// by country (the store's cursor of each; a keyspace not named is at 0, before its first change).
// Text: home's digits alone (every cursor of a store not split by country, as before the split),
// or each country's as `am:1834.md:977` (home's digits first when not 0: `52.am:1834`).
struct PullCursor {
  int64_t home = 0;
  PartitionCursor countries;

  // The position in `keyspace` ("" for home).
  int64_t Of(const std::string& keyspace) const {
    return keyspace.empty() ? home : countries.Of(keyspace);
  }
  void Set(const std::string& keyspace, int64_t at) {
    if (keyspace.empty()) {
      home = at;
    } else {
      countries.at[keyspace] = at;
    }
  }
  friend bool operator==(const PullCursor&, const PullCursor&) = default;
};
std::string FormatPullCursor(const PullCursor& cursor);
// nullopt for text FormatPullCursor does not write.
std::optional<PullCursor> ParsePullCursor(absl::string_view text);

struct PullRequest {
  // Nowhere (all 0): a snapshot.
  PullCursor since;
  // Meaningful when `until_given`; else the stores' current cursor.
  PullCursor until;
  bool until_given = false;
  std::string data_set;
  std::set<std::string> indicators;
  std::string org_unit;
  std::optional<absl::CivilDay> first_day;
  std::optional<absl::CivilDay> last_day;
  std::optional<absl::Time> last_updated;
  bool by_code = false;
  bool include_deleted = false;
};

// Who may pull: the warehouse (its API key's role), the ministry and admins (every figure), a
// municipality (its territories'), an organisation's reporters (its own); each figure is then
// filtered by CanReadSubmission. UNAUTHENTICATED without a token, PERMISSION_DENIED for anyone
// else, who could read nothing.
absl::Status AuthorizePull(const Principal& p);

// The request checked: INVALID_ARGUMENT naming each bad field (a cursor FormatPullCursor does not
// write, `until_cursor` before `since_cursor` in any keyspace, or missing when the output does
// not carry the cursor (`cursor_in_output` false: NDJSON, CSV), a malformed period, resource
// name or timestamp, more than 200 indicators, an end period before the start).
absl::StatusOr<PullRequest> ParsePullRequest(const v1::PullDataValuesRequest& request,
                                             bool cursor_in_output);

// The pull's cursors against the stores' `current` one: INVALID_ARGUMENT naming the field when
// `since_cursor` or `until_cursor` is beyond it in any keyspace (a cursor from another store, or
// from before a restore from backup: a snapshot is needed). The pull's end: `until`, or `current`
// when unset.
absl::StatusOr<PullCursor> PullEnd(const PullRequest& pull, const PullCursor& current);

// Whether a submission is within the pull's data set, org unit subtree and period range.
bool Selects(const PullRequest& pull, const v1::Submission& submission);

// How the pull names indicators and data sets (codes by name, for ID_SCHEME_CODE).
struct PullNames {
  absl::flat_hash_map<std::string, std::string> codes;
  const std::string& Of(const std::string& name, bool by_code) const;
};

// The figures of `submission` the pull reports: those (and, when the pull is incremental in the
// submission's keyspace or asks for them, the tombstones) whose change lies between `since` and
// `until` (the pull's cursors in the submission's keyspace, `until` resolved), by the
// submission's change `history`, and within its indicator and last-updated filters.
// The same, each record filled into `scratch` in turn and handed to `visit` (which must not keep
// it): no record is allocated per figure.
void VisitPulledRecords(const PullRequest& pull, int64_t since, int64_t until,
                        const v1::Submission& submission, const std::vector<Change>& history,
                        const PullNames& names, v1::DataValueRecord* scratch,
                        absl::FunctionRef<void(const v1::DataValueRecord&)> visit);
std::vector<v1::DataValueRecord> PulledRecords(const PullRequest& pull, int64_t since,
                                               int64_t until, const v1::Submission& submission,
                                               const std::vector<Change>& history,
                                               const PullNames& names);

// DHIS2 dataValueSets JSON: the opening (with the pull's cursor, as FormatPullCursor writes it),
// one record (after the first with a leading comma), and the closing.
std::string DataValueSetsOpening(const std::string& cursor);
void AppendDataValueSetsRecord(const v1::DataValueRecord& record, bool first, std::string* out);

// One NDJSON line of a pull: the record's proto3 JSON, byte for byte as json::AppendJson writes
// it (the typed stream's and the gateway's rendering of a DataValueRecord), and a line break.
// Written field by field: serializing each record to render it from its bytes cost a third of
// the NDJSON pull.
void AppendDataValueRecordLine(const v1::DataValueRecord& record, std::string* out);
std::string DataValueSetsClosing();

// DHIS2's data value CSV: the header row, then one row per record.
std::string DataValuesCsvHeader();
void AppendDataValuesCsvRow(const v1::DataValueRecord& record, std::string* out);

}  // namespace civitas::monitoring
