// What DataImport's two halves share (internal to it): how an import job is stored, indexed and
// shown as an operation, and what its batches are checked against. data_import.cc takes files in
// and answers; data_import_runner.cc writes the batches in the background.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "google/longrunning/operations.pb.h"
#include "libs/auth/principal.h"
#include "libs/store/document_store.h"
#include "services/monitoring/app/data_import.h"
#include "services/monitoring/domain/data_value_import.h"
#include "services/monitoring/domain/totals.h"

namespace civitas::monitoring {

// What a batch's rows are resolved and checked against, read once per run.
struct DataImport::Catalog {
  std::unique_ptr<ImportCatalog> catalog;
  EntryFacts facts;
  std::map<std::string, TotalledIndicator> totalled;
};

namespace import_internal {

inline constexpr char kJson[] = "application/json";
inline constexpr char kCsv[] = "text/csv";
// Attempts at one batch when other writers change its submissions first.
inline constexpr int kMaxBatchAttempts = 20;
// How long an import's runner trusts the registry's answers about where org units lie.
inline constexpr absl::Duration kPathsFresh = absl::Seconds(5);
// The nice value background imports run at, below the request threads' 0.
inline constexpr int kBackgroundNice = 10;
// How long a runner holds a large file's import while it reads the file.
inline constexpr absl::Duration kReadingLease = absl::Minutes(10);
// Large files a process holds, waiting to be read, at most.
inline constexpr int kMaxFilesWaiting = 4;
// Batches whose records and submissions are read at once, ahead of their plans.
inline constexpr int kBatchesReadAhead = 8;
// What one write of stored batches holds, about (payload bytes: the batch that reaches it is
// the write's last): such a write holds Redis for its script and its AOF write and fsync, and
// every caller's read waits behind it (8 MiB held it ~100 ms; 512 KiB about as long as a batch
// of figures, and the file is stored no slower).
inline constexpr size_t kMaxBatchBytesPerWrite = 512 << 10;

// `application/json; charset=utf-8` -> `application/json`.
std::string MediaTypeOf(const std::string& content_type);

// The registry or the store could not answer for now: the batch is tried again later.
bool Transient(const absl::Status& s);

Principal PrincipalOf(const v1::ImportJob& job);

std::string RunningIndex();

// The keyspace batch `n` of `job` is kept in ("" for home): its run's (ImportJob.batch_runs).
std::string BatchKeyspace(const v1::ImportJob& job, int n);
// Batches from `n` on kept in the keyspace batch `n` is kept in, `n`'s run's (at least 1).
int BatchesLeftInRun(const v1::ImportJob& job, int n);
// Batch `n` of the job `job_id`: `<job id>-<n>` at home, `<partition>-<job id>-<n>` in a
// country's keyspace.
std::string BatchId(const std::string& job_id, int n, const std::string& keyspace);
// The id of batch `n` of `job`, in the keyspace it is kept in.
std::string BatchIdOf(const v1::ImportJob& job, int n);

google::protobuf::Timestamp TimestampOf(absl::Time t);

absl::Time TimeOf(const google::protobuf::Timestamp& ts);

google::longrunning::Operation OperationOf(const v1::ImportJob& job);

// The change that writes `job` (at `version`; 0: created), indexed while it runs.
DocumentChange JobChange(const v1::ImportJob& before_state_of, v1::ImportJob job, int64_t version);

absl::Status LoadCatalog(DocumentStore* reads, std::unique_ptr<ImportCatalog>* catalog,
                         std::map<std::string, TotalledIndicator>* totalled);

// What batches written since `job` was stored did, counted in its progress: their tallies and
// submissions added, `batches_done` moved past them.
void CountBatches(const ImportTally& tally, int64_t submissions, int batches, v1::ImportJob* job);

// Counts in `job` the batches written after its `batches_done` (their records say so: each
// write of a batch marks its record written with what it did), stopping at the first that is
// not: a runner counts its batches in the job after writing them, and one that stopped may have
// left the last few uncounted.
absl::Status CountWrittenBatches(SubmissionStores* submissions, v1::ImportJob* job);

}  // namespace import_internal
}  // namespace civitas::monitoring
