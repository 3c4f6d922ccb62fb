#include "services/monitoring/domain/warehouse_pull.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/resource_names.h"
#include "libs/common/calendar.h"
#include "libs/common/csv_cell.h"
#include "libs/common/field_violations.h"
#include "libs/common/json_log.h"
#include "libs/common/text_characters.h"
#include "libs/common/utc_timestamp.h"
#include "libs/json/json_text.h"
#include "services/monitoring/domain/access_policy.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {
namespace {

constexpr int kMaxPulledIndicators = 200;

// Digits only, as cursors are written (no sign, no spaces).
std::optional<int64_t> ParseDigits(absl::string_view text) {
  int64_t cursor = 0;
  if (text.empty() || text.size() > 19 ||
      !std::all_of(text.begin(), text.end(), absl::ascii_isdigit) ||
      !absl::SimpleAtoi(text, &cursor)) {
    return std::nullopt;
  }
  return cursor;
}

std::optional<PullCursor> ParseCursor(const std::string& text, const std::string& field,
                                      Violations* v) {
  if (text.empty()) return PullCursor{};
  std::optional<PullCursor> cursor = ParsePullCursor(text);
  if (!cursor.has_value()) v->Add(field, "must be a cursor a pull or GetDataValueCursor returned");
  return cursor;
}

void AppendTimestamp(const google::protobuf::Timestamp& t, std::string* out) {
  AppendUtcTimestamp(t.seconds(), t.nanos(), 3, out);
}

// Fills `r` in place: a record reused from figure to figure keeps its strings' buffers, so a pull
// of a million figures does not allocate a million records (a third of an export's CPU went to
// malloc and free).
void FillRecord(const v1::Submission& s, const v1::DataValue& value, bool deleted,
                const PullRequest& pull, const PullNames& names, v1::DataValueRecord* r) {
  *r->mutable_indicator() = names.Of(value.indicator(), pull.by_code);
  *r->mutable_period() = s.period();
  *r->mutable_org_unit() = s.org_unit();
  AssignCombinationOfStored(value, r->mutable_category_option_combo());
  *r->mutable_attribution() = s.attribution();
  *r->mutable_data_set() = names.Of(s.data_set(), pull.by_code);
  // Checked on entry; exportable whatever was stored before the checks (as every export).
  AssignExportableText(value.value(), r->mutable_value());
  AssignExportableText(value.stored_by(), r->mutable_stored_by());
  *r->mutable_last_updated() = value.update_time();
  AssignExportableText(value.comment(), r->mutable_comment());
  r->set_follow_up(value.follow_up());
  r->set_deleted(deleted);
  r->set_approval_state(s.state());
  *r->mutable_submission() = s.name();
}

}  // namespace

const std::string& PullNames::Of(const std::string& name, bool by_code) const {
  if (!by_code) return name;
  auto it = codes.find(name);
  return it == codes.end() ? name : it->second;
}

absl::Status AuthorizePull(const Principal& p) {
  if (p.anonymous()) return absl::UnauthenticatedError("pulling figures needs a credential");
  if (DefinesMetadata(p) || p.HasRole(kRoleWarehouse)) return absl::OkStatus();
  // As CanReadSubmission: a municipality its territories', an organisation's people its own.
  if (p.HasRole(kRoleMunicipality) && !p.territories.empty()) return absl::OkStatus();
  if (!p.organization.empty()) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "figures are pulled by the warehouse, the ministry, municipalities and the organisations "
      "that report them");
}

std::string FormatPullCursor(const PullCursor& cursor) {
  const std::string countries = FormatPartitionCursor(cursor.countries);
  if (countries.empty()) return absl::StrCat(cursor.home);
  if (cursor.home == 0) return countries;
  return absl::StrCat(cursor.home, ".", countries);
}

std::optional<PullCursor> ParsePullCursor(absl::string_view text) {
  if (text.empty()) return std::nullopt;  // FormatPullCursor writes "0" for no position
  PullCursor cursor;
  // Home's digits, alone or first.
  const size_t dot = text.find('.');
  const absl::string_view first = text.substr(0, dot);
  if (std::optional<int64_t> home = ParseDigits(first); home.has_value()) {
    cursor.home = *home;
    if (dot == absl::string_view::npos) return cursor;
    text.remove_prefix(dot + 1);
    if (text.empty()) return std::nullopt;
  }
  absl::StatusOr<PartitionCursor> countries = ParsePartitionCursor(text);
  if (!countries.ok()) return std::nullopt;
  cursor.countries = *std::move(countries);
  return cursor;
}

absl::StatusOr<PullCursor> PullEnd(const PullRequest& pull, const PullCursor& current) {
  Violations v;
  for (const auto& [field, cursor] :
       {std::pair{"since_cursor", &pull.since}, {"until_cursor", &pull.until}}) {
    bool beyond = cursor->home > current.home;
    for (const auto& [country, at] : cursor->countries.at) {
      beyond = beyond || at > current.countries.Of(country);
    }
    if (beyond) {
      v.Add(field, absl::StrCat(FormatPullCursor(*cursor), " is beyond the current cursor ",
                                FormatPullCursor(current),
                                ": a cursor of another store, or of this one before it was "
                                "restored; take a snapshot"));
    }
  }
  if (!v.empty()) return v.ToStatus();
  return pull.until_given ? pull.until : current;
}

