// evaluate() on fake models whose probabilities are known exactly: the
// totals, per-token figures, <unk> and zero-probability counts, and the
// contexts it asks about.
#include "lm/evaluate.h"
#include "tokenize/char_tokenizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "test_helpers.h"

namespace {

using lmp::TokenId;

// Every predictable token (all but <bos>) equally likely; records the contexts it sees.
class UniformModel : public lmp::LanguageModel {
 public:
  explicit UniformModel(int vocab) : vocab_(vocab) {}
  int vocab_size() const override { return vocab_; }
  void next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const override {
    contexts.push_back(context);
    out.assign(vocab_, -std::log(vocab_ - 1.0));
    out[lmp::CharTokenizer::kBos] = -std::numeric_limits<double>::infinity();
  }
  mutable std::vector<std::vector<TokenId>> contexts;

 private:
  int vocab_;
};

lmp::Corpus corpus_of(const std::vector<std::u32string>& lines) {
  lmp::Corpus corpus;
  for (const auto& line : lines) corpus.lines.emplace_back(line.begin(), line.end());
  return corpus;
}

TEST(Evaluate, UniformModelByHand) {
  // V = 5: each of the 4 predictable tokens has probability 1/4, so 2 bits each.
  // Text "ab", "", "x" (x unseen): tokens a b <eol> | <unk> <eol> = 5; characters
  // (2 + 1) + (1 + 1) = 5, the empty line not counted; 10 bits over 5 characters.
  const UniformModel model(5);
  const lmp::EvalReport r =
      lmp::evaluate(model, {lmp_test::framed({3, 4}), lmp_test::framed({0})}, corpus_of({U"ab", U"", U"x"}));
  EXPECT_EQ(r.tokens, 5);
  EXPECT_EQ(r.chars, 5);
  EXPECT_NEAR(r.nll_total, 5 * std::log(4.0), 1e-12);
  EXPECT_NEAR(r.nll_per_token, std::log(4.0), 1e-12);
  EXPECT_NEAR(r.ppl, 4.0, 1e-12);
  EXPECT_NEAR(r.bpc, 2.0, 1e-12);
  EXPECT_EQ(r.unk, 1);
  EXPECT_EQ(r.zero_prob, 0);
  // The model is asked about each prefix of each line, starting at <bos>.
  const std::vector<std::vector<TokenId>> want = {{2}, {2, 3}, {2, 3, 4}, {2}, {2, 0}};
  EXPECT_EQ(model.contexts, want);
}

TEST(Evaluate, NothingToEvaluate) {
  const UniformModel model(5);
  const lmp::EvalReport r = lmp::evaluate(model, {}, corpus_of({}));
  EXPECT_EQ(r.tokens, 0);
  EXPECT_EQ(r.nll_total, 0);
  EXPECT_EQ(r.ppl, 0);
  EXPECT_TRUE(model.contexts.empty());
}

}  // namespace
