#include "generate/sampling.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "base/error.h"

namespace lmp {

namespace {

// Below this temperature the tempered distribution is the argmax to double
// precision anyway; treating it as greedy avoids dividing by (almost) zero.
constexpr double kGreedyTemperature = 1e-6;

}  // namespace

void validate(const SamplingConfig& config) {
  if (!(config.temperature >= 0.0 && config.temperature <= kMaxTemperature)) {
    throw invalid_input("temperature must be between 0 and 100 (got " + std::to_string(config.temperature) + ")");
  }
  if (config.top_k < 0) throw invalid_input("top-k must be 0 (off) or a positive count");
  if (!(config.top_p > 0.0 && config.top_p <= 1.0)) {
    throw invalid_input("top-p must be above 0 and at most 1 (got " + std::to_string(config.top_p) + ")");
  }
}

std::vector<double> softmax_with_temperature(const std::vector<double>& logprobs, double temperature) {
  std::vector<double> probs(logprobs.size(), 0.0);
  const double max = *std::max_element(logprobs.begin(), logprobs.end());
  if (!std::isfinite(max)) return probs;  // nothing possible: leave all zero, callers check
  double sum = 0.0;
  for (std::size_t i = 0; i < logprobs.size(); ++i) {
    if (logprobs[i] == -std::numeric_limits<double>::infinity()) continue;
    probs[i] = std::exp((logprobs[i] - max) / temperature);
    sum += probs[i];
  }
  for (double& p : probs) p /= sum;
  return probs;
}

int argmax(const std::vector<double>& values) {
  int best = 0;
  for (std::size_t i = 1; i < values.size(); ++i) {
    if (values[i] > values[best]) best = static_cast<int>(i);
  }
  return best;
}

std::vector<int> rank_tokens(const std::vector<double>& probs) {
  std::vector<int> order(probs.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return probs[a] > probs[b] || (probs[a] == probs[b] && a < b); });
  return order;
}

NextTokenDistribution transform_distribution(const std::vector<double>& logprobs, const SamplingConfig& config) {
  validate(config);
  NextTokenDistribution d;
  d.base = softmax_with_temperature(logprobs, 1.0);
  const bool greedy = config.greedy || config.temperature < kGreedyTemperature;
  d.tempered = greedy ? d.base : softmax_with_temperature(logprobs, config.temperature);
  d.removal.assign(logprobs.size(), Removal::kKept);
  d.final.assign(logprobs.size(), 0.0);

  const std::vector<int> ranked = rank_tokens(d.tempered);
  if (d.tempered[ranked[0]] <= 0.0) return d;  // nothing possible: final stays all zero
  if (greedy) {
    for (std::size_t r = 1; r < ranked.size(); ++r) {
      if (d.tempered[ranked[r]] > 0.0) d.removal[ranked[r]] = Removal::kGreedy;
    }
    d.final[ranked[0]] = 1.0;
    return d;
  }
  const std::size_t k = config.top_k == 0 ? ranked.size() : std::min<std::size_t>(config.top_k, ranked.size());
  double top_k_mass = 0.0;
  for (std::size_t r = 0; r < k; ++r) top_k_mass += d.tempered[ranked[r]];
  double cumulative = 0.0;
  bool nucleus_full = false;
  for (std::size_t r = 0; r < ranked.size(); ++r) {
    const int token = ranked[r];
    if (r >= k) {
      d.removal[token] = Removal::kTopK;
    } else if (nucleus_full) {
      d.removal[token] = Removal::kTopP;
    } else {
      cumulative += d.tempered[token] / top_k_mass;
      // top-p = 1 must keep everything, whatever the rounding of the sum.
      nucleus_full = config.top_p < 1.0 && cumulative >= config.top_p;
    }
  }
  double kept = 0.0;
  for (std::size_t t = 0; t < d.final.size(); ++t) {
    if (d.removal[t] == Removal::kKept) kept += d.tempered[t];
  }
  for (std::size_t t = 0; t < d.final.size(); ++t) {
    if (d.removal[t] == Removal::kKept) d.final[t] = d.tempered[t] / kept;
  }
  return d;
}

int sample_index(const std::vector<double>& probs, double coin) {
  double cumulative = 0.0;
  int last_possible = 0;
  for (std::size_t i = 0; i < probs.size(); ++i) {
    if (probs[i] <= 0.0) continue;
    cumulative += probs[i];
    last_possible = static_cast<int>(i);
    if (coin < cumulative) return last_possible;
  }
  return last_possible;  // coin beyond a sum that rounded below 1
}

std::vector<TokenId> generate(const LanguageModel& model, std::vector<TokenId> context, const SamplingConfig& config,
                              int max_tokens, TokenId stop_token, Rng& rng) {
  validate(config);
  std::vector<TokenId> generated;
  std::vector<double> logprobs;
  for (int step = 0; step < max_tokens; ++step) {
    model.next_token_logprobs(context, logprobs);
    const NextTokenDistribution d = transform_distribution(logprobs, config);
    // Draw the coin even for greedy so that one seed gives one coin sequence whatever the settings.
    const double coin = rng.next_unit();
    const int token = sample_index(d.final, coin);
    if (d.final[token] <= 0.0) break;  // the model sees no possible continuation (plain MLE can)
    if (token == stop_token) break;
    generated.push_back(token);
    context.push_back(token);
  }
  return generated;
}

}  // namespace lmp
