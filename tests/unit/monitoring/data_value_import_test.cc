// Imports without I/O: DHIS2 dataValueSets JSON and CSV read into rows, rows resolved and
// grouped by submission, each submission's rows judged against what is stored and the strategy,
// and the summary's conflicts.
#include "services/monitoring/domain/data_value_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/monitoring/domain/data_value_file.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

absl::StatusOr<DataValueFile> Json(std::string body) {
  body.reserve(body.size() + 64);
  return ParseDataValueSetsJson(body, body.capacity());
}

// ---- reading files ----

TEST(DataValueFile, JsonTakesDhis2FieldsAndSetDefaults) {
  auto file = Json(R"({"dataSet":"dataSets/monthly","period":"202603","orgUnit":"organizations/k",
    "cursor":"12","dataValues":[
      {"dataElement":"indicators/served","categoryOptionCombo":"FEMALE","value":"12",
       "comment":"c\u00e9","followup":true,"storedBy":"x","lastUpdated":"2026-01-01"},
      {"dataElement":"indicators/trained","period":"202604","value":7.50,"deleted":"true"},
      {"dataElement":"indicators/flag","value":false,"followup":null}]})");
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_THAT(file->rows, SizeIs(3));
  const FileRow& a = file->rows[0];
  EXPECT_EQ(a.row, 1);
  EXPECT_EQ(file->texts[a.indicator], "indicators/served");
  EXPECT_EQ(file->texts[a.period], "202603");  // the set's
  EXPECT_EQ(file->texts[a.org_unit], "organizations/k");
  EXPECT_EQ(file->texts[a.data_set], "dataSets/monthly");
  EXPECT_EQ(file->texts[a.combination], "FEMALE");
  EXPECT_EQ(a.value, "12");
  EXPECT_EQ(a.comment, "c\xC3\xA9");
  EXPECT_TRUE(a.follow_up);
  const FileRow& b = file->rows[1];
  EXPECT_EQ(file->texts[b.period], "202604");  // its own
  EXPECT_EQ(b.value, "7.50");                  // a number as written
  EXPECT_TRUE(b.deleted);
  EXPECT_EQ(file->rows[2].value, "false");
  EXPECT_FALSE(file->rows[2].follow_up);
  // Repeated texts are kept once.
  EXPECT_EQ(a.org_unit, b.org_unit);
}

