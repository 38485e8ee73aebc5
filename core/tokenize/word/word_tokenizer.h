// Word tokenizer: pieces are the words, digit runs, punctuation characters,
// characters of unspaced scripts and whitespace of word_split.h (which says
// how spaces are attached and why). The vocabulary is the vocab_size - 3 most
// frequent pieces of the training text; every other piece is <unk>. That is
// the weakness of word-level models, and oov_rate() reports it plainly: a
// word never seen in training cannot be written at all, where the character
// and subword tokenizers spell it out.
//
// Ids: kFirstPiece is the most frequent piece, then down by count; equal
// counts in byte order, so the same text always gives the same ids.
//
// With lowercasing, text is folded (lmp::to_lower) before counting and before
// encoding, so decode gives the lower-cased text, not the original.
#pragma once
#include <string>
#include <vector>

#include "tokenize/tokenizer.h"
#include "tokenize/word/piece_index.h"

namespace lmp {

class WordTokenizer : public Tokenizer {
 public:
  // Vocabulary sizes count the 3 markers. 10,000 words cover most running
  // text of a novel; fewer than one piece is no tokenizer; more than a
  // million is a typo, not a vocabulary.
  static constexpr int kDefaultVocabSize = 10000;
  static constexpr int kMinVocabSize = kFirstPiece + 1;
  static constexpr int kMaxVocabSize = 1000000;

  // Throws invalid_input unless vocab_size is 0 (the default) or within
  // [kMinVocabSize, kMaxVocabSize].
  static void check_vocab_size(int vocab_size);

  // Throws invalid_input for a bad vocab_size or a text without any piece.
  // The vocabulary is smaller than vocab_size when the text has fewer pieces.
  static WordTokenizer train(const Corpus& corpus, int vocab_size, bool lowercase);

  TokenizerKind kind() const override { return TokenizerKind::kWord; }
  int vocab_size() const override { return static_cast<int>(pieces_.size()) + kFirstPiece; }
  std::vector<TokenId> encode(const Line& text) const override;
  std::string piece(TokenId token) const override;
  bool lowercase() const { return lowercase_; }
  // The id of a piece's bytes, kUnk if it is not in the vocabulary.
  TokenId token_of(const std::string& piece) const;

  // Share of the text's pieces that are <unk> (line markers not counted); 0
  // for a text without pieces.
  double oov_rate(const Corpus& text) const;

  void write(ByteWriter& out) const override;
  static WordTokenizer read(ByteReader& in);

 private:
  WordTokenizer(std::vector<std::string> pieces, bool lowercase);
  TokenId token_of(const char32_t* piece, std::size_t length) const;

  std::vector<std::string> pieces_;  // UTF-8; id = index + kFirstPiece
  PieceIndex index_;                 // the same pieces as code points, same order
  bool lowercase_ = false;
};

}  // namespace lmp
