// Reads the grants use cases share: a record by its resource name, a programme's parties (who
// may act for it) from a programme, call or application, and every record in a set of indexes.
// Thin over DocumentStore; decisions stay in domain/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "civitas/grants/v1/resources.pb.h"
#include "libs/aip/field_checks.h"
#include "libs/records/read_record.h"
#include "libs/store/document_store.h"
#include "services/grants/domain/access_policy.h"

namespace civitas::grants {

// The parties of the programme `programme_name`, of a call's programme, of an application's
// call's programme; empty parties (admins only) when a link is missing.
absl::StatusOr<ProgrammeParties> PartiesOfProgramme(DocumentStore* store,
                                                    const std::string& programme_name);
absl::StatusOr<ProgrammeParties> PartiesOfCall(DocumentStore* store, const std::string& call_name);
absl::StatusOr<ProgrammeParties> PartiesOfApplication(DocumentStore* store,
                                                      const std::string& application_name);
// The parties of `application`'s programme: its call and programme read in one round trip when
// it names its programme, one after the other when it does not (stored before it did). `store` is
// a request's reads (records::RequestReads), which the prefetch fills.
absl::StatusOr<ProgrammeParties> PartiesOfApplication(DocumentStore* store,
                                                      const v1::Application& application);
// Reads the calls and programmes of `applications` into `reads` (a request's cache) in one round
// trip, and in a second one the programmes of those that do not name theirs.
absl::Status PrefetchCallsAndProgrammes(DocumentStore* reads,
                                        absl::Span<const v1::Application* const> applications);

// The active grants `p` follows: those of programmes it is staff of, and its own as recipient;
// only `programme`'s when given (INVALID_ARGUMENT when it is not a programme's name).
absl::StatusOr<std::vector<v1::Grant>> ActiveGrantsManagedBy(DocumentStore* store,
                                                             const Principal& p,
                                                             const std::string& programme);

// The record reads themselves (ReadNamed, ReadExisting, ScanAll) live in libs/records.
using records::ReadExisting;
using records::ReadNamed;
using records::ScanAll;

}  // namespace civitas::grants
