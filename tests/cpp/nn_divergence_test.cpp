// A training run whose loss stops being a number must end by itself with a
// message, leave the weights as the last good step left them, and hand back a
// model that can still be evaluated without crashing. The models' bounded
// activations make a real blow-up rare within the allowed settings, so the
// test makes one: an infinite output bias turns the next step's loss into NaN
// (inf - inf inside the stable log-softmax).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "app/option_table.h"
#include "app/train_options.h"
#include "test_helpers.h"
#include "text/corpus.h"
#include "tokenize/char_tokenizer.h"
#include "train/neural_training.h"

namespace {

lmp::nn::NeuralTraining make_training(const lmp::CharTokenizer& tokenizer, const lmp::Corpus& train,
                                      const lmp::Corpus& val, const std::string& kind) {
  lmp::TrainOptions o = lmp::default_train_options(lmp_test::model_kind(kind));
  o.hidden = 16;
  o.batch = 8;
  o.steps = 50;
  o.eval_every = 0;
  return lmp::nn::NeuralTraining(tokenizer, train, val, lmp::neural_config(o, tokenizer.vocab_size()),
                                 lmp::neural_train_config(o));
}

class Divergence : public ::testing::TestWithParam<const char*> {};

TEST_P(Divergence, StopsWithAMessageAndKeepsTheLastGoodWeights) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += i % 2 ? "anna\n" : "bob\n";
  const lmp::Corpus train = lmp::parse_corpus(text, "text", 1 << 20);
  const lmp::Corpus val = lmp::parse_corpus("anna\nbob\n", "val", 1 << 20);
  const lmp::CharTokenizer tokenizer = lmp::CharTokenizer::train(train);
  lmp::nn::NeuralTraining training = make_training(tokenizer, train, val, GetParam());
  lmp::nn::TrainingProgress p = training.run(5, 100);
  ASSERT_EQ(p.step, 5);
  ASSERT_TRUE(p.stopped.empty());

  // Poison the output bias of a character every line uses, then snapshot the weights.
  const lmp::nn::Parameters& params = training.model().parameters();
  int bias = -1;
  for (std::size_t i = 0; i < params.info().size(); ++i) {
    if (params.info()[i].name == "output.bias") bias = static_cast<int>(i);
  }
  ASSERT_GE(bias, 0);
  params.value(bias)[tokenizer.encode(lmp::parse_corpus("a\n", "t", 16).lines[0])[0]] =
      std::numeric_limits<float>::infinity();
  const std::vector<float> before = params.values();

  p = training.run(10, 100);
  EXPECT_TRUE(p.finished);
  EXPECT_TRUE(training.finished());
  EXPECT_EQ(p.step, 5) << "the failed step is not counted";
  EXPECT_NE(p.stopped.find("diverged at step 6"), std::string::npos) << p.stopped;
  EXPECT_NE(p.stopped.find("NaN"), std::string::npos) << p.stopped;
  EXPECT_NE(p.stopped.find("lower the learning rate"), std::string::npos) << p.stopped;
  // The optimizer did not apply the failed step: every weight is as it was.
  const std::vector<float>& after = params.values();
  ASSERT_EQ(after.size(), before.size());
  int changed = 0;
  for (std::size_t i = 0; i < after.size(); ++i) {
    changed += !(after[i] == before[i] || (std::isnan(after[i]) && std::isnan(before[i])));
  }
  EXPECT_EQ(changed, 0);
  // Asking for more does nothing, and validation still runs (to a non-finite score, honestly reported).
  EXPECT_EQ(training.run(10, 100).step, 5);
  EXPECT_NO_THROW(training.evaluate_validation());
}

INSTANTIATE_TEST_SUITE_P(AllModels, Divergence, ::testing::Values("mlp", "rnn", "lstm", "gru"));

}  // namespace
