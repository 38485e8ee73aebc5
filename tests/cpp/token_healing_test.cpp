// Token healing: a prompt that stops inside a word is not left on a piece the
// model never saw there; the model re-chooses the prompt's last piece among
// those that start with it, so "mar" goes on as the names it learned.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "app/trained_model.h"
#include "app/training_session.h"
#include "base/utf8.h"
#include "generate/text_generation.h"
#include "test_helpers.h"
#include "tokenize/kinds/tokenizer_kinds.h"
#include "tokenize/tokenizer.h"

namespace {

using lmp::TokenId;

std::string names() {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "mary\nmark\nanna\n";
  return text;
}

TEST(TokenHealing, APromptInsideAWordGoesOnAsTheWordsTheModelKnows) {
  lmp::TrainOptions options;
  options.tokenizer = lmp::TokenizerKind::kBpe;
  options.vocab_size = 20;  // merges " m"+"ar" = " mar", then " mary" and " mark" whole
  options.order = 2;
  options.val_fraction = 0;
  const auto model = lmp::train_model(names(), options);
  const lmp::Tokenizer& tokenizer = model->tokenizer();
  // The premise: the prompt is one piece training never read, as " mary" and " mark" were merged past it.
  const std::vector<TokenId> prompt = tokenizer.encode(lmp::decode_utf8_or_throw("mar", "prompt"));
  ASSERT_EQ(prompt.size(), 1u);
  ASSERT_EQ(tokenizer.piece(prompt[0]), " mar");
  for (const std::string line : {"mary", "mark"}) {
    const std::vector<TokenId> whole = tokenizer.encode(lmp::decode_utf8_or_throw(line, "line"));
    ASSERT_EQ(whole.size(), 1u) << line;
  }
  lmp::SamplingConfig config;
  std::set<std::string> seen;
  for (const std::string& sample : model->sample("mar", config, 10, 5, 40)) {
    EXPECT_TRUE(sample == "mary" || sample == "mark") << "'" << sample << "'";
    seen.insert(sample);
  }
  EXPECT_EQ(seen.size(), 2u) << "both names are drawn";
  // Earlier lines of the prompt stay as they are; only the last piece is re-chosen.
  for (const std::string& sample : model->sample("anna\nmar", config, 10, 6, 10)) {
    EXPECT_TRUE(sample == "anna\nmary" || sample == "anna\nmark") << "'" << sample << "'";
  }
}

// A model that offers every token alike.
class Uniform : public lmp::LanguageModel {
 public:
  explicit Uniform(int vocab) : vocab_(vocab) {}
  int vocab_size() const override { return vocab_; }
  void next_token_logprobs(const std::vector<TokenId>&, std::vector<double>& out) const override {
    out.assign(vocab_, -std::log(static_cast<double>(vocab_)));
  }

 private:
  int vocab_;
};

TEST(TokenHealing, OnlyPiecesStartingWithThePrefixStayAtTheHealedPosition) {
  lmp::TokenizerOptions options;
  options.kind = lmp::TokenizerKind::kWord;
  const auto tokenizer = lmp::train_tokenizer(options, lmp::parse_corpus("the them there then a\n", "t", 1 << 20));
  const Uniform uniform(tokenizer->vocab_size());
  const lmp::StartingWith healed(uniform, *tokenizer, " the", 2);
  std::vector<double> out;
  healed.next_token_logprobs({lmp::Tokenizer::kBos, 5}, out);
  int possible = 0;
  for (TokenId t = 0; t < tokenizer->vocab_size(); ++t) {
    const bool starts = tokenizer->piece(t).rfind(" the", 0) == 0;
    EXPECT_EQ(std::isfinite(out[t]), starts) << "'" << tokenizer->piece(t) << "'";
    possible += starts;
  }
  EXPECT_EQ(possible, 3) << "\" them\", \" there\", \" then\"";
  healed.next_token_logprobs({lmp::Tokenizer::kBos, 5, 6}, out);
  for (double logprob : out) EXPECT_TRUE(std::isfinite(logprob)) << "other positions pass through";
}

}  // namespace
