// The RecordRules of each registry resource (libs/records): the registry's decisions come from
// domain/ (validation, who may change what, defaults); what is loaded here are the records a
// resource refers to, through the same DocumentStore, none of which it owns. Thread-safe.
#pragma once

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/records/read_record.h"
#include "libs/records/record_rules.h"
#include "libs/store/document_store.h"
#include "services/registry/domain/access_policy.h"
#include "services/registry/domain/change_rules.h"
#include "services/registry/domain/record_states.h"
#include "services/registry/domain/resource_spec.h"

namespace civitas::registry {

namespace v1 = ::civitas::registry::v1;

// What every registry resource shares: the RecordState model and who reads drafts.
template <typename T>
class RegistryRules : public records::RecordRules<T> {
 public:
  const records::StateModel<T>& states() const override { return RegistryStates<T>(); }
  bool CanRead(const records::RuleContext& ctx, const T& record) const override {
    return registry::CanRead(ctx.caller, record.state() == v1::DRAFT, OwnersOf(record));
  }
};

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

// Who must be able to read the records a record refers to: the caller when it creates the record
// (a reference to another organisation's draft is answered as a missing one); nobody in
// particular when it changes a record already stored, whose references were checked when made
// (its owner edits it whatever happened since to the drafts it names).
template <typename T>
const Principal* ReaderOfReferences(const records::ChangeContext<T>& ctx) {
  return ctx.change == records::Change::kCreate ? &ctx.caller : nullptr;
}

// Checks that `name` is a live organisation (and, when `out` is set, returns it); with a `reader`,
// one it may not read is answered as a missing one, and not returned.
absl::Status CheckOrganization(DocumentStore* store, const Principal* reader,
                               const std::string& name, const std::string& field, Violations* v,
                               std::vector<Reference>* references,
                               std::optional<v1::Organization>* out = nullptr);

class TerritoryRules final : public RegistryRules<v1::Territory> {
 public:
  explicit TerritoryRules(DocumentStore* store) : territories_(store) {}
  const aip::ResourceSpec& spec() const override { return TerritorySpec(); }
  void Validate(const v1::Territory* before, const v1::Territory& t, Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Territory>& ctx,
                         const v1::Territory& after) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Territory>& ctx, v1::Territory* t,
                              Violations* v, std::vector<Reference>* references) override;
  absl::StatusOr<std::vector<std::string>> SubtreeValues(const v1::Territory& t) override;
  std::vector<std::string> UniqueValues(const v1::Territory& t) const override;

 private:
  TerritoryResolver territories_;
};

class OrganizationRules final : public RegistryRules<v1::Organization> {
 public:
  explicit OrganizationRules(DocumentStore* store) : territories_(store) {}
  const aip::ResourceSpec& spec() const override { return OrganizationSpec(); }
  void Validate(const v1::Organization* before, const v1::Organization& o,
                Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Organization>& ctx,
                         const v1::Organization& after) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Organization>& ctx,
                              v1::Organization* o, Violations* v,
                              std::vector<Reference>* references) override;
  absl::StatusOr<std::vector<std::string>> SubtreeValues(const v1::Organization& o) override;
  std::vector<std::string> UniqueValues(const v1::Organization& o) const override;

 private:
  TerritoryResolver territories_;
};

class SocialServiceRules final : public RegistryRules<v1::SocialService> {
 public:
  explicit SocialServiceRules(DocumentStore* store) : territories_(store) {}
  const aip::ResourceSpec& spec() const override { return SocialServiceSpec(); }
  void Validate(const v1::SocialService* before, const v1::SocialService& s,
                Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::SocialService>& ctx,
                         const v1::SocialService& after) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::SocialService>& ctx,
                              v1::SocialService* s, Violations* v,
                              std::vector<Reference>* references) override;
  absl::StatusOr<std::vector<std::string>> SubtreeValues(const v1::SocialService& s) override;

 private:
  TerritoryResolver territories_;
};

// A service contract for a social service requires its provider to be accredited for the
// service's type on the contract's start date, by the registry's copy of the accreditation
// service's certificates (certificate_copies.h; a refusal names the certificate's state).
class PartnershipRules final : public RegistryRules<v1::Partnership> {
 public:
  PartnershipRules() = default;
  const aip::ResourceSpec& spec() const override { return PartnershipSpec(); }
  void Validate(const v1::Partnership* before, const v1::Partnership& p,
                Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Partnership>& ctx,
                         const v1::Partnership& after) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Partnership>& ctx,
                              v1::Partnership* p, Violations* v,
                              std::vector<Reference>* references) override;

 private:
  // Adds a violation naming the certificate's state unless the service's provider is
  // accredited for its type on `start_date`.
  absl::Status CheckContractAccreditation(DocumentStore* reads, const v1::SocialService& service,
                                          const std::string& start_date, Violations* v);
};

class NetworkRules final : public RegistryRules<v1::Network> {
 public:
  explicit NetworkRules(DocumentStore* store) : territories_(store) {}
  const aip::ResourceSpec& spec() const override { return NetworkSpec(); }
  void Validate(const v1::Network* before, const v1::Network& n, Violations* v) const override;
  absl::Status Authorize(const records::ChangeContext<v1::Network>& ctx,
                         const v1::Network& after) const override;
  absl::Status LoadReferences(const records::ChangeContext<v1::Network>& ctx, v1::Network* n,
                              Violations* v, std::vector<Reference>* references) override;

 private:
  TerritoryResolver territories_;
};

}  // namespace civitas::registry
