// The segmentation lattice of the unigram model: every way of cutting a text
// into vocabulary pieces is a path from position 0 to position n, scored by
// the sum of its pieces' log-probabilities. On it: the most probable path
// (Viterbi), expected piece counts (forward-backward, for EM training), and
// two samplers that draw a path with probability proportional to
// p(path)^alpha. Positions are code points; n = text length.
//
// A character that no piece covers gets an <unk> edge scored below every
// piece, so every text has at least one path.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tokenize/unigram/piece_trie.h"

namespace lmp {

class Rng;

struct UnigramVocabulary {
  PieceTrie trie;                  // piece code points -> index into log_probs
  std::vector<double> log_probs;   // (pieces)
  double unk_log_prob = -100;      // an <unk> edge: one uncovered character
  std::size_t max_piece_length = 1;
};

constexpr std::int32_t kUnkPiece = -1;  // the piece index of an <unk> edge
constexpr std::int32_t kNoPiece = -2;   // "exclude nothing" for viterbi()

// Reuses its buffers between texts: training runs it over many short chunks.
class UnigramLattice {
 public:
  explicit UnigramLattice(const UnigramVocabulary& vocabulary) : vocabulary_(vocabulary) {}

  // The most probable segmentation as piece indices (kUnkPiece for <unk>);
  // `excluded` is a piece index the path may not use (or kNoPiece).
  // `score` receives the path's log-probability when not null.
  std::vector<std::int32_t> viterbi(const char32_t* text, std::size_t n, std::int32_t excluded = kNoPiece,
                                    double* score = nullptr);

  // Adds weight * E[count of piece i] to expected[i] for every piece, under
  // p(path | text); returns log of the total probability of the text.
  double add_expected_counts(const char32_t* text, std::size_t n, double weight, std::vector<double>& expected);

  // Forward filtering, backward sampling: exact draw from p(path)^alpha / Z.
  std::vector<std::int32_t> sample(const char32_t* text, std::size_t n, double alpha, Rng& rng);

  // The same distribution drawn inside one forward pass (see the .cpp).
  std::vector<std::int32_t> sample_in_viterbi_pass(const char32_t* text, std::size_t n, double alpha, Rng& rng);

 private:
  struct Edge {
    std::uint32_t begin;
    std::uint32_t end;
    std::int32_t piece;
    double log_prob;
  };
  // Calls found(end, piece, log_prob) for every edge leaving `begin`: each
  // piece that starts there, and <unk> when no single-character piece does.
  template <typename Found>
  void for_each_edge_from(const char32_t* text, std::size_t n, std::size_t begin, Found&& found) const;
  // Sizes the per-position buffers for a text of n code points, position 0 the only one reached.
  void start_forward(std::size_t n);
  // Fills edges_ sorted by begin.
  void build_edges(const char32_t* text, std::size_t n);
  // Piece indices of the path that ends at n, following back_begin_ and back_piece_.
  std::vector<std::int32_t> trace_back(std::size_t n) const;

  const UnigramVocabulary& vocabulary_;
  std::vector<Edge> edges_;
  std::vector<double> forward_;            // (n + 1) best or log-sum-exp score of the prefix
  std::vector<double> backward_;           // (n + 1)
  std::vector<std::uint32_t> back_begin_;  // (n + 1) where the chosen last edge into a position starts
  std::vector<std::int32_t> back_piece_;   // (n + 1) and its piece
  std::vector<std::uint32_t> first_into_;  // (n + 2) edges grouped by end: a counting sort's offsets
  std::vector<std::uint32_t> by_end_;      // (edges)
  std::vector<std::uint32_t> next_slot_;    // (n + 1) the counting sort's fill positions
};

}  // namespace lmp
