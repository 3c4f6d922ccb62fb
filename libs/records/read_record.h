// ReadRecord: one stored record of type T with its version, for rules that load the records a
// write depends on (and may refer to at the version they read).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
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

}  // namespace civitas::records
