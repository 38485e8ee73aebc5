#include "ngram/ngram_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "base/binary_io.h"
#include "base/error.h"

namespace lmp {

namespace {

constexpr std::uint32_t kRoot = 0;
// KenLM's --discount_fallback defaults, used when count-of-counts cannot give valid discounts.
constexpr std::array<double, 3> kFallbackDiscounts = {0.5, 1.0, 1.5};

}  // namespace

void validate(const NgramConfig& config) {
  if (config.order < 1 || config.order > NgramModel::kMaxOrder) {
    throw invalid_input("the n-gram order must be between 1 and " + std::to_string(NgramModel::kMaxOrder) + " (got " +
                        std::to_string(config.order) + ")");
  }
  if (config.smoothing == Smoothing::kAddK && !(config.k > 0.0 && config.k <= kMaxAddK)) {
    throw invalid_input("add-k needs k above 0 and at most 1000 (got " + std::to_string(config.k) + ")");
  }
}

NgramModel::NgramModel(int vocab_size, const NgramConfig& config) : config_(config), vocab_size_(vocab_size) {
  validate(config);
  if (vocab_size < Tokenizer::kFirstPiece) throw invalid_input("the vocabulary is empty");
  context_parent_.push_back(kRoot);
  context_token_.push_back(-1);
  context_depth_.push_back(0);
}

std::uint32_t NgramModel::add_context(std::uint32_t parent, TokenId token) {
  const auto next = static_cast<std::uint32_t>(context_parent_.size());
  const std::uint32_t node = context_children_.find_or_insert(key(parent, token), next);
  if (node == next) {
    context_parent_.push_back(parent);
    context_token_.push_back(token);
    context_depth_.push_back(static_cast<std::uint8_t>(context_depth_[parent] + 1));
  }
  return node;
}

void NgramModel::add_event(std::uint32_t context, TokenId token, std::uint32_t count) {
  const auto next = static_cast<std::uint32_t>(event_token_.size());
  const std::uint32_t event = events_.find_or_insert(key(context, token), next);
  if (event == next) {
    event_context_.push_back(context);
    event_token_.push_back(token);
    event_raw_count_.push_back(0);
  }
  event_raw_count_[event] += count;
}

void NgramModel::count_positions(const std::vector<TokenId>& line, std::size_t first, std::size_t last) {
  for (std::size_t i = first; i < last; ++i) {
    const TokenId next = line[i];
    std::uint32_t node = kRoot;
    add_event(node, next, 1);
    for (int depth = 1; depth < config_.order && depth <= static_cast<int>(i); ++depth) {
      const TokenId older = line[i - depth];
      node = add_context(node, older);
      add_event(node, next, 1);
      if (older == Tokenizer::kBos) break;
    }
  }
}

NgramModel NgramModel::train(const std::vector<std::vector<TokenId>>& lines, int vocab_size,
                             const NgramConfig& config, std::size_t memory_limit_bytes) {
  // Checking the memory every so many positions (not per line) also bounds a text that is one huge line.
  constexpr std::size_t kPositionsBetweenChecks = 1 << 16;
  NgramModel model(vocab_size, config);
  std::size_t since_check = 0;
  for (const auto& line : lines) {
    // Position 0 is <bos>: context only.
    for (std::size_t first = 1; first < line.size(); first += kPositionsBetweenChecks) {
      const std::size_t last = std::min(line.size(), first + kPositionsBetweenChecks);
      model.count_positions(line, first, last);
      since_check += last - first;
      if (since_check < kPositionsBetweenChecks) continue;
      since_check = 0;
      model.check_memory(memory_limit_bytes);
    }
  }
  model.check_memory(memory_limit_bytes);
  model.finalize();
  return model;
}

void NgramModel::check_memory(std::size_t limit_bytes) const {
  if (memory_bytes() <= limit_bytes) return;
  throw resource_limit("the order-" + std::to_string(config_.order) + " model outgrew the memory limit of " +
                       std::to_string(limit_bytes >> 20) + " MB after " + std::to_string(stored_ngrams()) +
                       " n-grams; lower the order, use a smaller text or raise the limit");
}

void NgramModel::finalize() {
  compute_kneser_ney_counts();
  compute_discounts();
  compute_context_totals();
}

void NgramModel::compute_kneser_ney_counts() {
  // Below the top order, an n-gram's Kneser-Ney count is the number of distinct
  // tokens seen just before it (its left extensions), i.e. how many contexts it
  // continues. An n-gram that starts at <bos> has no left extension; it keeps
  // its raw count. So does the top order.
  const std::size_t events = event_token_.size();
  event_kn_count_.assign(events, 0);
  for (std::size_t e = 0; e < events; ++e) {
    const std::uint32_t context = event_context_[e];
    if (context_depth_[context] == config_.order - 1 || context_token_[context] == Tokenizer::kBos) {
      event_kn_count_[e] = event_raw_count_[e];
    }
    if (context != kRoot) {
      // e = (older token + shorter context, next): one left extension of (shorter context, next).
      const std::uint32_t shorter = event_of(context_parent_[context], event_token_[e]);
      const std::uint32_t shorter_context = context_parent_[context];
      const bool shorter_keeps_raw = context_depth_[shorter_context] == config_.order - 1 ||
                                     context_token_[shorter_context] == Tokenizer::kBos;
      if (!shorter_keeps_raw) ++event_kn_count_[shorter];
    }
  }
}

void NgramModel::compute_discounts() {
  // Chen & Goodman: with n_c the number of n-grams of this order whose count is c,
  // Y = n1 / (n1 + 2 n2), D_c = c - (c + 1) Y n_{c+1} / n_c for c = 1, 2, 3+.
  std::array<std::array<double, 5>, kMaxOrder> count_of_counts{};
  for (std::size_t e = 0; e < event_token_.size(); ++e) {
    const std::uint32_t c = event_kn_count_[e];
    if (c >= 1 && c <= 4) count_of_counts[context_depth_[event_context_[e]]][c] += 1.0;
  }
  for (int depth = 0; depth < config_.order; ++depth) {
    const auto& n = count_of_counts[depth];
    bool valid = n[1] > 0 && n[2] > 0 && n[3] > 0 && n[4] > 0;
    std::array<double, 3> d = kFallbackDiscounts;
    if (valid) {
      const double y = n[1] / (n[1] + 2.0 * n[2]);
      for (int c = 1; c <= 3; ++c) {
        d[c - 1] = c - (c + 1) * y * n[c + 1] / n[c];
        valid = valid && d[c - 1] > 0.0 && d[c - 1] <= c;
      }
    }
    discounts_fell_back_[depth] = !valid;
    discounts_[depth] = valid ? d : kFallbackDiscounts;
  }
}

void NgramModel::compute_context_totals() {
  const std::size_t contexts = context_parent_.size();
  context_raw_total_.assign(contexts, 0.0);
  context_kn_total_.assign(contexts, 0.0);
  std::vector<double> discounted_mass(contexts, 0.0);
  for (std::size_t e = 0; e < event_token_.size(); ++e) {
    const std::uint32_t context = event_context_[e];
    const std::uint32_t c = event_kn_count_[e];
    context_raw_total_[context] += event_raw_count_[e];
    context_kn_total_[context] += c;
    if (c > 0) discounted_mass[context] += discounts_[context_depth_[context]][std::min<std::uint32_t>(c, 3) - 1];
  }
  context_backoff_.assign(contexts, 0.0);
  for (std::size_t c = 0; c < contexts; ++c) {
    if (context_kn_total_[c] > 0) context_backoff_[c] = discounted_mass[c] / context_kn_total_[c];
  }
}

int NgramModel::wanted_depth(const TokenId* tokens, std::size_t end) const {
  int depth = 0;
  while (depth < config_.order - 1 && static_cast<std::size_t>(depth) < end) {
    ++depth;
    if (tokens[end - depth] == Tokenizer::kBos) break;
  }
  return depth;
}

int NgramModel::context_chain(const TokenId* tokens, std::size_t end, ContextChain& chain) const {
  const int wanted = wanted_depth(tokens, end);
  chain[0] = kRoot;
  int found = 1;
  for (int depth = 1; depth <= wanted; ++depth) {
    const std::uint32_t node = context_children_.find(key(chain[depth - 1], tokens[end - depth]));
    if (node == FlatHashMap::kMissing) break;
    chain[found++] = node;
  }
  return found;
}

double NgramModel::kneser_ney_probability(const ContextChain& chain, int depth, TokenId token) const {
  double p = 1.0 / predictable_tokens();  // order 0: uniform, so unseen tokens keep a little mass
  for (int d = 0; d < depth; ++d) {
    const std::uint32_t context = chain[d];
    const std::uint32_t event = event_of(context, token);
    const std::uint32_t c = event == FlatHashMap::kMissing ? 0 : event_kn_count_[event];
    const double discounted = c == 0 ? 0.0 : c - discounts_[d][std::min<std::uint32_t>(c, 3) - 1];
    p = std::max(discounted, 0.0) / context_kn_total_[context] + context_backoff_[context] * p;
  }
  return p;
}

double NgramModel::probability(const ContextChain& chain, int depth, int wanted, TokenId token) const {
  if (token == Tokenizer::kBos || token < 0 || token >= vocab_size_) return 0.0;
  const std::uint32_t deepest = chain[depth - 1];
  const std::uint32_t event = event_of(deepest, token);
  const double raw = event == FlatHashMap::kMissing ? 0.0 : event_raw_count_[event];
  switch (config_.smoothing) {
    case Smoothing::kNone:
      // Maximum likelihood in the longest context seen in training.
      return raw / context_raw_total_[deepest];
    case Smoothing::kAddK:
      // Textbook add-k conditions on the full context; an unseen one gives the uniform distribution.
      if (depth - 1 < wanted) return 1.0 / predictable_tokens();
      return (raw + config_.k) / (context_raw_total_[deepest] + config_.k * predictable_tokens());
    case Smoothing::kKneserNey:
      return kneser_ney_probability(chain, depth, token);
  }
  return 0.0;
}

double NgramModel::token_logprob(const std::vector<TokenId>& context, TokenId token) const {
  ContextChain chain;
  const int depth = context_chain(context.data(), context.size(), chain);
  return std::log(probability(chain, depth, wanted_depth(context.data(), context.size()), token));
}

void NgramModel::next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const {
  ContextChain chain;
  const int depth = context_chain(context.data(), context.size(), chain);
  const int wanted = wanted_depth(context.data(), context.size());
  out.resize(vocab_size_);
  for (TokenId token = 0; token < vocab_size_; ++token) out[token] = std::log(probability(chain, depth, wanted, token));
}

std::vector<double> NgramModel::unseen_share(const std::vector<std::vector<TokenId>>& lines) const {
  std::vector<double> unseen(config_.order, 0.0);
  double positions = 0;
  for (const auto& line : lines) {
    for (std::size_t i = 1; i < line.size(); ++i) {
      ContextChain chain;
      const int depth = context_chain(line.data(), i, chain);
      const int wanted = wanted_depth(line.data(), i);
      positions += 1;
      for (int n = 1; n <= config_.order; ++n) {
        const int need = std::min(n - 1, wanted);  // an n-gram near <bos> is as long as the line allows
        const bool seen = need < depth && event_of(chain[need], line[i]) != FlatHashMap::kMissing;
        unseen[n - 1] += !seen;
      }
    }
  }
  for (double& share : unseen) share = positions > 0 ? share / positions : 0.0;
  return unseen;
}

std::vector<NgramOrderStats> NgramModel::order_stats() const {
  std::vector<NgramOrderStats> stats(config_.order);
  for (int depth = 0; depth < config_.order; ++depth) {
    stats[depth].order = depth + 1;
    stats[depth].discounts = discounts_[depth];
    stats[depth].discounts_fell_back = discounts_fell_back_[depth];
  }
  for (std::uint32_t context : event_context_) ++stats[context_depth_[context]].distinct_ngrams;
  return stats;
}

std::size_t NgramModel::memory_bytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return context_children_.memory_bytes() + events_.memory_bytes() + bytes(context_parent_) + bytes(context_token_) +
         bytes(context_depth_) + bytes(context_raw_total_) + bytes(context_kn_total_) + bytes(context_backoff_) +
         bytes(event_context_) + bytes(event_token_) + bytes(event_raw_count_) + bytes(event_kn_count_);
}

