// NgramModel properties for every order and smoothing (normalization,
// <bos> impossible, the two scoring paths agree), add-k and plain MLE by hand,
// unseen n-gram shares by brute force, limits and option checks.
#include "app/option_table.h"
#include "app/train_options.h"
#include "ngram/ngram_model.h"
#include "tokenize/char_tokenizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "lm/evaluate.h"
#include "test_helpers.h"

namespace {

using lmp::CharTokenizer;
using lmp::NgramConfig;
using lmp::NgramModel;
using lmp::Smoothing;
using lmp::TokenId;
using lmp_test::describe;
using lmp_test::framed;
using lmp_test::ThrowsLmpError;
using lmp_test::TokenLine;

constexpr std::size_t kNoLimit = std::size_t{1} << 30;
constexpr double kInf = std::numeric_limits<double>::infinity();

NgramModel train(const std::vector<TokenLine>& lines, int vocab, int order, Smoothing smoothing, double k = 1.0) {
  NgramConfig config = lmp::ngram_config(lmp::TrainOptions());  // the defaults
  config.order = order;
  config.smoothing = smoothing;
  config.k = k;
  return NgramModel::train(lines, vocab, config, kNoLimit);
}

struct SmoothingCase {
  Smoothing smoothing;
  double k;
};

// Contexts worth asking about: right after <bos>, prefixes of training lines
// (seen contexts, so plain MLE uses long ones), random ones with <unk> and
// unseen characters, ones longer than the order, and ones without <bos>.
std::vector<TokenLine> probe_contexts(const std::vector<TokenLine>& training, int alphabet, std::uint64_t seed) {
  std::vector<TokenLine> contexts = {{CharTokenizer::kBos}, {}};
  lmp_test::TestRandom random(seed);
  for (int n = 0; n < 12; ++n) {
    const TokenLine& line = training[random.below(static_cast<int>(training.size()))];
    const int length = 1 + random.below(static_cast<int>(line.size()) - 1);  // <bos> + some characters, no <eol>
    contexts.emplace_back(line.begin(), line.begin() + length);
  }
  for (int n = 0; n < 12; ++n) {
    TokenLine context = {CharTokenizer::kBos};
    const int length = random.below(9);
    for (int i = 0; i < length; ++i) {
      // Mostly the alphabet, sometimes <unk>.
      context.push_back(random.below(6) == 0 ? CharTokenizer::kUnk
                                             : CharTokenizer::kFirstCharacter + random.below(alphabet));
    }
    contexts.push_back(context);
  }
  contexts.push_back({CharTokenizer::kBos, CharTokenizer::kUnk});
  contexts.push_back({CharTokenizer::kBos, CharTokenizer::kFirstCharacter, CharTokenizer::kUnk});
  contexts.push_back({CharTokenizer::kFirstCharacter});                                   // no <bos>
  contexts.push_back({CharTokenizer::kFirstCharacter + 1, CharTokenizer::kFirstCharacter});  // no <bos>
  return contexts;
}

TEST(NgramModel, EveryOrderAndSmoothingGivesANormalizedDistribution) {
  constexpr int kAlphabet = 5;
  constexpr int kVocab = CharTokenizer::kFirstCharacter + kAlphabet;
  const std::vector<TokenLine> lines = lmp_test::random_lines(11, 30, kAlphabet, 8);
  const std::vector<TokenLine> contexts = probe_contexts(lines, kAlphabet, 12);
  const std::vector<SmoothingCase> smoothings = {
      {Smoothing::kNone, 1.0}, {Smoothing::kAddK, 0.5}, {Smoothing::kKneserNey, 1.0}};
  for (int order = 1; order <= 5; ++order) {
    for (const SmoothingCase& s : smoothings) {
      const NgramModel model = train(lines, kVocab, order, s.smoothing, s.k);
      ASSERT_EQ(model.vocab_size(), kVocab);
      for (const TokenLine& context : contexts) {
        SCOPED_TRACE("order " + std::to_string(order) + " " + lmp::to_string(s.smoothing) + ", context " +
                     describe(context));
        std::vector<double> logprobs;
        model.next_token_logprobs(context, logprobs);
        ASSERT_EQ(logprobs.size(), static_cast<std::size_t>(kVocab));
        double sum = 0;
        for (double lp : logprobs) {
          ASSERT_FALSE(std::isnan(lp));
          ASSERT_LE(lp, 1e-12);
          sum += std::exp(lp);
        }
        EXPECT_NEAR(sum, 1.0, 1e-9);
        EXPECT_EQ(logprobs[CharTokenizer::kBos], -kInf) << "p(<bos>) must be 0";
        for (TokenId token = 0; token < kVocab; ++token) {
          EXPECT_EQ(model.token_logprob(context, token), logprobs[token]) << "token " << token;
        }
        if (s.smoothing != Smoothing::kNone) {
          // Smoothed models give every predictable token some probability, <unk> included.
          for (TokenId token = 0; token < kVocab; ++token) {
            if (token != CharTokenizer::kBos) {
              EXPECT_GT(logprobs[token], -kInf) << "token " << token;
            }
          }
        }
      }
    }
  }
}

TEST(NgramModel, OrderStatsCountDistinctNgrams) {
  // Lines "ab" and "b" (a = 3, b = 4). Unigrams: a b <eol>. Bigrams: <bos>a ab b<eol> <bos>b.
  // Trigrams: <bos>ab ab<eol>; <bos>b<eol> is the 3-gram cut at <bos>.
  const std::vector<TokenLine> lines = {framed({3, 4}), framed({4})};
  const NgramModel model = train(lines, 5, 3, Smoothing::kKneserNey);
  const auto stats = model.order_stats();
  ASSERT_EQ(stats.size(), 3u);
  EXPECT_EQ(stats[0].order, 1);
  EXPECT_EQ(stats[0].distinct_ngrams, 3u);
  EXPECT_EQ(stats[1].order, 2);
  EXPECT_EQ(stats[1].distinct_ngrams, 4u);
  EXPECT_EQ(stats[2].order, 3);
  EXPECT_EQ(stats[2].distinct_ngrams, 3u);  // <bos>ab, ab<eol>, <bos>b<eol>
  EXPECT_EQ(model.stored_ngrams(), 3u + 4u + 3u);
  for (const auto& s : stats) {
    // Far too few n-grams for count-of-counts: KenLM's fixed fallback.
    EXPECT_TRUE(s.discounts_fell_back) << "order " << s.order;
    EXPECT_EQ(s.discounts, (std::array<double, 3>{0.5, 1.0, 1.5})) << "order " << s.order;
  }
}

// The tiny corpus for hand calculations: lines "ab" and "b"; a = 3, b = 4, V = 5,
// so add-k spreads k over V - 1 = 4 predictable tokens (<unk> <eol> a b).
const std::vector<TokenLine>& tiny_corpus() {
  static const std::vector<TokenLine> lines = {framed({3, 4}), framed({4})};
  return lines;
}
constexpr int kTinyVocab = 5;
constexpr TokenId kA = 3, kB = 4, kUnk = CharTokenizer::kUnk, kEol = CharTokenizer::kEol, kBos = CharTokenizer::kBos;

struct HandProbability {
  TokenLine context;
  TokenId token;
  double probability;
};

void expect_probabilities(const NgramModel& model, const std::vector<HandProbability>& table) {
  for (const HandProbability& row : table) {
    const double got = std::exp(model.token_logprob(row.context, row.token));
    EXPECT_NEAR(got, row.probability, 1e-12) << "p(" << row.token << " | " << describe(row.context) << ")";
  }
}

TEST(NgramModel, AddKByHand) {
  constexpr double k = 0.5;
  // Bigram counts: <bos>a 1, <bos>b 1, ab 1, b<eol> 2; c(<bos>) = 2, c(a) = 1, c(b) = 2.
  const NgramModel bigram = train(tiny_corpus(), kTinyVocab, 2, Smoothing::kAddK, k);
  expect_probabilities(bigram, {
      {{kBos}, kA, (1 + k) / (2 + 4 * k)},          // 0.375
      {{kBos}, kB, (1 + k) / (2 + 4 * k)},
      {{kBos}, kEol, (0 + k) / (2 + 4 * k)},        // 0.125
      {{kBos}, kUnk, (0 + k) / (2 + 4 * k)},
      {{kBos, kA}, kB, (1 + k) / (1 + 4 * k)},      // 0.5
      {{kBos, kA}, kEol, (0 + k) / (1 + 4 * k)},    // 1/6
      {{kBos, kB, kA}, kA, (0 + k) / (1 + 4 * k)},  // only the last token counts at order 2
      {{kBos, kB}, kEol, (2 + k) / (2 + 4 * k)},    // 0.625
      {{kBos, kB}, kA, (0 + k) / (2 + 4 * k)},
      {{kBos, kUnk}, kA, 0.25},                     // unseen context: uniform over 4
      {{kBos, kUnk}, kEol, 0.25},
      {{kBos, kA}, kBos, 0.0},
  });
  // Unigrams: a 1, b 2, <eol> 2 of 5.
  const NgramModel unigram = train(tiny_corpus(), kTinyVocab, 1, Smoothing::kAddK, k);
  expect_probabilities(unigram, {
      {{kBos}, kA, (1 + k) / (5 + 4 * k)},
      {{kBos, kA}, kB, (2 + k) / (5 + 4 * k)},
      {{}, kEol, (2 + k) / (5 + 4 * k)},
      {{kBos, kB}, kUnk, (0 + k) / (5 + 4 * k)},
  });
  // Trigrams: <bos>ab 1, ab<eol> 1, <bos>b<eol> 1. Textbook add-k conditions on the
  // full context: "b a" was never a context, so it is uniform even though "a" was.
  const NgramModel trigram = train(tiny_corpus(), kTinyVocab, 3, Smoothing::kAddK, k);
  expect_probabilities(trigram, {
      {{kBos}, kA, (1 + k) / (2 + 4 * k)},          // after <bos> the context is just <bos>
      {{kBos, kA}, kB, (1 + k) / (1 + 4 * k)},
      {{kBos, kA, kB}, kEol, (1 + k) / (1 + 4 * k)},
      {{kBos, kA, kB}, kA, (0 + k) / (1 + 4 * k)},
      {{kBos, kB}, kEol, (1 + k) / (1 + 4 * k)},
      {{kBos, kB, kA}, kB, 0.25},
  });
}

TEST(NgramModel, MaximumLikelihoodByHand) {
  const NgramModel bigram = train(tiny_corpus(), kTinyVocab, 2, Smoothing::kNone);
  expect_probabilities(bigram, {
      {{kBos}, kA, 0.5},
      {{kBos}, kB, 0.5},
      {{kBos}, kEol, 0.0},
      {{kBos, kA}, kB, 1.0},
      {{kBos, kA}, kEol, 0.0},
      {{kBos, kB}, kEol, 1.0},
      {{kBos, kB}, kA, 0.0},
      {{kBos, kB}, kUnk, 0.0},
  });
  EXPECT_EQ(bigram.token_logprob({kBos, kB}, kA), -kInf);
  const NgramModel unigram = train(tiny_corpus(), kTinyVocab, 1, Smoothing::kNone);
  expect_probabilities(unigram, {{{kBos}, kA, 0.2}, {{kBos}, kB, 0.4}, {{kBos}, kEol, 0.4}, {{kBos}, kUnk, 0.0}});
}

lmp::Corpus corpus_of_lines(const std::vector<std::u32string>& lines) {
  lmp::Corpus corpus;
  for (const auto& line : lines) corpus.lines.emplace_back(line.begin(), line.end());
  return corpus;
}

TEST(NgramModel, MaximumLikelihoodEvaluation) {
  const NgramModel bigram = train(tiny_corpus(), kTinyVocab, 2, Smoothing::kNone);
  // "ab" was seen: -log p = -log(1/2) - log 1 - log 1 = log 2 over 3 tokens and 3 characters (a b <eol>).
  const lmp::EvalReport seen = lmp::evaluate(bigram, {framed({kA, kB})}, corpus_of_lines({U"ab"}));
  EXPECT_EQ(seen.tokens, 3);
  EXPECT_EQ(seen.chars, 3);
  EXPECT_NEAR(seen.nll_total, std::log(2.0), 1e-12);
  EXPECT_NEAR(seen.ppl, std::pow(2.0, 1.0 / 3.0), 1e-12);
  EXPECT_NEAR(seen.bpc, 1.0 / 3.0, 1e-12);
  EXPECT_EQ(seen.zero_prob, 0);
  // "ba" holds the unseen bigrams "b a" and "a <eol>": probability 0, perplexity infinite.
  const lmp::EvalReport unseen = lmp::evaluate(bigram, {framed({kB, kA})}, corpus_of_lines({U"ba"}));
  EXPECT_EQ(unseen.zero_prob, 2);
  EXPECT_EQ(unseen.nll_total, kInf);
  EXPECT_EQ(unseen.ppl, kInf);
  EXPECT_EQ(unseen.bpc, kInf);
}

// Every n-gram (n = 1..order) of the training lines, cut at <bos> like the model.
std::set<TokenLine> all_ngrams(const std::vector<TokenLine>& lines, int order) {
  std::set<TokenLine> grams;
  for (const TokenLine& line : lines) {
    for (std::size_t i = 1; i < line.size(); ++i) {
      for (int n = 1; n <= order && static_cast<std::size_t>(n) <= i + 1; ++n) {
        grams.insert(TokenLine(line.begin() + (i + 1 - n), line.begin() + i + 1));
        if (line[i + 1 - n] == kBos) break;
      }
    }
  }
  return grams;
}

TEST(NgramModel, UnseenShareByHand) {
  // Train "ab", "b"; validate "ba": positions b, a, <eol>.
  // Unigrams b a <eol> all seen: 0. Bigrams <bos>b seen, ba and a<eol> not: 2/3.
  // Trigrams: <bos>b (as long as the line allows) seen, <bos>ba and ba<eol> not: 2/3.
  const NgramModel trigram = train(tiny_corpus(), kTinyVocab, 3, Smoothing::kKneserNey);
  const std::vector<double> share = trigram.unseen_share({framed({kB, kA})});
  ASSERT_EQ(share.size(), 3u);
  EXPECT_DOUBLE_EQ(share[0], 0.0);
  EXPECT_DOUBLE_EQ(share[1], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(share[2], 2.0 / 3.0);
  EXPECT_TRUE(trigram.unseen_share({}) == std::vector<double>(3, 0.0));
}

TEST(NgramModel, UnseenShareByBruteForce) {
  constexpr int kAlphabet = 4;
  const std::vector<TokenLine> train_lines = lmp_test::random_lines(21, 25, kAlphabet, 7);
  std::vector<TokenLine> val_lines = lmp_test::random_lines(22, 15, kAlphabet + 1, 9);  // the 5th letter is new
  val_lines.push_back(framed({kUnk, 3}));
  for (int order = 1; order <= 5; ++order) {
    const std::set<TokenLine> seen = all_ngrams(train_lines, order);
    std::vector<double> unseen(order, 0.0);
    double positions = 0;
    for (const TokenLine& line : val_lines) {
      for (std::size_t i = 1; i < line.size(); ++i) {
        positions += 1;
        for (int n = 1; n <= order; ++n) {
          const std::size_t start = i + 1 >= static_cast<std::size_t>(n) ? i + 1 - n : 0;  // cut at <bos> (index 0)
          unseen[n - 1] += seen.count(TokenLine(line.begin() + start, line.begin() + i + 1)) == 0;
        }
      }
    }
    const NgramModel model = train(train_lines, lmp::CharTokenizer::kFirstCharacter + kAlphabet + 1, order,
                                   Smoothing::kKneserNey);
    const std::vector<double> got = model.unseen_share(val_lines);
    ASSERT_EQ(got.size(), static_cast<std::size_t>(order));
    for (int n = 1; n <= order; ++n) {
      EXPECT_DOUBLE_EQ(got[n - 1], unseen[n - 1] / positions) << "order " << order << ", n = " << n;
    }
  }
}

TEST(NgramModel, TinyMemoryLimitIsAResourceLimit) {
  const std::vector<TokenLine> lines = lmp_test::random_lines(31, 30, 5, 8);
  NgramConfig config = lmp::ngram_config(lmp::TrainOptions());  // the defaults
  config.order = 4;
  for (std::size_t limit : {std::size_t{0}, std::size_t{64}, std::size_t{1000}}) {
    EXPECT_TRUE(ThrowsLmpError([&] { NgramModel::train(lines, 8, config, limit); }, lmp::ErrorKind::kResourceLimit,
                               {"memory limit"}))
        << "limit " << limit;
  }
  const NgramModel model = NgramModel::train(lines, 8, config, kNoLimit);
  EXPECT_GT(model.memory_bytes(), 1000u);
  EXPECT_TRUE(ThrowsLmpError([&] { NgramModel::train(lines, 8, config, model.memory_bytes() / 4); },
                             lmp::ErrorKind::kResourceLimit));
}

TEST(NgramModel, RejectsInvalidOrdersAndK) {
  const std::vector<TokenLine> lines = tiny_corpus();
  for (int order : {0, -1, 9, 100}) {
    NgramConfig config = lmp::ngram_config(lmp::TrainOptions());  // the defaults
    config.order = order;
    EXPECT_TRUE(ThrowsLmpError([&] { NgramModel::train(lines, kTinyVocab, config, kNoLimit); },
                               lmp::ErrorKind::kInvalidInput, {"order", std::to_string(order)}))
        << "order " << order;
  }
  for (int order : {1, 8}) {
    NgramConfig config = lmp::ngram_config(lmp::TrainOptions());  // the defaults
    config.order = order;
    EXPECT_NO_THROW(NgramModel::train(lines, kTinyVocab, config, kNoLimit)) << "order " << order;
  }
  for (double k : {0.0, -1.0, 1e9, 1000.5, std::numeric_limits<double>::quiet_NaN()}) {
    NgramConfig config = lmp::ngram_config(lmp::TrainOptions());  // the defaults
    config.smoothing = Smoothing::kAddK;
    config.k = k;
    EXPECT_TRUE(ThrowsLmpError([&] { NgramModel::train(lines, kTinyVocab, config, kNoLimit); },
                               lmp::ErrorKind::kInvalidInput, {"add-k"}))
        << "k " << k;
  }
  for (double k : {1e-6, 1.0, 1000.0}) {
    NgramConfig config = lmp::ngram_config(lmp::TrainOptions());  // the defaults
    config.smoothing = Smoothing::kAddK;
    config.k = k;
    EXPECT_NO_THROW(NgramModel::train(lines, kTinyVocab, config, kNoLimit)) << "k " << k;
  }
}

TEST(NgramModel, SmoothingNames) {
  const auto parsed = [](const std::string& name) {
    return lmp::train_options_from({{"smoothing", name}}).smoothing;
  };
  for (Smoothing s : {Smoothing::kNone, Smoothing::kAddK, Smoothing::kKneserNey}) {
    EXPECT_EQ(parsed(lmp::to_string(s)), s);
  }
  EXPECT_EQ(std::string(lmp::to_string(Smoothing::kKneserNey)), "kn");
  EXPECT_TRUE(ThrowsLmpError([&] { parsed("witten-bell"); }, lmp::ErrorKind::kInvalidInput, {"witten-bell"}));
}

}  // namespace
