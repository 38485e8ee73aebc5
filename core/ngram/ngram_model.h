// Count-based n-gram language model with three smoothings:
//   none  plain maximum likelihood: an n-gram never seen gets probability 0
//         (so a single unseen val n-gram makes perplexity infinite: the lesson);
//   addk  add-k (Laplace for k = 1) on the full context;
//   kn    interpolated modified Kneser-Ney (Chen & Goodman 1998), the recipe
//         KenLM's lmplz uses, with three discounts per order from count-of-counts.
//
// Storage is sparse. Contexts form a trie read backwards in time (node 0 is
// the empty context; a child adds one token further into the past), so the
// contexts of every order for one position are found in a single walk.
// Each (context node, next token) pair seen in training is an "event" with its
// raw count and its Kneser-Ney count.
//
// Sentence boundaries follow KenLM: <bos> is context only and is never
// extended further back; <eol> is predicted like any character.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/enum_names.h"
#include "base/flat_hash_map.h"
#include "lm/language_model.h"

namespace lmp {

enum class Smoothing { kNone, kAddK, kKneserNey };
inline constexpr std::array<const char*, 3> kSmoothingNames = {"none", "addk", "kn"};
inline const char* to_string(Smoothing smoothing) { return enum_name(smoothing, kSmoothingNames); }

// Beyond this add-k is a uniform distribution in disguise.
inline constexpr double kMaxAddK = 1000.0;

// Filled from the training options (app/option_table.cpp holds their defaults).
struct NgramConfig {
  int order = 0;                             // tokens per n-gram; the context is order - 1 tokens
  Smoothing smoothing = Smoothing::kKneserNey;
  double k = 0;                              // add-k pseudo-count
};
// Throws invalid_input for an order outside 1..NgramModel::kMaxOrder or an add-k k outside (0, kMaxAddK].
void validate(const NgramConfig& config);

struct NgramOrderStats {
  int order = 0;
  std::size_t distinct_ngrams = 0;             // events whose context has order - 1 tokens (or starts at <bos>)
  std::array<double, 3> discounts{};         // Kneser-Ney D1, D2, D3+ for this order
  bool discounts_fell_back = false;          // count-of-counts too thin; fixed 0.5/1/1.5 used (as KenLM does)
};

class NgramModel : public LanguageModel {
 public:
  static constexpr int kMaxOrder = 8;

  // lines: each is <bos> tokens... <eol>, as Tokenizer::encode_line gives.
  // Throws resource_limit when the tables would grow past memory_limit_bytes.
  static NgramModel train(const std::vector<std::vector<TokenId>>& lines, int vocab_size, const NgramConfig& config,
                          std::size_t memory_limit_bytes);

  int vocab_size() const override { return vocab_size_; }
  void next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const override;
  double token_logprob(const std::vector<TokenId>& context, TokenId token) const override;

  const NgramConfig& config() const { return config_; }
  std::vector<NgramOrderStats> order_stats() const;
  std::size_t stored_ngrams() const { return event_token_.size(); }
  std::size_t memory_bytes() const;
  // unseen[n - 1]: share of the n-grams (order n) in `lines` that training never saw.
  std::vector<double> unseen_share(const std::vector<std::vector<TokenId>>& lines) const;

  void write(ByteWriter& out) const;
  static NgramModel read(ByteReader& in, int vocab_size);

 private:
  using ContextChain = std::array<std::uint32_t, kMaxOrder>;

  NgramModel(int vocab_size, const NgramConfig& config);

  std::uint32_t add_context(std::uint32_t parent, TokenId token);
  void add_event(std::uint32_t context, TokenId token, std::uint32_t count);
  // Counts the n-grams that end at positions [first, last) of one line.
  void count_positions(const std::vector<TokenId>& line, std::size_t first, std::size_t last);
  void check_memory(std::size_t limit_bytes) const;
  // Derives Kneser-Ney counts, discounts and per-context totals from raw counts.
  void finalize();
  void compute_kneser_ney_counts();
  void compute_discounts();
  void compute_context_totals();

  // Context nodes for depth 0, 1, ... found for the tokens before position `end`; returns how many.
  int context_chain(const TokenId* tokens, std::size_t end, ContextChain& chain) const;
  // Tokens of context the model would use at most (order - 1, cut at <bos>).
  int wanted_depth(const TokenId* tokens, std::size_t end) const;
  std::uint32_t event_of(std::uint32_t context, TokenId token) const {
    return events_.find(key(context, token));
  }
  double probability(const ContextChain& chain, int depth, int wanted, TokenId token) const;
  double kneser_ney_probability(const ContextChain& chain, int depth, TokenId token) const;

  static std::uint64_t key(std::uint32_t node, TokenId token) {
    return (static_cast<std::uint64_t>(node) << 32) | static_cast<std::uint32_t>(token);
  }
  int predictable_tokens() const { return vocab_size_ - 1; }  // every token but <bos>

  NgramConfig config_;
  int vocab_size_ = 0;

  // Context trie.
  FlatHashMap context_children_;             // key(parent, token) -> node
  std::vector<std::uint32_t> context_parent_;
  std::vector<TokenId> context_token_;       // the oldest token of this context
  std::vector<std::uint8_t> context_depth_;
  // Per context, derived by finalize(): sums over its events.
  std::vector<double> context_raw_total_;
  std::vector<double> context_kn_total_;
  std::vector<double> context_backoff_;      // Kneser-Ney gamma: mass moved to the shorter context

  // Events.
  FlatHashMap events_;                       // key(context, token) -> event
  std::vector<std::uint32_t> event_context_;
  std::vector<TokenId> event_token_;
  std::vector<std::uint32_t> event_raw_count_;
  std::vector<std::uint32_t> event_kn_count_;  // continuation count, or raw at the top order and after <bos>

  std::array<std::array<double, 3>, kMaxOrder> discounts_{};
  std::array<bool, kMaxOrder> discounts_fell_back_{};
};

}  // namespace lmp
