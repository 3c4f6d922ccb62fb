// ReferenceCopies: each partition's copies of the home records that partitioned plans reference
// (PARTITIONS.md, "Writes"): a submission, written in its country's keyspace, requires its data
// set to be ACTIVE, and a script sees one keyspace only. A copy is a document of the home
// record's collection and id in the partition's keyspace: its state is the home record's, its
// payload the home version it reflects (decimal), and it emits no event.
//
// A home write of a copied record keeps the copies with it:
//   1. a record whose state changes is fenced first in every partition (its copy's state becomes
//      CHANGING, which no reference accepts): no partitioned plan that depends on the old state
//      lands once the change is under way;
//   2. the home write;
//   3. every partition's copy takes the state home holds then (creates too), at its version; the
//      change is acknowledged only once every copy holds it (else UNAVAILABLE, the home write
//      having landed).
// A copy only moves forward (a copy of home version v is never replaced by one of a version
// before v), so a late step 3 never undoes a later change's fence. When the home write is
// refused, the fenced copies are brought back to what home holds. A crash between 1 and 3 leaves
// copies fenced (plans depending on them refused, the safe side) or behind, until Fill, which
// runs when a partition is opened and by a service's periodic repair, brings them to home. Fill
// may clear a fence of a change under way (it copies home as it is): plans that read the old
// state and land then, as those landing between 2 and 3, are concurrent with the change, which
// is acknowledged only after 3.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/store/document_store.h"

namespace civitas {

class ReferenceCopies {
 public:
  // The stores of every partition recorded now (read again at each step: a partition recorded
  // during a change is filled when opened, and receives step 3).
  using Partitions = std::function<absl::StatusOr<std::vector<DocumentStore*>>()>;

  // The state of a fenced copy.
  static constexpr char kChanging[] = "CHANGING";

  ReferenceCopies(DocumentStore* home, std::set<std::string> copied, Partitions partitions);

  const std::set<std::string>& copied() const { return copied_; }
  // Whether `plan` writes a copied record (else it is written at home as it is).
  bool Copies(const WritePlan& plan) const;

  // Writes `plan` at home with every partition's copies kept as above. The home write's outcome;
  // an error of steps 1 (nothing written then) or 2; UNAVAILABLE when step 3 failed (the home
  // write landed; Fill repairs the copies).
  absl::StatusOr<WriteOutcome> Write(const WritePlan& plan);

  // Brings `partition`'s copies of every copied record to what home holds now (fences and copies
  // behind included).
  absl::Status Fill(DocumentStore* partition);
  // Fill for every partition recorded.
  absl::Status Repair();

 private:
  struct Copy {
    std::string collection;
    std::string id;
    int64_t home_version = 0;
    std::string state;
  };
  // Each partition's copy of each of `copies` becomes it, unless it reflects a later home version.
  absl::Status SetEverywhere(const std::vector<Copy>& copies);
  static absl::Status Set(DocumentStore* partition, const std::vector<Copy>& copies);
  // The copies of what home holds now for `keys` (missing ones left out).
  absl::StatusOr<std::vector<Copy>> HomeNow(const std::vector<DocumentKey>& keys);

  DocumentStore* const home_;
  const std::set<std::string> copied_;
  const Partitions partitions_;
};

}  // namespace civitas
