// The model's interpolated modified Kneser-Ney against an independent,
// deliberately plain reference: n-gram tuples in std::map, continuation
// counts found by scanning every longer n-gram, Chen & Goodman discounts from
// count-of-counts, and the interpolation written out as a recursion.
//
// Conventions shared with KenLM (and so with the model): <bos> is context only
// and a context is cut at <bos>; n-grams that begin with <bos>, and n-grams of
// the top order, keep their raw counts; order 0 is uniform over the vocab_size - 1
// predictable tokens (all but <bos>).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "app/train_options.h"
#include "ngram/ngram_model.h"
#include "test_helpers.h"
#include "tokenize/char_tokenizer.h"

namespace {

using lmp::CharTokenizer;
using lmp::TokenId;
using lmp_test::describe;
using lmp_test::TokenLine;
using Gram = std::vector<TokenId>;

class KneserNeyReference {
 public:
  KneserNeyReference(const std::vector<TokenLine>& lines, int order, int vocab) : order_(order), vocab_(vocab) {
    // Raw counts of every n-gram, n = 1..order, ending at each predicted position.
    for (const TokenLine& line : lines) {
      for (std::size_t i = 1; i < line.size(); ++i) {
        for (std::size_t start = i + 1; start-- > 0;) {
          const Gram gram(line.begin() + start, line.begin() + i + 1);
          if (gram.size() > static_cast<std::size_t>(order)) break;
          raw_[gram] += 1;
          if (line[start] == CharTokenizer::kBos) break;
        }
      }
    }
    // Kneser-Ney counts: raw for the top order and for n-grams starting at <bos>;
    // otherwise the number of distinct tokens seen just before the n-gram.
    for (const auto& [gram, count] : raw_) {
      if (keeps_raw(gram)) kn_[gram] = count;
    }
    for (const auto& [longer, count] : raw_) {
      if (longer.size() < 2) continue;
      const Gram suffix(longer.begin() + 1, longer.end());
      if (!keeps_raw(suffix)) kn_[suffix] += 1;  // `longer` is one distinct left extension of `suffix`
    }
    // Discounts per order from count-of-counts.
    std::vector<std::array<double, 5>> count_of_counts(order + 1, std::array<double, 5>{});
    for (const auto& [gram, c] : kn_) {
      if (c >= 1 && c <= 4) count_of_counts[gram.size()][static_cast<int>(c)] += 1;
    }
    discounts_.resize(order + 1);
    fell_back_.resize(order + 1);
    for (int n = 1; n <= order; ++n) {
      const auto& nc = count_of_counts[n];
      bool valid = nc[1] > 0 && nc[2] > 0 && nc[3] > 0 && nc[4] > 0;
      std::array<double, 3> d = {0, 0, 0};
      if (valid) {
        const double y = nc[1] / (nc[1] + 2 * nc[2]);
        for (int c = 1; c <= 3; ++c) {
          d[c - 1] = c - (c + 1) * y * nc[c + 1] / nc[c];
          if (!(d[c - 1] > 0 && d[c - 1] <= c)) valid = false;
        }
      }
      fell_back_[n] = !valid;
      discounts_[n] = valid ? d : std::array<double, 3>{0.5, 1.0, 1.5};
    }
    // Per context: the sum of its Kneser-Ney counts and how many continuations have count 1, 2, 3+.
    for (const auto& [gram, c] : kn_) {
      const Gram context(gram.begin(), gram.end() - 1);
      total_[context] += c;
      continuations_[context][std::min<int>(static_cast<int>(c), 3) - 1] += 1;
    }
  }

  double probability(const Gram& full_context, TokenId token) const {
    if (token == CharTokenizer::kBos) return 0.0;
    // The context the model may use: at most order - 1 tokens, cut at <bos>.
    Gram context;
    for (std::size_t i = full_context.size(); i-- > 0 && context.size() + 1 < static_cast<std::size_t>(order_);) {
      context.insert(context.begin(), full_context[i]);
      if (full_context[i] == CharTokenizer::kBos) break;
    }
    double p = 1.0 / (vocab_ - 1);
    for (std::size_t length = 0; length <= context.size(); ++length) {
      const Gram history(context.end() - length, context.end());
      const auto total = total_.find(history);
      if (total == total_.end()) break;  // never seen as a context: nothing longer was either
      const int n = static_cast<int>(length) + 1;
      Gram gram = history;
      gram.push_back(token);
      const auto found = kn_.find(gram);
      const double c = found == kn_.end() ? 0.0 : found->second;
      const double discount = c == 0 ? 0.0 : discounts_[n][std::min(static_cast<int>(c), 3) - 1];
      const auto& m = continuations_.at(history);
      const double gamma =
          (discounts_[n][0] * m[0] + discounts_[n][1] * m[1] + discounts_[n][2] * m[2]) / total->second;
      p = (c - discount) / total->second + gamma * p;
    }
    return p;
  }

