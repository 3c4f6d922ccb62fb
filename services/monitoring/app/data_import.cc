#include "services/monitoring/app/data_import.h"

#include <future>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/rpc/code.pb.h"
#include "libs/aip/resource_names.h"
#include "libs/common/backoff.h"
#include "libs/common/calendar.h"
#include "libs/common/status_macros.h"
#include "libs/common/thread_priority.h"
#include "libs/records/read_record.h"
#include "libs/records/record.h"
#include "services/monitoring/app/org_unit_path.h"
#include "services/monitoring/domain/data_value_file.h"
#include "services/monitoring/domain/data_value_import.h"
#include "services/monitoring/domain/entry_window.h"
#include "services/monitoring/domain/periods.h"
#include "services/monitoring/domain/submissions.h"
#include "services/monitoring/domain/totals.h"

namespace civitas::monitoring {

namespace {

constexpr char kJson[] = "application/json";
constexpr char kCsv[] = "text/csv";
// Attempts at one batch when other writers change its submissions first.
constexpr int kMaxBatchAttempts = 20;
// How long an import's runner trusts the registry's answers about where org units lie.
constexpr absl::Duration kPathsFresh = absl::Seconds(5);
// The nice value background imports run at, below the request threads' 0.
constexpr int kBackgroundNice = 10;
// How long a runner holds a large file's import while it reads the file.
constexpr absl::Duration kReadingLease = absl::Minutes(10);
// Large files a process holds, waiting to be read, at most.
constexpr int kMaxFilesWaiting = 4;
// What one write of stored batches holds at most (payload bytes).
constexpr size_t kMaxBatchBytesPerWrite = 8 << 20;

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

std::string BatchId(const std::string& job_id, int n) { return absl::StrCat(job_id, "-", n); }

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

}  // namespace

// What a batch's rows are resolved and checked against, read once per run.
struct DataImport::Catalog {
  std::unique_ptr<ImportCatalog> catalog;
  EntryFacts facts;
  std::map<std::string, TotalledIndicator> totalled;
};

namespace {

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

}  // namespace

DataImport::DataImport(DocumentStore* store, clients::RegistryClient* registry,
                       records::RecordService<v1::Submission>* submissions, const Clock* clock,
                       IdGenerator* ids, BlockingExecutor* starts, BlockingExecutor* background,
                       Options options)
    : store_(store),
      registry_(registry),
      submissions_(submissions),
      clock_(clock),
      ids_(ids),
      starts_(starts),
      background_(background),
      options_(options),
      runner_(ids->NewId()) {}

DataImport::~DataImport() {
  Stop();
  WaitIdle();
}

void DataImport::Stop() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
}

void DataImport::WaitIdle() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](int* running) { return *running == 0; }, &running_));
}

absl::Status DataImport::CheckContentType(const std::string& content_type) {
  const std::string media = MediaTypeOf(content_type);
  if (media == kJson || media == kCsv) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("body.content_type: must be application/json (dataValueSets) or text/csv, not ",
                   content_type.empty() ? "(none)" : content_type));
}

absl::Status DataImport::Authorize(const Principal& p) {
  if (p.anonymous()) return absl::UnauthenticatedError("importing figures needs a bearer token");
  if (!p.HasRole(kRoleAdmin) && !p.HasRole(kRoleCso) && !p.HasRole(kRoleMunicipality)) {
    return absl::PermissionDeniedError(
        "importing figures is for those who enter them: organisations' reporters, "
        "municipalities and admins");
  }
  return absl::OkStatus();
}

