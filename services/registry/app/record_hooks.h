// RecordHooks: what a registry resource adds to the generic record lifecycle in RecordService:
// validation, references to other records, ownership and authorization.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/auth/principal.h"
#include "libs/common/field_violations.h"
#include "libs/store/document_store.h"
#include "services/registry/domain/access_policy.h"
#include "services/registry/domain/resource_spec.h"

namespace civitas::registry {

enum class WriteAction { kCreate, kUpdate, kDelete };

// A reference to a record that must not be archived when the write applies.
inline Reference LiveRecord(std::string collection, std::string id) {
  return {{std::move(collection), std::move(id)}, {"DRAFT", "ACTIVE"}};
}

template <typename T>
class RecordHooks {
 public:
  virtual ~RecordHooks() = default;
  virtual const aip::ResourceSpec& spec() const = 0;
  // Field-level checks of the resource as it would be stored.
  virtual void Validate(const T& entity, Violations* v) const = 0;
  // Organisations that own the record (see access_policy.h).
  virtual std::vector<std::string> Owners(const T& entity) const = 0;
  // `before` is null for a create.
  virtual absl::Status AuthorizeWrite(const Principal& p, WriteAction action, const T* before,
                                      const T& after) const = 0;
  // Checks references to other records (adding violations for missing or archived ones), fills
  // derived fields, and lists the records that must still exist (and be live) when the write
  // applies.
  virtual absl::Status Resolve(T* entity, Violations* v, std::vector<Reference>* references) = 0;
  // Values of the subtree filter field (a territory and its ancestors); empty when none.
  virtual absl::StatusOr<std::vector<std::string>> SubtreeValues(const T& entity) = 0;
  // Values no two records of the collection may share.
  virtual std::vector<std::string> UniqueValues(const T& entity) const { return {}; }

 protected:
  // The usual rule: staff, or the organisation owning the record before and after the change.
  absl::Status AuthorizeByOwnership(const Principal& p, const T* before, const T& after,
                                    const std::string& what) const {
    std::vector<std::string> owners_before;
    if (before != nullptr) owners_before = Owners(*before);
    return AuthorizeOwnerOrStaff(p, owners_before, Owners(after), what);
  }
};

// Reads one record of type T; nullopt when missing.
template <typename T>
absl::StatusOr<std::optional<T>> LoadRecord(DocumentStore* store, const std::string& collection,
                                            const std::string& id) {
  auto doc = store->Get(collection, id);
  if (!doc.ok()) return doc.status();
  if (!doc->has_value()) return std::nullopt;
  T entity;
  if (!entity.ParseFromString((*doc)->payload)) {
    return absl::DataLossError(collection + "/" + id + " cannot be parsed");
  }
  return entity;
}

}  // namespace civitas::registry
