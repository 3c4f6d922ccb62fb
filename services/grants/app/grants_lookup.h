// Reads the grants use cases share: a record by its resource name, a programme's parties (who
// may act for it) from a programme, call or application, and every record in a set of indexes.
// Thin over DocumentStore; decisions stay in domain/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/aip/field_checks.h"
#include "libs/records/read_record.h"
#include "libs/store/document_store.h"
#include "services/grants/domain/access_policy.h"

namespace civitas::grants {

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

// The parties of the programme `programme_name`, of a call's programme, of an application's
// call's programme; empty parties (admins only) when a link is missing.
absl::StatusOr<ProgrammeParties> PartiesOfProgramme(DocumentStore* store,
                                                    const std::string& programme_name);
absl::StatusOr<ProgrammeParties> PartiesOfCall(DocumentStore* store, const std::string& call_name);
absl::StatusOr<ProgrammeParties> PartiesOfApplication(DocumentStore* store,
                                                      const std::string& application_name);

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

}  // namespace civitas::grants
