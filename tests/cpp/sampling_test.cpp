// Sampling against exact distributions: temperature, top-k, top-p, greedy,
// ties, the inverse-CDF draw (with a chi-square goodness-of-fit test), and
// generate() on small fake models whose behaviour is known exactly.
#include "generate/sampling.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "test_helpers.h"

namespace {

using lmp::Removal;
using lmp::SamplingConfig;
using lmp::TokenId;
using lmp_test::ThrowsLmpError;

constexpr double kInf = std::numeric_limits<double>::infinity();

std::vector<double> logs(const std::vector<double>& probs) {
  std::vector<double> out;
  for (double p : probs) out.push_back(std::log(p));  // log(0) = -inf
  return out;
}

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want, double tolerance,
                     const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], tolerance) << what << "[" << i << "]";
  }
}

std::vector<double> one_hot(std::size_t size, int at) {
  std::vector<double> v(size, 0.0);
  v[at] = 1.0;
  return v;
}

SamplingConfig config(double temperature, int top_k = 0, double top_p = 1.0, bool greedy = false) {
  SamplingConfig c;
  c.temperature = temperature;
  c.top_k = top_k;
  c.top_p = top_p;
  c.greedy = greedy;
  return c;
}

TEST(Softmax, TemperatureByHand) {
  const std::vector<double> probs = {0.5, 0.3, 0.2, 0.0};
  // T = 1: the probabilities themselves.
  expect_near_all(lmp::softmax_with_temperature(logs(probs), 1.0), probs, 1e-14, "T=1");
  // T = 0.5: proportional to p^2 = 0.25, 0.09, 0.04 (sum 0.38).
  expect_near_all(lmp::softmax_with_temperature(logs(probs), 0.5), {0.25 / 0.38, 0.09 / 0.38, 0.04 / 0.38, 0.0},
                  1e-14, "T=0.5");
  // T = 2: proportional to sqrt(p).
  const double s = std::sqrt(0.5) + std::sqrt(0.3) + std::sqrt(0.2);
  expect_near_all(lmp::softmax_with_temperature(logs(probs), 2.0),
                  {std::sqrt(0.5) / s, std::sqrt(0.3) / s, std::sqrt(0.2) / s, 0.0}, 1e-14, "T=2");
}

TEST(Softmax, UnnormalizedAndHugeLogits) {
  // exp(1000) overflows; a stable softmax does not care: [1000, 999] is [e, 1] / (e + 1).
  const double e = std::exp(1.0);
  expect_near_all(lmp::softmax_with_temperature({1000.0, 999.0, -kInf}, 1.0), {e / (e + 1), 1 / (e + 1), 0.0}, 1e-14,
                  "shifted");
  expect_near_all(lmp::softmax_with_temperature({-1000.0, -1001.0}, 1.0), {e / (e + 1), 1 / (e + 1)}, 1e-14,
                  "very negative");
}

TEST(Softmax, NothingPossibleGivesAllZeros) {
  EXPECT_EQ(lmp::softmax_with_temperature({-kInf, -kInf, -kInf}, 1.0), std::vector<double>(3, 0.0));
}

TEST(Argmax, SmallestIndexAmongEquals) {
  EXPECT_EQ(lmp::argmax({0.1, 0.4, 0.1, 0.4}), 1);
  EXPECT_EQ(lmp::argmax({0.7, 0.1, 0.7}), 0);
  EXPECT_EQ(lmp::argmax({-kInf, -kInf, -3.0}), 2);
  EXPECT_EQ(lmp::argmax({5.0}), 0);
}

TEST(RankTokens, DescendingWithTiesBySmallerId) {
  EXPECT_EQ(lmp::rank_tokens({0.1, 0.3, 0.2, 0.3, 0.1, 0.0}), (std::vector<int>{1, 3, 2, 0, 4, 5}));
}

const std::vector<double> kSix = {0.05, 0.10, 0.15, 0.20, 0.22, 0.28};

TEST(TransformDistribution, DefaultsLeaveTheDistributionUntouched) {
  const lmp::NextTokenDistribution d = lmp::transform_distribution(logs(kSix), config(1.0, 0, 1.0));
  expect_near_all(d.base, kSix, 1e-14, "base");
  expect_near_all(d.tempered, kSix, 1e-14, "tempered");
  expect_near_all(d.final, kSix, 1e-14, "final");
  EXPECT_EQ(d.removal, std::vector<Removal>(6, Removal::kKept));
}