TEST(DataValueFile, JsonRowOfWrongTypesIsRefusedAloneDocumentFaultsAreLocated) {
  auto file = Json(R"({"dataValues":[{"dataElement":["x"],"value":"1"},
    {"dataElement":"indicators/a","value":{"n":1}}, 5, {"dataElement":"indicators/a",
    "followup":"maybe"}]})");
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_THAT(file->rows, SizeIs(4));
  EXPECT_EQ(file->rows[0].bad_field, "dataElement");
  EXPECT_EQ(file->rows[1].bad_field, "value");
  EXPECT_EQ(file->rows[2].bad_field, "row");
  EXPECT_EQ(file->rows[3].bad_field, "followup");

  EXPECT_THAT(Json(R"({"dataValues":[{"dataElement":"a",}]})").status().message(),
              HasSubstr("at byte"));
  EXPECT_THAT(Json(R"([1,2])").status().message(), HasSubstr("must be a JSON object"));
  EXPECT_THAT(Json(R"({"period":"202603"})").status().message(), HasSubstr("`dataValues`"));
  EXPECT_THAT(Json(R"({"dataValues":[]} x)").status().message(), HasSubstr("at byte"));
  EXPECT_THAT(Json(R"({"dataValues":{}})").status().message(), HasSubstr("must be an array"));
  EXPECT_THAT(Json(R"({"orgUnit":5,"dataValues":[]})").status().message(),
              HasSubstr("`orgUnit` must be a string"));
  EXPECT_EQ(Json("").status().code(), absl::StatusCode::kInvalidArgument);
  // Members given twice are not resolved by order.
  auto twice = Json(R"({"dataValues":[{"dataElement":"a","value":"14","value":"15"}]})");
  ASSERT_TRUE(twice.ok()) << twice.status();
  EXPECT_EQ(twice->rows[0].bad_field, "value");
  // Keys are compared as unescaped, whatever was unescaped between them (a long comment here).
  auto escaped =
      Json(absl::StrCat(R"({"dataValues":[{"value":"14","comment":")", std::string(5000, 'x'),
                        R"(é","value":"15"},)", R"({"dataElement":"b","value":"16"}]})"));
  ASSERT_TRUE(escaped.ok()) << escaped.status();
  EXPECT_EQ(escaped->rows[0].bad_field, "value");
  EXPECT_TRUE(escaped->rows[1].bad_field.empty());
  EXPECT_EQ(escaped->rows[1].value, "16");
  EXPECT_THAT(Json(R"({"dataValues":[],"dataValues":[]})").status().message(),
              HasSubstr("`dataValues` is given twice"));
  // A byte order mark is skipped.
  auto bom = Json("\xEF\xBB\xBF{\"dataValues\":[{\"dataElement\":\"a\"}]}");
  ASSERT_TRUE(bom.ok()) << bom.status();
  EXPECT_THAT(bom->rows, SizeIs(1));
  // Bad UTF-8 is not JSON.
  EXPECT_EQ(Json("{\"dataValues\":[{\"comment\":\"\xC3\x28\"}]}").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DataValueFile, CsvByHeaderWithQuotingAndBom) {
  auto file = ParseDataValuesCsv(
      "\xEF\xBB\xBF"
      "Period,DataElement,orgunit,catoptcombo,value,comment,followup,deleted,storedby\r\n"
      "202603,indicators/served,organizations/k,FEMALE,12,\"a, \"\"quoted\"\"\nline\",TRUE,,x\r\n"
      "202603,indicators/served,organizations/k,MALE, 3 ,,,true\r\n");
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_THAT(file->rows, SizeIs(2));
  EXPECT_EQ(file->texts[file->rows[0].indicator], "indicators/served");
  EXPECT_EQ(file->texts[file->rows[0].period], "202603");
  EXPECT_EQ(file->rows[0].comment, "a, \"quoted\"\nline");
  EXPECT_TRUE(file->rows[0].follow_up);
  EXPECT_FALSE(file->rows[0].deleted);
  EXPECT_EQ(file->rows[1].value, " 3 ");  // as written: the value check refuses it
  EXPECT_TRUE(file->rows[1].deleted);
  EXPECT_EQ(file->rows[1].row, 2);

  auto bad_flag = ParseDataValuesCsv("dataelement,period,orgunit,followup\na,2026,o,yes\n");
  ASSERT_TRUE(bad_flag.ok());
  EXPECT_EQ(bad_flag->rows[0].bad_field, "followup");

  EXPECT_THAT(ParseDataValuesCsv("a,b,c\n1,2,3\n").status().message(),
              HasSubstr("must name its columns"));
  EXPECT_THAT(ParseDataValuesCsv("dataelement,period,orgunit,value,Value\n").status().message(),
              HasSubstr("names the column value twice"));
  EXPECT_THAT(ParseDataValuesCsv("").status().message(), HasSubstr("empty"));
  EXPECT_THAT(ParseDataValuesCsv("dataelement,period,orgunit\nx,\"2026\"z,o\n").status().message(),
              HasSubstr("record 2"));
  EXPECT_THAT(ParseDataValuesCsv("dataelement,period,orgunit\nx,\"2026,o\n").status().message(),
              HasSubstr("not valid CSV"));
}

// ---- resolving rows ----

struct Catalog {
  v1::Indicator served, trained;
  v1::Category sex;
  v1::DataSet monthly, other;
  Catalog() {
    served.set_name("indicators/served");
    served.set_code("SERVED");
    served.set_value_type(v1::INTEGER);
    served.set_state(v1::INDICATOR_ACTIVE);
    served.add_categories("categories/sex");
    trained = served;
    trained.set_name("indicators/trained");
    trained.set_code("TRAINED");
    trained.clear_categories();
    sex.set_name("categories/sex");
    sex.set_code("SEX");
    sex.add_options()->set_code("FEMALE");
    sex.add_options()->set_code("MALE");
    monthly.set_name("dataSets/monthly");
    monthly.set_code("MONTHLY");
    monthly.set_state(v1::DATA_SET_ACTIVE);
    monthly.set_period_type(v1::MONTHLY);
    monthly.add_indicators("indicators/served");
    monthly.add_indicators("indicators/trained");
    monthly.add_org_units("organizations/k");
    monthly.add_org_units("organizations/l");
    monthly.set_attribution("programmes/p");
    other = monthly;
    other.set_name("dataSets/other");
    other.set_code("OTHER");
    other.clear_indicators();
    other.add_indicators("indicators/trained");
    other.clear_org_units();
    other.add_org_units("organizations/l");
  }
  ImportCatalog Build() const { return ImportCatalog({served, trained}, {monthly, other}, {sex}); }
};