absl::StatusOr<google::longrunning::Operation> DataImport::Start(
    const records::Request& r, const v1::ImportDataValuesRequest& options,
    const std::string& content_type, std::string body) {
  const Principal& p = r.caller();
  RETURN_IF_ERROR(Authorize(p));
  RETURN_IF_ERROR(CheckContentType(content_type));
  const std::string media = MediaTypeOf(content_type);
  if (body.size() <= options_.bytes_read_at_once) {
    return Read(p, r.call(), options, media, std::move(body), std::nullopt);
  }
  // A large file: the operation first, the file read in the background (its faults end the
  // operation), so that the answer does not wait for it.
  const absl::Time now = clock_->Now();
  const std::string id = ids_->NewId();
  v1::ImportJob job = NewJob(p, options, media, id, now);
  job.set_reading(true);
  // Reading a large file takes a while: its lease is long enough for it (and renewed when the
  // reading starts and before its rows are stored).
  *job.mutable_lease_expire_time() = TimestampOf(now + std::max(options_.lease, kReadingLease));
  {
    absl::MutexLock lock(&mu_);
    // Each file waiting to be read is held in memory: a few at a time.
    if (files_waiting_ >= kMaxFilesWaiting) {
      return absl::ResourceExhaustedError(
          "too many large files are waiting to be read; retry when an import has started");
    }
    ++files_waiting_;
  }
  absl::Cleanup unreserve = [this] {
    absl::MutexLock lock(&mu_);
    --files_waiting_;
  };
  WritePlan create;
  create.documents.push_back(JobChange(job, job, 0));
  create.actor = p.subject;
  create.correlation_id = r.correlation_id();
  RETURN_IF_ERROR(store_->Write(create).status());
  std::move(unreserve).Cancel();  // released by the reading
  // The call has been answered by then: only its correlation id goes on (not its deadline).
  StartInBackground(id,
                    [this, p, call = clients::CallContext{r.call().correlation_id}, options, media,
                     body = std::move(body), job]() mutable -> absl::Status {
                      absl::Cleanup unreserve = [this] {
                        absl::MutexLock lock(&mu_);
                        --files_waiting_;
                      };
                      return Read(p, call, options, media, std::move(body), job).status();
                    });
  return OperationOf(job);
}

v1::ImportJob DataImport::NewJob(const Principal& p, const v1::ImportDataValuesRequest& options,
                                 const std::string& media, const std::string& id,
                                 absl::Time now) const {
  v1::ImportJob job;
  job.set_name(aip::NameOf<v1::ImportJob>(id));
  job.set_state(v1::IMPORT_JOB_RUNNING);
  job.set_subject(p.subject);
  for (const std::string& role : p.roles) job.add_roles(role);
  job.set_organization(p.organization);
  for (const std::string& t : p.territories) job.add_territories(t);
  job.set_runner(runner_);
  *job.mutable_lease_expire_time() = TimestampOf(now + options_.lease);
  *job.mutable_create_time() = TimestampOf(now);
  *job.mutable_update_time() = job.create_time();
  v1::DataValueImport& progress = *job.mutable_progress();
  progress.set_name(job.name());
  progress.set_user(p.subject);
  progress.set_import_strategy(options.import_strategy() == v1::IMPORT_STRATEGY_UNSPECIFIED
                                   ? v1::CREATE_AND_UPDATE
                                   : options.import_strategy());
  progress.set_dry_run(options.dry_run());
  progress.set_id_scheme(options.id_scheme() == v1::ID_SCHEME_CODE ? v1::ID_SCHEME_CODE
                                                                   : v1::ID_SCHEME_NAME);
  progress.set_content_type(media);
  progress.set_state(v1::IMPORT_RUNNING);
  *progress.mutable_create_time() = job.create_time();
  *progress.mutable_update_time() = job.create_time();
  return job;
}

