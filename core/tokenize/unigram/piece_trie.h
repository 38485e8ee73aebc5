// A trie over code points mapping pieces to their indices, for finding every
// piece that starts at a text position in one walk. Transitions live in one
// open-addressing table keyed by (node, code point), so a vocabulary of a
// million seed pieces is a few flat arrays, not a million small maps.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/flat_hash_map.h"
#include "text/corpus.h"

namespace lmp {

class PieceTrie {
 public:
  static constexpr std::uint32_t kNone = FlatHashMap::kMissing;

  PieceTrie() : piece_at_node_(1, kNone) {}

  // A piece inserted twice keeps its first index.
  void insert(const Line& piece, std::uint32_t index) {
    std::uint64_t node = 0;
    for (char32_t c : piece) {
      const auto next = static_cast<std::uint32_t>(piece_at_node_.size());
      const std::uint32_t child = children_.find_or_insert(key(node, c), next);
      if (child == next) piece_at_node_.push_back(kNone);
      node = child;
    }
    if (piece_at_node_[node] == kNone) piece_at_node_[node] = index;
  }

  // Calls found(length, index) for every piece that is a prefix of
  // text[0, length_limit), shortest first.
  template <typename Found>
  void for_each_prefix(const char32_t* text, std::size_t length_limit, Found&& found) const {
    std::uint64_t node = 0;
    for (std::size_t length = 1; length <= length_limit; ++length) {
      const std::uint32_t child = children_.find(key(node, text[length - 1]));
      if (child == kNone) return;
      node = child;
      if (piece_at_node_[node] != kNone) found(length, piece_at_node_[node]);
    }
  }

 private:
  // 21 bits hold any code point.
  static std::uint64_t key(std::uint64_t node, char32_t c) { return (node << 21) | c; }

  FlatHashMap children_;
  std::vector<std::uint32_t> piece_at_node_;  // (nodes) index of the piece ending there, or kNone; node 0 is the root
};

}  // namespace lmp
