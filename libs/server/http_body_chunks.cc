#include "libs/server/http_body_chunks.h"

#include <algorithm>

namespace civitas {

std::vector<google::api::HttpBody> HttpBodyChunks(absl::string_view content_type,
                                                  absl::string_view data, size_t max_bytes) {
  std::vector<google::api::HttpBody> out;
  if (max_bytes == 0) max_bytes = kMaxHttpBodyChunk;
  out.reserve((data.size() + max_bytes - 1) / max_bytes);
  for (size_t offset = 0; offset < data.size(); offset += max_bytes) {
    google::api::HttpBody& body = out.emplace_back();
    body.set_content_type(std::string(content_type));
    body.set_data(std::string(data.substr(offset, std::min(max_bytes, data.size() - offset))));
  }
  return out;
}

std::vector<google::api::HttpBody> HttpBodyLineChunks(absl::string_view content_type,
                                                      absl::string_view data, size_t max_bytes) {
  std::vector<google::api::HttpBody> out;
  if (max_bytes == 0) max_bytes = kMaxHttpBodyChunk;
  size_t offset = 0;
  while (offset < data.size()) {
    size_t size = std::min(max_bytes, data.size() - offset);
    if (offset + size < data.size()) {
      // End at the last line break within the bound; a line longer than the bound is cut.
      const size_t line_end = data.substr(offset, size).rfind('\n');
      if (line_end != absl::string_view::npos) size = line_end + 1;
    }
    google::api::HttpBody& body = out.emplace_back();
    body.set_content_type(std::string(content_type));
    body.set_data(std::string(data.substr(offset, size)));
    offset += size;
  }
  return out;
}

}  // namespace civitas