DataValueFile FileOf(std::vector<std::vector<std::string>> rows) {
  // Each row: dataElement, period, orgUnit, combination, value[, dataSet[, attribution]].
  DataValueFile f;
  for (auto& r : rows) {
    FileRow& row = f.rows.emplace_back();
    row.row = static_cast<int64_t>(f.rows.size());
    row.indicator = f.texts.Intern(r[0]);
    row.period = f.texts.Intern(r[1]);
    row.org_unit = f.texts.Intern(r[2]);
    row.combination = f.texts.Intern(r[3]);
    row.value = r[4];
    if (r.size() > 5) row.data_set = f.texts.Intern(r[5]);
    if (r.size() > 6) row.attribution = f.texts.Intern(r[6]);
  }
  return f;
}

std::vector<std::string> Conflicts(const ImportTally& tally) {
  std::vector<std::string> out;
  const v1::ImportSummary summary = tally.Summary(false);
  for (const auto& c : summary.conflicts()) {
    out.push_back(absl::StrCat(c.row(), " ", c.field(), ": ", c.reason()));
  }
  return out;
}

TEST(DataValueImport, RowsResolveOrGetTheirConflict) {
  Catalog c;
  ImportCatalog catalog = c.Build();
  DataValueFile file = FileOf({
      {"indicators/served", "202603", "organizations/k", "FEMALE", "1"},  // data set inferred
      {"indicators/nope", "202603", "organizations/k", "", "1"},
      {"indicators/served", "2026Q1", "organizations/k", "", "1"},   // no quarterly data set
      {"indicators/trained", "202603", "organizations/l", "", "1"},  // in two data sets
      {"indicators/trained", "202603", "organizations/l", "", "1", "dataSets/other"},
      {"indicators/served", "2026-03", "organizations/k", "", "1"},
      {"indicators/served", "202603", "people/k", "", "1"},
      {"indicators/served", "2026Q1", "organizations/k", "", "1", "dataSets/monthly"},
      {"indicators/served", "202603", "organizations/k", "", "1", "dataSets/gone"},
      {"indicators/served", "202603", "organizations/k", "", "1", "", "grants/g"},
      {"indicators/served", "202603", "organizations/k", "", "1", "", "programmes/p"},
      {"", "202603", "organizations/k", "", "1"},
      {"indicators/served", "202603", "organizations/k", "A\x01", "1"},
      {"indicators/served", "202603", "organizations/k", "MALE", "1"},
  });
  file.rows[2].comment = "fine";
  ImportTally tally;
  std::vector<v1::SubmissionRows> groups = GroupRows(file, catalog, false, &tally);
  EXPECT_THAT(
      Conflicts(tally),
      ElementsAre(HasSubstr("2 dataElement: no indicator indicators/nope"),
                  HasSubstr("3 dataSet: no active data set of indicators/served"),
                  HasSubstr("4 dataSet: indicators/trained is in dataSets/monthly and "
                            "dataSets/other for organizations/l: name the data set"),
                  HasSubstr("6 period:"), HasSubstr("7 orgUnit:"),
                  HasSubstr("8 period: 2026Q1 is not a period of dataSets/monthly"),
                  HasSubstr("9 dataSet: no active data set dataSets/gone"),
                  HasSubstr("10 attributeOptionCombo: figures of dataSets/monthly report "
                            "on programmes/p, not grants/g"),
                  HasSubstr("12 dataElement: is required"), HasSubstr("13 categoryOptionCombo:")));
  ASSERT_THAT(groups, SizeIs(2));
  EXPECT_EQ(groups[0].data_set(), "dataSets/monthly");
  EXPECT_EQ(groups[0].period(), "202603");
  ASSERT_THAT(groups[0].rows(), SizeIs(3));  // rows 1, 11, 14, in file order
  EXPECT_EQ(groups[0].rows(0).row(), 1);
  EXPECT_EQ(groups[0].rows(1).row(), 11);
  EXPECT_EQ(groups[0].rows(2).row(), 14);
  EXPECT_EQ(groups[1].data_set(), "dataSets/other");
}

