#include "libs/http2/hpack.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "libs/http2/huffman.h"

namespace civitas::http2 {
namespace {

constexpr size_t kEntryOverhead = 32;

// RFC 7541 Appendix A.
const std::array<HeaderField, 61>& StaticTable() {
  static const auto* const table = new std::array<HeaderField, 61>{{
      {":authority", ""},
      {":method", "GET"},
      {":method", "POST"},
      {":path", "/"},
      {":path", "/index.html"},
      {":scheme", "http"},
      {":scheme", "https"},
      {":status", "200"},
      {":status", "204"},
      {":status", "206"},
      {":status", "304"},
      {":status", "400"},
      {":status", "404"},
      {":status", "500"},
      {"accept-charset", ""},
      {"accept-encoding", "gzip, deflate"},
      {"accept-language", ""},
      {"accept-ranges", ""},
      {"accept", ""},
      {"access-control-allow-origin", ""},
      {"age", ""},
      {"allow", ""},
      {"authorization", ""},
      {"cache-control", ""},
      {"content-disposition", ""},
      {"content-encoding", ""},
      {"content-language", ""},
      {"content-length", ""},
      {"content-location", ""},
      {"content-range", ""},
      {"content-type", ""},
      {"cookie", ""},
      {"date", ""},
      {"etag", ""},
      {"expect", ""},
      {"expires", ""},
      {"from", ""},
      {"host", ""},
      {"if-match", ""},
      {"if-modified-since", ""},
      {"if-none-match", ""},
      {"if-range", ""},
      {"if-unmodified-since", ""},
      {"last-modified", ""},
      {"link", ""},
      {"location", ""},
      {"max-forwards", ""},
      {"proxy-authenticate", ""},
      {"proxy-authorization", ""},
      {"range", ""},
      {"referer", ""},
      {"refresh", ""},
      {"retry-after", ""},
      {"server", ""},
      {"set-cookie", ""},
      {"strict-transport-security", ""},
      {"transfer-encoding", ""},
      {"user-agent", ""},
      {"vary", ""},
      {"via", ""},
      {"www-authenticate", ""},
  }};
  return *table;
}

// Cursor over a header block.
class Reader {
 public:
  explicit Reader(absl::string_view data) : data_(data) {}
  bool done() const { return pos_ >= data_.size(); }
  uint8_t peek() const { return static_cast<uint8_t>(data_[pos_]); }

  absl::Status Integer(int prefix_bits, uint64_t* value) {
    if (done()) return absl::InvalidArgumentError("truncated integer");
    const uint64_t max_prefix = (uint64_t{1} << prefix_bits) - 1;
    *value = static_cast<uint8_t>(data_[pos_++]) & max_prefix;
    if (*value < max_prefix) return absl::OkStatus();
    for (int shift = 0;; shift += 7) {
      // Anything this large is hostile: no header or table is near 2^28 bytes.
      if (shift > 21) return absl::InvalidArgumentError("integer overflow");
      if (done()) return absl::InvalidArgumentError("truncated integer");
      uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      *value += static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return absl::OkStatus();
    }
  }

  absl::Status String(std::string* out) {
    if (done()) return absl::InvalidArgumentError("truncated string");
    const bool huffman = (peek() & 0x80) != 0;
    uint64_t length = 0;
    if (auto s = Integer(7, &length); !s.ok()) return s;
    if (length > data_.size() - pos_) return absl::InvalidArgumentError("truncated string");
    absl::string_view raw = data_.substr(pos_, length);
    pos_ += length;
    out->clear();
    if (!huffman) {
      out->assign(raw.data(), raw.size());
      return absl::OkStatus();
    }
    return HuffmanDecode(raw, out);
  }

