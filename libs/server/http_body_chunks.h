// Export documents go out as google.api.HttpBody messages of bounded size: a page of records may
// render to megabytes, and every hop (gRPC's flow control, the gateway's HTTP/2 client, its
// buffering for a slow reader) holds messages whole, so what each holds per export stays small.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/api/httpbody.pb.h"

namespace civitas {

inline constexpr size_t kMaxHttpBodyChunk = 64 << 10;

// `data` as consecutive HttpBody messages of `content_type`, each at most `max_bytes` long; none
// for empty data. The receiver concatenates them (bytes, not characters: a UTF-8 sequence may span
// two messages).
std::vector<google::api::HttpBody> HttpBodyChunks(absl::string_view content_type,
                                                  absl::string_view data,
                                                  size_t max_bytes = kMaxHttpBodyChunk);
// Builds an export's HttpBody messages item by item (a line, a row, a record), each message at
// most `max_bytes` long unless one item alone is longer, and ending where an item ends: the text
// is rendered straight into the messages, with no document to copy and cut afterwards. For
// NDJSON, messages ending at line breaks mean a stream failing between two messages does not end
// inside a line (the gateway then appends its error line).
class HttpBodyWriter {
 public:
  explicit HttpBodyWriter(absl::string_view content_type, size_t max_bytes = kMaxHttpBodyChunk);

  // The text to append the next item to, whole, before asking again.
  std::string* Item();
  // The messages written; none if no item had text. The writer is empty afterwards.
  std::vector<google::api::HttpBody> Take();

 private:
  // Moves the last item to a message of its own when it took the current one past the bound.
  void EndItem();

  const std::string content_type_;
  const size_t max_bytes_;
  std::vector<google::api::HttpBody> messages_;
  size_t item_start_ = 0;  // where the last item began in the last message
};

}  // namespace civitas
