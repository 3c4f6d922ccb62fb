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

  // The store of `partition`, opened on first use. The partition is recorded in the home store
  // before its store is first handed out, so List names every partition that may hold anything.
  // INVALID_ARGUMENT for a bad name; the opener's or the home store's error otherwise.
  absl::StatusOr<DocumentStore*> Of(const std::string& partition);
  // The store a record of `collection` with `id` lives in: home for a collection not
  // partitioned, its id's partition otherwise (NOT_FOUND naming the record when its id names
  // none: no such record can exist).
  absl::StatusOr<DocumentStore*> OfRecord(const std::string& collection, const std::string& id);
  // Every partition recorded, in name order.
  absl::StatusOr<std::vector<std::string>> List();

  // Writes `plan` in the one keyspace it lies in (PartitionOfPlan's refusals otherwise, before
  // anything is written).
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan);

  // Where partitions are recorded in the home store (one empty document per partition).
  static constexpr char kPartitionsCollection[] = "_partitions";

 private:
  DocumentStore* const home_;
  const std::set<std::string> partitioned_;
  const Opener open_;
  absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<DocumentStore>> opened_ ABSL_GUARDED_BY(mu_);
};

}  // namespace civitas
