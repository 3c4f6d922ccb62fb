// SubmissionStores: where submissions (a data set x org unit x period, with the totals of its
// figures) are kept. Split by country (libs/store/PARTITIONS.md), each country's submissions are
// in a keyspace of their own, named after the country's territory and placed on a Redis by the
// `partition_redis` setting; otherwise all are at home. Either way callers go through the
// keyspaces this names: the keyspace of an org unit, the keyspace of a submission (its id's
// partition), and every keyspace in order for lists, completeness and pulls.
//
// An org unit's keyspace is its country's when its first submission is made, and then stays:
// it is pinned at home (`orgUnitKeyspaces`) before that submission is written, so that every
// submission of an org unit is in one keyspace, where its entry key is unique and its locks
// hold, even after an organisation moves to another country. Its figures then count in the new
// country's territories from that keyspace: which keyspaces hold totals of another country's
// territories is recorded at home (`foreignTotals`) before such a submission is written, and
// a territory's totals are read in its country's keyspace and in those (KeyspacesOfTerritory).
// Everything else monitoring keeps (categories, indicators, data sets, targets, imports' jobs) is
// at home. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "civitas/monitoring/v1/resources.pb.h"
#include "libs/clients/registry_client.h"
#include "libs/common/clock.h"
#include "libs/common/id_generator.h"
#include "libs/records/record_service.h"
#include "libs/store/partitioned_stores.h"

namespace civitas::monitoring {

class SubmissionStores {
 public:
  // `by_country`: submissions in their country's keyspace (a store holding submissions at home
  // from before refuses it: Check); else at home.
  SubmissionStores(PartitionedStores* stores, bool by_country, clients::RegistryClient* registry,
                   records::RecordRules<v1::Submission>* rules, const Clock* clock,
                   IdGenerator* ids);

  bool by_country() const { return by_country_; }
  // Home, seen with its reference copies' upkeep (PartitionedStores::home).
  DocumentStore* home() const { return stores_->home(); }
  PartitionedStores* partitioned() const { return stores_; }

  // FAILED_PRECONDITION when split by country while home holds submissions from before (they
  // would be missed by entry, which looks in the country's keyspace), or kept at home while
  // countries hold submissions.
  absl::Status Check();

  // The keyspaces that may hold submissions, in the order lists and pulls read them: home ("")
  // alone, or every country recorded, in name order.
  absl::StatusOr<std::vector<std::string>> Keyspaces();
  // The store of `keyspace` ("" for home), to read and write its submissions in (a country is
  // recorded on first use).
  absl::StatusOr<DocumentStore*> Store(const std::string& keyspace);
  // The records of `keyspace`: submissions created there take ids in its partition.
  absl::StatusOr<records::RecordService<v1::Submission>*> Records(const std::string& keyspace);
  // The records of the keyspace the submission `name` lies in (its id's partition); NOT_FOUND
  // naming it when nothing was ever written in that partition.
  absl::StatusOr<records::RecordService<v1::Submission>*> RecordsOf(const std::string& name);
  // The keyspace a submission `name` lies in, without opening it.
  static std::string KeyspaceOfName(const std::string& name);

  // Every submission in all of `indexes` (records::ScanAll), in every keyspace in turn.
  absl::StatusOr<std::vector<v1::Submission>> ScanAll(const std::vector<std::string>& indexes);

  // GetSubmission: the submission `name`, from its keyspace.
  absl::StatusOr<v1::Submission> Get(const records::Request& r, const std::string& name);
  // ListSubmissions over every keyspace in turn (by country, then as RecordService::List orders
  // within one). Not split by country, the page token is home's as before; split, it is
  // `<keyspace>/<that keyspace's token>`.
  absl::StatusOr<records::ListResult<v1::Submission>> List(const records::Request& r,
                                                           const records::ListQuery& query);

  // The keyspace of the org unit whose path (country first) is `path`.
  std::string KeyspaceOfPath(const std::vector<std::string>& path) const;
  // The keyspace of `org_unit`: its pinned one, or its country's (the registry's path) when it
  // has no submission yet. INVALID_ARGUMENT naming the org unit when the registry does not know
  // it; FAILED_PRECONDITION for an organisation in no territory (no country).
  absl::StatusOr<std::string> KeyspaceOf(const std::string& org_unit,
                                         const clients::CallContext& ctx);
  // Pins `org_unit` to `keyspace` (a country's) unless it is pinned already: the keyspace it is
  // pinned to, where its submissions are to be made. Called before an org unit's first
  // submission is written.
  absl::StatusOr<std::string> Pin(const std::string& org_unit, const std::string& keyspace);
  // Records that `keyspace` is to hold totals of the territories on `path` (a submission whose
  // path it is will be written there): nothing when they are its own country's. Called before
  // the submission is written.
  absl::Status NoteTotalsOf(const std::vector<std::string>& path, const std::string& keyspace);
  // The keyspaces holding totals of `org_unit`: its own (KeyspaceOf), and for a territory those
  // holding figures of organisations that moved into its country (as recorded up to a second
  // ago, or by this process). INVALID_ARGUMENT / FAILED_PRECONDITION as KeyspaceOf.
  absl::StatusOr<std::vector<std::string>> KeyspacesOfTotals(const std::string& org_unit,
                                                             const clients::CallContext& ctx);

  // Remembers the country of `org_unit`, whose path was read for another reason (a territory's
  // never changes; an organisation's is asked again until it is pinned).
  void Remember(const std::string& org_unit, const std::vector<std::string>& path);

  // Where org units' keyspaces are pinned, at home (an org unit's name with '/' as '.').
  static constexpr char kPins[] = "orgUnitKeyspaces";
  // Which keyspaces hold totals of a country's territories besides its own, at home (by country:
  // the keyspaces, comma-separated).
  static constexpr char kForeignTotals[] = "foreignTotals";

 private:
  class IdsIn : public IdGenerator {
   public:
    IdsIn(std::string partition, IdGenerator* ids) : partition_(std::move(partition)), ids_(ids) {}
    std::string NewId() override;

   private:
    const std::string partition_;
    IdGenerator* const ids_;
  };
  struct Keyspace {
    std::unique_ptr<IdsIn> ids;
    std::unique_ptr<records::RecordService<v1::Submission>> records;
  };
  absl::StatusOr<records::RecordService<v1::Submission>*> RecordsIn(const std::string& keyspace,
                                                                    DocumentStore* store);

  PartitionedStores* const stores_;
  const bool by_country_;
  clients::RegistryClient* const registry_;
  records::RecordRules<v1::Submission>* const rules_;
  const Clock* const clock_;
  IdGenerator* const ids_;
  absl::Mutex mu_;
  std::map<std::string, Keyspace> keyspaces_ ABSL_GUARDED_BY(mu_);
  // Org units' keyspaces that never change: pinned ones, and territories' countries.
  absl::flat_hash_map<std::string, std::string> org_units_ ABSL_GUARDED_BY(mu_);
  // Org units known pinned (each pin is read or written once per process).
  absl::flat_hash_set<std::string> pinned_ ABSL_GUARDED_BY(mu_);
  // Each country's foreign keyspaces as last read (they only grow), and when.
  struct Foreign {
    std::vector<std::string> keyspaces;
    absl::Time read;
  };
  absl::flat_hash_map<std::string, Foreign> foreign_ ABSL_GUARDED_BY(mu_);
};

}  // namespace civitas::monitoring
