// PartitionedStores: a service's home store and the stores of its partitions (PARTITIONS.md),
// each partition a whole keyspace of its own (documents, indexes, unique values, counters,
// totals, sequence, change logs and outbox) on the home Redis or on one of its own. Callers
// choose the partition (an org unit's country); this class opens its store, records that it
// exists, and writes each plan in the one keyspace it lies in. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "libs/store/document_store.h"
#include "libs/store/partitions.h"

namespace civitas {

class PartitionedStores {
 public:
  // Opens the store of a partition (a valid name); called once per partition.
  using Opener =
      std::function<absl::StatusOr<std::unique_ptr<DocumentStore>>(const std::string& partition)>;

  // `partitioned`: the collections whose records live in partitions (ids `<partition>-<id>`).
  PartitionedStores(DocumentStore* home, std::set<std::string> partitioned, Opener open);

  DocumentStore* home() const { return home_; }
  const std::set<std::string>& partitioned() const { return partitioned_; }

  // The store of `partition`, to write in, opened on first use. The partition is recorded in the
  // home store before its store is first handed out, so List names every partition that may
  // hold anything. INVALID_ARGUMENT for a bad name; the opener's or the home store's error
  // otherwise.
  absl::StatusOr<DocumentStore*> Of(const std::string& partition);
  // The store to read a record of `collection` with `id` from: its id's partition for a
  // partitioned collection, home for the others and for ids that name no partition (records
  // written before their collection was partitioned). Reads record nothing: NOT_FOUND naming
  // the record when its partition was never written in.
  absl::StatusOr<DocumentStore*> OfRecord(const std::string& collection, const std::string& id);
  // Every partition recorded, in name order.
  absl::StatusOr<std::vector<std::string>> List();

  // Writes `plan` in the one keyspace its documents and references lie in (PartitionOfPlan's
  // refusals otherwise, before anything is written). Its counters, totals and idempotency
  // record are written there too: keys the caller chose for that partition.
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan);

  // Where partitions are recorded in the home store (one empty document per partition).
  static constexpr char kPartitionsCollection[] = "_partitions";

 private:
  // The store of `partition`, recorded in home first when `record`; NOT_FOUND when not `record`
  // and the partition was never recorded.
  absl::StatusOr<DocumentStore*> Open(const std::string& partition, bool record);

  DocumentStore* const home_;
  const std::set<std::string> partitioned_;
  const Opener open_;
  // Held while a partition is first opened (round trips to home, the opener).
  absl::Mutex open_mu_;
  absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<DocumentStore>> opened_ ABSL_GUARDED_BY(mu_);
};

}  // namespace civitas