absl::StatusOr<google::longrunning::Operation> DataImport::Read(
    const Principal& p, const clients::CallContext& call,
    const v1::ImportDataValuesRequest& options, const std::string& media, std::string body,
    std::optional<v1::ImportJob> reading) {
  if (reading.has_value()) {
    // Taken over while it waited (this process was too slow): the other runner reports it.
    ASSIGN_OR_RETURN(bool ours, RenewLease(aip::IdIn<v1::ImportJob>(reading->name())));
    if (!ours) return absl::AbortedError("taken over by another runner");
  }
  absl::StatusOr<DataValueFile> file;
  {
    absl::MutexLock parsing(&parse_mu_);
    if (media == kJson) {
      body.reserve(body.size() + 64);  // simdjson reads 64 bytes past the end
      file = ParseDataValueSetsJson(body, body.capacity());
    } else {
      file = ParseDataValuesCsv(body);
    }
  }
  std::string().swap(body);
  if (!file.ok()) return file.status();

  Catalog catalog;
  records::Request request(p, call);
  RETURN_IF_ERROR(LoadCatalog(request.reads(store_), &catalog.catalog, &catalog.totalled));
  catalog.facts = catalog.catalog->Facts();
  ImportTally tally;
  std::vector<v1::SubmissionRows> submissions =
      GroupRows(*file, *catalog.catalog, options.id_scheme() == v1::ID_SCHEME_CODE, &tally);
  const int64_t rows = static_cast<int64_t>(file->rows.size());
  file = absl::StatusOr<DataValueFile>();  // the rows are in `submissions` now
  if (reading.has_value()) {
    // Still this runner's before anything is stored (parsing can take minutes).
    ASSIGN_OR_RETURN(bool ours, RenewLease(aip::IdIn<v1::ImportJob>(reading->name())));
    if (!ours) return absl::AbortedError("taken over by another runner");
  }

  absl::Time now = clock_->Now();
  const std::string id =
      reading.has_value() ? aip::IdIn<v1::ImportJob>(reading->name()) : ids_->NewId();
  v1::ImportJob job = reading.has_value() ? *reading : NewJob(p, options, media, id, now);
  v1::DataValueImport& progress = *job.mutable_progress();
  progress.set_rows(rows);
  progress.set_submissions(static_cast<int64_t>(submissions.size()));
  // The job as stored (a large file's, written before it was read) is updated at its version.
  auto write_job = [&]() -> absl::Status {
    int64_t version = 0;
    v1::ImportJob before = job;
    if (reading.has_value()) {
      ASSIGN_OR_RETURN(auto stored, records::ReadRecord<v1::ImportJob>(
                                        store_, aip::CollectionOf<v1::ImportJob>(), id));
      if (!stored.has_value()) return absl::NotFoundError(absl::StrCat(job.name(), " vanished"));
      if (stored->record.runner() != runner_) {
        return absl::AbortedError(
            absl::StrCat(job.name(), " was taken over while its file was read"));
      }
      before = stored->record;
      version = stored->version;
      job.mutable_progress()->set_resumptions(before.progress().resumptions());
    }
    WritePlan plan;
    plan.documents.push_back(JobChange(before, job, version));
    plan.actor = p.subject;
    plan.correlation_id = call.correlation_id;
    return store_->Write(plan).status();
  };

  if (options.dry_run()) {
    // Everything a write would decide, against the figures as they are; nothing written.
    Paths paths;
    for (std::vector<v1::SubmissionRows>& batch :
         Batches(std::move(submissions), options_.submissions_per_batch)) {
      ASSIGN_OR_RETURN(ImportTally batch_tally,
                       PlanBatch(p, call, catalog, progress.import_strategy(), batch, now, &paths,
                                 /*plan=*/nullptr));
      tally.Add(batch_tally);
      progress.set_submissions_done(progress.submissions_done() +
                                    static_cast<int64_t>(batch.size()));
    }
    job.set_state(v1::IMPORT_JOB_ENDED);
    job.set_reading(false);
    progress.set_state(v1::IMPORT_DONE);
    *progress.mutable_summary() = tally.Summary(true);
    *progress.mutable_end_time() = TimestampOf(clock_->Now());
    *progress.mutable_update_time() = progress.end_time();
    RETURN_IF_ERROR(write_job());
    return OperationOf(job);
  }

  // The rows kept beside the job, batch by batch, before the job names them: a job never names
  // a batch that is not stored.
  std::vector<std::vector<v1::SubmissionRows>> batches =
      Batches(std::move(submissions), options_.submissions_per_batch);
  job.set_batches(static_cast<int32_t>(batches.size()));
  job.set_reading(false);
  *progress.mutable_summary() = tally.Summary(false);
  WritePlan stored;
  size_t stored_bytes = 0;
  for (size_t n = 0; n < batches.size(); ++n) {
    v1::ImportBatch batch;
    batch.set_name(aip::NameOf<v1::ImportBatch>(BatchId(id, static_cast<int>(n))));
    for (v1::SubmissionRows& s : batches[n]) *batch.add_submissions() = std::move(s);
    DocumentChange& doc = stored.documents.emplace_back();
    doc.collection = aip::CollectionOf<v1::ImportBatch>();
    doc.id = BatchId(id, static_cast<int>(n));
    doc.payload = batch.SerializeAsString();
    doc.resource_name = batch.name();
    stored_bytes += doc.payload.size();
    if (stored_bytes >= kMaxBatchBytesPerWrite || n + 1 == batches.size()) {
      stored.actor = p.subject;
      RETURN_IF_ERROR(store_->Write(stored).status());
      stored = WritePlan();
      stored_bytes = 0;
    }
  }
  batches.clear();
  // The lease runs from when the rows are stored, not from when the file arrived.
  now = clock_->Now();
  *job.mutable_lease_expire_time() = TimestampOf(now + options_.lease);
  *job.mutable_update_time() = TimestampOf(now);
  *progress.mutable_update_time() = job.update_time();
  RETURN_IF_ERROR(write_job());
  if (reading.has_value()) return OperationOf(job);  // its run goes on in the background

  if (rows <= options_.rows_answered_at_once) {
    {
      absl::MutexLock lock(&mu_);
      ++running_;
      running_ids_.insert(id);
    }
    Run(id, nullptr);
    ASSIGN_OR_RETURN(auto ended, records::ReadRecord<v1::ImportJob>(
                                     store_, aip::CollectionOf<v1::ImportJob>(), id));
    if (!ended.has_value()) return absl::InternalError(absl::StrCat(job.name(), " vanished"));
    return OperationOf(ended->record);
  }
  StartInBackground(id, nullptr);
  return OperationOf(job);
}

