// A document's recent changes, kept beside it by the stores: which version each change made and
// at which store sequence (the change feed's cursor, document_store.h). A reader that follows the
// feed from cursor to cursor asks which changes of a document fall between two cursors, so that
// it can tell what changed inside the document (e.g. which of a submission's figures, each
// stamped with the version that last changed it). Pure; the Redis write script writes the text
// form ParseChangeHistory reads.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/strings/string_view.h"

namespace civitas {

// Changes kept per document; the change log keeps the same ones. Older changes leave a floor:
// the sequence at or before which they were all made.
inline constexpr size_t kChangeHistoryLength = 32;

struct Change {
  // 0 for the floor entry, which comes first when there is one.
  int64_t version = 0;
  int64_t sequence = 0;
};

// The text form: `<version>:<sequence> ` per change, oldest first, after `0:<floor> ` once a
// change has been dropped. Unreadable entries are skipped.
std::vector<Change> ParseChangeHistory(absl::string_view history);

// The sequence of the document's last kept change up to `cursor` (inclusive); nullopt when none
// is.
std::optional<int64_t> LastChangeUpTo(const std::vector<Change>& history, int64_t cursor);

// Whether the change that made `version` lies in (since, until]. Exact for a kept change. For one
// the history no longer keeps (or never kept: a document written before histories were) the
// answer is yes whenever the oldest kept change is after `since`: the reader may have missed it,
// since a pull that began before the document changed kChangeHistoryLength more times finds none
// of its log entries in range. A reader more than kChangeHistoryLength changes of one document
// behind may so read a part again; it never misses one. A version below a complete history (0: a
// part stamped before stamps existed) counts as made by the creation; an empty history as
// within.
bool ChangedWithin(const std::vector<Change>& history, int64_t version, int64_t since,
                   int64_t until);

}  // namespace civitas