TEST(TransformDistribution, TopPOfOneKeepsEveryPossibleToken) {
  // Many tiny probabilities whose float sum may land just below or above 1.
  std::vector<double> probs(1000, 1.0 / 1000);
  const lmp::NextTokenDistribution d = lmp::transform_distribution(logs(probs), config(1.0, 0, 1.0));
  EXPECT_EQ(d.removal, std::vector<Removal>(1000, Removal::kKept));
  for (double p : d.final) ASSERT_NEAR(p, 1.0 / 1000, 1e-14);
}

TEST(TransformDistribution, GreedyEquivalents) {
  const std::vector<double> want = one_hot(6, 5);
  const std::vector<std::pair<const char*, SamplingConfig>> table = {
      {"greedy flag", config(1.0, 0, 1.0, true)},
      {"greedy flag with a high temperature", config(50.0, 3, 0.5, true)},
      {"temperature 0", config(0.0)},
      {"temperature 1e-7", config(1e-7)},
      {"top-k 1", config(1.0, 1)},
      {"top-k 1, temperature 3", config(3.0, 1)},
      {"tiny top-p", config(1.0, 0, 1e-9)},
  };
  for (const auto& [name, c] : table) {
    const lmp::NextTokenDistribution d = lmp::transform_distribution(logs(kSix), c);
    EXPECT_EQ(d.final, want) << name;
    expect_near_all(d.base, kSix, 1e-14, std::string(name) + " base");
  }
  // Greedy keeps the base distribution as the tempered one (nothing to divide by).
  const lmp::NextTokenDistribution zero = lmp::transform_distribution(logs(kSix), config(0.0));
  EXPECT_EQ(zero.tempered, zero.base);
}

TEST(TransformDistribution, GreedyTiesGoToTheSmallerId) {
  const std::vector<double> probs = {0.1, 0.35, 0.2, 0.35};
  EXPECT_EQ(lmp::transform_distribution(logs(probs), config(0.0)).final, one_hot(4, 1));
  EXPECT_EQ(lmp::transform_distribution(logs(probs), config(1.0, 0, 1.0, true)).final, one_hot(4, 1));
  EXPECT_EQ(lmp::transform_distribution(logs(probs), config(1.0, 1)).final, one_hot(4, 1));
}

TEST(TransformDistribution, TopKBoundaryTiesGoToTheSmallerId) {
  // Ranked: 1 (0.25), 3 (0.25), 2 (0.15), 4 (0.15), 0 (0.1), 5 (0.1); k = 3 cuts between 2 and 4.
  const std::vector<double> probs = {0.10, 0.25, 0.15, 0.25, 0.15, 0.10};
  const lmp::NextTokenDistribution d = lmp::transform_distribution(logs(probs), config(1.0, 3));
  expect_near_all(d.final, {0, 0.25 / 0.65, 0.15 / 0.65, 0.25 / 0.65, 0, 0}, 1e-14, "final");
  EXPECT_EQ(d.removal, (std::vector<Removal>{Removal::kTopK, Removal::kKept, Removal::kKept, Removal::kKept,
                                              Removal::kTopK, Removal::kTopK}));
  // k at least the vocabulary keeps everything.
  const lmp::NextTokenDistribution all = lmp::transform_distribution(logs(probs), config(1.0, 100));
  expect_near_all(all.final, probs, 1e-14, "k = 100");
}

TEST(TransformDistribution, TopPKeepsTheSmallestPrefixReachingP) {
  // Ranked: 1 (0.40), 2 (0.25), 3 (0.20), 4 (0.10), 0 (0.05); cumulative 0.40 0.65 0.85 0.95 1.
  const std::vector<double> probs = {0.05, 0.40, 0.25, 0.20, 0.10};
  struct Row {
    double p;
    std::vector<double> final;
  };
  const std::vector<Row> table = {
      {0.30, {0, 1, 0, 0, 0}},
      {0.60, {0, 0.40 / 0.65, 0.25 / 0.65, 0, 0}},
      {0.70, {0, 0.40 / 0.85, 0.25 / 0.85, 0.20 / 0.85, 0}},
      {0.90, {0, 0.40 / 0.95, 0.25 / 0.95, 0.20 / 0.95, 0.10 / 0.95}},
      {0.99, probs},
  };
  for (const Row& row : table) {
    const lmp::NextTokenDistribution d = lmp::transform_distribution(logs(probs), config(1.0, 0, row.p));
    expect_near_all(d.final, row.final, 1e-14, "top-p " + std::to_string(row.p));
    for (std::size_t t = 0; t < probs.size(); ++t) {
      EXPECT_EQ(d.removal[t], row.final[t] > 0 ? Removal::kKept : Removal::kTopP) << "top-p " << row.p << " token " << t;
    }
  }
}

