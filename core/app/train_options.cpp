#include "app/train_options.h"
#include "tokenize/kinds/tokenizer_kinds.h"

#include <algorithm>

#include "base/error.h"

namespace lmp {

namespace {
constexpr int kMinMemoryLimitMb = 16;
constexpr int kMaxMemoryLimitMb = 2048;  // all a wasm32 module may grow to
constexpr std::size_t kCorpusShareOfMemory = 4;  // decoded text ~4 bytes a character, and the model besides
}  // namespace

bool is_neural(const TrainOptions& options) { return options.model != "ngram"; }

std::size_t memory_limit_bytes(const TrainOptions& options) {
  if (options.memory_limit_mb < kMinMemoryLimitMb || options.memory_limit_mb > kMaxMemoryLimitMb) {
    throw invalid_input("the memory limit must be between 16 and 2048 MB (got " +
                        std::to_string(options.memory_limit_mb) + ")");
  }
  return static_cast<std::size_t>(options.memory_limit_mb) << 20;
}

std::size_t max_text_bytes(const TrainOptions& options) { return memory_limit_bytes(options) / kCorpusShareOfMemory; }

NgramConfig ngram_config(const TrainOptions& options) {
  NgramConfig config;
  config.order = options.order;
  config.smoothing = parse_smoothing(options.smoothing);
  config.k = options.k;
  validate(config);
  return config;
}

nn::NeuralConfig neural_config(const TrainOptions& options, int vocab) {
  nn::NeuralConfig c;
  c.kind = options.model;
  c.vocab = vocab;
  // The Transformer's positions are its training window.
  c.context = options.model == "transformer" ? options.seq_len : options.context;
  c.embed = options.embed;
  c.hidden = options.hidden;
  c.layers = options.layers;
  c.dropout = static_cast<float>(options.dropout);
  c.heads = options.heads;
  c.positions = options.positions;
  c.causal = options.causal;
  nn::validate(c);
  return c;
}

nn::NeuralTrainConfig neural_train_config(const TrainOptions& options) {
  nn::NeuralTrainConfig c;
  c.mode = options.mode;
  c.seq_len = options.seq_len;
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
  nn::validate(c);
  return c;
}

TokenizerOptions tokenizer_options(const TrainOptions& options) {
  TokenizerOptions t;
  t.kind = options.tokenizer;
  t.vocab_size = options.vocab_size;
  t.lowercase = options.lowercase;
  return t;
}

void validate(const TrainOptions& options) {
  const std::string& m = options.model;
  if (m != "ngram" && m != "mlp" && m != "rnn" && m != "lstm" && m != "gru" && m != "transformer") {
    throw invalid_input("unknown model '" + m + "'; use ngram, mlp, rnn, lstm, gru or transformer");
  }
  check_tokenizer_options(tokenizer_options(options));
  if (!(options.subword_alpha >= 0 && options.subword_alpha <= 10)) {
    throw invalid_input("the subword sampling alpha must be between 0 (off) and 10");
  }
  if (options.subword_alpha > 0 && !is_neural(options)) {
    throw invalid_input("subword sampling (alpha > 0) is for neural models, which see a new segmentation each time "
                        "they read a line; an n-gram model counts one segmentation");
  }
  if (options.subword_alpha > 0 && options.tokenizer != "unigram") {
    throw invalid_input("subword sampling (alpha > 0) needs the unigram tokenizer, not " + options.tokenizer);
  }
  memory_limit_bytes(options);
  if (!is_neural(options)) {
    ngram_config(options);
    return;
  }
  // The vocabulary is not known yet; the smallest valid one stands in.
  neural_config(options, Tokenizer::kFirstPiece + 1);
  neural_train_config(options);
}

}  // namespace lmp
