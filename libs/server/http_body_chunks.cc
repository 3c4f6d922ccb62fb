#include "libs/server/http_body_chunks.h"

#include <algorithm>
#include <utility>

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

HttpBodyWriter::HttpBodyWriter(absl::string_view content_type, size_t max_bytes)
    : content_type_(content_type), max_bytes_(std::max<size_t>(1, max_bytes)) {}

void HttpBodyWriter::EndItem() {
  if (messages_.empty()) return;
  std::string* last = messages_.back().mutable_data();
  if (last->size() <= max_bytes_ || item_start_ == 0) return;
  google::api::HttpBody& next = messages_.emplace_back();
  next.set_content_type(content_type_);
  // `last` may have moved with the vector.
  std::string* full = messages_[messages_.size() - 2].mutable_data();
  next.mutable_data()->reserve(max_bytes_ + max_bytes_ / 8);
  next.mutable_data()->assign(*full, item_start_);
  full->resize(item_start_);
}

std::string* HttpBodyWriter::Item() {
  EndItem();
  if (messages_.empty() || messages_.back().data().size() >= max_bytes_) {
    google::api::HttpBody& body = messages_.emplace_back();
    body.set_content_type(content_type_);
    // Room for the bound and the item that crosses it, so that the text never moves as it grows.
    body.mutable_data()->reserve(max_bytes_ + max_bytes_ / 8);
  }
  std::string* data = messages_.back().mutable_data();
  item_start_ = data->size();
  return data;
}

std::vector<google::api::HttpBody> HttpBodyWriter::Take() {
  EndItem();
  if (!messages_.empty() && messages_.back().data().empty()) messages_.pop_back();
  item_start_ = 0;
  return std::exchange(messages_, {});
}

}  // namespace civitas