absl::StatusOr<PullRequest> ParsePullRequest(const v1::PullDataValuesRequest& request,
                                             bool cursor_in_output) {
  Violations v;
  PullRequest pull;
  if (!cursor_in_output && request.until_cursor().empty()) {
    v.Add("until_cursor",
          "is required for this output, which cannot carry the cursor: take one from "
          "GetDataValueCursor, pull up to it, and start the next pull from it");
  }
  std::optional<PullCursor> since = ParseCursor(request.since_cursor(), "since_cursor", &v);
  std::optional<PullCursor> until = ParseCursor(request.until_cursor(), "until_cursor", &v);
  if (since && until) {
    pull.since = *since;
    pull.until = *until;
    pull.until_given = !request.until_cursor().empty();
    bool before = pull.until.home < pull.since.home;
    for (const auto& [country, at] : pull.since.countries.at) {
      before = before || pull.until.countries.Of(country) < at;
    }
    if (pull.until_given && before) {
      v.Add("until_cursor", "must not be before since_cursor");
    }
  }
  if (!request.data_set().empty() && !aip::IsNameOf<v1::DataSet>(request.data_set())) {
    v.Add("data_set", "must be a data set's name, dataSets/{data_set}");
  }
  pull.data_set = request.data_set();
  if (request.indicators_size() > kMaxPulledIndicators) {
    v.Add("indicators",  // field name
          absl::StrCat("at most ", kMaxPulledIndicators, " indicators"));
  }
  for (int i = 0; i < request.indicators_size(); ++i) {
    if (!aip::IsNameOf<v1::Indicator>(request.indicators(i))) {
      v.Add(absl::StrCat("indicators[", i, "]"),
            "must be an indicator's name, indicators/{indicator}");
    }
    pull.indicators.insert(request.indicators(i));
  }
  if (!request.org_unit().empty() && !aip::IsNameOf<registry::v1::Territory>(request.org_unit()) &&
      !aip::IsNameOf<registry::v1::Organization>(request.org_unit())) {
    v.Add("org_unit", "must be territories/{territory} or organizations/{organization}");
  }
  pull.org_unit = request.org_unit();
  if (!request.start_period().empty()) {
    absl::StatusOr<Period> p = ParsePeriod(request.start_period());
    if (p.ok()) {
      pull.first_day = p->first;
    } else {
      v.Add("start_period", std::string(p.status().message()));
    }
  }
  if (!request.end_period().empty()) {
    absl::StatusOr<Period> p = ParsePeriod(request.end_period());
    if (p.ok()) {
      pull.last_day = p->last;
    } else {
      v.Add("end_period", std::string(p.status().message()));
    }
  }
  if (pull.first_day && pull.last_day && *pull.last_day < *pull.first_day) {
    v.Add("end_period", "must not end before start_period starts");
  }
  if (request.has_last_updated()) {
    const auto& t = request.last_updated();
    // Timestamp's own range (0001-01-01 to 9999-12-31), as its JSON form allows.
    if (t.seconds() < -62135596800 || t.seconds() > 253402300799 || t.nanos() < 0 ||
        t.nanos() > 999999999) {
      v.Add("last_updated", "must be a time between the years 1 and 9999");
    } else {
      pull.last_updated = FromTimestamp(t);
    }
  }
  pull.by_code = request.id_scheme() == v1::ID_SCHEME_CODE;
  pull.include_deleted = request.include_deleted();
  if (!v.empty()) return v.ToStatus();
  return pull;
}

bool Selects(const PullRequest& pull, const v1::Submission& s) {
  if (!pull.data_set.empty() && s.data_set() != pull.data_set) return false;
  if (!pull.org_unit.empty() && s.org_unit() != pull.org_unit) {
    bool inside = false;
    for (const std::string& t : s.org_unit_path()) inside = inside || t == pull.org_unit;
    if (!inside) return false;
  }
  if (pull.first_day || pull.last_day) {
    absl::StatusOr<Period> period = ParsePeriod(s.period());
    if (!period.ok()) return false;
    if (pull.first_day && period->first < *pull.first_day) return false;
    if (pull.last_day && period->last > *pull.last_day) return false;
  }
  return true;
}

void VisitPulledRecords(const PullRequest& pull, int64_t since, int64_t until,
                        const v1::Submission& s, const std::vector<Change>& history,
                        const PullNames& names, v1::DataValueRecord* scratch,
                        absl::FunctionRef<void(const v1::DataValueRecord&)> visit) {
  auto wanted = [&](const v1::DataValue& value) {
    if (!pull.indicators.empty() && !pull.indicators.contains(value.indicator())) return false;
    if (pull.last_updated && FromTimestamp(value.update_time()) < *pull.last_updated) return false;
    return ChangedWithin(history, value.submission_version(), since, until);
  };
  for (const v1::DataValue& value : s.values()) {
    if (!wanted(value)) continue;
    FillRecord(s, value, false, pull, names, scratch);
    visit(*scratch);
  }
  if (since > 0 || pull.include_deleted) {
    for (const v1::DataValue& value : s.deleted_values()) {
      if (!wanted(value)) continue;
      FillRecord(s, value, true, pull, names, scratch);
      visit(*scratch);
    }
  }
}

