// Byte-pair encoding (Sennrich et al.; SentencePiece's BPE with its default
// word splitting): pieces are learned by merging the most frequent adjacent
// pair of pieces inside words (bpe_word_split.h, bpe_merges.h), and a text is
// encoded word by word by applying those merges in the order they were
// learned.
//
// Vocabulary: the requested size counts the 3 markers, every character of the
// training text and the merges, like SentencePiece's vocab_size; 256
// byte-fallback pieces, one per byte value, come on top, after the learned
// pieces, so vocab_size() is the requested size + 256 (less when the training
// text runs out of pairs to merge first). A character not in the vocabulary
// encodes as the pieces of its UTF-8 bytes, so any text encodes (never
// <unk>) and decodes back exactly.
//
// Trained through train_tokenizer, it reads lines with a space before them,
// as SentencePiece does (Tokenizer::adds_line_start_space); decode() drops it.
//
// Left out: BPE-dropout (encode_sampled gives encode's segmentation).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/flat_hash_map.h"
#include "tokenize/bpe/bpe_merges.h"
#include "tokenize/bpe/bpe_word_cache.h"
#include "tokenize/tokenizer.h"

namespace lmp {

class BpeTokenizer : public Tokenizer {
 public:
  static constexpr int kDefaultVocabSize = 512;
  static constexpr int kMaxVocabSize = 100000;  // without the byte pieces
  static constexpr int kBytePieces = 256;

  // vocab_size as in TokenizerOptions (0: the default). Throws invalid_input
  // for a text without characters or a size below 3 + its characters.
  // line_start_space: read every line with a space before it (what
  // train_tokenizer asks for; off, lines are taken as they are).
  static BpeTokenizer train(const Corpus& corpus, int vocab_size, bool line_start_space = false);

  TokenizerKind kind() const override { return TokenizerKind::kBpe; }
  int vocab_size() const override { return first_byte() + kBytePieces; }
  std::vector<TokenId> encode(const Line& text) const override;
  bool adds_line_start_space() const override { return line_start_space_; }
  std::string piece(TokenId token) const override;

  int character_count() const { return static_cast<int>(characters_.size()); }
  // Merge k makes piece first_merge() + k from its two earlier pieces.
  const std::vector<BpeMerge>& merges() const { return merges_; }
  TokenId first_merge() const { return kFirstPiece + character_count(); }
  TokenId byte_token(std::uint8_t byte) const { return first_byte() + byte; }

  void write(ByteWriter& out) const override;
  static BpeTokenizer read(ByteReader& in);

 private:
  BpeTokenizer(std::vector<char32_t> characters, std::vector<BpeMerge> merges, bool line_start_space);
  TokenId first_byte() const { return first_merge() + static_cast<TokenId>(merges_.size()); }
  // One word's ids, without the cache.
  void encode_word(const char32_t* begin, const char32_t* end, std::vector<TokenId>& out) const;

  std::vector<char32_t> characters_;  // sorted
  bool line_start_space_ = false;
  BpeCharacterIds character_ids_;
  std::vector<BpeMerge> merges_;
  FlatHashMap merge_rank_;            // pair key -> index into merges_
  std::vector<std::string> pieces_;   // by id: "" for the markers, then characters, merges, bytes

  // encode() is const and fills this without a lock: the page's worker and
  // node each run the core on one thread.
  mutable BpeWordCache cache_;
};

}  // namespace lmp
