// DataImport: imports of figures (ImportDataValues) as long-running operations. Start reads the
// file, resolves its rows against the catalog (rows that cannot land get their conflict at once)
// and keeps the rest beside the operation, in batches of submissions (ImportBatch); the batches
// are then written one by one, each in one write with the operation's progress and the batch
// emptied, so the progress says exactly what landed. Each batch checks its submissions as entry
// does (the org unit's place in the registry, the period's window, who may enter, the lock) and
// plans their changes as the import strategy allows (domain/data_value_import.h). Small imports
// and dry runs end before Start answers; the others run on `background`. An import whose runner
// stopped (its lease ran out) is taken over by ResumeStalled, on any replica. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "civitas/monitoring/v1/monitoring_service.pb.h"
#include "google/longrunning/operations.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/common/id_generator.h"
#include "libs/common/request_activity.h"
#include "libs/records/record_service.h"
#include "libs/server/blocking_executor.h"
#include "libs/store/document_store.h"
#include "services/monitoring/app/submission_stores.h"
#include "services/monitoring/domain/data_value_import.h"

namespace civitas::monitoring {

class DataImport {
 public:
  struct Options {
    // How long a runner holds an import without writing a batch before another may take it.
    absl::Duration lease = absl::Seconds(60);
    // Imports of at most this many rows end before Start answers.
    int64_t rows_answered_at_once = kMaxRowsAnsweredAtOnce;
    // Submissions one write holds at most.
    int submissions_per_batch = kMaxSubmissionsPerBatch;
    // Times an import may be taken over before it ends FAILED (a batch that never lands).
    int max_resumptions = 10;
    // Files up to this size are read before Start answers (their faults refuse the call);
    // larger ones after (their faults end the operation).
    size_t bytes_read_at_once = 8 << 20;
    // How often a running import reads its job again and counts in it the batches written
    // since (its progress is at most this old; a cancellation is seen within it). Reading and
    // counting with every batch cost each batch a round trip, a script and an fsync more.
    absl::Duration count_every = absl::Milliseconds(250);
    // Batches one write holds while no caller of this process started a request within
    // `quiet_window` (RequestActivity): a write holds Redis for its script and fsync, so while
    // callers are about each write is one batch and their reads wait behind less; else several,
    // which write faster. Without `activity`, always several. 1: one batch a write always.
    int batches_per_quiet_write = 1;
    absl::Duration quiet_window = absl::Milliseconds(200);
    const RequestActivity* activity = nullptr;
  };

  // Files are read on `starts`, imports run in the background on `background` (each its own
  // threads: a long import never holds up the answer to a POST).
  DataImport(SubmissionStores* submissions, clients::RegistryClient* registry, const Clock* clock,
             IdGenerator* ids, BlockingExecutor* starts, BlockingExecutor* background,
             Options options);
  DataImport(const DataImport&) = delete;
  DataImport& operator=(const DataImport&) = delete;
  // Waits for the imports running in the background.
  ~DataImport();

  // Who may import at all (whoever may enter some org unit's figures): checked before a file is
  // read, and again by Start.
  static absl::Status Authorize(const Principal& p);
  // INVALID_ARGUMENT naming `body.content_type` unless it is JSON or CSV (parameters aside).
  static absl::Status CheckContentType(const std::string& content_type);
  // The file (`body`, of `content_type`) checked and its import started: the operation, done
  // when the import ended before the answer (a dry run, a small file). One file is parsed at a
  // time: a large one takes several times its size while parsed.
  absl::StatusOr<google::longrunning::Operation> Start(const records::Request& r,
                                                       const v1::ImportDataValuesRequest& options,
                                                       const std::string& content_type,
                                                       std::string body);
  // Start on one of the `starts` threads, so that reading a large file holds up no thread
  // serving other calls; `done` runs there.
  void StartAsync(Principal caller, clients::CallContext call, v1::ImportDataValuesRequest options,
                  std::string content_type, std::string body,
                  std::function<void(absl::StatusOr<google::longrunning::Operation>)> done);
  // The operation `name` (`operations/{id}`), to its starter and admins.
  absl::StatusOr<google::longrunning::Operation> Get(const records::Request& r,
                                                     const std::string& name);
  // Takes over the imports still running whose runner's lease ran out, and runs them in the
  // background: how many.
  absl::StatusOr<int> ResumeStalled();
  // Blocks until no import runs in the background (tests).
  void WaitIdle();
  // Starts no batch and reads no file from now on: what runs ends after its batch, and its job
  // is left to its lease for another runner (a process that stops; the destructor calls it).
  void Stop();

 private:
  struct Catalog;
  // Where org units lie, as the registry answered during one run (an unknown one: its refusal).
  using Paths = std::map<std::string, absl::StatusOr<std::vector<std::string>>>;

