#include "libs/common/change_history.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace civitas {

std::vector<Change> ParseChangeHistory(absl::string_view history) {
  std::vector<Change> entries;
  for (absl::string_view token : absl::StrSplit(history, ' ', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(token, ':');
    Change c;
    if (absl::SimpleAtoi(parts.first, &c.version) && absl::SimpleAtoi(parts.second, &c.sequence)) {
      entries.push_back(c);
    }
  }
  return entries;
}

std::optional<int64_t> LastChangeUpTo(const std::vector<Change>& history, int64_t cursor) {
  std::optional<int64_t> last;
  for (const Change& c : history) {
    if (c.version > 0 && c.sequence <= cursor) last = c.sequence;
  }
  return last;
}

bool ChangedWithin(const std::vector<Change>& history, int64_t version, int64_t since,
                   int64_t until) {
  if (history.empty()) return true;
  const Change* oldest = nullptr;
  for (const Change& c : history) {
    if (c.version == 0) continue;
    if (oldest == nullptr) oldest = &c;
    if (c.version == version) return c.sequence > since && c.sequence <= until;
  }
  if (oldest == nullptr) return true;
  if (oldest->version == 1 && history.front().version != 0) {
    // A complete history: a version below it is the creation's (a part stamped before stamps).
    return oldest->sequence > since && oldest->sequence <= until;
  }
  // Made before the oldest kept change. When that change is after `since`, the reader may not
  // have seen it: a pull that began before the document changed kChangeHistoryLength more times
  // finds none of its log entries in range. Yes, then: a repeat, never a skip.
  return oldest->sequence > since;
}

}  // namespace civitas