void DataImport::StartAsync(
    Principal caller, clients::CallContext call, v1::ImportDataValuesRequest options,
    std::string content_type, std::string body,
    std::function<void(absl::StatusOr<google::longrunning::Operation>)> done) {
  starts_->Run([this, caller = std::move(caller), call = std::move(call),
                options = std::move(options), content_type = std::move(content_type),
                body = std::move(body), done = std::move(done)]() mutable {
    const records::Request request(std::move(caller), std::move(call));
    done(Start(request, options, content_type, std::move(body)));
  });
}

bool DataImport::StartInBackground(const std::string& id, std::function<absl::Status()> first) {
  {
    absl::MutexLock lock(&mu_);
    if (!running_ids_.insert(id).second) return false;
    ++running_;
  }
  background_->Run([this, id, first = std::move(first)]() mutable {
    // Background imports yield the CPU to the threads answering requests (analytics while an
    // import runs); the thread that plans batches ahead inherits it.
    RunThisThreadAtNice(kBackgroundNice);
    Run(id, std::move(first));
  });
  return true;
}

void DataImport::Run(const std::string& id, std::function<absl::Status()> first) {
  bool stopping = false;
  {
    absl::MutexLock lock(&mu_);
    stopping = stopping_;
  }
  // A stopping process reads no file: the job ends at once, saying so.
  absl::Status run =
      !first     ? absl::OkStatus()
      : stopping ? absl::AbortedError(
                       "the service stopped before it read the file: nothing was imported; send "
                       "it again")
                 : first();
  if (run.ok()) run = RunBatches(id);
  if (!run.ok()) {
    // The store or the registry failed: the job ends FAILED, its summary saying what landed.
    Backoff backoff({.initial = absl::Milliseconds(10), .max = absl::Milliseconds(500)});
    for (int attempt = 0; attempt < 8; ++attempt) {
      if (attempt > 0) absl::SleepFor(backoff.Next());
      auto stored =
          records::ReadRecord<v1::ImportJob>(store_, aip::CollectionOf<v1::ImportJob>(), id);
      if (!stored.ok()) continue;
      if (!stored->has_value()) break;
      const v1::ImportJob& before = (*stored)->record;
      if (before.state() != v1::IMPORT_JOB_RUNNING || before.runner() != runner_) break;
      v1::ImportJob after = before;
      after.set_state(v1::IMPORT_JOB_ENDED);
      // A file that could not be read is the caller's to fix; anything else stopped the import
      // part way, and the summary says how far.
      after.set_error_code(static_cast<int32_t>(run.code()));
      after.set_error(!before.reading()
                          ? absl::StrCat("the import stopped after ",
                                         before.progress().submissions_done(), " of ",
                                         before.progress().submissions(),
                                         " submissions (those are in the summary): ", run.message())
                          : std::string(run.message()));
      after.mutable_progress()->set_state(v1::IMPORT_FAILED);
      *after.mutable_progress()->mutable_end_time() = TimestampOf(clock_->Now());
      *after.mutable_progress()->mutable_update_time() = after.progress().end_time();
      WritePlan plan;
      plan.documents.push_back(JobChange(before, after, (*stored)->version));
      if (store_->Write(plan).ok()) break;
    }
  }
  absl::MutexLock lock(&mu_);
  running_ids_.erase(id);
  --running_;
}

