#include "tokenize/unigram/unigram_lattice.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "base/rng.h"

namespace lmp {

namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

// log(exp(a) + exp(b)) without overflow; exact when one side is -inf.
double log_add(double a, double b) {
  if (a < b) std::swap(a, b);
  if (b == kMinusInfinity) return a;
  return a + std::log1p(std::exp(b - a));
}

}  // namespace

template <typename Found>
void UnigramLattice::for_each_edge_from(const char32_t* text, std::size_t n, std::size_t begin, Found&& found) const {
  bool single_character = false;
  const std::size_t limit = std::min(vocabulary_.max_piece_length, n - begin);
  vocabulary_.trie.for_each_prefix(text + begin, limit, [&](std::size_t length, std::uint32_t piece) {
    single_character |= length == 1;
    found(begin + length, static_cast<std::int32_t>(piece), vocabulary_.log_probs[piece]);
  });
  if (!single_character) found(begin + 1, kUnkPiece, vocabulary_.unk_log_prob);
}

void UnigramLattice::start_forward(std::size_t n) {
  forward_.assign(n + 1, kMinusInfinity);
  back_begin_.resize(n + 1);
  back_piece_.resize(n + 1);
  forward_[0] = 0;
}

void UnigramLattice::build_edges(const char32_t* text, std::size_t n) {
  edges_.clear();
  for (std::size_t begin = 0; begin < n; ++begin) {
    for_each_edge_from(text, n, begin, [&](std::size_t end, std::int32_t piece, double log_prob) {
      edges_.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), piece, log_prob});
    });
  }
}

std::vector<std::int32_t> UnigramLattice::trace_back(std::size_t n) const {
  std::vector<std::int32_t> pieces;
  for (std::size_t end = n; end > 0; end = back_begin_[end]) pieces.push_back(back_piece_[end]);
  std::reverse(pieces.begin(), pieces.end());
  return pieces;
}

std::vector<std::int32_t> UnigramLattice::viterbi(const char32_t* text, std::size_t n, std::int32_t excluded,
                                                  double* score) {
  // Edges are relaxed as the trie finds them: the best score of a position is
  // final once every earlier position has pushed its edges.
  start_forward(n);
  for (std::size_t begin = 0; begin < n; ++begin) {
    const double here = forward_[begin];
    for_each_edge_from(text, n, begin, [&](std::size_t end, std::int32_t piece, double log_prob) {
      const double candidate = here + log_prob;
      if (piece != excluded && candidate > forward_[end]) {
        forward_[end] = candidate;
        back_begin_[end] = static_cast<std::uint32_t>(begin);
        back_piece_[end] = piece;
      }
    });
  }
  if (score) *score = forward_[n];
  if (forward_[n] == kMinusInfinity) return {};  // only when `excluded` was the one way through
  return trace_back(n);
}

double UnigramLattice::add_expected_counts(const char32_t* text, std::size_t n, double weight,
                                           std::vector<double>& expected) {
  build_edges(text, n);
  forward_.assign(n + 1, kMinusInfinity);
  backward_.assign(n + 1, kMinusInfinity);
  forward_[0] = 0;
  backward_[n] = 0;
  // Edges are sorted by begin: forward in that order, backward in reverse.
  for (const Edge& e : edges_) forward_[e.end] = log_add(forward_[e.end], forward_[e.begin] + e.log_prob);
  for (auto e = edges_.rbegin(); e != edges_.rend(); ++e) {
    backward_[e->begin] = log_add(backward_[e->begin], e->log_prob + backward_[e->end]);
  }
  const double log_total = forward_[n];
  for (const Edge& e : edges_) {
    if (e.piece == kUnkPiece) continue;
    expected[e.piece] += weight * std::exp(forward_[e.begin] + e.log_prob + backward_[e.end] - log_total);
  }
  return log_total;
}

