// TrainedModel::context_tokens: the tokens each kind of model reads for its
// next prediction (an n-gram's order - 1, the MLP's and the Transformer's
// window, a recurrent network's whole line), found as sampling finds them,
// token healing included; and next_tokens after a healed prompt, which must
// be the distribution sampling draws from.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "app/option_table.h"
#include "app/trained_model.h"
#include "app/training_session.h"
#include "test_helpers.h"

namespace {

std::vector<std::string> labels(const lmp::ModelContext& context) {
  std::vector<std::string> out;
  for (const lmp::TokenPiece& token : context.tokens) out.push_back(token.label);
  return out;
}

lmp::TrainOptions char_options(const std::string& model) {
  lmp::TrainOptions o = lmp::default_train_options(lmp_test::model_kind(model));
  o.val_fraction = 0;
  o.steps = 2;  // the window does not depend on what the weights learned
  o.hidden = 8;
  o.embed = 8;
  return o;
}

using Strings = std::vector<std::string>;

TEST(ModelContext, AnNgramReadsOrderMinusOneTokensCutAtTheLineStart) {
  lmp::TrainOptions o = char_options("ngram");
  o.order = 3;
  const auto model = lmp::train_model(lmp_test::small_text(), o);
  lmp::ModelContext context = model->context_tokens("emma");
  EXPECT_EQ(labels(context), (Strings{"m", "a"}));
  EXPECT_FALSE(context.from_line_start);
  EXPECT_EQ(context.healed_prefix, "") << "characters are never healed";
  context = model->context_tokens("e");
  EXPECT_EQ(labels(context), (Strings{"e"}));
  EXPECT_TRUE(context.from_line_start) << "<bos> and e are the two tokens read";
  context = model->context_tokens("anna\nem");
  EXPECT_EQ(labels(context), (Strings{"e", "m"})) << "only the prompt's last line";
  EXPECT_TRUE(model->context_tokens("").from_line_start);
  EXPECT_TRUE(model->context_tokens("").tokens.empty());
  EXPECT_EQ(model->context_tokens("em").tokens[1].id, model->tokenizer().encode({U'm'})[0]);

  o.order = 1;
  const auto unigram = lmp::train_model(lmp_test::small_text(), o);
  context = unigram->context_tokens("emma");
  EXPECT_TRUE(context.tokens.empty()) << "a unigram model reads nothing";
  EXPECT_FALSE(context.from_line_start);
}

TEST(ModelContext, TheMlpAndTheTransformerReadTheirWindow) {
  lmp::TrainOptions o = char_options("mlp");
  o.context = 3;
  const auto mlp = lmp::train_model(lmp_test::small_text(), o);
  EXPECT_EQ(labels(mlp->context_tokens("olivia")), (Strings{"v", "i", "a"}));
  EXPECT_FALSE(mlp->context_tokens("olivia").from_line_start);
  EXPECT_EQ(labels(mlp->context_tokens("ol")), (Strings{"o", "l"}));
  EXPECT_TRUE(mlp->context_tokens("ol").from_line_start) << "the window holds <bos>, o, l";

  o = char_options("transformer");
  o.context = 4;
  o.heads = 2;
  const auto transformer = lmp::train_model(lmp_test::small_text(), o);
  EXPECT_EQ(labels(transformer->context_tokens("isabella")), (Strings{"e", "l", "l", "a"}));
  EXPECT_FALSE(transformer->context_tokens("isabella").from_line_start);
  EXPECT_EQ(labels(transformer->context_tokens("mia")), (Strings{"m", "i", "a"}));
  EXPECT_TRUE(transformer->context_tokens("mia").from_line_start);
}

TEST(ModelContext, ARecurrentNetworkReadsTheWholeLine) {
  for (const std::string model : {"rnn", "lstm", "gru"}) {
    const auto trained = lmp::train_model(lmp_test::small_text(), char_options(model));
    const lmp::ModelContext context = trained->context_tokens("emma\nelizabeth");
    EXPECT_EQ(context.tokens.size(), 9u) << model;
    EXPECT_TRUE(context.from_line_start) << model;
  }
}

std::string names() {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "mary\nmark\nanna\n";
  return text;
}

// As in token_healing_test: BPE merges " mary" and " mark" whole, past " mar".
std::unique_ptr<lmp::TrainedModel> names_bpe() {
  lmp::TrainOptions o;
  o.tokenizer = lmp::TokenizerKind::kBpe;
  o.vocab_size = 20;
  o.order = 2;
  o.val_fraction = 0;
  return lmp::train_model(names(), o);
}

TEST(ModelContext, APromptInsideAWordGivesBackItsLastPiece) {
  const auto model = names_bpe();
  lmp::ModelContext context = model->context_tokens("mar");
  EXPECT_TRUE(context.tokens.empty()) << "the one piece of the prompt is taken back";
  EXPECT_TRUE(context.from_line_start);
  EXPECT_EQ(context.healed_prefix, " mar");
  context = model->context_tokens("anna\nmar");
  EXPECT_EQ(context.healed_prefix, " mar") << "healing works on the last line";
}

TEST(ModelContext, NextTokensAfterAHealedPromptAreThePiecesSamplingDraws) {
  const auto model = names_bpe();
  const lmp::SamplingConfig config;
  const auto healed = model->next_tokens("mar", config, 0);
  ASSERT_FALSE(healed.empty());
  double total = 0;
  std::map<int, double> healed_p;
  for (const lmp::TokenProbability& t : healed) {
    EXPECT_EQ(model->tokenizer().piece(t.id).rfind(" mar", 0), 0u) << "'" << t.label << "' does not start with ' mar'";
    total += t.base;
    healed_p[t.id] = t.base;
  }
  EXPECT_NEAR(total, 1.0, 1e-9) << "renormalized";
  std::map<std::string, double> by_label;
  for (const lmp::TokenProbability& t : healed) by_label[t.label] = t.base;
  EXPECT_GT(by_label[" mary"] + by_label[" mark"], 0.9) << "the names training read whole";
  // The same as the line-start distribution restricted to those pieces.
  const auto at_line_start = model->next_tokens("", config, 0);
  double allowed = 0;
  for (const lmp::TokenProbability& t : at_line_start) allowed += healed_p.count(t.id) ? t.base : 0.0;
  for (const lmp::TokenProbability& t : at_line_start) {
    if (healed_p.count(t.id)) EXPECT_NEAR(healed_p[t.id], t.base / allowed, 1e-12) << t.label;
  }
  // And every sample takes one of them.
  for (const std::string& sample : model->sample("mar", config, 5, 3, 20)) {
    EXPECT_TRUE(sample == "mary" || sample == "mark") << sample;
  }
}

}  // namespace