absl::StatusOr<DataImport::PlannedBatch> DataImport::PlanBatchAt(const v1::ImportJob& job,
                                                                 int index,
                                                                 const Catalog& catalog,
                                                                 absl::Time now, Paths* paths) {
  const std::string batch_id = BatchId(aip::IdIn<v1::ImportJob>(job.name()), index);
  ASSIGN_OR_RETURN(auto batch, records::ReadRecord<v1::ImportBatch>(
                                   store_, aip::CollectionOf<v1::ImportBatch>(), batch_id));
  if (!batch.has_value()) {
    return absl::DataLossError(absl::StrCat("the rows of batch ", batch_id, " are missing"));
  }
  PlannedBatch out;
  out.index = index;
  out.plan.actor = job.subject();
  out.plan.correlation_id = job.name();
  const std::vector<v1::SubmissionRows> rows(batch->record.submissions().begin(),
                                             batch->record.submissions().end());
  ASSIGN_OR_RETURN(out.tally, PlanBatch(PrincipalOf(job), clients::CallContext{job.name()}, catalog,
                                        job.progress().import_strategy(), rows, now, paths,
                                        &out.plan));
  out.submissions = static_cast<int64_t>(rows.size());
  // The batch written is emptied in the same write: its rows are in the submissions now.
  v1::ImportBatch emptied;
  emptied.set_name(batch->record.name());
  DocumentChange& doc = out.plan.documents.emplace_back();
  doc.kind = DocumentChange::Kind::kUpdate;
  doc.collection = aip::CollectionOf<v1::ImportBatch>();
  doc.id = batch_id;
  doc.expected_version = batch->version;
  doc.payload = emptied.SerializeAsString();
  doc.resource_name = emptied.name();
  return out;
}

