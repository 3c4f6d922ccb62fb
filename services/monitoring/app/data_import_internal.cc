#include "services/monitoring/app/data_import_internal.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/rpc/code.pb.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "libs/records/record.h"

namespace civitas::monitoring::import_internal {

// `application/json; charset=utf-8` -> `application/json`.
std::string MediaTypeOf(const std::string& content_type) {
  absl::string_view media = content_type;
  if (size_t semicolon = media.find(';'); semicolon != absl::string_view::npos) {
    media = media.substr(0, semicolon);
  }
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(media));
}

// The registry or the store could not answer for now: the batch is tried again later.
bool Transient(const absl::Status& s) {
  return s.code() == absl::StatusCode::kUnavailable ||
         s.code() == absl::StatusCode::kDeadlineExceeded;
}

Principal PrincipalOf(const v1::ImportJob& job) {
  Principal p;
  p.subject = job.subject();
  p.roles = {job.roles().begin(), job.roles().end()};
  p.organization = job.organization();
  p.territories = {job.territories().begin(), job.territories().end()};
  return p;
}

std::string RunningIndex() { return records::StateIndex<v1::ImportJob>(v1::IMPORT_JOB_RUNNING); }

std::string BatchKeyspace(const v1::ImportJob& job, int n) {
  for (const v1::ImportBatchRun& run : job.batch_runs()) {
    if (n < run.batches()) return run.partition();
    n -= run.batches();
  }
  return "";
}

int BatchesLeftInRun(const v1::ImportJob& job, int n) {
  const int from = n;
  for (const v1::ImportBatchRun& run : job.batch_runs()) {
    if (n < run.batches()) return run.batches() - n;
    n -= run.batches();
  }
  // Past the runs (a job kept at home has none): the job's batches after it.
  return std::max(1, job.batches() - from);
}

std::string BatchId(const std::string& job_id, int n, const std::string& keyspace) {
  if (keyspace.empty()) return absl::StrCat(job_id, "-", n);
  return absl::StrCat(keyspace, "-", job_id, "-", n);
}

std::string BatchIdOf(const v1::ImportJob& job, int n) {
  return BatchId(aip::IdIn<v1::ImportJob>(job.name()), n, BatchKeyspace(job, n));
}

google::protobuf::Timestamp TimestampOf(absl::Time t) {
  google::protobuf::Timestamp ts;
  const int64_t seconds = absl::ToUnixSeconds(t);
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>((t - absl::FromUnixSeconds(seconds)) / absl::Nanoseconds(1)));
  return ts;
}

absl::Time TimeOf(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

google::longrunning::Operation OperationOf(const v1::ImportJob& job) {
  google::longrunning::Operation op;
  op.set_name(job.name());
  op.mutable_metadata()->PackFrom(job.progress());
  if (job.state() == v1::IMPORT_JOB_ENDED) {
    op.set_done(true);
    if (job.progress().state() == v1::IMPORT_FAILED) {
      op.mutable_error()->set_code(job.error_code() == 0 ? google::rpc::INTERNAL
                                                         : job.error_code());
      op.mutable_error()->set_message(job.error());
    } else {
      op.mutable_response()->PackFrom(job.progress().summary());
    }
  }
  return op;
}

// The change that writes `job` (at `version`; 0: created), indexed while it runs.
DocumentChange JobChange(const v1::ImportJob& before_state_of, v1::ImportJob job, int64_t version) {
  DocumentChange doc;
  doc.kind = version == 0 ? DocumentChange::Kind::kCreate : DocumentChange::Kind::kUpdate;
  doc.collection = aip::CollectionOf<v1::ImportJob>();
  doc.id = aip::IdIn<v1::ImportJob>(job.name());
  doc.expected_version = version;
  const bool was_running = version != 0 && before_state_of.state() == v1::IMPORT_JOB_RUNNING;
  const bool runs = job.state() == v1::IMPORT_JOB_RUNNING;
  if (runs && !was_running) doc.index_add.push_back(RunningIndex());
  if (!runs && was_running) doc.index_remove.push_back(RunningIndex());
  job.set_etag(std::to_string(version + 1));
  doc.payload = job.SerializeAsString();
  doc.resource_name = job.name();
  return doc;
}

absl::Status LoadCatalog(DocumentStore* reads, std::unique_ptr<ImportCatalog>* catalog,
                         std::map<std::string, TotalledIndicator>* totalled) {
  ASSIGN_OR_RETURN(std::vector<v1::Indicator> indicators,
                   records::ScanAll<v1::Indicator>(reads, {}));
  ASSIGN_OR_RETURN(std::vector<v1::DataSet> data_sets, records::ScanAll<v1::DataSet>(reads, {}));
  ASSIGN_OR_RETURN(std::vector<v1::Category> categories, records::ScanAll<v1::Category>(reads, {}));
  for (const v1::Indicator& i : indicators) (*totalled)[i.name()] = TotalledOf(i);
  *catalog = std::make_unique<ImportCatalog>(std::move(indicators), std::move(data_sets),
                                             std::move(categories));
  return absl::OkStatus();
}

void CountBatches(const ImportTally& tally, int64_t submissions, int batches, v1::ImportJob* job) {
  v1::DataValueImport& progress = *job->mutable_progress();
  ImportTally so_far(progress.summary());
  so_far.Add(tally);
  *progress.mutable_summary() = so_far.Summary(false);
  progress.set_submissions_done(progress.submissions_done() + submissions);
  job->set_batches_done(job->batches_done() + batches);
}

absl::Status CountWrittenBatches(SubmissionStores* submissions, v1::ImportJob* job) {
  while (job->batches_done() < job->batches()) {
    const int n = job->batches_done();
    ASSIGN_OR_RETURN(DocumentStore * store, submissions->Store(BatchKeyspace(*job, n)));
    ASSIGN_OR_RETURN(auto batch,
                     records::ReadRecord<v1::ImportBatch>(
                         store, aip::CollectionOf<v1::ImportBatch>(), BatchIdOf(*job, n)));
    if (!batch.has_value() || !batch->record.written()) break;
    CountBatches(ImportTally(batch->record.tally()), batch->record.submission_count(), 1, job);
  }
  return absl::OkStatus();
}

}  // namespace civitas::monitoring::import_internal
