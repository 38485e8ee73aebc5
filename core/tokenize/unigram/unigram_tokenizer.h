// Unigram language-model tokenizer (Kudo 2018, as in SentencePiece): each
// piece has a probability, a text's segmentation is a path through the
// lattice of pieces, encode() takes the most probable one (Viterbi), and
// subword sampling draws a segmentation with probability proportional to
// p(segmentation)^alpha. Pieces never cross words or character classes (see
// unigram_pieces.h), and every character seen in training is a piece, so text
// made of training characters always decodes back exactly; an unseen
// character becomes <unk>. Training lives in unigram_trainer.h.
//
// Left out: byte fallback for unseen characters, and n-best lists.
#pragma once
#include <string>
#include <vector>

#include "tokenize/tokenizer.h"
#include "tokenize/unigram/unigram_lattice.h"
#include "tokenize/unigram/unigram_pieces.h"

namespace lmp {

class UnigramTokenizer : public Tokenizer {
 public:
  static constexpr int kDefaultVocabSize = kDefaultUnigramVocabSize;

  // Learns kDefaultVocabSize pieces when vocab_size is 0 (fewer if the text
  // is too small to have so many). Throws invalid_input for an empty text,
  // a size below 3 markers + the text's distinct characters, or above the
  // number of pieces the text can give (both limits are named).
  // line_start_space: read every line with a space before it (what
  // train_tokenizer asks for; off, lines are taken as they are).
  static UnigramTokenizer train(const Corpus& corpus, int vocab_size, bool line_start_space = false);

  // Pieces get ids from kFirstPiece in the given order. Throws invalid_input
  // for an empty list, a repeated piece, a piece that is not a valid
  // unigram piece (unigram_pieces.h) or not valid UTF-8, or a log-probability
  // that is not finite.
  static UnigramTokenizer from_pieces(const std::vector<UnigramPiece>& pieces, bool line_start_space = false);

  TokenizerKind kind() const override { return TokenizerKind::kUnigram; }
  int vocab_size() const override { return static_cast<int>(pieces_.size()) + kFirstPiece; }
  std::vector<TokenId> encode(const Line& text) const override;
  bool adds_line_start_space() const override { return line_start_space_; }
  bool can_sample() const override { return true; }
  // Exact sampling: forward filtering, backward sampling. Both samplers throw
  // invalid_input for an alpha that is negative, infinite or not a number.
  std::vector<TokenId> encode_sampled(const Line& text, double alpha, Rng& rng) const override;
  // The same distribution drawn inside a single forward pass (unigram_lattice.cpp
  // gives the derivation); other draws than encode_sampled for the same seed.
  std::vector<TokenId> encode_sampled_in_viterbi_pass(const Line& text, double alpha, Rng& rng) const;
  std::string piece(TokenId token) const override;
  // log p(piece) of a piece token; the <unk> edge's score for <unk>.
  double log_prob(TokenId token) const;

  void write(ByteWriter& out) const override;
  static UnigramTokenizer read(ByteReader& in);

  UnigramTokenizer(UnigramTokenizer&&) = default;
  UnigramTokenizer& operator=(UnigramTokenizer&&) = default;

 private:
  UnigramTokenizer() = default;
  std::vector<TokenId> to_tokens(const std::vector<std::int32_t>& piece_indices) const;

  // The tokens of `segment` (a lattice method) over the line as the
  // tokenizer reads it, with a space before it when line_start_space_.
  template <typename Segment>
  std::vector<TokenId> segmented(const Line& line, Segment segment) const;

  std::vector<UnigramPiece> pieces_;  // id = index + kFirstPiece
  bool line_start_space_ = false;
  UnigramVocabulary vocabulary_;
};

}  // namespace lmp
