// PartitionView: one partition of a service's keyspace seen together with its home
// (PARTITIONS.md), as one DocumentStore, for the records of that partition and the rules that
// write them. Records of partitioned collections and their change feeds, and every write, counter
// and totals hash, are the partition's; reads of the other collections go home. A plan written
// through it holds documents of partitioned collections only. Its references to records kept at
// home (a submission's data set, which must be ACTIVE) are checked by the partition's own script
// against the partition's reference copies of them (ReferenceCopies): documents of the same
// collection and id, in the partition's keyspace, holding the home record's state. So the plan is
// written as it is, in one script on one Redis.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "libs/store/document_store.h"

namespace civitas {

class PartitionView : public DocumentStore {
 public:
  // `partitioned`: the collections kept in partitions; `copied`: the home collections whose
  // records partitioned plans may reference (each partition keeps copies of their states). Both
  // outlive the view.
  PartitionView(DocumentStore* home, DocumentStore* partition,
                const std::set<std::string>* partitioned, const std::set<std::string>* copied);

  DocumentStore* partition() const { return partition_; }

  // INVALID_ARGUMENT, before anything is written, for a plan holding a home collection's
  // document or referencing a home record that is not copied: a bug in the caller.
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan) override;
  void WriteAsync(WritePlan plan, WriteDone done) override;
  std::vector<absl::StatusOr<WriteOutcome>> WriteAll(std::vector<WritePlan> plans) override;

  absl::StatusOr<std::optional<StoredDocument>> Get(const std::string& collection,
                                                    const std::string& id) override;
  void GetAsync(const std::string& collection, const std::string& id, GetDone done) override;
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetMany(
      const std::string& collection, const std::vector<std::string>& ids) override;
  // Keys of both keyspaces: one read of each, answers in the order of `keys`.
  absl::StatusOr<std::vector<std::optional<StoredDocument>>> GetAcross(
      const std::vector<DocumentKey>& keys) override;
  absl::StatusOr<ScanPage> Scan(const ScanRequest& request) override;
  absl::StatusOr<std::optional<std::string>> FindUnique(const std::string& collection,
                                                        const std::string& value) override;
  absl::StatusOr<std::vector<std::optional<std::string>>> FindUniques(
      const std::string& collection, const std::vector<std::string>& values) override;
  absl::StatusOr<int64_t> GetCounter(const std::string& name) override;
  absl::StatusOr<std::vector<Totals>> GetTotals(const std::vector<std::string>& keys) override;
  // The partition's cursor: the position in the feeds of its own collections. (Changes of a home
  // collection read home's feed, whose cursors are home's: ask home for them.)
  absl::StatusOr<int64_t> ChangeCursor() override;
  absl::StatusOr<ChangePage> Changes(const ChangeScan& scan) override;

 private:
  // The store holding `collection`'s records.
  DocumentStore* Holding(const std::string& collection) const;
  absl::Status CheckPlan(const WritePlan& plan) const;

  DocumentStore* const home_;
  DocumentStore* const partition_;
  const std::set<std::string>* const partitioned_;
  const std::set<std::string>* const copied_;
};

}  // namespace civitas
