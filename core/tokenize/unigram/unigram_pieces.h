// Which strings the unigram tokenizer may use as pieces, and how a line falls
// into the independent stretches ("chunks") that pieces never cross.
//
// Like SentencePiece's defaults: whitespace belongs to the start of the
// following word, and a piece does not mix character classes. Here a piece is
// at most one whitespace character followed by characters of one class
// (letters, digits, punctuation, or an unspaced script such as Chinese). So a
// line cuts into chunks, each an optional whitespace character and a maximal
// run of one class, and every piece lies inside one chunk. The tokenizer
// reads each line with a space before it (SentencePiece's dummy prefix,
// Tokenizer::adds_line_start_space), which decoding drops again; unlike
// SentencePiece no whitespace is collapsed, so decoding gives the line back
// byte for byte.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "text/corpus.h"

namespace lmp {

struct UnigramPiece {
  std::string text;  // UTF-8
  double log_prob;   // log p(piece) under the unigram model, finite
};

// Like SentencePiece's example size: enough for common words of a novel,
// small enough to train in a moment. Markers included.
constexpr int kDefaultUnigramVocabSize = 512;

// SentencePiece's default max_piece_length: longer pieces are rare and make
// the lattice wider for no gain.
constexpr std::size_t kMaxUnigramPieceLength = 16;

struct Chunk {
  std::size_t begin;
  std::size_t end;  // exclusive
};

// The chunks of a line, in order, covering it without gaps.
std::vector<Chunk> split_into_chunks(const Line& line);

// Whether the code points can be one piece: 1..kMaxUnigramPieceLength long,
// whitespace only first, and the rest of one class.
bool is_valid_unigram_piece(const Line& piece);

}  // namespace lmp
