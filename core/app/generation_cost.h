// What one more generated token costs as the context grows, measured: a tiny
// GPT (d_model 64, 2 blocks, 4 heads) sampling through its KV cache, the same
// GPT recomputing the whole context for every token, and an LSTM (embedding
// 32, hidden 128) stepping its cell. The classic comparison: the recurrent
// model's cost per token is constant, the cached Transformer's grows linearly
// with the context (one attention row per block against n keys), the
// recomputing one's quadratically (n rows, each against n keys).
//
// One context length at a time (GenerationCostMeter::measure_next), so that
// the page's worker can draw each point as it comes and take messages in
// between; the benchmark prints the same rows as a table. The models are
// randomly initialized: cost does not depend on the weights. It leaves out
// sampling itself (softmax and the draw), the same for every model.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace lmp {

struct GenerationCostOptions {
  // Contexts n = 16, 32, 64, ... doubling up to max_context. At 256 recomputing
  // costs ~80x the cache: the gap is plain on any machine in about a second.
  int max_context = 256;
  int tokens = 32;         // timed after each context (each the token after exactly n): a steady mean
  std::uint32_t seed = 1;  // of the random weights
};

// Microseconds per generated token after a context of n (median of 3 repetitions).
struct GenerationCost {
  int n = 0;
  double kv_us = 0;         // GPT through its KV cache
  double recompute_us = 0;  // GPT over the whole context again
  double lstm_us = 0;       // LSTM, its state carrying the context
};

class GenerationCostMeter {
 public:
  // Checks the options (throws invalid_input with the allowed range), builds
  // both models and warms them up untimed.
  static std::unique_ptr<GenerationCostMeter> start(const GenerationCostOptions& options);
  ~GenerationCostMeter();

  const std::vector<int>& contexts() const { return contexts_; }
  bool finished() const { return next_ == contexts_.size(); }
  // Times the next context length of contexts(); throws invalid_input once finished.
  GenerationCost measure_next();

 private:
  struct Models;
  explicit GenerationCostMeter(const GenerationCostOptions& options);

  GenerationCostOptions options_;
  std::vector<int> contexts_;
  std::size_t next_ = 0;
  std::unique_ptr<Models> models_;
};

}  // namespace lmp