TEST(TransformDistribution, TemperatureBeforeTopP) {
  // T = 0.5 squares the probabilities: 0.6^2, 0.3^2, 0.1^2 = 0.36, 0.09, 0.01 (sum 0.46).
  // Tempered: 0.7826, 0.1957, 0.0217; top-p 0.95 keeps the first two (0.978 >= 0.95).
  const std::vector<double> probs = {0.6, 0.3, 0.1};
  const lmp::NextTokenDistribution d = lmp::transform_distribution(logs(probs), config(0.5, 0, 0.95));
  expect_near_all(d.tempered, {0.36 / 0.46, 0.09 / 0.46, 0.01 / 0.46}, 1e-14, "tempered");
  expect_near_all(d.final, {0.36 / 0.45, 0.09 / 0.45, 0}, 1e-14, "final");
  expect_near_all(d.base, probs, 1e-14, "base");
  // The same top-p at temperature 1 keeps all three (0.6 + 0.3 = 0.9 < 0.95).
  const lmp::NextTokenDistribution plain = lmp::transform_distribution(logs(probs), config(1.0, 0, 0.95));
  expect_near_all(plain.final, probs, 1e-14, "T=1");
}

TEST(TransformDistribution, TopKThenTopPAndRemovalReasons) {
  // Ranked: 5 (0.28), 4 (0.22), 3 (0.20), 2 (0.15), 1 (0.10), 0 (0.05).
  // top-k 4 drops 1 and 0; top-p 0.6 then stops at 0.28 + 0.22 + 0.20 = 0.70, dropping 2.
  const lmp::NextTokenDistribution d = lmp::transform_distribution(logs(kSix), config(1.0, 4, 0.6));
  EXPECT_EQ(d.removal, (std::vector<Removal>{Removal::kTopK, Removal::kTopK, Removal::kTopP, Removal::kKept,
                                              Removal::kKept, Removal::kKept}));
  expect_near_all(d.final, {0, 0, 0, 0.20 / 0.70, 0.22 / 0.70, 0.28 / 0.70}, 1e-14, "final");
  expect_near_all(d.tempered, kSix, 1e-14, "tempered is before the cuts");
}

TEST(TransformDistribution, ImpossibleTokensStayImpossible) {
  const std::vector<double> probs = {0.0, 0.5, 0.0, 0.5};
  for (const SamplingConfig& c : {config(1.0), config(5.0), config(0.3, 3), config(1.0, 0, 0.999)}) {
    const lmp::NextTokenDistribution d = lmp::transform_distribution(logs(probs), c);
    EXPECT_EQ(d.final[0], 0.0);
    EXPECT_EQ(d.final[2], 0.0);
    EXPECT_NEAR(d.final[1] + d.final[3], 1.0, 1e-14);
  }
}

TEST(Validate, RejectsOutOfRangeSettings) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::pair<SamplingConfig, const char*>> bad = {
      {config(-0.01), "temperature"}, {config(100.001), "temperature"}, {config(nan), "temperature"},
      {config(kInf), "temperature"},  {config(1.0, -1), "top-k"},        {config(1.0, 0, 0.0), "top-p"},
      {config(1.0, 0, -0.5), "top-p"}, {config(1.0, 0, 1.0001), "top-p"}, {config(1.0, 0, nan), "top-p"},
  };
  for (const auto& row : bad) {
    const SamplingConfig& c = row.first;
    const char* word = row.second;
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::validate(c); }, lmp::ErrorKind::kInvalidInput, {word}))
        << "T " << c.temperature << ", k " << c.top_k << ", p " << c.top_p;
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::transform_distribution(logs(kSix), c); }, lmp::ErrorKind::kInvalidInput));
  }
  for (const SamplingConfig& c : {config(0.0), config(100.0), config(1.0, 0, 1.0), config(1.0, 1000000, 1e-12)}) {
    EXPECT_NO_THROW(lmp::validate(c));
  }
}