std::vector<std::int32_t> UnigramLattice::sample(const char32_t* text, std::size_t n, double alpha, Rng& rng) {
  // Forward filtering: forward_[j] = log of the sum over paths of text[0, j)
  // of p(path)^alpha. Backward sampling: from j = n, the last edge (i -> j) is
  // drawn with probability exp(forward_[i] + alpha * log p(piece) - forward_[j]),
  // then the same from i; the product of these is p(path)^alpha / Z.
  build_edges(text, n);
  forward_.assign(n + 1, kMinusInfinity);
  forward_[0] = 0;
  for (const Edge& e : edges_) forward_[e.end] = log_add(forward_[e.end], forward_[e.begin] + alpha * e.log_prob);

  // Group edges by end (counting sort, stable) to walk back from n.
  first_into_.assign(n + 2, 0);
  for (const Edge& e : edges_) ++first_into_[e.end + 1];
  for (std::size_t j = 1; j <= n + 1; ++j) first_into_[j] += first_into_[j - 1];
  by_end_.resize(edges_.size());
  next_slot_.assign(first_into_.begin(), first_into_.end() - 1);
  for (std::uint32_t k = 0; k < edges_.size(); ++k) by_end_[next_slot_[edges_[k].end]++] = k;

  back_begin_.resize(n + 1);
  back_piece_.resize(n + 1);
  for (std::size_t end = n; end > 0;) {
    const double coin = rng.next_unit();
    double cumulative = 0;
    std::uint32_t chosen = by_end_[first_into_[end + 1] - 1];  // rounding fallback: the last edge
    for (std::uint32_t slot = first_into_[end]; slot < first_into_[end + 1]; ++slot) {
      const Edge& e = edges_[by_end_[slot]];
      cumulative += std::exp(forward_[e.begin] + alpha * e.log_prob - forward_[end]);
      if (coin < cumulative) {
        chosen = by_end_[slot];
        break;
      }
    }
    const Edge& e = edges_[chosen];
    back_begin_[end] = e.begin;
    back_piece_[end] = e.piece;
    end = e.begin;
  }
  return trace_back(n);
}

// Sampling inside the Viterbi pass. Viterbi keeps, for each position j, the
// best score of the prefix text[0, j) and the edge that achieved it. Replace
// both: keep instead
//   F(j) = log sum over edges (i -> j) of exp(F(i) + alpha * log p(piece)),
// the forward score of the exact sampler, and a back edge chosen at random
// among the incoming edges as they arrive, reservoir style: the k-th edge
// with weight w_k = exp(F(i) + alpha * log p) replaces the kept one with
// probability w_k / (w_1 + ... + w_k). By induction the kept edge after all m
// edges is e with probability w_e / (w_1 + ... + w_m) = w_e / exp(F(j)): the
// edge e survives each later edge l with probability 1 - w_l / W_l =
// W_{l-1} / W_l, and the product telescopes to W_e / W_m times w_e / W_e.
// That is exactly the law of the backward sampler's step at j, and the
// choices at different positions use independent coins, so following the
// kept back edges from n draws a path with probability p(path)^alpha / Z, the
// same as sample(). The correction over a "noisy argmax" is twofold: node
// scores are summed (log-sum-exp), not maximised, and the replacement odds
// use the running sum. As alpha grows, one edge dominates each sum and this
// becomes Viterbi.
std::vector<std::int32_t> UnigramLattice::sample_in_viterbi_pass(const char32_t* text, std::size_t n, double alpha,
                                                                 Rng& rng) {
  start_forward(n);
  for (std::size_t begin = 0; begin < n; ++begin) {
    const double here = forward_[begin];
    for_each_edge_from(text, n, begin, [&](std::size_t end, std::int32_t piece, double log_prob) {
      const double log_weight = here + alpha * log_prob;
      const double log_sum = log_add(forward_[end], log_weight);
      // The first edge into a position is kept for sure: no coin is spent.
      if (forward_[end] == kMinusInfinity || rng.next_unit() < std::exp(log_weight - log_sum)) {
        back_begin_[end] = static_cast<std::uint32_t>(begin);
        back_piece_[end] = piece;
      }
      forward_[end] = log_sum;
    });
  }
  return trace_back(n);
}

}  // namespace lmp