TEST(DataValueImport, CodesWhenTheIdSchemeSaysSo) {
  Catalog c;
  ImportCatalog catalog = c.Build();
  DataValueFile file = FileOf({{"TRAINED", "202603", "organizations/k", "", "4", "MONTHLY"},
                               {"indicators/trained", "202603", "organizations/k", "", "4"}});
  ImportTally tally;
  std::vector<v1::SubmissionRows> groups = GroupRows(file, catalog, true, &tally);
  ASSERT_THAT(groups, SizeIs(1));
  EXPECT_EQ(groups[0].rows(0).indicator(), "indicators/trained");
  EXPECT_THAT(Conflicts(tally), ElementsAre(HasSubstr("2 dataElement: no indicator has the code")));
}

// ---- one submission ----

v1::SubmissionRows RowsOf(std::vector<v1::ImportRow> rows) {
  v1::SubmissionRows s;
  s.set_data_set("dataSets/monthly");
  s.set_org_unit("organizations/k");
  s.set_period("202603");
  for (auto& r : rows) *s.add_rows() = std::move(r);
  return s;
}

v1::ImportRow Row(int64_t n, const std::string& indicator, const std::string& combination,
                  const std::string& value, bool deleted = false) {
  v1::ImportRow r;
  r.set_row(n);
  r.set_indicator(indicator);
  r.set_combination(combination);
  r.set_value(value);
  r.set_deleted(deleted);
  return r;
}

v1::Submission Stored(const EntryFacts& facts, const v1::DataSet& form) {
  v1::Submission s = MakeSubmission(form, "organizations/k", "202603", {"territories/am"});
  s.set_etag("1");
  v1::SetDataValuesRequest r;
  r.set_data_set(form.name());
  auto* a = r.add_values();
  a->set_indicator("indicators/served");
  a->add_category_options("FEMALE");
  a->set_value("10");
  auto* b = r.add_values();
  b->set_indicator("indicators/trained");
  b->set_value("5");
  Violations v;
  ApplyValues(CheckValues(r, form, facts, &v), "someone", absl::UnixEpoch(), 1, &s);
  // A figure deleted since.
  auto* gone = s.add_deleted_values();
  gone->set_indicator("indicators/served");
  gone->add_category_options("MALE");
  gone->set_value("3");
  return s;
}

TEST(DataValueImport, StrategiesDecideWhatEachRowMayDo) {
  Catalog c;
  ImportCatalog catalog = c.Build();
  const EntryFacts facts = catalog.Facts();
  const v1::Submission stored = Stored(facts, c.monthly);
  const v1::SubmissionRows rows = RowsOf({Row(1, "indicators/served", "FEMALE", "10"),  // same
                                          Row(2, "indicators/trained", "", "6"),        // new value
                                          Row(3, "indicators/served", "MALE", "4")});   // new
  {
    SubmissionImport both =
        PlanSubmissionImport(rows, c.monthly, facts, &stored, v1::CREATE_AND_UPDATE);
    EXPECT_EQ(both.tally.unchanged, 1);
    EXPECT_EQ(both.tally.updated, 1);
    EXPECT_EQ(both.tally.imported, 1);
    EXPECT_THAT(both.changes, SizeIs(2));
    EXPECT_THAT(Conflicts(both.tally), ElementsAre());
  }
  {
    SubmissionImport create = PlanSubmissionImport(rows, c.monthly, facts, &stored, v1::CREATE);
    EXPECT_EQ(create.tally.imported, 1);
    EXPECT_EQ(create.tally.unchanged, 1);
    EXPECT_THAT(Conflicts(create.tally),
                ElementsAre("2 value: a figure is stored (5); importStrategy CREATE adds new "
                            "figures only"));
    // Nor does it delete.
    SubmissionImport no_deletion =
        PlanSubmissionImport(RowsOf({Row(1, "indicators/served", "FEMALE", "", /*deleted=*/true)}),
                             c.monthly, facts, &stored, v1::CREATE);
    EXPECT_THAT(no_deletion.changes, SizeIs(0));
    EXPECT_THAT(Conflicts(no_deletion.tally),
                ElementsAre(HasSubstr("1 deleted: importStrategy CREATE adds new figures only")));
  }
  {
    SubmissionImport update = PlanSubmissionImport(rows, c.monthly, facts, &stored, v1::UPDATE);
    EXPECT_EQ(update.tally.updated, 1);
    EXPECT_THAT(Conflicts(update.tally), ElementsAre(HasSubstr("3 value: no figure is stored")));
  }
  {
    const v1::SubmissionRows deletions =
        RowsOf({Row(1, "indicators/served", "FEMALE", ""), Row(2, "indicators/served", "MALE", ""),
                Row(3, "indicators/trained", "", "", /*deleted=*/true)});
    SubmissionImport del = PlanSubmissionImport(deletions, c.monthly, facts, &stored, v1::DELETE);
    EXPECT_EQ(del.tally.deleted, 2);
    EXPECT_EQ(del.tally.unchanged, 1);  // MALE: deleted already
    ASSERT_THAT(del.changes, SizeIs(2));
    EXPECT_TRUE(del.changes[0].remove);
    SubmissionImport none = PlanSubmissionImport(deletions, c.monthly, facts, nullptr, v1::DELETE);
    EXPECT_THAT(Conflicts(none.tally),
                ElementsAre(HasSubstr("1 value: no figure"), HasSubstr("2 value: no figure"),
                            HasSubstr("3 value: no figure")));
  }
}

