// HPACK Huffman coding (RFC 7541 section 5.2 and Appendix B).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace civitas::http2 {

// Appends the decoded form of `encoded` to `out`. Fails on a code that is not in the table, an
// EOS symbol, or padding that is longer than 7 bits or not a prefix of EOS (all ones).
absl::Status HuffmanDecode(absl::string_view encoded, std::string* out);

// Appends the Huffman encoding of `plain` (padded with ones to a whole byte).
void HuffmanEncode(absl::string_view plain, std::string* out);
// Length HuffmanEncode would produce.
size_t HuffmanEncodedLength(absl::string_view plain);

}  // namespace civitas::http2
