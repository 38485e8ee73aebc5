// Sampling: small pure functions from next-token log-probabilities to a
// choice, with the random coin passed in. Nothing here changes its input:
// the page shows the same probabilities that sampling used.
//
// Order of the transforms (the common convention, as in Hugging Face and
// llama.cpp): temperature; top-k; top-p over the renormalized top-k survivors;
// renormalize. Ties between equal probabilities are broken by
// the smaller token id, everywhere, so results never depend on sort stability.
#pragma once
#include <cstdint>
#include <vector>

#include "base/rng.h"
#include "lm/language_model.h"

namespace lmp {

// Beyond this every distribution is uniform to the eye.
inline constexpr double kMaxTemperature = 100.0;

// Initialized to the identity (sampling from the model's own distribution);
// the sampling options (app/option_table.cpp) fill it.
struct SamplingConfig {
  double temperature = 1.0;  // < 1 sharpens, > 1 flattens; 0 means greedy
  int top_k = 0;             // keep the k most probable tokens; 0 keeps all
  double top_p = 1.0;        // keep the smallest set whose probability reaches p; 1 keeps all
  bool greedy = false;       // always the most probable token
};

void validate(const SamplingConfig& config);

enum class Removal : std::uint8_t { kKept = 0, kTopK = 1, kTopP = 2, kGreedy = 3 };

// Every step of the transform, kept for display.
struct NextTokenDistribution {
  std::vector<double> base;       // (V,) softmax of the log-probabilities, temperature 1
  std::vector<double> tempered;   // (V,) after temperature
  std::vector<Removal> removal;   // (V,) why a token was dropped, if it was
  std::vector<double> final;      // (V,) what sampling draws from: sums to 1, or all 0 if nothing is possible
};

// Softmax of logprobs / temperature, computed stably; -inf stays at 0.
std::vector<double> softmax_with_temperature(const std::vector<double>& logprobs, double temperature);
// The index of the largest value; the smallest index among equals.
int argmax(const std::vector<double>& values);
// Token ids by probability, highest first, ties by smaller id.
std::vector<int> rank_tokens(const std::vector<double>& probs);
NextTokenDistribution transform_distribution(const std::vector<double>& logprobs, const SamplingConfig& config);
// Inverse-CDF draw: the first token whose cumulative probability exceeds coin in [0, 1).
int sample_index(const std::vector<double>& probs, double coin);

// Draws up to max_tokens tokens after `context` (which starts with <bos>);
// stops after drawing `stop_token` (not included in the result).
std::vector<TokenId> generate(const LanguageModel& model, std::vector<TokenId> context, const SamplingConfig& config,
                              int max_tokens, TokenId stop_token, Rng& rng);

}  // namespace lmp
