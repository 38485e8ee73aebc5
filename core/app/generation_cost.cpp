#include "app/generation_cost.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "app/option_table.h"
#include "base/error.h"
#include "models/neural_model.h"
#include "models/neural_model_kinds.h"
#include "models/transformer_model.h"

namespace lmp {

namespace {

using nn::Tape;
using Clock = std::chrono::steady_clock;

constexpr int kVocab = 85;  // Moby Dick's characters: a real vocabulary size for the output layer
constexpr int kShortestContext = 16;  // the first row; shorter contexts all cost about the same
// The next row, 1,024, and its timed token would not fit in the Transformer's
// 1,024 positions; at 512 recomputing already takes ~25 ms a token in wasm.
constexpr int kLongestContext = 512;
// At 512, 64 tokens recomputed 3 times take about 5 s in wasm: longer would stall the page's worker.
constexpr int kMostTokens = 64;
constexpr int kReps = 3;
constexpr int kWarmUpTokens = 64;  // one warm-up pass: the tape's arena grows to its size
// Passes go on for this long: a browser compiles its optimized wasm in the
// background, later on a busy machine, and the first row must not pay for it.
constexpr double kWarmUpUs = 300e3;

double us_since(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

// Any ids but the reserved ones: cost does not depend on which characters they are.
std::vector<TokenId> some_tokens(int n, int offset) {
  std::vector<TokenId> t(n);
  for (int i = 0; i < n; ++i) t[i] = 3 + (i * 7 + offset) % (kVocab - 3);
  return t;
}

double median3(double a, double b, double c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }

void check_range(const char* what, int value, int lo, int hi) {
  if (value < lo || value > hi) {
    throw invalid_input(std::string(what) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                        " (got " + std::to_string(value) + ")");
  }
}

}  // namespace

struct GenerationCostMeter::Models {
  std::unique_ptr<nn::NeuralModel> gpt;
  const nn::TransformerModel* transformer = nullptr;  // gpt, for its KV-cache step
  std::unique_ptr<nn::NeuralModel> lstm;
  Tape tape;

  Models(int positions, std::uint32_t seed) {
    TrainOptions gpt_options = default_train_options(ModelKind::kTransformer);
    gpt_options.embed = 64;
    gpt_options.layers = 2;
    gpt_options.heads = 4;
    gpt_options.context = positions;
    TrainOptions lstm_options = default_train_options(ModelKind::kLstm);
    lstm_options.embed = 32;
    lstm_options.hidden = 128;
    gpt = nn::make_neural_model(neural_config(gpt_options, kVocab), seed);
    transformer = &dynamic_cast<const nn::TransformerModel&>(*gpt);
    lstm = nn::make_neural_model(neural_config(lstm_options, kVocab), seed);
    tape.training = false;
  }

  void kv_step(TokenId token, nn::KvCache& cache) {
    tape.reset();
    transformer->forward_cached(tape, token, cache);
  }

  // The whole context text[0, length) again, as a model without a cache must.
  void recompute(const std::vector<TokenId>& text, int length) {
    tape.reset();
    const std::vector<TokenId> window(text.begin(), text.begin() + length);
    transformer->forward(tape, window, length, 1, nullptr);
  }

  void lstm_step(TokenId token, nn::RecurrentState& state) {
    tape.reset();
    lstm->forward(tape, {token}, 1, 1, &state);
  }

  // Untimed: the first row would otherwise pay for compiling and growing.
  void warm_up() {
    const int warm = std::min(kWarmUpTokens, gpt->config().context);  // the cache holds at most context tokens
    const std::vector<TokenId> text = some_tokens(warm, 0);
    const Clock::time_point start = Clock::now();
    do {
      nn::KvCache cache;
      nn::RecurrentState state;
      for (int i = 0; i < warm; ++i) {
        kv_step(text[i], cache);
        recompute(text, i + 1);
        lstm_step(text[i], state);
      }
    } while (us_since(start) < kWarmUpUs);
  }
};

std::unique_ptr<GenerationCostMeter> GenerationCostMeter::start(const GenerationCostOptions& options) {
  check_range("the longest context", options.max_context, kShortestContext, kLongestContext);
  check_range("the number of tokens timed", options.tokens, 1, kMostTokens);
  return std::unique_ptr<GenerationCostMeter>(new GenerationCostMeter(options));
}

GenerationCostMeter::GenerationCostMeter(const GenerationCostOptions& options)
    : options_(options), models_(std::make_unique<Models>(options.max_context + 1, options.seed)) {
  for (int n = kShortestContext; n <= options.max_context; n *= 2) contexts_.push_back(n);
  models_->warm_up();
}

GenerationCostMeter::~GenerationCostMeter() = default;

GenerationCost GenerationCostMeter::measure_next() {
  if (finished()) throw invalid_input("every context length has been measured");
  Models& m = *models_;
  const int n = contexts_[next_++];
  const int count = options_.tokens;
  const std::vector<TokenId> text = some_tokens(n + count, n);
  // Every timed token of the Transformer is the one after exactly n: the
  // context does not creep up to n + count, which at n = 16 would plot
  // contexts of up to 80 as 16.
  double cached[kReps], recomputed[kReps], stepped[kReps];
  for (int rep = 0; rep < kReps; ++rep) {
    // KV cache: the prompt once, untimed, then one row against it per token.
    nn::KvCache cache;
    for (int i = 0; i < n; ++i) m.kv_step(text[i], cache);
    Clock::time_point start = Clock::now();
    for (int i = n; i < n + count; ++i) {
      m.kv_step(text[i], cache);
      cache.truncate(n);  // a few resizes of vectors that only shrink: nothing next to the step
    }
    cached[rep] = us_since(start) / count;

    start = Clock::now();
    for (int t = 0; t < count; ++t) m.recompute(text, n + 1);
    recomputed[rep] = us_since(start) / count;

    // The LSTM's step is the same work at any position: timed straight on.
    nn::RecurrentState state;
    for (int i = 0; i < n; ++i) m.lstm_step(text[i], state);
    start = Clock::now();
    for (int i = n; i < n + count; ++i) m.lstm_step(text[i], state);
    stepped[rep] = us_since(start) / count;
  }
  GenerationCost row;
  row.n = n;
  row.kv_us = median3(cached[0], cached[1], cached[2]);
  row.recompute_us = median3(recomputed[0], recomputed[1], recomputed[2]);
  row.lstm_us = median3(stepped[0], stepped[1], stepped[2]);
  return row;
}

}  // namespace lmp
