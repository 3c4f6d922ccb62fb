#include "libs/http2/huffman.h"

#include <array>
#include <cstdint>

#include "libs/http2/huffman_table.h"

namespace civitas::http2 {
namespace {

// A binary decoding tree over the 256 codes: internal nodes have children, leaves a symbol.
// Codes are at most 30 bits and prefix-free, so 255 internal nodes suffice; EOS is left out, so
// a walk that would reach it fails.
struct DecodeTree {
  struct Node {
    std::array<int16_t, 2> child{-1, -1};
    int16_t symbol = -1;
  };
  std::array<Node, 512> nodes;
  int size = 1;

  DecodeTree() {
    for (int symbol = 0; symbol < 256; ++symbol) {
      const HuffmanSymbol& s = kHuffmanTable[symbol];
      int node = 0;
      for (int bit = s.bits - 1; bit >= 0; --bit) {
        int b = (s.code >> bit) & 1;
        if (nodes[node].child[b] < 0) nodes[node].child[b] = static_cast<int16_t>(size++);
        node = nodes[node].child[b];
      }
      nodes[node].symbol = static_cast<int16_t>(symbol);
    }
  }
};

const DecodeTree& Tree() {
  static const DecodeTree* const tree = new DecodeTree();
  return *tree;
}

}  // namespace

absl::Status HuffmanDecode(absl::string_view encoded, std::string* out) {
  const DecodeTree& tree = Tree();
  int node = 0;
  int bits_since_symbol = 0;
  bool all_ones = true;
  for (unsigned char byte : encoded) {
    for (int bit = 7; bit >= 0; --bit) {
      int b = (byte >> bit) & 1;
      node = tree.nodes[node].child[b];
      if (node < 0) return absl::InvalidArgumentError("invalid Huffman code");
      ++bits_since_symbol;
      all_ones = all_ones && b == 1;
      if (tree.nodes[node].symbol >= 0) {
        out->push_back(static_cast<char>(tree.nodes[node].symbol));
        node = 0;
        bits_since_symbol = 0;
        all_ones = true;
      }
    }
  }
  if (bits_since_symbol > 7 || !all_ones) {
    return absl::InvalidArgumentError("invalid Huffman padding");
  }
  return absl::OkStatus();
}

size_t HuffmanEncodedLength(absl::string_view plain) {
  uint64_t bits = 0;
  for (unsigned char c : plain) bits += kHuffmanTable[c].bits;
  return static_cast<size_t>((bits + 7) / 8);
}

void HuffmanEncode(absl::string_view plain, std::string* out) {
  uint64_t acc = 0;
  int acc_bits = 0;
  for (unsigned char c : plain) {
    const HuffmanSymbol& s = kHuffmanTable[c];
    acc = (acc << s.bits) | s.code;
    acc_bits += s.bits;
    while (acc_bits >= 8) {
      acc_bits -= 8;
      out->push_back(static_cast<char>((acc >> acc_bits) & 0xff));
    }
  }
  if (acc_bits > 0) {
    out->push_back(static_cast<char>(((acc << (8 - acc_bits)) | (0xff >> acc_bits)) & 0xff));
  }
}

}  // namespace civitas::http2
