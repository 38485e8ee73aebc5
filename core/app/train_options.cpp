#include "app/train_options.h"

#include <algorithm>

namespace lmp {

namespace {
constexpr std::size_t kCorpusShareOfMemory = 4;  // decoded text ~4 bytes a character, and the model besides
}  // namespace

std::size_t memory_limit_bytes(const TrainOptions& options) {
  return static_cast<std::size_t>(options.memory_limit_mb) << 20;
}

std::size_t max_text_bytes(const TrainOptions& options) { return memory_limit_bytes(options) / kCorpusShareOfMemory; }

TokenizerOptions tokenizer_options(const TrainOptions& options) {
  TokenizerOptions t;
  t.kind = options.tokenizer;
  t.vocab_size = options.vocab_size;
  t.lowercase = options.lowercase;
  return t;
}

NgramConfig ngram_config(const TrainOptions& options) {
  NgramConfig config;
  config.order = options.order;
  config.smoothing = options.smoothing;
  config.k = options.k;
  return config;
}

nn::NeuralConfig neural_config(const TrainOptions& options, int vocab) {
  nn::NeuralConfig c;
  c.kind = options.model;
  c.vocab = vocab;
  c.context = options.context;
  c.embed = options.embed;
  c.hidden = options.hidden;
  c.layers = options.layers;
  c.dropout = static_cast<float>(options.dropout);
  c.heads = options.heads;
  c.positions = options.positions;
  c.causal = options.causal;
  return c;
}

nn::NeuralTrainConfig neural_train_config(const TrainOptions& options) {
  nn::NeuralTrainConfig c;
  c.mode = options.mode;
  // The Transformer trains on windows of its context: its positions.
  c.seq_len = options.model == ModelKind::kTransformer ? options.context : options.seq_len;
  c.batch = options.batch;
  c.steps = options.steps;
  c.time_budget_s = options.time_budget_s;
  c.accumulate = options.accumulate;
  c.eval_every = options.eval_every;
  // The default warm-up suits the default steps; a shorter run warms up for at most its length.
  c.warmup = std::min(options.warmup, options.steps);
  c.optimizer.kind = options.optimizer;
  c.optimizer.lr = static_cast<float>(options.lr);
  c.optimizer.weight_decay = static_cast<float>(options.weight_decay);
  c.optimizer.clip_norm = static_cast<float>(options.clip);
  c.seed = options.seed;
  c.memory_limit_bytes = memory_limit_bytes(options);
  c.subword_alpha = options.subword_alpha;
  return c;
}

}  // namespace lmp