// File layout: order, smoothing, k; contexts in creation order (parent, token),
// so a parent always precedes its children; events (context, token, raw count).
// Everything else is derived again by finalize().
void NgramModel::write(ByteWriter& out) const {
  out.u32(static_cast<std::uint32_t>(config_.order));
  out.u32(static_cast<std::uint32_t>(config_.smoothing));
  out.f64(config_.k);
  out.u32(static_cast<std::uint32_t>(context_parent_.size() - 1));
  for (std::size_t c = 1; c < context_parent_.size(); ++c) {
    out.u32(context_parent_[c]);
    out.u32(static_cast<std::uint32_t>(context_token_[c]));
  }
  out.u64(event_token_.size());
  for (std::size_t e = 0; e < event_token_.size(); ++e) {
    out.u32(event_context_[e]);
    out.u32(static_cast<std::uint32_t>(event_token_[e]));
    out.u32(event_raw_count_[e]);
  }
}

NgramModel NgramModel::read(ByteReader& in, int vocab_size) {
  NgramConfig config;
  config.order = static_cast<int>(in.u32());
  const std::uint32_t smoothing = in.u32();
  if (smoothing > static_cast<std::uint32_t>(Smoothing::kKneserNey)) {
    throw corrupt_model("the model file is damaged: unknown smoothing");
  }
  config.smoothing = static_cast<Smoothing>(smoothing);
  config.k = in.f64();
  auto bad = [](const char* what) { return corrupt_model(std::string("the model file is damaged: ") + what); };
  try {
    validate(config);
  } catch (const Error&) {
    throw bad("its n-gram settings are out of range");
  }
  NgramModel model(vocab_size, config);

  const std::uint32_t contexts = in.u32();
  in.expect_items(contexts, 8);
  for (std::uint32_t c = 1; c <= contexts; ++c) {
    const std::uint32_t parent = in.u32();
    const auto token = static_cast<TokenId>(in.u32());
    if (parent >= c || token < 0 || token >= vocab_size) throw bad("a context points outside the model");
    if (model.context_depth_[parent] >= config.order - 1 || model.context_token_[parent] == Tokenizer::kBos) {
      throw bad("a context is longer than the order allows");
    }
    if (model.add_context(parent, token) != c) throw bad("a context is stored twice");
  }
  const std::uint64_t events = in.u64();
  in.expect_items(events, 12);
  for (std::uint64_t e = 0; e < events; ++e) {
    const std::uint32_t context = in.u32();
    const auto token = static_cast<TokenId>(in.u32());
    const std::uint32_t count = in.u32();
    if (context > contexts || token < 0 || token >= vocab_size || token == Tokenizer::kBos || count == 0) {
      throw bad("an n-gram points outside the model");
    }
    if (model.event_of(context, token) != FlatHashMap::kMissing) throw bad("an n-gram is stored twice");
    model.add_event(context, token, count);
  }
  for (std::size_t e = 0; e < model.event_token_.size(); ++e) {
    const std::uint32_t context = model.event_context_[e];
    if (context != kRoot && model.event_of(model.context_parent_[context], model.event_token_[e]) == FlatHashMap::kMissing) {
      throw bad("an n-gram lacks its shorter n-gram");
    }
  }
  model.finalize();
  // Training never leaves a context without continuations; a file that does would divide by zero.
  for (std::size_t c = 0; c < model.context_parent_.size(); ++c) {
    if (model.context_raw_total_[c] <= 0 || model.context_kn_total_[c] <= 0) throw bad("a context has no n-grams");
  }
  return model;
}

}  // namespace lmp