absl::Status DataImport::RunBatches(const std::string& id) {
  std::optional<Catalog> catalog;
  Paths paths;
  absl::Time paths_read = clock_->Now();
  Backoff backoff({.initial = absl::Milliseconds(2), .max = absl::Milliseconds(200)});
  int attempts = 0;
  // The next batch, planned on a thread of its own while this one is written: planning is
  // monitoring's CPU, the write Redis's, so the two overlap. Batches touch different
  // submissions (each submission is in one batch), and a plan that went stale (another writer
  // changed one of its submissions) fails its write and is planned again. Declared after what it
  // reads, so that leaving waits for it before those go.
  std::future<absl::StatusOr<PlannedBatch>> ahead;
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      // A stopping process leaves the job to its lease: another runner takes it over.
      if (stopping_) return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(auto stored, records::ReadRecord<v1::ImportJob>(
                                      store_, aip::CollectionOf<v1::ImportJob>(), id));
    if (!stored.has_value()) return absl::OkStatus();
    const v1::ImportJob& before = stored->record;
    if (before.state() != v1::IMPORT_JOB_RUNNING || before.runner() != runner_) {
      return absl::OkStatus();
    }
    if (before.reading()) {
      // Taken over from a runner that stopped while it read the file: the file is gone.
      return absl::AbortedError(
          "the service stopped while it read the file: nothing was imported; send it again");
    }
    const absl::Time now = clock_->Now();
    v1::ImportJob after = before;
    v1::DataValueImport& progress = *after.mutable_progress();
    if (before.progress().resumptions() > options_.max_resumptions) {
      return absl::AbortedError(
          absl::StrCat("taken over ", before.progress().resumptions(), " times without ending"));
    }
    *after.mutable_update_time() = TimestampOf(now);
    *progress.mutable_update_time() = after.update_time();
    *after.mutable_lease_expire_time() = TimestampOf(now + options_.lease);
    if (before.batches_done() >= before.batches()) {
      after.set_state(v1::IMPORT_JOB_ENDED);
      progress.set_state(v1::IMPORT_DONE);
      *progress.mutable_end_time() = after.update_time();
      WritePlan plan;
      plan.actor = before.subject();
      plan.correlation_id = before.name();
      plan.documents.push_back(JobChange(before, after, stored->version));
      absl::StatusOr<WriteOutcome> out = store_->Write(plan);
      if (out.ok() || out.status().code() == absl::StatusCode::kAborted) continue;
      return out.status();
    }
    if (!catalog.has_value()) {
      catalog.emplace();
      RETURN_IF_ERROR(LoadCatalog(store_, &catalog->catalog, &catalog->totalled));
      catalog->facts = catalog->catalog->Facts();
    }
    const int index = before.batches_done();
    std::optional<absl::StatusOr<PlannedBatch>> planned;
    if (ahead.valid()) {
      planned = ahead.get();
      // Planned for another batch (this one's write failed and it comes again), or failed: this
      // one is planned here.
      if (!planned->ok() || (*planned)->index != index) planned.reset();
    }
    if (!planned.has_value()) planned = PlanBatchAt(before, index, *catalog, now, &paths);
    if (!planned->ok()) {
      if (!Transient(planned->status())) return planned->status();
      // The registry (or the store) is away: try again, then leave the job to its lease.
      if (++attempts >= kMaxBatchAttempts) return absl::OkStatus();
      absl::SleepFor(backoff.Next());
      continue;
    }
    PlannedBatch& batch = **planned;
    // Where org units lie is asked again every few seconds (no planning runs now): an
    // organisation the registry moves during a long import has its next figures follow it.
    if (now - paths_read > kPathsFresh) {
      paths.clear();
      paths_read = now;
    }
    ImportTally so_far(progress.summary());
    so_far.Add(batch.tally);
    *progress.mutable_summary() = so_far.Summary(false);
    progress.set_submissions_done(progress.submissions_done() + batch.submissions);
    after.set_batches_done(index + 1);
    batch.plan.documents.push_back(JobChange(before, after, stored->version));
    bool stopping = false;
    {
      absl::MutexLock lock(&mu_);
      stopping = stopping_;
    }
    // Not when stopping: the next batch is left to the lease, and leaving would wait for it.
    if (index + 1 < before.batches() && !stopping) {
      ahead = std::async(std::launch::async, [this, job = before, next = index + 1,
                                              &catalog, &paths, now] {
        return PlanBatchAt(job, next, *catalog, now, &paths);
      });
    }
    absl::StatusOr<WriteOutcome> out = store_->Write(batch.plan);
    if (out.ok()) {
      attempts = 0;
      backoff.Reset();
      continue;
    }
    // Another writer changed one of the batch's submissions (or made one) first: read them again.
    const absl::StatusCode code = out.status().code();
    if (Transient(out.status())) {
      if (++attempts >= kMaxBatchAttempts) return absl::OkStatus();  // left to its lease
    } else if ((code != absl::StatusCode::kAborted && code != absl::StatusCode::kAlreadyExists) ||
               ++attempts >= kMaxBatchAttempts) {
      return out.status();
    }
    absl::SleepFor(backoff.Next());
  }
}

