// The neural language models end to end: every parameter's gradient against
// finite differences on tiny configurations, the stateful inference path
// against a full forward pass, training that learns, and model files.
#include <gtest/gtest.h>

#include <cmath>

#include <functional>

#include "app/option_table.h"
#include "app/train_options.h"
#include "app/trained_model.h"
#include "app/training_session.h"
#include "base/error.h"
#include "models/neural_language_model.h"
#include "models/neural_model.h"
#include "models/neural_model_kinds.h"
#include "models/transformer_model.h"
#include "nn/ops.h"
#include "test_helpers.h"
#include "tokenize/char_tokenizer.h"
#include "train/batches.h"
#include "train/neural_training.h"

namespace {

using lmp::TokenId;
using lmp::nn::NeuralConfig;
using lmp::nn::Tape;
using lmp::nn::Var;

// kind may carry a Transformer variant: "transformer/sinusoidal", "transformer/bidirectional".
NeuralConfig tiny(const std::string& kind, int layers = 1) {
  NeuralConfig c;
  c.kind = lmp_test::model_kind(kind.substr(0, kind.find('/')));
  c.vocab = 7;
  c.context = 3;
  c.embed = 5;
  c.hidden = 6;
  c.layers = layers;
  c.dropout = 0;
  if (c.kind == lmp::ModelKind::kTransformer) {
    c.embed = 6;    // d_model, 2 heads of 3 (not a multiple of 4)
    c.heads = 2;
    c.context = 6;  // positions
    if (kind.find("/sinusoidal") != std::string::npos) c.positions = lmp::nn::Positions::kSinusoidal;
    if (kind.find("/bidirectional") != std::string::npos) c.causal = false;
  }
  return c;
}

// Mean cross-entropy of the model on fixed (T=3, B=2) inputs and targets, one padded.
double loss_of(const lmp::nn::NeuralModel& model, bool backward) {
  const std::vector<TokenId> inputs = {2, 2, 3, 4, 5, 6};
  const std::vector<std::int32_t> targets = {3, 4, 5, 6, 1, -1};
  Tape tape(5);
  const Var logits = model.forward(tape, inputs, 3, 2, nullptr);
  const Var loss = lmp::nn::cross_entropy(tape, logits, targets);
  if (backward) tape.backward(loss);
  return tape.value(loss)[0];
}

class ModelGradient : public ::testing::TestWithParam<std::pair<const char*, int>> {};

TEST_P(ModelGradient, EveryParameterMatchesFiniteDifferences) {
  auto model = lmp::nn::make_neural_model(tiny(GetParam().first, GetParam().second), 11);
  auto& params = model->parameters();
  params.zero_grads();
  loss_of(*model, true);
  const std::vector<float> analytic = params.grads();
  constexpr float kStep = 1e-2f;
  double worst = 0;
  std::string where;
  for (std::size_t i = 0; i < params.values().size(); ++i) {
    const float saved = params.values()[i];
    params.values()[i] = saved + kStep;
    const double plus = loss_of(*model, false);
    params.values()[i] = saved - kStep;
    const double minus = loss_of(*model, false);
    params.values()[i] = saved;
    const double numeric = (plus - minus) / (2 * kStep);
    const double error = std::fabs(numeric - analytic[i]) / std::max(1.0, std::fabs(numeric));
    if (error > worst) {
      worst = error;
      where = "weight " + std::to_string(i) + ": analytic " + std::to_string(analytic[i]) + ", numeric " +
              std::to_string(numeric);
    }
  }
  EXPECT_LT(worst, 1e-2) << GetParam().first << " x" << GetParam().second << ", worst at " << where;
}

INSTANTIATE_TEST_SUITE_P(AllModels, ModelGradient,
                         ::testing::Values(std::make_pair("mlp", 1), std::make_pair("rnn", 1),
                                           std::make_pair("lstm", 1), std::make_pair("gru", 1),
                                           std::make_pair("lstm", 2), std::make_pair("gru", 2),
                                           std::make_pair("transformer", 1), std::make_pair("transformer", 2),
                                           std::make_pair("transformer/sinusoidal", 1),
                                           std::make_pair("transformer/bidirectional", 1)));

class StatefulInference : public ::testing::TestWithParam<const char*> {};

// Feeding a context token by token (the cached path) must give the same
// distribution as one forward pass over the whole context.
TEST_P(StatefulInference, MatchesAFullForwardPass) {
  auto model = lmp::nn::make_neural_model(tiny(GetParam(), 2), 3);
  const lmp::nn::NeuralLanguageModel lm(*model);
  const std::vector<TokenId> context = {2, 3, 4, 5, 6, 3};
  std::vector<double> step_by_step;
  for (std::size_t n = 1; n <= context.size(); ++n) {
    lm.next_token_logprobs(std::vector<TokenId>(context.begin(), context.begin() + n), step_by_step);
  }
  Tape tape;
  tape.training = false;
  const int time = static_cast<int>(context.size());
  const Var logits = model->forward(tape, context, time, 1, nullptr);
  const float* last = tape.value(logits).data + (time - 1) * 7;
  double max = -1e30, sum = 0;
  for (int v = 0; v < 7; ++v) if (v != lmp::CharTokenizer::kBos) max = std::max(max, double(last[v]));
  for (int v = 0; v < 7; ++v) if (v != lmp::CharTokenizer::kBos) sum += std::exp(last[v] - max);
  for (int v = 0; v < 7; ++v) {
    if (v == lmp::CharTokenizer::kBos) continue;
    EXPECT_NEAR(step_by_step[v], last[v] - max - std::log(sum), 1e-5) << GetParam() << " token " << v;
  }
  // A context that is not an extension restarts from scratch and agrees too.
  std::vector<double> again;
  lm.next_token_logprobs(context, again);
  for (int v = 0; v < 7; ++v) EXPECT_DOUBLE_EQ(again[v], step_by_step[v]);
}

INSTANTIATE_TEST_SUITE_P(AllModels, StatefulInference, ::testing::Values("mlp", "rnn", "lstm", "gru", "transformer"));

TEST(Batches, LineModePadsWithIgnoredTargets) {
  lmp::nn::LineBatcher batcher({{2, 3, 4, 1}, {2, 5, 1}}, 16);
  const auto all = batcher.all(2);
  ASSERT_EQ(all.size(), 1u);
  const auto& b = all[0];
  EXPECT_EQ(b.time, 3);
  // time-major: (t, row)
  EXPECT_EQ(b.inputs, (std::vector<TokenId>{2, 2, 3, 5, 4, 1}));
  EXPECT_EQ(b.targets, (std::vector<std::int32_t>{3, 5, 4, 1, 1, -1}));
  EXPECT_EQ(b.real_tokens(), 5);
}

TEST(Batches, LineModeBatchesShareALengthYetEveryLineIsEquallyLikely) {
  // Lengths 2..13 predictions, five lines of each, plus one odd line of 40
  // (longer than T = 16: a window of it) that has no bucket of its own size.
  std::vector<std::vector<TokenId>> lines;
  for (int length = 2; length <= 13; ++length) {
    for (int copy = 0; copy < 5; ++copy) lines.push_back(std::vector<TokenId>(length + 1, 3 + copy));
  }
  lines.push_back(std::vector<TokenId>(41, 9));
  const int kBatch = 4;
  lmp::nn::LineBatcher batcher(lines, 16, kBatch);
  lmp::Rng rng(5);
  double real = 0, slots = 0;
  std::vector<int> seen_lengths(64, 0);
  const int kBatches = 6000;
  for (int n = 0; n < kBatches; ++n) {
    const auto b = batcher.random(kBatch, rng);
    real += b.real_tokens();
    slots += static_cast<double>(b.time) * b.batch;
    // Rows are whole lines here (but the long one): their length is where the targets stop.
    for (int r = 0; r < b.batch; ++r) {
      int length = 0;
      while (length < b.time && b.targets[static_cast<std::size_t>(length) * b.batch + r] >= 0) ++length;
      ++seen_lengths[length];
    }
  }
  // Without buckets a batch of 4 from lengths 2..13 pads about a third; with them, the
  // only padding comes from the bucket that mixes 13 and the long line's 16.
  EXPECT_GT(real / slots, 0.97);
  // Each length (5 lines) is 5/61 of the rows, the long line 1/61: within 10%.
  const double rows = static_cast<double>(kBatches) * kBatch;
  for (int length = 2; length <= 13; ++length) {
    EXPECT_NEAR(seen_lengths[length] / rows, 5.0 / 61, 0.1 * 5.0 / 61) << length;
  }
  EXPECT_NEAR(seen_lengths[16] / rows, 1.0 / 61, 0.1 / 61 * 2);
}

TEST(Batches, EvaluationWindowsCountEveryTargetOnceWithHalfAWindowOfContext) {
  // Lines of 3, 8, 9 and 23 predictions, window 8: the long ones are split.
  std::vector<std::vector<TokenId>> lines;
  for (int predictions : {3, 8, 9, 23}) {
    std::vector<TokenId> line = {2};
    for (int i = 0; i < predictions; ++i) line.push_back(3 + i);  // the target at position i is 3 + i
    lines.push_back(line);
  }
  const int kWindow = 8;
  lmp::nn::LineBatcher batcher(lines, 64);
  double counted = 0;
  std::vector<int> seen(40, 0);
  for (const auto& b : batcher.all(3, kWindow)) {
    EXPECT_LE(b.time, kWindow);
    for (int r = 0; r < b.batch; ++r) {
      for (int t = 0; t < b.time; ++t) {
        const std::int32_t target = b.targets[static_cast<std::size_t>(t) * b.batch + r];
        if (target < 0) continue;
        ++counted;
        ++seen[target];
        // A target past the first window has at least half a window of inputs before it in its row.
        const int position = target - 3;
        if (position >= kWindow) EXPECT_GE(t, kWindow / 2 - 1) << "target " << target;
      }
    }
  }
  EXPECT_EQ(counted, 3 + 8 + 9 + 23);
  // Each target id 3 + i is shared by every line at least i + 1 long: counted once per such line.
  for (int i = 0; i < 23; ++i) {
    int lines_reaching = 0;
    for (int predictions : {3, 8, 9, 23}) lines_reaching += predictions > i;
    EXPECT_EQ(seen[3 + i], lines_reaching) << i;
  }
}

TEST(Batches, StreamModeRowsContinueAcrossWindows) {
  std::vector<TokenId> stream;
  for (int i = 0; i < 41; ++i) stream.push_back(3 + i % 4);
  lmp::nn::StreamBatcher batcher(stream, 5, 2);  // rows of 20 tokens: 4 windows each
  const auto first = batcher.next();
  const auto second = batcher.next();
  for (int r = 0; r < 2; ++r) {
    // The second window of a row starts where the first one's targets end.
    EXPECT_EQ(second.inputs[0 * 2 + r], first.targets[4 * 2 + r]);
  }
}

// Past its window the Transformer's KV cache starts again from the last half
// window: after 10 tokens with a window of 6, the cache holds tokens 6..9
// (rebuilt at token 6 from 3..5, and at token 9 from 6..8).
TEST(TransformerCache, SlidesByHalfAWindowPastItsContext) {
  auto model = lmp::nn::make_neural_model(tiny("transformer", 2), 4);
  const lmp::nn::NeuralLanguageModel lm(*model);
  const std::vector<TokenId> context = {2, 3, 4, 5, 6, 3, 4, 6, 5, 3};
  std::vector<double> cached;
  for (std::size_t n = 1; n <= context.size(); ++n) {
    lm.next_token_logprobs(std::vector<TokenId>(context.begin(), context.begin() + n), cached);
  }
  Tape tape;
  tape.training = false;
  const std::vector<TokenId> suffix(context.begin() + 6, context.end());
  const Var logits = model->forward(tape, suffix, 4, 1, nullptr);
  const float* last = tape.value(logits).data + 3 * 7;
  double max = -1e30, sum = 0;
  for (int v = 0; v < 7; ++v) if (v != lmp::CharTokenizer::kBos) max = std::max(max, double(last[v]));
  for (int v = 0; v < 7; ++v) if (v != lmp::CharTokenizer::kBos) sum += std::exp(last[v] - max);
  for (int v = 0; v < 7; ++v) {
    if (v != lmp::CharTokenizer::kBos) EXPECT_NEAR(cached[v], last[v] - max - std::log(sum), 1e-5) << v;
  }
}

// Cut back to two tokens, the cache answers a third token as if only those
// two had been fed (what the generation-cost meter relies on to time one position again).
TEST(TransformerCache, TruncatedIsThePrefixAlone) {
  auto model = lmp::nn::make_neural_model(tiny("transformer", 2), 5);
  const auto& transformer = dynamic_cast<const lmp::nn::TransformerModel&>(*model);
  Tape tape;
  tape.training = false;
  auto logits_after = [&](const std::vector<TokenId>& fed, int kept, TokenId next) {
    lmp::nn::KvCache cache;
    for (TokenId t : fed) {
      tape.reset();
      transformer.forward_cached(tape, t, cache);
    }
    cache.truncate(kept);
    EXPECT_EQ(cache.length, kept);
    tape.reset();
    const Var logits = transformer.forward_cached(tape, next, cache);
    const float* v = tape.value(logits).data;
    return std::vector<float>(v, v + 7);
  };
  const std::vector<float> truncated = logits_after({2, 3, 4, 5}, 2, 6);
  const std::vector<float> fresh = logits_after({2, 3}, 2, 6);
  for (int v = 0; v < 7; ++v) EXPECT_FLOAT_EQ(truncated[v], fresh[v]) << v;
  lmp::nn::KvCache cache;
  EXPECT_TRUE(lmp_test::ThrowsLmpError([&] { cache.truncate(1); }, lmp::ErrorKind::kInternal));
}

class Learning : public ::testing::TestWithParam<const char*> {};

// A text with a strict pattern: every model must learn it far below chance.
TEST_P(Learning, LearnsAPatternWellBelowChance) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "abcde\nedcba\n";
  lmp::TrainOptions o = lmp::default_train_options(lmp_test::model_kind(GetParam()));
  o.embed = 8;
  o.hidden = 32;
  if (o.model == lmp::ModelKind::kMlp) o.context = 5;  // the Transformer keeps its own window
  o.steps = 150;
  o.batch = 16;
  o.lr = 1e-2;
  o.warmup = 10;
  o.eval_every = 0;
  o.val_fraction = 0.1;
  o.val_split = lmp::ValSplit::kInterleaved;
  const auto model = lmp::train_model(text, o);
  const auto& r = model->report();
  ASSERT_TRUE(r.has_val);
  // Chance is ln(vocab - 1) = ln 8 ~ 2.08; after the first letter each line is determined.
  EXPECT_LT(r.val.nll_per_token, 0.5) << GetParam();
  EXPECT_EQ(r.steps, 150);
  const auto samples = model->sample("ab", lmp::SamplingConfig{0.0, 0, 1.0, true}, 10, 1, 1);
  EXPECT_EQ(samples[0], "abcde") << GetParam();
}