std::vector<v1::DataValueRecord> PulledRecords(const PullRequest& pull, int64_t since,
                                               int64_t until, const v1::Submission& s,
                                               const std::vector<Change>& history,
                                               const PullNames& names) {
  std::vector<v1::DataValueRecord> out;
  v1::DataValueRecord scratch;
  VisitPulledRecords(pull, since, until, s, history, names, &scratch,
                     [&out](const v1::DataValueRecord& r) { out.push_back(r); });
  return out;
}

std::string DataValueSetsOpening(const std::string& cursor) {
  // A cursor's text is digits, letters, ':' and '.': nothing to escape.
  return absl::StrCat("{\"cursor\":\"", cursor, "\",\"dataValues\":[");
}

void AppendDataValueSetsRecord(const v1::DataValueRecord& r, bool first, std::string* out) {
  // DHIS2's names: dataElement, period, orgUnit, categoryOptionCombo, attributeOptionCombo.
  auto field = [out](absl::string_view name, const std::string& value) {
    absl::StrAppend(out, ",\"", name, "\":\"");
    AppendJsonEscaped(value, out);
    out->push_back('"');
  };
  absl::StrAppend(out, first ? "" : ",", "{\"dataElement\":\"");
  AppendJsonEscaped(r.indicator(), out);
  out->push_back('"');
  field("period", r.period());
  field("orgUnit", r.org_unit());
  field("categoryOptionCombo", r.category_option_combo());
  field("attributeOptionCombo", r.attribution());
  field("dataSet", r.data_set());
  field("value", r.value());
  field("storedBy", r.stored_by());
  absl::StrAppend(out, ",\"lastUpdated\":\"");
  AppendTimestamp(r.last_updated(), out);
  out->push_back('"');
  field("comment", r.comment());
  absl::StrAppend(out, ",\"followup\":", r.follow_up() ? "true" : "false",
                  ",\"deleted\":", r.deleted() ? "true" : "false", "}");
}

void AppendDataValueRecordLine(const v1::DataValueRecord& r, std::string* out) {
  // Fields in number order, defaults left out, as proto3 JSON writes them.
  bool first = true;
  auto name = [&](absl::string_view json_name) {
    out->append(first ? "{\"" : ",\"");
    first = false;
    out->append(json_name.data(), json_name.size());
    out->append("\":");
  };
  auto text = [&](absl::string_view json_name, const std::string& value) {
    if (value.empty()) return;
    name(json_name);
    json::AppendQuoted(value, out);
  };
  text("indicator", r.indicator());
  text("period", r.period());
  text("orgUnit", r.org_unit());
  text("categoryOptionCombo", r.category_option_combo());
  text("attribution", r.attribution());
  text("dataSet", r.data_set());
  text("value", r.value());
  text("storedBy", r.stored_by());
  if (r.has_last_updated()) {
    name("lastUpdated");
    out->push_back('"');
    AppendUtcTimestamp(r.last_updated().seconds(), r.last_updated().nanos(), -1, out);
    out->push_back('"');
  }
  text("comment", r.comment());
  if (r.follow_up()) {
    name("followUp");
    out->append("true");
  }
  if (r.deleted()) {
    name("deleted");
    out->append("true");
  }
  if (r.approval_state() != 0) {
    name("approvalState");
    const std::string& state = v1::SubmissionState_Name(r.approval_state());
    if (state.empty()) {  // a number this build does not know, as proto3 JSON writes it
      absl::StrAppend(out, static_cast<int>(r.approval_state()));
    } else {
      absl::StrAppend(out, "\"", state, "\"");
    }
  }
  text("submission", r.submission());
  out->append(first ? "{}\n" : "}\n");
}

std::string DataValueSetsClosing() { return "]}\n"; }

std::string DataValuesCsvHeader() {
  return "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
         "lastupdated,comment,followup,deleted,dataset\r\n";
}

void AppendDataValuesCsvRow(const v1::DataValueRecord& r, std::string* out) {
  AppendCsvCell(r.indicator(), false, out);
  AppendCsvCell(r.period(), false, out);
  AppendCsvCell(r.org_unit(), false, out);
  AppendCsvCell(r.category_option_combo(), false, out);
  AppendCsvCell(r.attribution(), false, out);
  AppendCsvCell(r.value(), false, out);
  AppendCsvCell(r.stored_by(), false, out);
  std::string updated;
  AppendTimestamp(r.last_updated(), &updated);
  AppendCsvCell(updated, false, out);
  AppendCsvCell(r.comment(), false, out);
  AppendCsvCell(r.follow_up() ? "true" : "false", false, out);
  AppendCsvCell(r.deleted() ? "true" : "false", false, out);
  AppendCsvCell(r.data_set(), true, out);
}

}  // namespace civitas::monitoring
