// DataImport's background half: an import job's batches written one after another (the next
// ones planned while one is written), its lease renewed, stalled jobs taken over.
#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/notification.h"
#include "libs/aip/resource_names.h"
#include "libs/common/backoff.h"
#include "libs/common/calendar.h"
#include "libs/common/ordered_prefetcher.h"
#include "libs/common/status_macros.h"
#include "libs/common/thread_priority.h"
#include "libs/records/read_record.h"
#include "libs/store/write_plan.h"
#include "services/monitoring/app/data_import.h"
#include "services/monitoring/app/data_import_internal.h"
#include "services/monitoring/app/org_unit_path.h"
#include "services/monitoring/domain/entry_window.h"
#include "services/monitoring/domain/periods.h"
#include "services/monitoring/domain/submissions.h"

namespace civitas::monitoring {

using import_internal::CountBatches;
using import_internal::JobChange;
using import_internal::kBackgroundNice;
using import_internal::kBatchesReadAhead;
using import_internal::kMaxBatchAttempts;
using import_internal::kPathsFresh;
using import_internal::kReadingLease;
using import_internal::LoadCatalog;
using import_internal::PrincipalOf;
using import_internal::RunningIndex;
using import_internal::TimeOf;
using import_internal::TimestampOf;
using import_internal::Transient;

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
      // The batches written and not counted yet are in the summary too.
      if (!import_internal::CountWrittenBatches(submissions_, &after).ok()) continue;
      after.set_state(v1::IMPORT_JOB_ENDED);
      // A file that could not be read is the caller's to fix; anything else stopped the import
      // part way, and the summary says how far.
      after.set_error_code(static_cast<int32_t>(run.code()));
      after.set_error(!before.reading()
                          ? absl::StrCat("the import stopped after ",
                                         after.progress().submissions_done(), " of ",
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

absl::StatusOr<std::vector<DataImport::Existing>> DataImport::ReadExisting(
    DocumentStore* store, const std::vector<std::vector<std::string>>& keys) {
  const std::string collection = aip::CollectionOf<v1::Submission>();
  std::vector<std::string> all;
  for (const std::vector<std::string>& of : keys) all.insert(all.end(), of.begin(), of.end());
  ASSIGN_OR_RETURN(std::vector<std::optional<std::string>> ids,
                   store->FindUniques(collection, all));
  std::vector<std::string> found;
  for (const auto& id : ids) {
    if (id.has_value()) found.push_back(*id);
  }
  std::map<std::string, records::StoredRecord<v1::Submission>> stored;
  if (!found.empty()) {
    ASSIGN_OR_RETURN(std::vector<std::optional<StoredDocument>> docs,
                     store->GetMany(collection, found));
    for (const auto& doc : docs) {
      if (!doc.has_value()) continue;
      records::StoredRecord<v1::Submission>& s = stored[doc->id];
      if (!s.record.ParseFromString(doc->payload)) {
        return absl::DataLossError(absl::StrCat(collection, "/", doc->id, " does not parse"));
      }
      s.version = doc->version;
    }
  }
  std::vector<Existing> out(keys.size());
  size_t at = 0;
  for (size_t b = 0; b < keys.size(); ++b) {
    for (size_t i = 0; i < keys[b].size(); ++i, ++at) {
      out[b].ids.push_back(ids[at]);
      if (!ids[at].has_value()) continue;
      auto it = stored.find(*ids[at]);
      if (it != stored.end()) out[b].stored.insert(*it);
    }
  }
  return out;
}

absl::StatusOr<std::vector<DataImport::BatchInput>> DataImport::ReadBatches(
    const v1::ImportJob& job, int first, int count) {
  const std::string keyspace = import_internal::BatchKeyspace(job, first);
  ASSIGN_OR_RETURN(DocumentStore * store, submissions_->Store(keyspace));
  const std::string collection = aip::CollectionOf<v1::ImportBatch>();
  std::vector<std::string> batch_ids;
  for (int i = 0; i < count; ++i) batch_ids.push_back(import_internal::BatchIdOf(job, first + i));
  ASSIGN_OR_RETURN(std::vector<std::optional<StoredDocument>> docs,
                   store->GetMany(collection, batch_ids));
  std::vector<BatchInput> out(docs.size());
  std::vector<std::vector<std::string>> keys;
  std::vector<BatchInput*> unwritten;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (!docs[i].has_value()) continue;
    records::StoredRecord<v1::ImportBatch>& batch = out[i].batch.emplace();
    if (!batch.record.ParseFromString(docs[i]->payload)) {
      if (i == 0) {
        return absl::DataLossError(absl::StrCat(collection, "/", docs[i]->id, " does not parse"));
      }
      // Its own turn reads it again and fails naming it; the batches before it go first.
      out.resize(i);
      break;
    }
    batch.version = docs[i]->version;
    if (batch.record.written()) continue;
    std::vector<std::string>& of = keys.emplace_back();
    for (const v1::SubmissionRows& s : batch.record.submissions()) {
      of.push_back(EntryKey(s.data_set(), s.org_unit(), s.period()));
    }
    unwritten.push_back(&out[i]);
  }
  if (unwritten.empty()) return out;
  ASSIGN_OR_RETURN(std::vector<Existing> existing, ReadExisting(store, keys));
  for (size_t i = 0; i < unwritten.size(); ++i) unwritten[i]->existing = std::move(existing[i]);
  return out;
}

absl::StatusOr<DataImport::PlannedBatch> DataImport::PlanBatchAt(const v1::ImportJob& job,
                                                                 int index, BatchInput input,
                                                                 const Catalog& catalog,
                                                                 absl::Time now, Paths* paths) {
  const std::string keyspace = import_internal::BatchKeyspace(job, index);
  const std::string batch_id = import_internal::BatchIdOf(job, index);
  std::optional<records::StoredRecord<v1::ImportBatch>>& batch = input.batch;
  if (!batch.has_value()) {
    return absl::DataLossError(absl::StrCat("the rows of batch ", batch_id, " are missing"));
  }
  PlannedBatch out;
  out.index = index;
  out.keyspace = keyspace;
  if (batch->record.written()) {
    out.written_before = true;
    out.tally = ImportTally(batch->record.tally());
    out.submissions = batch->record.submission_count();
    return out;
  }
  out.plan.actor = job.subject();
  out.plan.correlation_id = job.name();
  const std::vector<v1::SubmissionRows> rows(batch->record.submissions().begin(),
                                             batch->record.submissions().end());
  ASSIGN_OR_RETURN(out.tally, PlanBatch(PrincipalOf(job), clients::CallContext{job.name()}, catalog,
                                        job.progress().import_strategy(), keyspace, rows,
                                        input.existing, now, paths, &out.plan));
  out.submissions = static_cast<int64_t>(rows.size());
  // The batch written is emptied in the same write (its rows are in the submissions now) and
  // says what the write did, until the job counts it.
  v1::ImportBatch emptied;
  emptied.set_name(batch->record.name());
  emptied.set_written(true);
  emptied.set_submission_count(out.submissions);
  *emptied.mutable_tally() = out.tally.Summary(false);
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
  // What the next batches are planned from, read for several at once (kBatchesReadAhead of the
  // same keyspace): a plan's reads wait behind the write Redis runs, and reading each batch's
  // record, then its submissions, once per batch left Redis idle while the runner waited for the
  // next plan. Forgotten when a batch is planned again after a write failed.
  std::map<int, BatchInput> inputs;
  // A write failed since `inputs` were read: another writer may have changed what they hold.
  bool inputs_outdated = false;
  // Where org units lie is asked again every few seconds: an organisation the registry moves
  // during a long import has its next figures follow it. Called by one planner at a time.
  auto plan_at = [this, &catalog, &paths, &paths_read, &inputs](
                     const v1::ImportJob& job, int index) -> absl::StatusOr<PlannedBatch> {
    const absl::Time now = clock_->Now();
    if (now - paths_read > kPathsFresh) {
      paths.clear();
      paths_read = now;
    }
    auto held = inputs.find(index);
    if (held == inputs.end()) {
      inputs.clear();
      const int count = std::min(kBatchesReadAhead, import_internal::BatchesLeftInRun(job, index));
      ASSIGN_OR_RETURN(std::vector<BatchInput> read, ReadBatches(job, index, count));
      for (int i = 0; i < static_cast<int>(read.size()); ++i) {
        inputs.emplace(index + i, std::move(read[i]));
      }
      held = inputs.find(index);
    }
    BatchInput input = std::move(held->second);
    inputs.erase(held);
    return PlanBatchAt(job, index, std::move(input), *catalog, now, &paths);
  };
  // The next batches, planned while one is written: planning is monitoring's CPU and a few
  // reads, the write Redis's script. Two ahead, so that when a write returns the next plan is
  // ready and the one after it is being made (its reads wait for the script running, its CPU
  // overlaps it): Redis is not left idle while a batch is planned. Batches touch different
  // submissions (each submission is in one batch), and a plan that went stale (another writer
  // changed one of its submissions) fails its write and is planned again. Declared after what
  // it reads, so that leaving waits for it before those go.
  std::optional<OrderedPrefetcher<PlannedBatch>> ahead;
  // A batch taken from `ahead` to join a write and left for the next (another keyspace's, one
  // written before, a failure), by index.
  std::optional<std::pair<int, absl::StatusOr<PlannedBatch>>> carried;
  // The job counts each batch after it is written (its record says what it did meanwhile): in
  // a write sent with the next batch's, so that counting costs no wait of its own.
  int next = -1;  // the next batch to write; the job's batches_done when first read
  // The batches written and not yet counted in the job, by index: exactly those from the job's
  // batches_done up to `next`. Which are counted is read from the job each time round (a count
  // whose answer was lost may have landed), never assumed from a write's answer.
  struct Uncounted {
    int index;
    ImportTally tally;
    int64_t submissions;
  };
  std::deque<Uncounted> uncounted;
  auto count_in = [&uncounted](v1::ImportJob* job) {
    ImportTally tally;
    int64_t submissions = 0;
    for (const Uncounted& u : uncounted) {
      tally.Add(u.tally);
      submissions += u.submissions;
    }
    CountBatches(tally, submissions, static_cast<int>(uncounted.size()), job);
  };
  // The job as last read. It is read again, and the batches written since counted in it, once
  // options_.count_every has passed (and when a write failed, at the end, when stopping): reading
  // and counting it with every batch cost a round trip, a script and an fsync per batch. What the
  // job says meanwhile is at most that old; the batches' records say what landed whatever the
  // job's count (a runner taking over counts them), and a cancelled or taken-over job is seen
  // at the next read.
  std::optional<records::StoredRecord<v1::ImportJob>> stored;
  absl::Time read_at = absl::InfinitePast();
  for (;;) {
    bool stopping = false;
    {
      absl::MutexLock lock(&mu_);
      stopping = stopping_;
    }
    const bool read_job = !stored.has_value() || stopping ||
                          clock_->Now() - read_at >= options_.count_every ||
                          next >= stored->record.batches();
    if (read_job) {
      ASSIGN_OR_RETURN(stored, records::ReadRecord<v1::ImportJob>(
                                   store_, aip::CollectionOf<v1::ImportJob>(), id));
      if (!stored.has_value()) return absl::OkStatus();
      read_at = clock_->Now();
    }
    const v1::ImportJob& before = stored->record;
    if (before.state() != v1::IMPORT_JOB_RUNNING || before.runner() != runner_) {
      return absl::OkStatus();
    }
    if (before.reading()) {
      // Taken over from a runner that stopped while it read the file: the file is gone.
      return absl::AbortedError(
          "the service stopped while it read the file: nothing was imported; send it again");
    }
    if (next < 0) next = before.batches_done();
    while (read_job && !uncounted.empty() && uncounted.front().index < before.batches_done()) {
      uncounted.pop_front();
    }
    if (read_job && (next < before.batches_done() ||
                     static_cast<int>(uncounted.size()) != next - before.batches_done())) {
      // Not what this runner wrote and counted (it cannot happen while the job is this runner's):
      // the batches' records say again what was written.
      uncounted.clear();
      next = before.batches_done();
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
    count_in(&after);
    if (stopping) {
      // A stopping process leaves the job to its lease (another runner takes it over), counted
      // up to what it wrote.
      if (!uncounted.empty()) {
        WritePlan plan;
        plan.documents.push_back(JobChange(before, after, stored->version));
        (void)store_->Write(plan);  // uncounted, the batches are counted by the next runner
      }
      return absl::OkStatus();
    }
    if (next >= before.batches()) {
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
    const int index = next;
    std::optional<absl::StatusOr<PlannedBatch>> planned;
    if (carried.has_value()) {
      if (carried->first == index) planned = std::move(carried->second);
      carried.reset();
    } else if (ahead.has_value()) {
      planned = ahead->Take(index);
    }
    // Not the batch planned next (this one's write failed and it comes again), or failed: the
    // planner stops, and this one is planned here.
    if (ahead.has_value() && (!planned.has_value() || !planned->ok())) {
      planned.reset();
      ahead.reset();
    }
    if (!planned.has_value()) {
      if (inputs_outdated) inputs.clear();  // read before a write failed: read again
      inputs_outdated = false;
      planned = plan_at(before, index);
    }
    if (!planned->ok()) {
      if (!Transient(planned->status())) return planned->status();
      // The registry (or the store) is away: try again, then leave the job to its lease.
      if (++attempts >= kMaxBatchAttempts) return absl::OkStatus();
      absl::SleepFor(backoff.Next());
      read_at = absl::InfinitePast();
      continue;
    }
    PlannedBatch& batch = **planned;
    if (batch.written_before) {
      // Written by a runner that stopped before the job counted it.
      uncounted.push_back({index, std::move(batch.tally), batch.submissions});
      ++next;
      continue;
    }
    if (!ahead.has_value() && index + 1 < before.batches()) {
      ahead.emplace([&plan_at, job = before](int i) { return plan_at(job, i); }, index + 1,
                    before.batches(), std::max(2, options_.batches_per_quiet_write + 1));
    }
    // While no caller of this process is about, the next batches of the same keyspace join this
    // one's write (one script and fsync for several; each batch's record is in the write, so
    // what landed is still said batch by batch). While callers are, each write is one batch:
    // their reads wait behind a shorter hold of Redis.
    std::vector<PlannedBatch> joined;
    if (ahead.has_value() && options_.batches_per_quiet_write > 1 &&
        (options_.activity == nullptr ||
         options_.activity->QuietFor(options_.quiet_window, absl::Now()))) {
      PlanMerger merger(&batch.plan);
      while (static_cast<int>(joined.size()) + 1 < options_.batches_per_quiet_write) {
        const int at = index + 1 + static_cast<int>(joined.size());
        if (at >= before.batches()) break;
        std::optional<absl::StatusOr<PlannedBatch>> more = ahead->Take(at);
        if (!more.has_value()) break;
        if (!more->ok() || (*more)->written_before || (*more)->keyspace != batch.keyspace) {
          carried.emplace(at, *std::move(more));
          break;
        }
        merger.Merge(std::move((*more)->plan));
        joined.push_back(**std::move(more));
      }
    }
    // The job's count of the batches before, and this batch: written together, each on its own
    // (in one round trip and one fsync when the batch is at home too; sent at once, to home and
    // to the batch's keyspace, otherwise). The count may fail (another runner took the job
    // over: the loop's next read says so) while the batch lands: its record keeps what it did
    // for whoever counts it.
    absl::StatusOr<WriteOutcome> out = absl::UnknownError("not written");
    ASSIGN_OR_RETURN(DocumentStore * batch_store, submissions_->Store(batch.keyspace));
    if (uncounted.empty() || !read_job) {
      out = batch_store->Write(batch.plan);
    } else {
      WritePlan count;
      count.actor = before.subject();
      count.correlation_id = before.name();
      count.documents.push_back(JobChange(before, after, stored->version));
      if (batch_store == store_) {
        std::vector<WritePlan> both;
        both.push_back(std::move(count));
        both.push_back(std::move(batch.plan));
        out = std::move(store_->WriteAll(std::move(both))[1]);
      } else {
        // The job at home, the batch in its country's keyspace: sent at once, each on its own.
        absl::Notification counted;
        store_->WriteAsync(std::move(count),
                           [&counted](absl::StatusOr<WriteOutcome>) { counted.Notify(); });
        out = batch_store->Write(batch.plan);
        counted.WaitForNotification();
      }
    }
    if (out.ok()) {
      uncounted.push_back({index, std::move(batch.tally), batch.submissions});
      for (PlannedBatch& j : joined) {
        uncounted.push_back({j.index, std::move(j.tally), j.submissions});
      }
      next += 1 + static_cast<int>(joined.size());
      attempts = 0;
      backoff.Reset();
      continue;
    }
    read_at = absl::InfinitePast();  // what changed is read again
    inputs_outdated = true;
    carried.reset();  // the batches after it are taken again after it
    // Another writer changed one of the batch's submissions (or made one) first: read them again.
    const absl::StatusCode code = out.status().code();
    if (code == absl::StatusCode::kFailedPrecondition) {
      // A data set the batch's figures go to is not ACTIVE any more (archived while the import
      // ran; the write's own check): the catalog is read again, and the batch planned again
      // refuses those rows one by one. The plans made ahead with the old catalog go first.
      ahead.reset();
      catalog.reset();
    }
    if (Transient(out.status())) {
      if (++attempts >= kMaxBatchAttempts) return absl::OkStatus();  // left to its lease
    } else if ((code != absl::StatusCode::kAborted && code != absl::StatusCode::kAlreadyExists &&
                code != absl::StatusCode::kFailedPrecondition) ||
               ++attempts >= kMaxBatchAttempts) {
      return out.status();
    }
    absl::SleepFor(backoff.Next());
  }
}

absl::StatusOr<ImportTally> DataImport::PlanBatch(
    const Principal& p, const clients::CallContext& call, const Catalog& catalog,
    v1::ImportStrategy strategy, const std::string& keyspace,
    const std::vector<v1::SubmissionRows>& batch, const Existing& existing, absl::Time now,
    Paths* paths, WritePlan* plan) {
  records::Request request(p, call);
  ASSIGN_OR_RETURN(records::RecordService<v1::Submission> * records,
                   submissions_->Records(keyspace));
  if (existing.ids.size() != batch.size()) {
    return absl::InternalError(absl::StrCat(
        "a batch of ", batch.size(), " submissions planned from ", existing.ids.size(), " read"));
  }
  const std::vector<std::optional<std::string>>& ids = existing.ids;
  const std::map<std::string, records::StoredRecord<v1::Submission>>& stored = existing.stored;

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
    if (submissions_->by_country() && keyspace.empty()) {
      // Its org unit had no country when the file was read (unknown to the registry, or in no
      // territory): its rows were kept at home, where no submission is made when submissions are
      // kept by country.
      tally.Add(RefuseSubmission(
          rows, "orgUnit",
          absl::StrCat(rows.org_unit(),
                       " was in no country of the registry (unknown, or in no territory) when "
                       "the file was read")));
      continue;
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
    if (before == nullptr && plan != nullptr && submissions_->by_country()) {
      // Its keyspace pinned before its first submission is written (the one its batch is in,
      // unless another first entry pinned it elsewhere since the file was read).
      ASSIGN_OR_RETURN(const std::string pinned, submissions_->Pin(rows.org_unit(), keyspace));
      if (pinned != keyspace) {
        tally.Add(
            RefuseSubmission(rows, "orgUnit",
                             absl::StrCat(rows.org_unit(),
                                          "'s figures went to another country's keyspace while "
                                          "the file was imported: import its rows again")));
        continue;
      }
    }
    if (before == nullptr && plan != nullptr) {
      // Its figures count in its path's territories: recorded when they are another country's.
      RETURN_IF_ERROR(submissions_->NoteTotalsOf(path, keyspace));
    }
    if (before == nullptr) {
      auto created = records->PlanCreate(request, std::move(after), "", "",
                                         records::RecordService<v1::Submission>::Origin::kServer);
      if (!created.ok()) {
        tally.Add(RefuseSubmission(rows, "row", std::string(created.status().message())));
        continue;
      }
      if (merger.has_value()) merger->Merge(std::move(created->plan));
    } else if (merger.has_value()) {
      WritePlan update;
      ASSIGN_OR_RETURN(update.documents.emplace_back(),
                       records->PlanUpdate(before->record, before->version, &after, "values_set"));
      // As entry's: the write itself refuses figures of a data set archived since the catalog
      // was read (a create's plan carries this reference already).
      update.references.push_back(records::RefTo<v1::DataSet>(
          aip::IdIn<v1::DataSet>(after.data_set()), {v1::DATA_SET_ACTIVE}));
      update.totals = TotalsDelta(&before->record, after, catalog.totalled);
      // Merged: the batch's submissions share totals (a territory's, a year's).
      merger->Merge(std::move(update));
    }
    tally.Add(planned.tally);
  }
  return tally;
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