TEST(SampleIndex, InverseCdfByHand) {
  const std::vector<double> probs = {0.25, 0.0, 0.5, 0.25, 0.0};
  struct Row {
    double coin;
    int index;
  };
  // Cumulative 0.25 | 0.75 | 1.0, the zero-probability tokens never chosen.
  const std::vector<Row> table = {{0.0, 0},  {0.2499, 0}, {0.25, 2},   {0.5, 2},
                                  {0.7499, 2}, {0.75, 3},   {0.9999999, 3}};
  for (const Row& row : table) EXPECT_EQ(lmp::sample_index(probs, row.coin), row.index) << "coin " << row.coin;
  // A coin beyond a sum that rounded below 1 gets the last possible token.
  EXPECT_EQ(lmp::sample_index({0.0, 0.3, 0.2, 0.0}, 0.9), 2);
}

// Chi-square statistic of observed counts against expected probabilities (cells with p > 0).
double chi_square(const std::vector<double>& counts, const std::vector<double>& probs, double draws) {
  double statistic = 0;
  for (std::size_t i = 0; i < probs.size(); ++i) {
    if (probs[i] <= 0) continue;
    const double expected = draws * probs[i];
    statistic += (counts[i] - expected) * (counts[i] - expected) / expected;
  }
  return statistic;
}

std::vector<double> draw_counts(const std::vector<double>& probs, int draws, std::uint64_t seed) {
  lmp::Rng rng(seed);
  std::vector<double> counts(probs.size(), 0.0);
  for (int i = 0; i < draws; ++i) counts[lmp::sample_index(probs, rng.next_unit())] += 1;
  return counts;
}

TEST(SampleIndex, ChiSquareFitOfSixTokens) {
  constexpr int kDraws = 200000;
  for (std::uint64_t seed : {1ull, 2ull, 12345ull}) {
    const std::vector<double> counts = draw_counts(kSix, kDraws, seed);
    const double statistic = chi_square(counts, kSix, kDraws);
    // 5 degrees of freedom: the 0.999 quantile is 20.515.
    EXPECT_LT(statistic, 20.52) << "seed " << seed;
  }
}

TEST(SampleIndex, ChiSquareFitAfterTopKAndTopP) {
  constexpr int kDraws = 200000;
  // As in TopKThenTopPAndRemovalReasons: tokens 3, 4, 5 kept with 0.20, 0.22, 0.28 over 0.70.
  const lmp::NextTokenDistribution d = lmp::transform_distribution(logs(kSix), config(1.0, 4, 0.6));
  const std::vector<double> want = {0, 0, 0, 0.20 / 0.70, 0.22 / 0.70, 0.28 / 0.70};
  const std::vector<double> counts = draw_counts(d.final, kDraws, 77);
  for (int removed : {0, 1, 2}) EXPECT_EQ(counts[removed], 0) << "removed token " << removed << " was drawn";
  // 2 degrees of freedom: the 0.999 quantile is 13.816.
  EXPECT_LT(chi_square(counts, want, kDraws), 13.82);
}

TEST(Rng, UnitIsInRangeAndSeedsDiffer) {
  lmp::Rng a(0), b(1), c(0);
  double sum = 0;
  int same = 0;
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) {
    const double x = a.next_unit();
    ASSERT_GE(x, 0.0);
    ASSERT_LT(x, 1.0);
    ASSERT_EQ(x, c.next_unit()) << "same seed, draw " << i;
    same += x == b.next_unit();
    sum += x;
  }
  EXPECT_EQ(same, 0);
  // Mean of uniform draws: 0.5 with standard error 1/sqrt(12 n) = 0.0009; allow 5 of them.
  EXPECT_NEAR(sum / kDraws, 0.5, 0.0046);
}

