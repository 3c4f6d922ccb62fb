// HPACK header compression (RFC 7541) for one direction of one HTTP/2 connection.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace civitas::http2 {

struct HeaderField {
  std::string name;
  std::string value;
  bool operator==(const HeaderField&) const = default;
};

// Decodes header blocks in the order they arrive on the connection (the dynamic table is shared
// by all of them). Any error is a connection error (COMPRESSION_ERROR): the table may be out of
// step with the peer's from then on.
class HpackDecoder {
 public:
  // `max_table_size` is what this endpoint advertised as SETTINGS_HEADER_TABLE_SIZE;
  // `max_list_size` bounds the decoded size of one block (name + value + 32 per field).
  explicit HpackDecoder(size_t max_table_size = 4096, size_t max_list_size = 64 * 1024);

  absl::Status Decode(absl::string_view block, std::vector<HeaderField>* out);

  size_t table_size() const { return table_size_; }

 private:
  absl::Status Lookup(uint64_t index, const HeaderField** field) const;
  void Insert(HeaderField field);
  void EvictTo(size_t limit);

  const size_t settings_max_;
  const size_t max_list_size_;
  size_t max_table_size_;
  size_t table_size_ = 0;
  // Newest first.
  std::deque<HeaderField> table_;
};

// Encodes request header blocks. Fields marked indexable are added to the dynamic table the first
// time and sent as a one- or two-byte index afterwards (the peer then decodes them from its table
// instead of parsing the literal again); other fields are literals that are never indexed.
class HpackEncoder {
 public:
  explicit HpackEncoder(size_t max_table_size = 4096) : max_table_size_(max_table_size) {}

  // The peer's SETTINGS_HEADER_TABLE_SIZE; a smaller table is announced at the next block.
  void SetPeerMaxTableSize(size_t size);

  void Encode(absl::string_view name, absl::string_view value, bool indexable, std::string* out);
  // Call before the first Encode of each header block.
  void BeginBlock(std::string* out);

 private:
  void Evict(size_t needed);

  size_t max_table_size_;
  bool size_update_pending_ = false;
  size_t table_size_ = 0;
  // Entries in insertion order; the oldest live one has insertion number `evicted_` (from 0).
  std::deque<std::pair<std::string, size_t>> entries_;  // key (name \0 value), entry size
  uint64_t inserted_ = 0;
  uint64_t evicted_ = 0;
  absl::flat_hash_map<std::string, uint64_t> by_key_;  // key -> insertion number
};

// Appends `value` as an HPACK integer with an N-bit prefix; `first_byte_flags` fills the bits
// above the prefix.
void AppendHpackInteger(uint64_t value, int prefix_bits, uint8_t first_byte_flags,
                        std::string* out);

}  // namespace civitas::http2
