// DataImport's front half: an import's file taken in (from the stream or REST), checked, read
// into batches kept beside its job, and answered as a long-running operation; a small import or
// a dry run done in the answer. data_import_runner.cc writes the batches.
#include "services/monitoring/app/data_import.h"

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "libs/records/record.h"
#include "services/monitoring/app/data_import_internal.h"
#include "services/monitoring/domain/data_value_file.h"
#include "services/monitoring/domain/data_value_import.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {

using import_internal::BatchId;
using import_internal::JobChange;
using import_internal::kCsv;
using import_internal::kJson;
using import_internal::kMaxBatchBytesPerWrite;
using import_internal::kMaxFilesWaiting;
using import_internal::kReadingLease;
using import_internal::LoadCatalog;
using import_internal::MediaTypeOf;
using import_internal::OperationOf;
using import_internal::TimestampOf;

DataImport::DataImport(SubmissionStores* submissions, clients::RegistryClient* registry,
                       const Clock* clock, IdGenerator* ids, BlockingExecutor* starts,
                       BlockingExecutor* background, Options options)
    : store_(submissions->home()),
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

  // Each batch is written in one keyspace: its org units' country's.
  ASSIGN_OR_RETURN(auto by_keyspace, ByKeyspace(std::move(submissions), call));
  if (options.dry_run()) {
    // Everything a write would decide, against the figures as they are; nothing written.
    Paths paths;
    for (auto& [keyspace, of] : by_keyspace) {
      for (std::vector<v1::SubmissionRows>& batch :
           Batches(std::move(of), options_.submissions_per_batch)) {
        std::vector<std::vector<std::string>> keys(1);
        for (const v1::SubmissionRows& s : batch) {
          keys[0].push_back(EntryKey(s.data_set(), s.org_unit(), s.period()));
        }
        ASSIGN_OR_RETURN(DocumentStore * store, submissions_->Store(keyspace));
        ASSIGN_OR_RETURN(std::vector<Existing> existing, ReadExisting(store, keys));
        ASSIGN_OR_RETURN(ImportTally batch_tally,
                         PlanBatch(p, call, catalog, progress.import_strategy(), keyspace, batch,
                                   existing[0], now, &paths, /*plan=*/nullptr));
        tally.Add(batch_tally);
        progress.set_submissions_done(progress.submissions_done() +
                                      static_cast<int64_t>(batch.size()));
      }
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

  // The rows kept beside the job, batch by batch in their keyspaces, before the job names them:
  // a job never names a batch that is not stored.
  int batches = 0;
  job.clear_batch_runs();
  for (auto& [keyspace, of] : by_keyspace) {
    std::vector<std::vector<v1::SubmissionRows>> in =
        Batches(std::move(of), options_.submissions_per_batch);
    if (submissions_->by_country()) {
      v1::ImportBatchRun& run = *job.add_batch_runs();
      run.set_partition(keyspace);
      run.set_batches(static_cast<int32_t>(in.size()));
    }
    ASSIGN_OR_RETURN(DocumentStore * store, submissions_->Store(keyspace));
    WritePlan stored;
    size_t stored_bytes = 0;
    for (size_t k = 0; k < in.size(); ++k) {
      const std::string batch_id = BatchId(id, batches++, keyspace);
      v1::ImportBatch batch;
      batch.set_name(aip::NameOf<v1::ImportBatch>(batch_id));
      for (v1::SubmissionRows& s : in[k]) *batch.add_submissions() = std::move(s);
      DocumentChange& doc = stored.documents.emplace_back();
      doc.collection = aip::CollectionOf<v1::ImportBatch>();
      doc.id = batch_id;
      doc.payload = batch.SerializeAsString();
      doc.resource_name = batch.name();
      stored_bytes += doc.payload.size();
      if (stored_bytes >= kMaxBatchBytesPerWrite || k + 1 == in.size()) {
        stored.actor = p.subject;
        RETURN_IF_ERROR(store->Write(stored).status());
        stored = WritePlan();
        stored_bytes = 0;
      }
    }
  }
  by_keyspace.clear();
  job.set_batches(batches);
  job.set_reading(false);
  *progress.mutable_summary() = tally.Summary(false);
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

absl::StatusOr<std::map<std::string, std::vector<v1::SubmissionRows>>> DataImport::ByKeyspace(
    std::vector<v1::SubmissionRows> submissions, const clients::CallContext& call) {
  std::map<std::string, std::vector<v1::SubmissionRows>> out;
  if (!submissions_->by_country()) {
    out[""] = std::move(submissions);
    return out;
  }
  std::map<std::string, std::string> keyspaces;  // by org unit: one lookup each
  for (v1::SubmissionRows& s : submissions) {
    auto it = keyspaces.find(s.org_unit());
    if (it == keyspaces.end()) {
      // Its pinned keyspace, or its country's (pinned when its first submission is planned).
      absl::StatusOr<std::string> keyspace = submissions_->KeyspaceOf(s.org_unit(), call);
      if (keyspace.status().code() == absl::StatusCode::kInvalidArgument ||
          keyspace.status().code() == absl::StatusCode::kFailedPrecondition) {
        keyspace = "";  // no country: its batch refuses its rows
      }
      if (!keyspace.ok()) return keyspace.status();
      it = keyspaces.emplace(s.org_unit(), *std::move(keyspace)).first;
    }
    out[it->second].push_back(std::move(s));
  }
  return out;
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

}  // namespace civitas::monitoring
