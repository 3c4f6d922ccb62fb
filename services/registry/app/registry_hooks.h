// The RecordHooks of each registry resource. Each reads the records it references through the
// same DocumentStore; none owns it. Thread-safe.
#pragma once

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "civitas/registry/v1/resources.pb.h"
#include "services/registry/app/record_hooks.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

// Loads territories by name and returns each with its ancestors (names), for subtree indexes.
// Adds a violation at `field` for a missing or archived one.
// Ancestors are cached: a territory's parent is immutable and territories are never erased, so
// its ancestry never changes once read.
class TerritoryResolver {
 public:
  explicit TerritoryResolver(DocumentStore* store) : store_(store) {}
  absl::StatusOr<std::optional<v1::Territory>> Find(const std::string& name);
  // Checks that `name` is a live territory; adds a violation otherwise.
  absl::Status Check(const std::string& name, const std::string& field, Violations* v,
                     std::vector<Reference>* references);
  // `names` plus all their ancestors.
  absl::StatusOr<std::vector<std::string>> WithAncestors(const std::vector<std::string>& names);

 private:
  void Remember(const v1::Territory& t);

  DocumentStore* const store_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::vector<std::string>> ancestors_ ABSL_GUARDED_BY(mu_);
};

// Checks that `name` is a live organisation (and, when `out` is set, returns it).
absl::Status CheckOrganization(DocumentStore* store, const std::string& name,
                               const std::string& field, Violations* v,
                               std::vector<Reference>* references,
                               std::optional<v1::Organization>* out = nullptr);

class TerritoryHooks final : public RecordHooks<v1::Territory> {
 public:
  explicit TerritoryHooks(DocumentStore* store) : store_(store), territories_(store) {}
  const aip::ResourceSpec& spec() const override;
  void Validate(const v1::Territory& t, Violations* v) const override;
  std::vector<std::string> Owners(const v1::Territory&) const override { return {}; }
  absl::Status AuthorizeWrite(const Principal& p, WriteAction action, const v1::Territory* before,
                              const v1::Territory& after) const override;
  absl::Status Resolve(v1::Territory* t, Violations* v,
                       std::vector<Reference>* references) override;
  absl::StatusOr<std::vector<std::string>> SubtreeValues(const v1::Territory& t) override;
  std::vector<std::string> UniqueValues(const v1::Territory& t) const override;

 private:
  DocumentStore* const store_;
  TerritoryResolver territories_;
};

class OrganizationHooks final : public RecordHooks<v1::Organization> {
 public:
  explicit OrganizationHooks(DocumentStore* store) : territories_(store) {}
  const aip::ResourceSpec& spec() const override;
  void Validate(const v1::Organization& o, Violations* v) const override;
  std::vector<std::string> Owners(const v1::Organization& o) const override { return {o.name()}; }
  absl::Status AuthorizeWrite(const Principal& p, WriteAction action,
                              const v1::Organization* before,
                              const v1::Organization& after) const override;
  absl::Status Resolve(v1::Organization* o, Violations* v,
                       std::vector<Reference>* references) override;
  absl::StatusOr<std::vector<std::string>> SubtreeValues(const v1::Organization& o) override;
  std::vector<std::string> UniqueValues(const v1::Organization& o) const override;

 private:
  TerritoryResolver territories_;
};

class SocialServiceHooks final : public RecordHooks<v1::SocialService> {
 public:
  explicit SocialServiceHooks(DocumentStore* store) : store_(store), territories_(store) {}
  const aip::ResourceSpec& spec() const override;
  void Validate(const v1::SocialService& s, Violations* v) const override;
  std::vector<std::string> Owners(const v1::SocialService& s) const override {
    return {s.provider()};
  }
  absl::Status AuthorizeWrite(const Principal& p, WriteAction action,
                              const v1::SocialService* before,
                              const v1::SocialService& after) const override;
  absl::Status Resolve(v1::SocialService* s, Violations* v,
                       std::vector<Reference>* references) override;
  absl::StatusOr<std::vector<std::string>> SubtreeValues(const v1::SocialService& s) override;

 private:
  DocumentStore* const store_;
  TerritoryResolver territories_;
};

class PartnershipHooks final : public RecordHooks<v1::Partnership> {
 public:
  explicit PartnershipHooks(DocumentStore* store) : store_(store) {}
  const aip::ResourceSpec& spec() const override;
  void Validate(const v1::Partnership& p, Violations* v) const override;
  std::vector<std::string> Owners(const v1::Partnership& p) const override {
    return {p.cso(), p.authority()};
  }
  absl::Status AuthorizeWrite(const Principal& p, WriteAction action, const v1::Partnership* before,
                              const v1::Partnership& after) const override;
  absl::Status Resolve(v1::Partnership* p, Violations* v,
                       std::vector<Reference>* references) override;
  absl::StatusOr<std::vector<std::string>> SubtreeValues(const v1::Partnership&) override {
    return std::vector<std::string>{};
  }

 private:
  DocumentStore* const store_;
};

class NetworkHooks final : public RecordHooks<v1::Network> {
 public:
  explicit NetworkHooks(DocumentStore* store) : store_(store), territories_(store) {}
  const aip::ResourceSpec& spec() const override;
  void Validate(const v1::Network& n, Violations* v) const override;
  std::vector<std::string> Owners(const v1::Network& n) const override { return {n.coordinator()}; }
  absl::Status AuthorizeWrite(const Principal& p, WriteAction action, const v1::Network* before,
                              const v1::Network& after) const override;
  absl::Status Resolve(v1::Network* n, Violations* v, std::vector<Reference>* references) override;
  absl::StatusOr<std::vector<std::string>> SubtreeValues(const v1::Network&) override {
    return std::vector<std::string>{};
  }

 private:
  DocumentStore* const store_;
  TerritoryResolver territories_;
};

}  // namespace civitas::registry
