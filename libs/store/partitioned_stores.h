// PartitionedStores: a service's home store and the stores of its partitions (PARTITIONS.md),
// each partition a whole keyspace of its own (documents, indexes, unique values, counters,
// totals, sequence, change logs and outbox) on the home Redis or on one of its own. Callers
// choose the partition (an org unit's country); this class opens its store, records that it
// exists, keeps its copies of the home records partitioned plans reference (ReferenceCopies),
// and writes each plan in the one keyspace it lies in. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "libs/store/document_store.h"
#include "libs/store/partition_view.h"
#include "libs/store/partitions.h"
#include "libs/store/reference_copies.h"

namespace civitas {

class PartitionedStores {
 public:
  // Opens the store of a partition (a valid name); called once per partition.
  using Opener =
      std::function<absl::StatusOr<std::unique_ptr<DocumentStore>>(const std::string& partition)>;

  // `partitioned`: the collections whose records live in partitions (ids `<partition>-<id>`).
  // `copied`: the home collections whose records partitioned plans reference (each partition
  // keeps copies of their states).
  PartitionedStores(DocumentStore* home, std::set<std::string> partitioned, Opener open,
                    std::set<std::string> copied = {});

  // The home store: its writes of copied records keep every partition's copies
  // (ReferenceCopies::Write); everything else passes through.
  DocumentStore* home() { return &home_with_copies_; }
  const std::set<std::string>& partitioned() const { return partitioned_; }

  // `partition` seen with home (PartitionView), to write its records in, opened on first use;
  // home() for "". The partition is recorded in the home store, and its reference copies filled,
  // before its store is first handed out, so List names every partition that may hold anything.
  // INVALID_ARGUMENT for a bad name; the opener's or the home store's error otherwise.
  absl::StatusOr<DocumentStore*> Of(const std::string& partition);
  // The store to read a record of `collection` with `id` from: its id's partition (seen with
  // home) for a partitioned collection, home for the others and for ids that name no partition
  // (records written before their collection was partitioned). Reads record nothing: NOT_FOUND
  // naming the record when its partition was never written in.
  absl::StatusOr<DocumentStore*> OfRecord(const std::string& collection, const std::string& id);
  // The store of a recorded partition (seen with home), without recording it: NOT_FOUND when
  // nothing was ever written in it.
  absl::StatusOr<DocumentStore*> OfRecorded(const std::string& partition);
  // Every partition recorded, in name order.
  absl::StatusOr<std::vector<std::string>> List();
  // Brings every partition's reference copies to what home holds (after a crash mid-change).
  absl::Status RepairCopies() { return copies_.Repair(); }

  // Writes `plan` in the one keyspace its documents and references lie in (PartitionOfPlan's
  // refusals otherwise, before anything is written). Its counters, totals and idempotency
  // record are written there too: keys the caller chose for that partition.
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan);

  // Where partitions are recorded in the home store (one empty document per partition).
  static constexpr char kPartitionsCollection[] = "_partitions";

 private:
  // The home store, its writes of copied records through copies_.
  class HomeWithCopies : public DocumentStore {
   public:
    HomeWithCopies(DocumentStore* home, ReferenceCopies* copies) : home_(home), copies_(copies) {}
    absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override;
    void WriteAsync(WritePlan plan, WriteDone done) override;
    std::vector<absl::StatusOr<WriteOutcome>> WriteAll(std::vector<WritePlan> plans) override;
    absl::StatusOr<std::optional<StoredDocument>> Get(const std::string& collection,
                                                      const std::string& id) override;
    void GetAsync(const std::string& collection, const std::string& id, GetDone done) override;
    absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetMany(
        const std::string& collection, const std::vector<std::string>& ids) override;
    absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetAcross(
        const std::vector<DocumentKey>& keys) override;
    absl::StatusOr<ScanPage> Scan(const ScanRequest& request) override;
    absl::StatusOr<std::optional<std::string>> FindUnique(const std::string& collection,
                                                          const std::string& value) override;
    absl::StatusOr<std::vector<std::optional<std::string>>> FindUniques(
        const std::string& collection, const std::vector<std::string>& values) override;
    absl::StatusOr<int64_t> GetCounter(const std::string& name) override;
    absl::StatusOr<std::vector<Totals>> GetTotals(const std::vector<std::string>& keys) override;
    absl::StatusOr<int64_t> ChangeCursor() override;
    absl::StatusOr<ChangePage> Changes(const ChangeScan& scan) override;

   private:
    DocumentStore* const home_;
    ReferenceCopies* const copies_;
  };
  struct Opened {
    std::unique_ptr<DocumentStore> store;
    std::unique_ptr<PartitionView> view;
  };

  // The view of `partition`, recorded in home first when `record`; NOT_FOUND when not `record`
  // and the partition was never recorded.
  absl::StatusOr<DocumentStore*> Open(const std::string& partition, bool record);
  // The raw stores of every partition recorded (for the copies).
  absl::StatusOr<std::vector<DocumentStore*>> RecordedStores();

  DocumentStore* const home_;
  const std::set<std::string> partitioned_;
  const std::set<std::string> copied_;
  const Opener open_;
  ReferenceCopies copies_;
  HomeWithCopies home_with_copies_;
  // Held while a partition is first opened (round trips to home, the opener).
  absl::Mutex open_mu_;
  absl::Mutex mu_;
  std::map<std::string, Opened> opened_ ABSL_GUARDED_BY(mu_);
};

}  // namespace civitas