TEST(DataValueImport, LockedRepeatedAndBadRowsAreConflictsWhatIsSoIsUnchanged) {
  Catalog c;
  ImportCatalog catalog = c.Build();
  const EntryFacts facts = catalog.Facts();
  v1::Submission locked = Stored(facts, c.monthly);
  locked.set_state(v1::SUBMISSION_APPROVED);
  locked.set_approval_by("mayor@goris");
  const v1::SubmissionRows rows = RowsOf(
      {Row(1, "indicators/served", "FEMALE", "10"), Row(2, "indicators/trained", "", "6"),
       Row(3, "indicators/trained", "", "7"), Row(4, "indicators/served", "FEMALE.MALE", "1"),
       Row(5, "indicators/served", "MALE", "x")});
  SubmissionImport out =
      PlanSubmissionImport(rows, c.monthly, facts, &locked, v1::CREATE_AND_UPDATE);
  EXPECT_EQ(out.tally.unchanged, 1);
  EXPECT_THAT(out.changes, SizeIs(0));
  EXPECT_THAT(Conflicts(out.tally),
              ElementsAre(HasSubstr("2 period: "),
                          HasSubstr("3 row: indicators/trained default is given twice"),
                          HasSubstr("4 categoryOptionCombo:"), HasSubstr("5 value:")));
  EXPECT_THAT(Conflicts(out.tally)[0], HasSubstr("mayor@goris"));
  EXPECT_THAT(Conflicts(out.tally)[2], Not(HasSubstr("category_options")));
}

TEST(DataValueImport, TallyListsTheFirstRowsConflictsAndCountsTheRest) {
  ImportTally tally;
  for (int64_t row = 3 * kMaxListedConflicts; row > 0; --row) tally.Conflict(row, "value", "bad");
  ++tally.imported;
  v1::ImportSummary s = tally.Summary(true);
  EXPECT_EQ(s.ignored(), 3 * kMaxListedConflicts);
  ASSERT_EQ(s.conflicts_size(), kMaxListedConflicts);
  EXPECT_EQ(s.conflicts(0).row(), 1);
  EXPECT_EQ(s.conflicts(kMaxListedConflicts - 1).row(), kMaxListedConflicts);
  EXPECT_EQ(s.conflicts_omitted(), 2 * kMaxListedConflicts);
  EXPECT_TRUE(s.dry_run());
  // A stored summary continues where it was.
  ImportTally resumed(s);
  resumed.Conflict(1, "value", "again");
  EXPECT_EQ(resumed.Summary(false).ignored(), 3 * kMaxListedConflicts + 1);
  EXPECT_EQ(resumed.Summary(false).imported(), 1);
}

TEST(DataValueImport, BatchesBoundSubmissionsAndRows) {
  std::vector<v1::SubmissionRows> submissions(kMaxSubmissionsPerBatch + 1);
  EXPECT_THAT(Batches(submissions), SizeIs(2));
  std::vector<v1::SubmissionRows> big(3);
  for (auto& s : big) {
    for (int i = 0; i < kMaxRowsPerBatch / 2 + 1; ++i) s.add_rows();
  }
  EXPECT_THAT(Batches(big), SizeIs(3));
  std::vector<v1::SubmissionRows> huge(1);
  for (int i = 0; i < kMaxRowsPerBatch * 2; ++i) huge[0].add_rows();
  EXPECT_THAT(Batches(huge), SizeIs(1));  // a submission is never split
}

}  // namespace
}  // namespace civitas::monitoring