absl::StatusOr<ImportTally> DataImport::PlanBatch(const Principal& p,
                                                  const clients::CallContext& call,
                                                  const Catalog& catalog,
                                                  v1::ImportStrategy strategy,
                                                  const std::vector<v1::SubmissionRows>& batch,
                                                  absl::Time now, Paths* paths, WritePlan* plan) {
  records::Request request(p, call);
  DocumentStore* reads = request.reads(store_);
  const std::string collection = aip::CollectionOf<v1::Submission>();
  std::vector<std::string> keys;
  keys.reserve(batch.size());
  for (const v1::SubmissionRows& s : batch) {
    keys.push_back(EntryKey(s.data_set(), s.org_unit(), s.period()));
  }
  ASSIGN_OR_RETURN(std::vector<std::optional<std::string>> ids,
                   store_->FindUniques(collection, keys));
  std::vector<std::string> existing;
  for (const auto& id : ids) {
    if (id.has_value()) existing.push_back(*id);
  }
  ASSIGN_OR_RETURN(std::vector<std::optional<StoredDocument>> docs,
                   reads->GetMany(collection, existing));
  std::map<std::string, records::StoredRecord<v1::Submission>> stored;
  for (const auto& doc : docs) {
    if (!doc.has_value()) continue;
    records::StoredRecord<v1::Submission>& s = stored[doc->id];
    if (!s.record.ParseFromString(doc->payload)) {
      return absl::DataLossError(absl::StrCat(collection, "/", doc->id, " does not parse"));
    }
    s.version = doc->version;
  }

  ImportTally tally;
  std::optional<PlanMerger> merger;
  if (plan != nullptr) merger.emplace(plan);
  for (size_t i = 0; i < batch.size(); ++i) {
    const v1::SubmissionRows& rows = batch[i];
    const v1::DataSet* form = catalog.catalog->DataSet(rows.data_set());
    if (form == nullptr) {
      tally.Add(
          RefuseSubmission(rows, "dataSet", absl::StrCat(rows.data_set(), " is no longer active")));
      continue;
    }
    const records::StoredRecord<v1::Submission>* before = nullptr;
    if (ids[i].has_value()) {
      auto it = stored.find(*ids[i]);
      if (it != stored.end()) before = &it->second;
    }
    std::vector<std::string> path;
    if (before != nullptr) {
      path.assign(before->record.org_unit_path().begin(), before->record.org_unit_path().end());
    }
    if (path.empty()) {
      auto cached = paths->find(rows.org_unit());
      if (cached == paths->end()) {
        absl::StatusOr<std::vector<std::string>> found =
            OrgUnitPath(registry_, rows.org_unit(), call);
        if (!found.ok() && found.status().code() != absl::StatusCode::kInvalidArgument) {
          return found.status();  // the registry is unreachable: the batch is tried again
        }
        cached = paths->emplace(rows.org_unit(), std::move(found)).first;
      }
      if (!cached->second.ok()) {
        absl::string_view reason = cached->second.status().message();
        absl::ConsumePrefix(&reason, "org_unit: ");
        tally.Add(RefuseSubmission(rows, "orgUnit", std::string(reason)));
        continue;
      }
      path = *cached->second;
    }
    if (std::find(form->org_units().begin(), form->org_units().end(), rows.org_unit()) ==
        form->org_units().end()) {
      tally.Add(RefuseSubmission(
          rows, "orgUnit", absl::StrCat(rows.org_unit(), " is not assigned to ", form->name())));
      continue;
    }
    absl::StatusOr<Period> period = ParsePeriod(rows.period());
    if (!period.ok()) {
      tally.Add(RefuseSubmission(rows, "period", std::string(period.status().message())));
      continue;
    }
    if (absl::Status open = CheckPeriodOpen(*form, *period, DayOf(now)); !open.ok()) {
      absl::string_view reason = open.message();
      absl::ConsumePrefix(&reason, "period: ");
      tally.Add(RefuseSubmission(rows, "period", std::string(reason)));
      continue;
    }
    if (absl::Status may = AuthorizeEntry(p, rows.org_unit(), path); !may.ok()) {
      tally.Add(RefuseSubmission(rows, "orgUnit", std::string(may.message())));
      continue;
    }
    SubmissionImport planned = PlanSubmissionImport(
        rows, *form, catalog.facts, before == nullptr ? nullptr : &before->record, strategy);
    if (planned.changes.empty()) {
      tally.Add(planned.tally);
      continue;
    }
    v1::Submission after = before == nullptr
                               ? MakeSubmission(*form, rows.org_unit(), period->code, path)
                               : before->record;
    ApplyValues(planned.changes, p.subject, now, before == nullptr ? 1 : before->version + 1,
                &after);
    Violations size;
    CheckSubmissionSize(after, &size);
    if (!size.empty()) {
      tally.Add(RefuseSubmission(rows, "value", size.items().front().description));
      continue;
    }
    if (before == nullptr) {
      auto created =
          submissions_->PlanCreate(request, std::move(after), "", "",
                                   records::RecordService<v1::Submission>::Origin::kServer);
      if (!created.ok()) {
        tally.Add(RefuseSubmission(rows, "row", std::string(created.status().message())));
        continue;
      }
      if (merger.has_value()) merger->Merge(std::move(created->plan));
    } else if (merger.has_value()) {
      WritePlan update;
      ASSIGN_OR_RETURN(
          update.documents.emplace_back(),
          submissions_->PlanUpdate(before->record, before->version, &after, "values_set"));
      update.totals = TotalsDelta(&before->record, after, catalog.totalled);
      // Merged: the batch's submissions share totals (a territory's, a year's).
      merger->Merge(std::move(update));
    }
    tally.Add(planned.tally);
  }
  return tally;
}