INSTANTIATE_TEST_SUITE_P(AllModels, Learning, ::testing::Values("mlp", "rnn", "lstm", "gru", "transformer"));

// The report's validation figures and scoring the same text afterwards (token
// by token, as `lmp eval` does) are one measurement, for every kind and both modes.
TEST(NeuralEvaluation, TheReportAndEvaluateAgreeOnTheSameText) {
  std::string train;
  for (int i = 0; i < 40; ++i) train += i % 3 ? "anna\n" : "bartholomew\n";
  const std::string val = "anna\nbart\nbob\n";
  for (const char* kind : {"mlp", "rnn", "lstm", "gru", "transformer"}) {
    lmp::TrainOptions o = lmp::default_train_options(lmp_test::model_kind(kind));
    o.steps = 3;  // barely trained: <bos> still has mass a softmax over every token would count
    o.embed = 8;
    o.hidden = 8;
    const auto model = lmp::train_model_with_val(train, val, o);
    const double report = model->report().val.nll_total;
    EXPECT_NEAR(model->evaluate(val).nll_total, report, 1e-4 * report) << kind;
  }
}

TEST(NeuralModelFile, RoundTripKeepsTheDistribution) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "hello world\n";
  lmp::TrainOptions o;
  o.model = lmp::ModelKind::kGru;
  o.hidden = 16;
  o.steps = 5;
  o.val_fraction = 0;
  const auto model = lmp::train_model(text, o);
  const auto loaded = lmp::TrainedModel::load(model->save());
  const auto a = model->next_tokens("hel", lmp::SamplingConfig{}, 0);
  const auto b = loaded->next_tokens("hel", lmp::SamplingConfig{}, 0);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_DOUBLE_EQ(a[i].base, b[i].base);
  }
  EXPECT_EQ(loaded->report().model, model->report().model);
  std::string damaged = model->save();
  damaged.resize(damaged.size() - 7);
  EXPECT_THROW(lmp::TrainedModel::load(damaged), lmp::Error);
}

