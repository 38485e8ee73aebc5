// BPE's vocabulary as data: the training characters and the learned merges,
// with the id layout both training and encoding use, and the training itself
// (learn_bpe_merges). The tokenizer (bpe_tokenizer.h) adds byte fallback,
// encoding and the file format on top.
//
// Ids: the shared markers, then one piece per character in code-point order
// from Tokenizer::kFirstPiece, then merge k as id first_merge() + k.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "text/corpus.h"
#include "tokenize/tokenizer.h"

namespace lmp {

struct BpeMerge {
  TokenId left;
  TokenId right;
};

// SentencePiece's max_sentencepiece_length: no piece is longer than this
// many characters. It also bounds a piece's bytes, whatever the text.
constexpr int kMaxBpePieceCharacters = 16;

inline std::uint64_t bpe_pair_key(TokenId left, TokenId right) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
}

// Character to id over a sorted character list: a table for ASCII (most of
// any text), a binary search for the rest.
class BpeCharacterIds {
 public:
  static constexpr TokenId kAbsent = -1;

  BpeCharacterIds() { ascii_.fill(kAbsent); }
  explicit BpeCharacterIds(const std::vector<char32_t>& sorted);

  TokenId id_of(char32_t c) const;

 private:
  std::array<TokenId, 128> ascii_;
  std::vector<char32_t> sorted_;
};

// Every character of the corpus, sorted, each once.
std::vector<char32_t> bpe_characters(const Corpus& corpus);

// Learns up to max_merges merges over the corpus's words (bpe_word_split.h):
// each step merges the adjacent pair of pieces that occurs most often, ties
// going to the smaller (left id, right id), so every build learns the same
// merges. Fewer come back when no pair is left to merge.
std::vector<BpeMerge> learn_bpe_merges(const Corpus& corpus, const std::vector<char32_t>& characters, int max_merges);

}  // namespace lmp
