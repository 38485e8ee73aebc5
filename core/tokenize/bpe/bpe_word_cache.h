// The BPE tokenizer's memory of words it has encoded: prose repeats its
// words, so most of a text is a lookup. Open addressing on a 64-bit hash of
// the word's characters, with the characters and the ids in two flat arrays
// (no allocation per word); it grows up to a cap and is emptied when full,
// so a huge text of distinct words cannot blow memory.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tokenize/tokenizer.h"

namespace lmp {

class BpeWordCache {
 public:
  struct Ids {
    const TokenId* data = nullptr;  // valid until the next remember()
    std::uint32_t size = 0;
  };

  // The ids remembered for the word [begin, end); data is null if there are none.
  Ids find(const char32_t* begin, const char32_t* end) const;
  void remember(const char32_t* begin, const char32_t* end, const TokenId* ids, std::size_t count);

 private:
  struct Slot {
    std::uint64_t hash;
    std::uint32_t text_offset;  // into text_
    std::uint32_t text_length;  // 0: an empty slot (words are never empty)
    std::uint32_t ids_offset;   // into ids_
    std::uint32_t ids_length;
  };

  static std::uint64_t hash_of(const char32_t* begin, const char32_t* end);
  std::size_t find_slot(std::uint64_t hash, const char32_t* begin, const char32_t* end) const;
  void clear_to(std::size_t slots);

  std::vector<Slot> slots_;  // power-of-two size, at most half full
  std::size_t words_ = 0;
  std::vector<char32_t> text_;
  std::vector<TokenId> ids_;
};

}  // namespace lmp
