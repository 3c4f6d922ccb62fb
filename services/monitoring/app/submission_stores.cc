#include "services/monitoring/app/submission_stores.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "civitas/registry/v1/resources.pb.h"
#include "libs/aip/list_query.h"
#include "libs/aip/resource_names.h"
#include "libs/common/status_macros.h"
#include "libs/records/read_record.h"
#include "libs/store/partitions.h"
#include "services/monitoring/app/org_unit_path.h"

namespace civitas::monitoring {

SubmissionStores::SubmissionStores(PartitionedStores* stores, bool by_country,
                                   clients::RegistryClient* registry,
                                   records::RecordRules<v1::Submission>* rules, const Clock* clock,
                                   IdGenerator* ids)
    : stores_(stores),
      by_country_(by_country),
      registry_(registry),
      rules_(rules),
      clock_(clock),
      ids_(ids) {}

std::string SubmissionStores::IdsIn::NewId() { return IdInPartition(partition_, ids_->NewId()); }

absl::Status SubmissionStores::Check() {
  if (!by_country_) {
    // Kept by country before: home alone would miss them (and make second submissions of their
    // entry keys).
    ASSIGN_OR_RETURN(std::vector<std::string> countries, stores_->List());
    if (!countries.empty()) {
      return absl::FailedPreconditionError(
          absl::StrCat("submissions are kept at home (partition_by_country=false), but ",
                       countries.size(), " countries hold submissions of their own (such as ",
                       countries.front(), "): keep them by country"));
    }
    return absl::OkStatus();
  }
  ScanRequest scan;
  scan.collection = std::string(aip::CollectionOf<v1::Submission>());
  scan.limit = 1;
  ASSIGN_OR_RETURN(ScanPage page, stores_->home()->Scan(scan));
  if (!page.documents.empty()) {
    return absl::FailedPreconditionError(
        "submissions are kept by country, but the home keyspace holds submissions from before "
        "(such as " +
        aip::NameOf<v1::Submission>(page.documents.front().id) +
        "): keep them at home (partition_by_country=false), or start from an empty store "
        "(make run: remove var/redis)");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> SubmissionStores::Keyspaces() {
  if (!by_country_) return std::vector<std::string>{""};
  return stores_->List();
}

absl::StatusOr<DocumentStore*> SubmissionStores::Store(const std::string& keyspace) {
  return stores_->Of(keyspace);
}

absl::StatusOr<records::RecordService<v1::Submission>*> SubmissionStores::RecordsIn(
    const std::string& keyspace, DocumentStore* store) {
  absl::MutexLock lock(&mu_);
  Keyspace& k = keyspaces_[keyspace];
  if (k.records == nullptr) {
    IdGenerator* ids = ids_;
    if (!keyspace.empty()) {
      k.ids = std::make_unique<IdsIn>(keyspace, ids_);
      ids = k.ids.get();
    }
    k.records =
        std::make_unique<records::RecordService<v1::Submission>>(store, rules_, clock_, ids);
  }
  return k.records.get();
}

absl::StatusOr<records::RecordService<v1::Submission>*> SubmissionStores::Records(
    const std::string& keyspace) {
  ASSIGN_OR_RETURN(DocumentStore * store, stores_->Of(keyspace));
  return RecordsIn(keyspace, store);
}

std::string SubmissionStores::KeyspaceOfName(const std::string& name) {
  if (!aip::IsNameOf<v1::Submission>(name)) return "";
  return std::string(PartitionOfId(aip::IdIn<v1::Submission>(name)));
}

absl::StatusOr<records::RecordService<v1::Submission>*> SubmissionStores::RecordsOf(
    const std::string& name) {
  const std::string keyspace = KeyspaceOfName(name);
  // A malformed name goes home, whose records refuse it as malformed.
  absl::StatusOr<DocumentStore*> store = stores_->OfRecorded(keyspace);
  if (absl::IsNotFound(store.status())) {
    return absl::NotFoundError(absl::StrCat(name, " not found"));
  }
  if (!store.ok()) return store.status();
  return RecordsIn(keyspace, *store);
}

absl::StatusOr<std::vector<v1::Submission>> SubmissionStores::ScanAll(
    const std::vector<std::string>& indexes) {
  std::vector<v1::Submission> out;
  ASSIGN_OR_RETURN(const std::vector<std::string> keyspaces, Keyspaces());
  for (const std::string& keyspace : keyspaces) {
    ASSIGN_OR_RETURN(DocumentStore * in, stores_->OfRecorded(keyspace));
    ASSIGN_OR_RETURN(std::vector<v1::Submission> found,
                     records::ScanAll<v1::Submission>(in, indexes));
    for (v1::Submission& s : found) out.push_back(std::move(s));
  }
  return out;
}

absl::StatusOr<v1::Submission> SubmissionStores::Get(const records::Request& r,
                                                     const std::string& name) {
  ASSIGN_OR_RETURN(records::RecordService<v1::Submission> * in, RecordsOf(name));
  return in->Get(r, name);
}

absl::StatusOr<records::ListResult<v1::Submission>> SubmissionStores::List(
    const records::Request& r, const records::ListQuery& query) {
  if (!by_country_) {
    ASSIGN_OR_RETURN(records::RecordService<v1::Submission> * home, Records(""));
    return home->List(r, query);
  }
  // Where the previous page stopped: a keyspace, and the token within it.
  std::string keyspace, token;
  if (!query.page_token.empty()) {
    const size_t slash = query.page_token.find('/');
    keyspace = query.page_token.substr(0, std::min(slash, query.page_token.size()));
    if (slash == std::string::npos || !IsPartitionName(keyspace)) {
      return absl::InvalidArgumentError("page_token: is not a token this API issued");
    }
    token = query.page_token.substr(slash + 1);
  }
  ASSIGN_OR_RETURN(const std::vector<std::string> keyspaces, Keyspaces());
  if (keyspaces.empty()) {
    // No country holds any: home's (empty) answer, which checks the request as any list does.
    ASSIGN_OR_RETURN(records::RecordService<v1::Submission> * home, Records(""));
    records::ListQuery first = query;
    first.page_token.clear();
    return home->List(r, first);
  }
  // A token names a country recorded when it was issued (recorded ones stay).
  if (!query.page_token.empty() &&
      !std::binary_search(keyspaces.begin(), keyspaces.end(), keyspace)) {
    return absl::InvalidArgumentError("page_token: is not a token this API issued");
  }
  const int page_size = query.page_size == 0 ? aip::kDefaultPageSize : query.page_size;
  records::ListResult<v1::Submission> out;
  for (auto it = std::lower_bound(keyspaces.begin(), keyspaces.end(), keyspace);
       it != keyspaces.end(); ++it) {
    if (*it != keyspace) token.clear();  // a keyspace after the token's: from its start
    ASSIGN_OR_RETURN(records::RecordService<v1::Submission> * in, Records(*it));
    records::ListQuery part = query;
    part.page_token = token;
    part.page_size = page_size - static_cast<int>(out.items.size());
    ASSIGN_OR_RETURN(records::ListResult<v1::Submission> page, in->List(r, part));
    for (v1::Submission& s : page.items) out.items.push_back(std::move(s));
    if (!page.next_page_token.empty()) {
      // This keyspace has more: the page ends here (full, or bounded by what one List reads).
      out.next_page_token = absl::StrCat(*it, "/", page.next_page_token);
      return out;
    }
    if (static_cast<int>(out.items.size()) >= page_size && it + 1 != keyspaces.end()) {
      out.next_page_token = absl::StrCat(*(it + 1), "/");
      return out;
    }
  }
  return out;
}

std::string SubmissionStores::KeyspaceOfPath(const std::vector<std::string>& path) const {
  if (!by_country_ || path.empty()) return "";
  return PartitionNameFor(aip::IdIn<registry::v1::Territory>(path.front()));
}

namespace {

std::string PinId(const std::string& org_unit) {
  std::string id = org_unit;
  std::replace(id.begin(), id.end(), '/', '.');
  return id;
}

}  // namespace

absl::StatusOr<std::string> SubmissionStores::KeyspaceOf(const std::string& org_unit,
                                                         const clients::CallContext& ctx) {
  if (!by_country_) return std::string();
  {
    absl::MutexLock lock(&mu_);
    auto it = org_units_.find(org_unit);
    if (it != org_units_.end()) return it->second;
  }
  ASSIGN_OR_RETURN(std::optional<StoredDocument> pinned,
                   stores_->home()->Get(kPins, PinId(org_unit)));
  if (pinned.has_value()) {
    absl::MutexLock lock(&mu_);
    org_units_.insert_or_assign(org_unit, pinned->payload);
    pinned_.insert(org_unit);
    return pinned->payload;
  }
  ASSIGN_OR_RETURN(std::vector<std::string> path, OrgUnitPath(registry_, org_unit, ctx));
  if (path.empty()) {
    // An organisation in no territory has no country (and its figures no keyspace).
    return absl::FailedPreconditionError(absl::StrCat(
        "org_unit: ", org_unit, " lies in no territory of the registry, so in no country"));
  }
  Remember(org_unit, path);
  return KeyspaceOfPath(path);
}

absl::StatusOr<std::string> SubmissionStores::Pin(const std::string& org_unit,
                                                  const std::string& keyspace) {
  if (!by_country_) return std::string();
  if (keyspace.empty()) {
    return absl::InternalError(absl::StrCat(org_unit, " would be pinned at home"));
  }
  const std::string id = PinId(org_unit);
  const bool territory = aip::IsNameOf<registry::v1::Territory>(org_unit);
  for (int attempt = 0; attempt < 2; ++attempt) {
    {
      absl::MutexLock lock(&mu_);
      auto it = org_units_.find(org_unit);
      // Known pinned (a territory's country is remembered before it is pinned: its keyspace for
      // good, but its pin is written once all the same).
      if (it != org_units_.end() && (!territory || pinned_.contains(org_unit))) return it->second;
    }
    ASSIGN_OR_RETURN(std::optional<StoredDocument> pinned, stores_->home()->Get(kPins, id));
    const std::string at = pinned.has_value() ? pinned->payload : keyspace;
    if (!pinned.has_value()) {
      WritePlan plan;
      DocumentChange& doc = plan.documents.emplace_back();
      doc.kind = DocumentChange::Kind::kCreate;
      doc.collection = kPins;
      doc.id = id;
      doc.payload = keyspace;
      absl::StatusOr<WriteOutcome> written = stores_->home()->Write(plan);
      // Pinned meanwhile (another first entry, another replica): that one holds.
      if (absl::IsAlreadyExists(written.status())) continue;
      if (!written.ok()) return written.status();
    }
    absl::MutexLock lock(&mu_);
    org_units_.insert_or_assign(org_unit, at);
    pinned_.insert(org_unit);
    return at;
  }
  return absl::AbortedError(absl::StrCat("the keyspace of ", org_unit, " kept changing"));
}

absl::Status SubmissionStores::NoteTotalsOf(const std::vector<std::string>& path,
                                            const std::string& keyspace) {
  const std::string country = KeyspaceOfPath(path);
  if (!by_country_ || country.empty() || country == keyspace) return absl::OkStatus();
  {
    absl::MutexLock lock(&mu_);
    auto it = foreign_.find(country);
    if (it != foreign_.end() &&
        std::binary_search(it->second.keyspaces.begin(), it->second.keyspaces.end(), keyspace)) {
      return absl::OkStatus();
    }
  }
  for (int attempt = 0; attempt < 8; ++attempt) {
    ASSIGN_OR_RETURN(std::optional<StoredDocument> stored,
                     stores_->home()->Get(kForeignTotals, country));
    std::vector<std::string> keyspaces;
    if (stored.has_value() && !stored->payload.empty()) {
      keyspaces = absl::StrSplit(stored->payload, ',');
    }
    if (!std::binary_search(keyspaces.begin(), keyspaces.end(), keyspace)) {
      keyspaces.insert(std::lower_bound(keyspaces.begin(), keyspaces.end(), keyspace), keyspace);
      WritePlan plan;
      DocumentChange& doc = plan.documents.emplace_back();
      doc.kind = stored.has_value() ? DocumentChange::Kind::kUpdate : DocumentChange::Kind::kCreate;
      doc.collection = kForeignTotals;
      doc.id = country;
      doc.expected_version = stored.has_value() ? stored->version : 0;
      doc.payload = absl::StrJoin(keyspaces, ",");
      absl::StatusOr<WriteOutcome> written = stores_->home()->Write(plan);
      // Another writer added one first: read again.
      if (absl::IsAborted(written.status()) || absl::IsAlreadyExists(written.status())) continue;
      if (!written.ok()) return written.status();
    }
    absl::MutexLock lock(&mu_);
    foreign_[country] = {std::move(keyspaces), absl::Now()};
    return absl::OkStatus();
  }
  return absl::AbortedError(absl::StrCat("the keyspaces of ", country, "'s totals kept changing"));
}

absl::StatusOr<std::vector<std::string>> SubmissionStores::KeyspacesOfTotals(
    const std::string& org_unit, const clients::CallContext& ctx) {
  ASSIGN_OR_RETURN(std::string keyspace, KeyspaceOf(org_unit, ctx));
  std::vector<std::string> out = {keyspace};
  // An organisation's totals are all in its pinned keyspace; a territory's also where
  // organisations that moved into its country keep their figures.
  if (!by_country_ || keyspace.empty() || !aip::IsNameOf<registry::v1::Territory>(org_unit)) {
    return out;
  }
  // The recorded foreign keyspaces, read again once a second (they only grow; this process's
  // own notes are in at once).
  std::vector<std::string> foreign;
  bool fresh = false;
  {
    absl::MutexLock lock(&mu_);
    auto it = foreign_.find(keyspace);
    if (it != foreign_.end() && absl::Now() - it->second.read < absl::Seconds(1)) {
      foreign = it->second.keyspaces;
      fresh = true;
    }
  }
  if (!fresh) {
    ASSIGN_OR_RETURN(std::optional<StoredDocument> stored,
                     stores_->home()->Get(kForeignTotals, keyspace));
    if (stored.has_value() && !stored->payload.empty()) {
      foreign = absl::StrSplit(stored->payload, ',');
    }
    absl::MutexLock lock(&mu_);
    foreign_[keyspace] = {foreign, absl::Now()};
  }
  out.insert(out.end(), foreign.begin(), foreign.end());
  return out;
}

void SubmissionStores::Remember(const std::string& org_unit, const std::vector<std::string>& path) {
  // Only a territory's is for good (an organisation's is its pin's once it has one).
  if (!by_country_ || path.empty() || !aip::IsNameOf<registry::v1::Territory>(org_unit)) return;
  std::string keyspace = KeyspaceOfPath(path);
  absl::MutexLock lock(&mu_);
  org_units_.insert_or_assign(org_unit, std::move(keyspace));
}

}  // namespace civitas::monitoring