absl::StatusOr<google::longrunning::Operation> DataImport::Get(const records::Request& r,
                                                               const std::string& name) {
  const Principal& p = r.caller();
  if (p.anonymous()) return absl::UnauthenticatedError("reading an operation needs a bearer token");
  const std::string id = aip::IdIn<v1::ImportJob>(name);
  if (id.empty()) {
    return absl::InvalidArgumentError("name: must be operations/{operation}");
  }
  ASSIGN_OR_RETURN(auto stored, records::ReadRecord<v1::ImportJob>(
                                    r.reads(store_), aip::CollectionOf<v1::ImportJob>(), id));
  // Another caller's operation is not found, as if it did not exist.
  if (!stored.has_value() || (stored->record.subject() != p.subject && !p.HasRole(kRoleAdmin))) {
    return absl::NotFoundError(absl::StrCat(name, " not found"));
  }
  return OperationOf(stored->record);
}

absl::StatusOr<bool> DataImport::RenewLease(const std::string& id) {
  ASSIGN_OR_RETURN(auto stored, records::ReadRecord<v1::ImportJob>(
                                    store_, aip::CollectionOf<v1::ImportJob>(), id));
  if (!stored.has_value()) return false;
  const v1::ImportJob& before = stored->record;
  if (before.state() != v1::IMPORT_JOB_RUNNING || before.runner() != runner_) return false;
  v1::ImportJob after = before;
  const absl::Time now = clock_->Now();
  *after.mutable_lease_expire_time() = TimestampOf(
      now + (before.reading() ? std::max(options_.lease, kReadingLease) : options_.lease));
  WritePlan plan;
  plan.documents.push_back(JobChange(before, after, stored->version));
  absl::StatusOr<WriteOutcome> out = store_->Write(plan);
  if (!out.ok() && out.status().code() == absl::StatusCode::kAborted) return false;
  RETURN_IF_ERROR(out.status());
  return true;
}

absl::StatusOr<int> DataImport::ResumeStalled() {
  ASSIGN_OR_RETURN(std::vector<v1::ImportJob> running,
                   records::ScanAll<v1::ImportJob>(store_, {RunningIndex()}));
  int resumed = 0;
  const absl::Time now = clock_->Now();
  for (const v1::ImportJob& job : running) {
    if (job.state() != v1::IMPORT_JOB_RUNNING || TimeOf(job.lease_expire_time()) > now) continue;
    const std::string id = aip::IdIn<v1::ImportJob>(job.name());
    {
      absl::MutexLock lock(&mu_);
      if (running_ids_.contains(id)) continue;  // queued or running here: not stalled
    }
    ASSIGN_OR_RETURN(auto stored, records::ReadRecord<v1::ImportJob>(
                                      store_, aip::CollectionOf<v1::ImportJob>(), id));
    if (!stored.has_value()) continue;
    const v1::ImportJob& before = stored->record;
    if (before.state() != v1::IMPORT_JOB_RUNNING || TimeOf(before.lease_expire_time()) > now) {
      continue;
    }
    v1::ImportJob after = before;
    after.set_runner(runner_);
    *after.mutable_lease_expire_time() = TimestampOf(now + options_.lease);
    after.mutable_progress()->set_resumptions(before.progress().resumptions() + 1);
    WritePlan claim;
    claim.documents.push_back(JobChange(before, after, stored->version));
    absl::StatusOr<WriteOutcome> out = store_->Write(claim);
    if (!out.ok()) {
      if (out.status().code() == absl::StatusCode::kAborted) continue;  // another took it
      return out.status();
    }
    if (StartInBackground(id, nullptr)) ++resumed;
  }
  return resumed;
}

}  // namespace civitas::monitoring