  // A job as Start makes it, before its file is read.
  v1::ImportJob NewJob(const Principal& p, const v1::ImportDataValuesRequest& options,
                       const std::string& media, const std::string& id, absl::Time now) const;
  // Reads the file, resolves its rows and keeps them beside the job (a new one, or `reading`,
  // stored before the file was read), or, for a dry run, counts what an import would do. A new
  // small import is run before it returns, a larger one started in the background.
  absl::StatusOr<google::longrunning::Operation> Read(const Principal& p,
                                                      const clients::CallContext& call,
                                                      const v1::ImportDataValuesRequest& options,
                                                      const std::string& media, std::string body,
                                                      std::optional<v1::ImportJob> reading);
  // A fresh lease on the job for this runner: false when it is not this runner's any more.
  absl::StatusOr<bool> RenewLease(const std::string& id);
  // Queues the job's run (after `first`, when set) unless this process already runs it: false
  // then.
  bool StartInBackground(const std::string& id, std::function<absl::Status()> first);
  // Runs `first` (reading a large file), then the job's batches until it ends, another runner
  // holds it, or something fails (then the job ends FAILED, with the failure's code).
  void Run(const std::string& id, std::function<absl::Status()> first);
  absl::Status RunBatches(const std::string& id);
  // A batch planned from its rows and the submissions they touch: their changes and the batch's
  // record emptied and marked written with what the write does. Or a batch found written
  // already (by a runner that stopped before counting it): nothing to write, its record's tally.
  struct PlannedBatch {
    int index = 0;
    // Where it is kept and written ("" for home).
    std::string keyspace;
    WritePlan plan;
    ImportTally tally;
    int64_t submissions = 0;
    bool written_before = false;
  };
  // The submissions a batch's rows touch, as stored: by row, the id of its submission (none
  // yet: nullopt), and those submissions by id.
  struct Existing {
    std::vector<std::optional<std::string>> ids;
    std::map<std::string, records::StoredRecord<v1::Submission>> stored;
  };
  // A batch's record as stored (nullopt: missing) and, when it is not written yet, what its
  // rows touch.
  struct BatchInput {
    std::optional<records::StoredRecord<v1::ImportBatch>> batch;
    Existing existing;
  };
  // What batches `first` .. `first + count - 1` (all of one keyspace) are planned from, in
  // three round trips whatever `count`: their records, the submissions' ids by key, the
  // submissions. Read a few batches ahead: each submission is in one batch of a job, and a plan
  // changing a submission another writer changed since fails its write and is planned again from
  // fresh reads; a row found unchanged, or refused, rests on reads that much older (as every
  // import's rows rest on reads made before their write).
  absl::StatusOr<std::vector<BatchInput>> ReadBatches(const v1::ImportJob& job, int first,
                                                      int count);
  // The submissions stored under each batch's entry keys (`keys`, a batch's in its rows'
  // order), in `store`: one read of the ids by key and one of the submissions for all batches.
  static absl::StatusOr<std::vector<Existing>> ReadExisting(
      DocumentStore* store, const std::vector<std::vector<std::string>>& keys);
  absl::StatusOr<PlannedBatch> PlanBatchAt(const v1::ImportJob& job, int index, BatchInput input,
                                           const Catalog& catalog, absl::Time now, Paths* paths);
  // One batch of `keyspace` (its org units' country's), its rows touching `existing`, checked
  // and, when `plan` is set, its changes added to it: the counts and conflicts it makes once
  // written.
  absl::StatusOr<ImportTally> PlanBatch(const Principal& p, const clients::CallContext& call,
                                        const Catalog& catalog, v1::ImportStrategy strategy,
                                        const std::string& keyspace,
                                        const std::vector<v1::SubmissionRows>& batch,
                                        const Existing& existing, absl::Time now, Paths* paths,
                                        WritePlan* plan);
  // The file's submissions by the keyspace their org units lie in (home for an org unit the
  // registry does not place in a country, whose rows its batch refuses), keyspaces in name
  // order.
  absl::StatusOr<std::map<std::string, std::vector<v1::SubmissionRows>>> ByKeyspace(
      std::vector<v1::SubmissionRows> submissions, const clients::CallContext& call);

  // Home: the jobs, and the catalog (data sets, indicators, categories).
  DocumentStore* const store_;
  clients::RegistryClient* const registry_;
  SubmissionStores* const submissions_;
  const Clock* const clock_;
  IdGenerator* const ids_;
  BlockingExecutor* const starts_;
  BlockingExecutor* const background_;
  const Options options_;
  // This process, as a runner of imports.
  const std::string runner_;

  absl::Mutex parse_mu_;
  absl::Mutex mu_;
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  // The jobs this process runs or has queued: never claimed again while here.
  std::set<std::string> running_ids_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Large files answered and not yet read (each held in memory).
  int files_waiting_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace civitas::monitoring
