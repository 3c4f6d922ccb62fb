// Loading the records registry resources refer to: territories (with their ancestors, cached)
// and organisations, each checked live and referenced by the write that names it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/auth/principal.h"
#include "libs/records/read_record.h"
#include "libs/records/record.h"
#include "libs/store/document_store.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

// A reference to a record that must be live (a draft or active: not suspended or archived) when
// the write applies.
template <records::Record T>
Reference LiveRecord(std::string id) {
  return records::RefTo<T>(std::move(id), {v1::DRAFT, v1::ACTIVE});
}

// Reads one record of type T; nullopt when missing.
template <records::Record T>
absl::StatusOr<std::optional<T>> LoadRecord(DocumentStore* store, const std::string& id) {
  auto stored = records::ReadRecord<T>(store, id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return std::nullopt;
  return std::move((*stored)->record);
}

// Loads territories by name and returns each with its ancestors (names), for subtree indexes.
// Adds a violation at `field` for a missing or archived one.
// Ancestors are cached: a territory's parent is immutable and territories are never erased, so
// its ancestry never changes once read.
class TerritoryResolver {
 public:
  explicit TerritoryResolver(DocumentStore* store) : store_(store) {}
  absl::StatusOr<std::optional<v1::Territory>> Find(const std::string& name);
  // Checks that `name` is a live territory; adds a violation otherwise. With a `reader`, one it
  // may not read is answered as a missing one (ReaderOfReferences).
  absl::Status Check(const Principal* reader, const std::string& name, const std::string& field,
                     Violations* v, std::vector<Reference>* references);
  // `names` plus all their ancestors.
  absl::StatusOr<std::vector<std::string>> WithAncestors(const std::vector<std::string>& names);

 private:
  void Remember(const v1::Territory& t);

  DocumentStore* const store_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::vector<std::string>> ancestors_ ABSL_GUARDED_BY(mu_);
};

// Checks that `name` is a live organisation (and, when `out` is set, returns it); with a `reader`,
// one it may not read is answered as a missing one, and not returned.
absl::Status CheckOrganization(DocumentStore* store, const Principal* reader,
                               const std::string& name, const std::string& field, Violations* v,
                               std::vector<Reference>* references,
                               std::optional<v1::Organization>* out = nullptr);

}  // namespace civitas::registry
