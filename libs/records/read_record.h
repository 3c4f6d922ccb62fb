// Reads of stored records of type T for rules and use cases that load the records a write depends
// on (and may refer to at the version they read): by id, by resource name, every record of a set
// of indexes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "libs/aip/field_checks.h"
#include "libs/aip/resource_names.h"
#include "libs/store/document_store.h"

namespace civitas::records {

template <typename T>
struct StoredRecord {
  T record;
  int64_t version = 0;
};

// nullopt when missing; DATA_LOSS when the payload does not parse.
template <typename T>
absl::StatusOr<std::optional<StoredRecord<T>>> ReadRecord(DocumentStore* store,
                                                          const std::string& collection,
                                                          const std::string& id) {
  auto doc = store->Get(collection, id);
  if (!doc.ok()) return doc.status();
  if (!doc->has_value()) return std::nullopt;
  StoredRecord<T> out;
  if (!out.record.ParseFromString((*doc)->payload)) {
    return absl::DataLossError(absl::StrCat(collection, "/", id, " cannot be parsed"));
  }
  out.version = (*doc)->version;
  return out;
}

// The record named `name` (`<collection>/<id>`) with its version; nullopt when the name is not
// one of the collection's or the record is missing.
template <typename T>
absl::StatusOr<std::optional<records::StoredRecord<T>>> ReadNamed(DocumentStore* store,
                                                                  const std::string& collection,
                                                                  const std::string& name) {
  const std::string id = aip::IdOf(name, collection);
  if (id.empty()) return std::nullopt;
  return records::ReadRecord<T>(store, collection, id);
}

// As ReadNamed, FAILED_PRECONDITION naming the record when it is missing: for records a stored
// record refers to, which exist unless the store lost them.
template <typename T>
absl::StatusOr<records::StoredRecord<T>> ReadExisting(DocumentStore* store,
                                                      const std::string& collection,
                                                      const std::string& name) {
  auto found = ReadNamed<T>(store, collection, name);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(name, " does not exist"));
  }
  return **std::move(found);
}

// Every record of `collection` in all of `indexes` (e.g. `call=calls/c1`), in creation order.
template <typename T>
absl::StatusOr<std::vector<T>> ScanAll(DocumentStore* store, const std::string& collection,
                                       std::vector<std::string> indexes) {
  std::vector<T> out;
  ScanRequest request{collection, std::move(indexes)};
  request.limit = 500;
  for (;;) {
    auto page = store->Scan(request);
    if (!page.ok()) return page.status();
    for (const StoredDocument& doc : page->documents) {
      if (!out.emplace_back().ParseFromString(doc.payload)) {
        return absl::DataLossError(absl::StrCat(collection, " holds a record that does not parse"));
      }
    }
    if (page->exhausted) return out;
    request.after_sequence = page->last_sequence;
  }
}

// The same reads, the collection taken from T's google.api.resource annotation: what services
// call, so that a collection is named by the type it holds (`ReadNamed<v1::Call>(store, name)`).
template <aip::AnnotatedResource T>
absl::StatusOr<std::optional<StoredRecord<T>>> ReadRecord(DocumentStore* store,
                                                          const std::string& id) {
  return ReadRecord<T>(store, aip::CollectionOf<T>(), id);
}

template <aip::AnnotatedResource T>
absl::StatusOr<std::optional<StoredRecord<T>>> ReadNamed(DocumentStore* store,
                                                         const std::string& name) {
  return ReadNamed<T>(store, aip::CollectionOf<T>(), name);
}

template <aip::AnnotatedResource T>
absl::StatusOr<StoredRecord<T>> ReadExisting(DocumentStore* store, const std::string& name) {
  return ReadExisting<T>(store, aip::CollectionOf<T>(), name);
}

// The T records of those of `names` that name one, read together in one round trip, each with
// its version: the ones found, each once, in first-seen order. A stored record that does not
// parse is left out, as a missing one is: one damaged record makes its own rows unreadable, not a
// whole page.
template <aip::AnnotatedResource T>
absl::StatusOr<std::vector<StoredRecord<T>>> ReadNamedManyStored(
    DocumentStore* store, const std::vector<std::string>& names) {
  const std::vector<std::string> ids = aip::IdsIn<T>(names);
  std::vector<StoredRecord<T>> out;
  if (ids.empty()) return out;
  auto docs = store->GetMany(aip::CollectionOf<T>(), ids);
  if (!docs.ok()) return docs.status();
  for (const std::optional<StoredDocument>& doc : *docs) {
    if (!doc.has_value()) continue;
    StoredRecord<T>& read = out.emplace_back();
    if (!read.record.ParseFromString(doc->payload)) {
      out.pop_back();
      continue;
    }
    read.version = doc->version;
  }
  return out;
}

// As ReadNamedManyStored, the records alone (a List page's access checks read what they depend
// on this way, into the request's reads).
template <aip::AnnotatedResource T>
absl::StatusOr<std::vector<T>> ReadNamedMany(DocumentStore* store,
                                             const std::vector<std::string>& names) {
  auto stored = ReadNamedManyStored<T>(store, names);
  if (!stored.ok()) return stored.status();
  std::vector<T> out;
  out.reserve(stored->size());
  for (StoredRecord<T>& read : *stored) out.push_back(std::move(read.record));
  return out;
}

// Reads the T records of those of `names` that name one in one round trip, into `reads` (a
// request's cache), without parsing them: for a List page's access checks, which read them
// again from the cache.
template <aip::AnnotatedResource T>
absl::Status PrefetchNamed(DocumentStore* reads, const std::vector<std::string>& names) {
  const std::vector<std::string> ids = aip::IdsIn<T>(names);
  if (ids.empty()) return absl::OkStatus();
  return reads->GetMany(aip::CollectionOf<T>(), ids).status();
}

template <aip::AnnotatedResource T>
absl::StatusOr<std::vector<T>> ScanAll(DocumentStore* store, std::vector<std::string> indexes) {
  return ScanAll<T>(store, aip::CollectionOf<T>(), std::move(indexes));
}

}  // namespace civitas::records