// A fake model: a fixed table of next-token probabilities indexed by how many
// tokens the context holds; records every context it is asked about.
class ScriptedModel : public lmp::LanguageModel {
 public:
  explicit ScriptedModel(std::vector<std::vector<double>> steps) : steps_(std::move(steps)) {}
  int vocab_size() const override { return static_cast<int>(steps_[0].size()); }
  void next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const override {
    contexts.push_back(context);
    const std::size_t step = std::min(context.size() - 1, steps_.size() - 1);
    out = logs(steps_[step]);
  }
  mutable std::vector<std::vector<TokenId>> contexts;

 private:
  std::vector<std::vector<double>> steps_;
};

constexpr TokenId kStop = 1;

TEST(Generate, StopsAtTheStopTokenWithoutIncludingIt) {
  // Greedy path: 3, 4, 3, then <eol> (1) is the most probable.
  const ScriptedModel model({{0, 0.1, 0, 0.6, 0.3}, {0, 0.1, 0, 0.2, 0.7}, {0, 0.1, 0, 0.5, 0.4}, {0, 0.9, 0, 0.05, 0.05}});
  lmp::Rng rng(1);
  const std::vector<TokenId> got = lmp::generate(model, {2}, config(0.0), 50, kStop, rng);
  EXPECT_EQ(got, (std::vector<TokenId>{3, 4, 3}));
  // Each step saw the context so far.
  ASSERT_EQ(model.contexts.size(), 4u);
  EXPECT_EQ(model.contexts[0], (std::vector<TokenId>{2}));
  EXPECT_EQ(model.contexts[3], (std::vector<TokenId>{2, 3, 4, 3}));
}

TEST(Generate, RespectsMaxTokens) {
  const ScriptedModel model({{0, 0, 0, 0.5, 0.5}});  // the stop token is impossible
  for (int max_tokens : {0, 1, 7, 40}) {
    lmp::Rng rng(3);
    const std::vector<TokenId> got = lmp::generate(model, {2}, config(1.0), max_tokens, kStop, rng);
    EXPECT_EQ(got.size(), static_cast<std::size_t>(max_tokens));
    for (TokenId t : got) EXPECT_TRUE(t == 3 || t == 4) << "drew impossible token " << t;
  }
}

TEST(Generate, SameSeedSameTokensDifferentSeedsDiffer) {
  const ScriptedModel model({{0.1, 0.05, 0, 0.2, 0.25, 0.15, 0.25}});
  std::set<std::vector<TokenId>> distinct;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    lmp::Rng one(seed), two(seed);
    const auto a = lmp::generate(model, {2}, config(1.0), 30, 99, one);
    const auto b = lmp::generate(model, {2}, config(1.0), 30, 99, two);
    ASSERT_EQ(a, b) << "seed " << seed;
    ASSERT_EQ(a.size(), 30u);
    distinct.insert(a);
  }
  // 30 draws from 6 tokens: two seeds agreeing by chance is (far) below 1e-14.
  EXPECT_EQ(distinct.size(), 10u);
}

TEST(Generate, DrawsOneCoinPerStepEvenWhenGreedy) {
  const ScriptedModel model({{0, 0, 0, 0.5, 0.5}});
  lmp::Rng used(9), fresh(9);
  lmp::generate(model, {2}, config(0.0), 5, kStop, used);
  for (int i = 0; i < 5; ++i) fresh.next_unit();
  EXPECT_EQ(used.next_unit(), fresh.next_unit());
}

TEST(Generate, ValidatesTheConfig) {
  const ScriptedModel model({{0, 0.5, 0, 0.5}});
  lmp::Rng rng(1);
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::generate(model, {2}, config(-1.0), 5, kStop, rng); },
                             lmp::ErrorKind::kInvalidInput, {"temperature"}));
}

TEST(Generate, StopsWhenNoContinuationIsPossible) {
  // A model that sees no possible next token (every log-probability -inf, which the
  // LanguageModel interface allows) must end the sample, as generate() intends
  // ("the model sees no possible continuation"), rather than emit token ids.
  const ScriptedModel model({{0, 0.5, 0, 0.5}, {0, 0, 0, 0}});
  for (const SamplingConfig& c : {config(1.0), config(0.0), config(0.7, 2, 0.9)}) {
    lmp::Rng rng(4);
    const std::vector<TokenId> got = lmp::generate(model, {2}, c, 10, 99, rng);
    EXPECT_LE(got.size(), 1u) << "T " << c.temperature << ": generated " << lmp_test::describe(got);
  }
}

}  // namespace
