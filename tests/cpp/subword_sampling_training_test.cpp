// Subword regularization reaches training: with alpha > 0 every line a batch
// draws is segmented anew by the tokenizer (line mode), the whole text once
// per pass (stream mode); with alpha 0, or a tokenizer that cannot sample,
// nothing is resampled. A stand-in tokenizer that samples is enough here: it
// counts its calls and cuts a line into random chunks of characters.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "app/option_table.h"
#include "app/train_options.h"
#include "base/rng.h"
#include "test_helpers.h"
#include "tokenize/char_tokenizer.h"
#include "train/batches.h"
#include "train/neural_training.h"

namespace {

using lmp::TokenId;

// Characters, but each sampled segmentation drops a random character's id in
// favour of <unk>: different draws give visibly different token sequences.
class CountingSampler : public lmp::CharTokenizer {
 public:
  explicit CountingSampler(lmp::CharTokenizer base) : lmp::CharTokenizer(std::move(base)) {}
  bool can_sample() const override { return true; }
  std::vector<TokenId> encode_sampled(const lmp::Line& text, double alpha, lmp::Rng& rng) const override {
    ++calls;
    last_alpha = alpha;
    std::vector<TokenId> tokens = encode(text);
    if (!tokens.empty()) tokens[rng.next_u64() % tokens.size()] = kUnk;
    return tokens;
  }
  mutable int calls = 0;
  mutable double last_alpha = 0;
};

lmp::Corpus corpus() {
  std::string text;
  for (int i = 0; i < 40; ++i) text += i % 3 ? "anna\n" : "bartholomew\n";
  return lmp::parse_corpus(text, "text", 1 << 20);
}

lmp::nn::NeuralTraining make_training(const lmp::Tokenizer& tokenizer, const lmp::Corpus& train, const char* mode,
                                      double alpha) {
  lmp::TrainOptions o;
  o.model = lmp::ModelKind::kLstm;
  o.mode = lmp_test::named<lmp::nn::TrainMode>(mode, lmp::nn::kTrainModeNames);
  o.hidden = 16;
  o.embed = 8;
  o.seq_len = 8;
  o.batch = 4;
  o.steps = 100;
  o.eval_every = 0;
  lmp::nn::NeuralTrainConfig config = lmp::neural_train_config(o);
  config.subword_alpha = alpha;
  return lmp::nn::NeuralTraining(tokenizer, train, lmp::Corpus{}, lmp::neural_config(o, tokenizer.vocab_size()), config);
}

TEST(SubwordSamplingTraining, LineModeSegmentsEveryDrawnLineAnew) {
  const lmp::Corpus train = corpus();
  const CountingSampler tokenizer(lmp::CharTokenizer::train(train));
  lmp::nn::NeuralTraining training = make_training(tokenizer, train, "line", 0.3);
  training.run(5, 100);
  EXPECT_EQ(tokenizer.calls, 5 * 4) << "one segmentation per row of each batch";
  EXPECT_EQ(tokenizer.last_alpha, 0.3);
}

TEST(SubwordSamplingTraining, StreamModeSegmentsTheTextAnewEachPass) {
  const lmp::Corpus train = corpus();
  const CountingSampler tokenizer(lmp::CharTokenizer::train(train));
  lmp::nn::NeuralTraining training = make_training(tokenizer, train, "stream", 0.3);
  // A pass is as many windows as a StreamBatcher over the same stream makes.
  std::vector<TokenId> stream = {lmp::Tokenizer::kBos};
  for (const lmp::Line& line : train.lines) {
    for (TokenId t : tokenizer.encode(line)) stream.push_back(t);
    stream.push_back(lmp::Tokenizer::kEol);
  }
  const int pass = lmp::nn::StreamBatcher(stream, 8, 4).windows_per_pass();
  ASSERT_GT(pass, 2);
  training.run(pass, 100);
  EXPECT_EQ(tokenizer.calls, 0) << "the first pass reads the most probable segmentation";
  training.run(1, 100);
  EXPECT_EQ(tokenizer.calls, static_cast<int>(train.lines.size())) << "a new pass segments every line once";
  training.run(pass - 1, 100);
  EXPECT_EQ(tokenizer.calls, static_cast<int>(train.lines.size()));
  training.run(1, 100);
  EXPECT_EQ(tokenizer.calls, 2 * static_cast<int>(train.lines.size()));
}

TEST(SubwordSamplingTraining, NothingIsSampledWithAlphaZero) {
  const lmp::Corpus train = corpus();
  const CountingSampler tokenizer(lmp::CharTokenizer::train(train));
  lmp::nn::NeuralTraining training = make_training(tokenizer, train, "line", 0);
  training.run(5, 100);
  EXPECT_EQ(tokenizer.calls, 0);
}

TEST(SubwordSamplingTraining, ATokenizerThatCannotSampleIsRefused) {
  const lmp::Corpus train = corpus();
  const lmp::CharTokenizer tokenizer = lmp::CharTokenizer::train(train);
  EXPECT_TRUE(lmp_test::ThrowsLmpError([&] { make_training(tokenizer, train, "line", 0.5); },
                                       lmp::ErrorKind::kInvalidInput, {"sample", "char"}));
  EXPECT_TRUE(lmp_test::ThrowsLmpError(
      [&] { lmp::train_options_from({{"model", "lstm"}, {"subwordAlpha", "0.5"}}); }, lmp::ErrorKind::kInvalidInput,
      {"unigram"}));
  EXPECT_TRUE(lmp_test::ThrowsLmpError(
      [&] { lmp::train_options_from({{"model", "ngram"}, {"tokenizer", "unigram"}, {"subwordAlpha", "0.5"}}); },
      lmp::ErrorKind::kInvalidInput, {"neural"}));
}

TEST(SubwordSamplingTraining, LineBatcherRowsAreTheSamplersDraws) {
  const std::vector<std::vector<TokenId>> lines = {{2, 3, 4, 1}, {2, 5, 6, 7, 1}, {2, 8, 1}};
  const lmp::nn::LineBatcher batcher(lines, 16);
  lmp::Rng rng(3);
  std::multiset<int> asked;
  // The sampler answers line i with i + 1 copies of token 10 + i, so each row shows which line it drew.
  const lmp::nn::LineSampler sampler = [&](int line, lmp::Rng&) {
    asked.insert(line);
    std::vector<TokenId> tokens = {2};
    tokens.insert(tokens.end(), line + 1, 10 + line);
    tokens.push_back(1);
    return tokens;
  };
  const lmp::nn::Batch b = batcher.random(6, rng, sampler);
  ASSERT_EQ(asked.size(), 6u);
  int rows_seen = 0;
  for (int r = 0; r < b.batch; ++r) {
    const int first = b.targets[r];  // time 0 of row r: the first target
    ASSERT_GE(first, 10);
    const int line = first - 10;
    for (int t = 0; t <= line; ++t) EXPECT_EQ(b.targets[t * b.batch + r], 10 + line) << "row " << r;
    EXPECT_EQ(b.targets[(line + 1) * b.batch + r], 1) << "then <eol>";
    ++rows_seen;
  }
  EXPECT_EQ(rows_seen, 6);
}

}  // namespace