 private:
  absl::string_view data_;
  size_t pos_ = 0;
};

}  // namespace

void AppendHpackInteger(uint64_t value, int prefix_bits, uint8_t first_byte_flags,
                        std::string* out) {
  const uint64_t max_prefix = (uint64_t{1} << prefix_bits) - 1;
  if (value < max_prefix) {
    out->push_back(static_cast<char>(first_byte_flags | value));
    return;
  }
  out->push_back(static_cast<char>(first_byte_flags | max_prefix));
  value -= max_prefix;
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

HpackDecoder::HpackDecoder(size_t max_table_size, size_t max_list_size)
    : settings_max_(max_table_size),
      max_list_size_(max_list_size),
      max_table_size_(max_table_size) {}

absl::Status HpackDecoder::Lookup(uint64_t index, const HeaderField** field) const {
  const auto& fixed = StaticTable();
  if (index == 0) return absl::InvalidArgumentError("header index 0");
  if (index <= fixed.size()) {
    *field = &fixed[index - 1];
    return absl::OkStatus();
  }
  uint64_t dynamic = index - fixed.size() - 1;
  if (dynamic >= table_.size()) {
    return absl::InvalidArgumentError(absl::StrCat("header index ", index, " out of range"));
  }
  *field = &table_[dynamic];
  return absl::OkStatus();
}

void HpackDecoder::EvictTo(size_t limit) {
  while (table_size_ > limit && !table_.empty()) {
    table_size_ -= table_.back().name.size() + table_.back().value.size() + kEntryOverhead;
    table_.pop_back();
  }
}

void HpackDecoder::Insert(HeaderField field) {
  const size_t size = field.name.size() + field.value.size() + kEntryOverhead;
  if (size > max_table_size_) {
    // An entry larger than the table empties it and is not added (RFC 7541 section 4.4).
    EvictTo(0);
    return;
  }
  EvictTo(max_table_size_ - size);
  table_size_ += size;
  table_.push_front(std::move(field));
}

absl::Status HpackDecoder::Decode(absl::string_view block, std::vector<HeaderField>* out) {
  Reader in(block);
  size_t list_size = 0;
  bool field_seen = false;
  while (!in.done()) {
    const uint8_t first = in.peek();
    if ((first & 0xe0) == 0x20) {
      // Dynamic table size update: only before the first field of a block.
      if (field_seen) return absl::InvalidArgumentError("table size update after a field");
      uint64_t size = 0;
      if (auto s = in.Integer(5, &size); !s.ok()) return s;
      if (size > settings_max_) return absl::InvalidArgumentError("table size over the limit");
      max_table_size_ = static_cast<size_t>(size);
      EvictTo(max_table_size_);
      continue;
    }
    field_seen = true;
    HeaderField field;
    if (first & 0x80) {
      uint64_t index = 0;
      if (auto s = in.Integer(7, &index); !s.ok()) return s;
      const HeaderField* found = nullptr;
      if (auto s = Lookup(index, &found); !s.ok()) return s;
      field = *found;
    } else {
      // Literal: with incremental indexing (01), without (0000) or never indexed (0001).
      const bool incremental = (first & 0xc0) == 0x40;
      uint64_t index = 0;
      if (auto s = in.Integer(incremental ? 6 : 4, &index); !s.ok()) return s;
      if (index == 0) {
        if (auto s = in.String(&field.name); !s.ok()) return s;
      } else {
        const HeaderField* found = nullptr;
        if (auto s = Lookup(index, &found); !s.ok()) return s;
        field.name = found->name;
      }
      if (auto s = in.String(&field.value); !s.ok()) return s;
      if (incremental) Insert(field);
    }
    list_size += field.name.size() + field.value.size() + kEntryOverhead;
    if (list_size > max_list_size_) {
      return absl::ResourceExhaustedError("header list too large");
    }
    out->push_back(std::move(field));
  }
  return absl::OkStatus();
}

void HpackEncoder::SetPeerMaxTableSize(size_t size) {
  if (size < max_table_size_) {
    max_table_size_ = size;
    size_update_pending_ = true;
    Evict(0);
  }
}

void HpackEncoder::BeginBlock(std::string* out) {
  if (!size_update_pending_) return;
  size_update_pending_ = false;
  AppendHpackInteger(max_table_size_, 5, 0x20, out);
}

void HpackEncoder::Evict(size_t needed) {
  while (!entries_.empty() && table_size_ + needed > max_table_size_) {
    auto& [key, size] = entries_.front();
    auto it = by_key_.find(key);
    if (it != by_key_.end() && it->second == evicted_) by_key_.erase(it);
    table_size_ -= size;
    entries_.pop_front();
    ++evicted_;
  }
}

void HpackEncoder::Encode(absl::string_view name, absl::string_view value, bool indexable,
                          std::string* out) {
  const auto& fixed = StaticTable();
  uint64_t name_index = 0;
  for (size_t i = 0; i < fixed.size(); ++i) {
    if (fixed[i].name != name) continue;
    if (fixed[i].value == value) {
      AppendHpackInteger(i + 1, 7, 0x80, out);
      return;
    }
    if (name_index == 0) name_index = i + 1;
  }
  std::string key;
  if (indexable) {
    key = absl::StrCat(name, absl::string_view("\0", 1), value);
    auto it = by_key_.find(key);
    if (it != by_key_.end()) {
      // Newest entry is index 62.
      AppendHpackInteger(fixed.size() + (inserted_ - it->second), 7, 0x80, out);
      return;
    }
  }
  const size_t size = name.size() + value.size() + kEntryOverhead;
  const bool insert = indexable && size <= max_table_size_;
  if (insert) {
    AppendHpackInteger(name_index, 6, 0x40, out);
  } else {
    AppendHpackInteger(name_index, 4, 0x10, out);
  }
  if (name_index == 0) {
    AppendHpackInteger(name.size(), 7, 0, out);
    out->append(name.data(), name.size());
  }
  AppendHpackInteger(value.size(), 7, 0, out);
  out->append(value.data(), value.size());
  if (insert) {
    Evict(size);
    entries_.emplace_back(key, size);
    by_key_[key] = inserted_++;
    table_size_ += size;
  }
}

}  // namespace civitas::http2