TEST(NeuralOptions, AbsurdSettingsAreRefusedBeforeTraining) {
  for (auto change : std::vector<std::function<void(lmp::TrainOptions&)>>{
           [](lmp::TrainOptions& o) { o.hidden = 0; },
           [](lmp::TrainOptions& o) { o.layers = 100; },
           [](lmp::TrainOptions& o) { o.lr = -1; },
           [](lmp::TrainOptions& o) { o.dropout = 1.5; },
       }) {
    lmp::TrainOptions o;
    o.model = lmp::ModelKind::kLstm;
    change(o);
    EXPECT_THROW(lmp::train_model("abc\nabd\n", o), lmp::Error);
  }
  // Names that are no choice are refused where names come in: as text settings.
  for (const lmp::OptionSetting& absurd : std::vector<lmp::OptionSetting>{{"optimizer", "lion"}, {"mode", "diagonal"}}) {
    EXPECT_THROW(lmp::train_options_from({{"model", "lstm"}, absurd}), lmp::Error);
  }
}

}  // namespace

namespace {

// The up-front estimate must track what a step really holds: measured after
// a few steps, for every model kind, at a size where the arena's 4 MB blocks
// do not dominate.
TEST(NeuralMemory, EstimateIsCloseToWhatAStepHolds) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "the quick brown fox jumps over the lazy dog\n";
  const lmp::Corpus corpus = lmp::parse_corpus(text, "text", 1 << 20);
  const lmp::CharTokenizer tokenizer = lmp::CharTokenizer::train(corpus);
  for (const char* kind : {"mlp", "rnn", "lstm", "gru", "transformer"}) {
    lmp::TrainOptions o = lmp::default_train_options(lmp_test::model_kind(kind));
    o.mode = lmp::nn::TrainMode::kStream;
    o.hidden = 96;
    o.seq_len = 40;
    o.context = o.model == lmp::ModelKind::kTransformer ? 40 : o.context;  // its training window
    o.batch = 24;
    const auto model = lmp::neural_config(o, tokenizer.vocab_size());
    const auto train = lmp::neural_train_config(o);
    lmp::nn::NeuralTraining training(tokenizer, corpus, lmp::Corpus{}, model, train);
    training.run(2, 100);
    const double estimate = static_cast<double>(
        lmp::nn::estimated_memory_bytes(model, train, training.model().parameters().count()));
    const double measured = static_cast<double>(training.memory_bytes());
    EXPECT_GT(estimate, 0.6 * measured) << kind;
    EXPECT_LT(estimate, 1.6 * measured) << kind;
  }
}

TEST(NeuralMemory, TooLargeAConfigurationIsRefusedBeforeTraining) {
  lmp::TrainOptions o;
  o.model = lmp::ModelKind::kLstm;
  o.hidden = 1024;
  o.batch = 1024;
  o.seq_len = 256;
  o.memory_limit_mb = 256;
  try {
    lmp::train_model("abc\nabd\nabe\n", o);
    FAIL() << "trained a configuration far above the limit";
  } catch (const lmp::Error& e) {
    EXPECT_EQ(e.kind(), lmp::ErrorKind::kResourceLimit);
    EXPECT_NE(std::string(e.what()).find("memory limit"), std::string::npos) << e.what();
  }
}

}  // namespace