  std::size_t distinct(int n) const {
    std::size_t count = 0;
    for (const auto& entry : raw_) count += entry.first.size() == static_cast<std::size_t>(n);
    return count;
  }
  const std::array<double, 3>& discounts(int n) const { return discounts_[n]; }
  bool fell_back(int n) const { return fell_back_[n]; }

 private:
  bool keeps_raw(const Gram& gram) const {
    return gram.size() == static_cast<std::size_t>(order_) || gram.front() == CharTokenizer::kBos;
  }

  int order_;
  int vocab_;
  std::map<Gram, double> raw_;
  std::map<Gram, double> kn_;
  std::vector<std::array<double, 3>> discounts_;
  std::vector<bool> fell_back_;
  std::map<Gram, double> total_;
  std::map<Gram, std::array<double, 3>> continuations_;
};

// Lines drawn from a skewed, Markov-ish source so that count-of-counts are
// well filled at every order: a Zipf-like letter distribution (weight 1/r^2,
// so the tail letters occur only a few times) where the previous letter
// makes its successor four times as likely. Only exact arithmetic, so every
// build draws the same lines.
std::vector<TokenLine> skewed_lines(std::uint64_t seed, int count, int alphabet) {
  lmp_test::TestRandom random(seed);
  std::vector<TokenLine> lines;
  for (int n = 0; n < count; ++n) {
    std::vector<TokenId> chars;
    int previous = -1;
    do {
      std::vector<double> weights(alphabet);
      for (int a = 0; a < alphabet; ++a) weights[a] = 1.0 / ((a + 1.0) * (a + 1.0));
      if (previous >= 0) weights[(previous + 1) % alphabet] *= 4;
      previous = random.weighted(weights);
      chars.push_back(CharTokenizer::kFirstCharacter + previous);
    } while (chars.size() < 14 && random.below(5) != 0);
    lines.push_back(lmp_test::framed(chars));
  }
  return lines;
}

std::vector<TokenLine> probe_contexts(const std::vector<TokenLine>& lines, int alphabet, std::uint64_t seed) {
  std::vector<TokenLine> contexts = {{CharTokenizer::kBos}, {}};
  // Every prefix of the first 40 training lines: contexts the model has seen.
  for (std::size_t l = 0; l < lines.size() && l < 40; ++l) {
    for (std::size_t end = 1; end < lines[l].size(); ++end) contexts.emplace_back(lines[l].begin(), lines[l].begin() + end);
  }
  lmp_test::TestRandom random(seed);
  for (int n = 0; n < 40; ++n) {
    TokenLine context = {CharTokenizer::kBos};
    const int length = random.below(8);
    for (int i = 0; i < length; ++i) {
      const int pick = random.below(alphabet + 2);
      context.push_back(pick >= alphabet ? CharTokenizer::kUnk : CharTokenizer::kFirstCharacter + pick);
    }
    contexts.push_back(context);
  }
  // Without <bos>, and with a <bos> in the middle (the context starts again there).
  contexts.push_back({CharTokenizer::kFirstCharacter, CharTokenizer::kFirstCharacter + 1});
  contexts.push_back({CharTokenizer::kFirstCharacter + 2, CharTokenizer::kBos, CharTokenizer::kFirstCharacter});
  return contexts;
}

struct ReferenceCase {
  const char* name;
  std::vector<TokenLine> lines;
  int alphabet;
};

void compare_with_reference(const ReferenceCase& data, int order, int* orders_without_fallback) {
  const int vocab = CharTokenizer::kFirstCharacter + data.alphabet;
  const KneserNeyReference reference(data.lines, order, vocab);
  lmp::NgramConfig config = lmp::ngram_config(lmp::TrainOptions());  // the defaults
  config.order = order;
  config.smoothing = lmp::Smoothing::kKneserNey;
  const lmp::NgramModel model = lmp::NgramModel::train(data.lines, vocab, config, std::size_t{1} << 30);

  const auto stats = model.order_stats();
  ASSERT_EQ(stats.size(), static_cast<std::size_t>(order));
  for (int n = 1; n <= order; ++n) {
    SCOPED_TRACE("n = " + std::to_string(n));
    EXPECT_EQ(stats[n - 1].order, n);
    EXPECT_EQ(stats[n - 1].distinct_ngrams, reference.distinct(n));
    EXPECT_EQ(stats[n - 1].discounts_fell_back, reference.fell_back(n));
    for (int c = 0; c < 3; ++c) {
      EXPECT_NEAR(stats[n - 1].discounts[c], reference.discounts(n)[c], 1e-12) << "D" << c + 1;
    }
    *orders_without_fallback += !reference.fell_back(n);
  }

  std::vector<double> logprobs;
  int compared = 0;
  for (const TokenLine& context : probe_contexts(data.lines, data.alphabet, 99)) {
    model.next_token_logprobs(context, logprobs);
    for (TokenId token = 0; token < vocab; ++token) {
      const double want = reference.probability(context, token);
      if (token == CharTokenizer::kBos) {
        ASSERT_EQ(want, 0.0);
        EXPECT_EQ(std::exp(logprobs[token]), 0.0);
        continue;
      }
      ASSERT_GT(want, 0.0) << "reference: p(" << token << " | " << describe(context) << ")";
      // log-probabilities within 1e-9: the probabilities agree to a relative 1e-9.
      EXPECT_NEAR(logprobs[token], std::log(want), 1e-9)
          << "p(" << token << " | " << describe(context) << "): model " << std::exp(logprobs[token]) << ", reference "
          << want;
      ++compared;
    }
  }
  EXPECT_GT(compared, 100);
}

TEST(KneserNeyReference, MatchesWhereDiscountsComeFromCountOfCounts) {
  const ReferenceCase data = {"skewed", skewed_lines(2024, 400, 30), 30};
  int orders_without_fallback = 0;
  for (int order = 1; order <= 5; ++order) {
    SCOPED_TRACE("order " + std::to_string(order));
    int without = 0;
    compare_with_reference(data, order, &without);
    // The corpus is built so that no order falls back: the estimated discounts are what is tested.
    EXPECT_EQ(without, order) << "some order fell back to 0.5/1/1.5 on the skewed corpus";
    orders_without_fallback += without;
  }
  EXPECT_EQ(orders_without_fallback, 1 + 2 + 3 + 4 + 5);
}

TEST(KneserNeyReference, MatchesWhereDiscountsFallBack) {
  const ReferenceCase data = {"tiny", lmp_test::random_lines(5, 30, 5, 8), 5};
  for (int order = 1; order <= 5; ++order) {
    SCOPED_TRACE("order " + std::to_string(order));
    int without = 0;
    compare_with_reference(data, order, &without);
    if (order >= 2) {
      EXPECT_LT(without, order) << "expected at least one order to fall back on 30 short lines";
    }
  }
}

TEST(KneserNeyReference, HandComputedBigram) {
  // Lines "ab" and "b" (a = 3, b = 4, V = 5), order 2, discounts fall back to 0.5/1/1.5.
  // Unigram KN counts (distinct left neighbours): a {<bos>} 1, b {<bos>, a} 2, <eol> {b} 1; total 4.
  //   gamma(root) = (0.5 * 2 + 1.0 * 1) / 4 = 0.5, uniform = 1/4.
  //   p1(a) = (1 - 0.5)/4 + 0.5/4 = 0.25; p1(b) = (2 - 1)/4 + 0.125 = 0.375; p1(<eol>) = 0.25; p1(<unk>) = 0.125.
  // Context "b" (order 2 is the top order: raw counts): b<eol> 2, total 2, gamma = 1.0 * 1 / 2 = 0.5.
  //   p(<eol> | b) = (2 - 1)/2 + 0.5 * 0.25 = 0.625; p(a | b) = 0.5 * 0.25 = 0.125.
  // Context <bos>: <bos>a 1, <bos>b 1, total 2, gamma = 0.5 * 2 / 2 = 0.5.
  //   p(a | <bos>) = 0.5/2 + 0.5 * 0.25 = 0.375; p(b | <bos>) = 0.25 + 0.1875 = 0.4375; p(<eol> | <bos>) = 0.125.
  const std::vector<TokenLine> lines = {lmp_test::framed({3, 4}), lmp_test::framed({4})};
  lmp::NgramConfig config = lmp::ngram_config(lmp::TrainOptions());  // the defaults
  config.order = 2;
  const lmp::NgramModel model = lmp::NgramModel::train(lines, 5, config, std::size_t{1} << 30);
  const KneserNeyReference reference(lines, 2, 5);
  struct Row {
    TokenLine context;
    TokenId token;
    double p;
  };
  const std::vector<Row> table = {
      {{2, 4}, 1, 0.625}, {{2, 4}, 3, 0.125}, {{2, 4}, 4, 0.1875}, {{2, 4}, 0, 0.0625},
      {{2}, 3, 0.375},    {{2}, 4, 0.4375},   {{2}, 1, 0.125},     {{2}, 0, 0.0625},
      {{2, 0}, 3, 0.25},  {{2, 0}, 4, 0.375}, {{2, 0}, 1, 0.25},   {{2, 0}, 0, 0.125},  // unseen context: unigrams
  };
  for (const Row& row : table) {
    EXPECT_NEAR(std::exp(model.token_logprob(row.context, row.token)), row.p, 1e-12)
        << "model p(" << row.token << " | " << describe(row.context) << ")";
    EXPECT_NEAR(reference.probability(row.context, row.token), row.p, 1e-12)
        << "reference p(" << row.token << " | " << describe(row.context) << ")";
  }
}

}  // namespace
