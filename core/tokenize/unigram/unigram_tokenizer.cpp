#include "tokenize/unigram/unigram_tokenizer.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "base/binary_io.h"
#include "base/error.h"
#include "base/utf8.h"
#include "tokenize/unigram/unigram_pieces.h"
#include "tokenize/unigram/unigram_trainer.h"

namespace lmp {

namespace {

// SentencePiece's unknown penalty: <unk> scores this far below the least
// likely piece, so any path through pieces beats one through <unk>.
constexpr double kUnkPenalty = 10.0;

// What is wrong with a piece list, or "" when nothing is.
std::string problem_with(const std::vector<UnigramPiece>& pieces) {
  if (pieces.empty()) return "it has no pieces";
  std::set<std::string> seen;
  for (const UnigramPiece& p : pieces) {
    std::vector<char32_t> code_points;
    if (decode_utf8(p.text, code_points).found) return "a piece is not valid UTF-8";
    if (!is_valid_unigram_piece(code_points)) {
      return "the piece '" + p.text + "' mixes words or character classes, is empty or is too long";
    }
    if (!seen.insert(p.text).second) return "the piece '" + p.text + "' appears twice";
    if (!std::isfinite(p.log_prob) || p.log_prob > 0) return "the piece '" + p.text + "' has an invalid probability";
  }
  return "";
}

// alpha scales log-probabilities: 0 draws every segmentation alike, larger
// values concentrate on the most probable one; NaN or infinity means nothing.
void check_alpha(double alpha) {
  if (!(alpha >= 0 && std::isfinite(alpha))) {
    throw invalid_input("the sampling temperature alpha must be a number of at least 0 (e.g. 0.1), not " +
                        std::to_string(alpha));
  }
}

}  // namespace

UnigramTokenizer UnigramTokenizer::train(const Corpus& corpus, int vocab_size, bool line_start_space) {
  if (!line_start_space) return from_pieces(train_unigram_pieces(corpus, vocab_size));
  return from_pieces(train_unigram_pieces(with_line_start_spaces(corpus), vocab_size), true);
}

UnigramTokenizer UnigramTokenizer::from_pieces(const std::vector<UnigramPiece>& pieces, bool line_start_space) {
  const std::string problem = problem_with(pieces);
  if (!problem.empty()) throw invalid_input("cannot build a unigram tokenizer: " + problem);
  UnigramTokenizer tokenizer;
  tokenizer.pieces_ = pieces;
  tokenizer.line_start_space_ = line_start_space;
  UnigramVocabulary& v = tokenizer.vocabulary_;
  double least = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const Line code_points = decode_utf8_or_throw(pieces[i].text, "a piece");
    v.trie.insert(code_points, static_cast<std::uint32_t>(i));
    v.log_probs.push_back(pieces[i].log_prob);
    v.max_piece_length = std::max(v.max_piece_length, code_points.size());
    least = std::min(least, pieces[i].log_prob);
  }
  v.unk_log_prob = least - kUnkPenalty;
  return tokenizer;
}

std::vector<TokenId> UnigramTokenizer::to_tokens(const std::vector<std::int32_t>& piece_indices) const {
  std::vector<TokenId> tokens;
  tokens.reserve(piece_indices.size());
  for (std::int32_t i : piece_indices) tokens.push_back(i == kUnkPiece ? kUnk : i + kFirstPiece);
  return tokens;
}

template <typename Segment>
std::vector<TokenId> UnigramTokenizer::segmented(const Line& line, Segment segment) const {
  Line spaced;
  if (line_start_space_) spaced = with_line_start_space(line);
  const Line& text = line_start_space_ ? spaced : line;
  UnigramLattice lattice(vocabulary_);  // reusing one across lines measured no faster
  return to_tokens(segment(lattice, text.data(), text.size()));
}

std::vector<TokenId> UnigramTokenizer::encode(const Line& line) const {
  return segmented(line, [](UnigramLattice& lattice, const char32_t* text, std::size_t n) { return lattice.viterbi(text, n); });
}

std::vector<TokenId> UnigramTokenizer::encode_sampled(const Line& line, double alpha, Rng& rng) const {
  check_alpha(alpha);
  return segmented(line, [&](UnigramLattice& lattice, const char32_t* text, std::size_t n) {
    return lattice.sample(text, n, alpha, rng);
  });
}

std::vector<TokenId> UnigramTokenizer::encode_sampled_in_viterbi_pass(const Line& line, double alpha, Rng& rng) const {
  check_alpha(alpha);
  return segmented(line, [&](UnigramLattice& lattice, const char32_t* text, std::size_t n) {
    return lattice.sample_in_viterbi_pass(text, n, alpha, rng);
  });
}

std::string UnigramTokenizer::piece(TokenId token) const {
  if (token < kFirstPiece || token >= vocab_size()) return "";
  return pieces_[token - kFirstPiece].text;
}

double UnigramTokenizer::log_prob(TokenId token) const {
  if (token >= kFirstPiece && token < vocab_size()) return pieces_[token - kFirstPiece].log_prob;
  return vocabulary_.unk_log_prob;
}

void UnigramTokenizer::write(ByteWriter& out) const {
  out.u32(static_cast<std::uint32_t>(pieces_.size()));
  for (const UnigramPiece& p : pieces_) {
    out.str(p.text);
    out.f64(p.log_prob);
  }
  out.u8(line_start_space_ ? 1 : 0);
}

UnigramTokenizer UnigramTokenizer::read(ByteReader& in) {
  const std::uint32_t count = in.u32();
  constexpr std::size_t kSmallestPieceBytes = 4 + 1 + 8;  // length, one byte, log-probability
  in.expect_items(count, kSmallestPieceBytes);
  std::vector<UnigramPiece> pieces(count);
  for (UnigramPiece& p : pieces) {
    p.text = in.str();
    p.log_prob = in.f64();
  }
  const std::string problem = problem_with(pieces);
  if (!problem.empty()) throw corrupt_model("the model file is damaged: its unigram vocabulary is invalid (" + problem + ")");
  const std::uint8_t line_start_space = in.u8();
  if (line_start_space > 1) throw corrupt_model("the model file is damaged: its unigram line-start flag is neither 0 nor 1");
  return from_pieces(pieces, line_start_space == 1);
}

}  // namespace lmp
