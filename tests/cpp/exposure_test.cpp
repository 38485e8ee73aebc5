// Teacher forcing against the model's own text (generate/exposure.h): on a
// table-driven model both loss curves against values worked out by hand; the
// draw's rules (<unk> never, <eol> not before the line ends, the true token
// standing in when nothing is left); and on trained models of every kind and
// two tokenizers, the teacher-forced curve as evaluation measures it, the own
// text as sampling writes it, and one seed, one own text.
#include "generate/exposure.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/option_table.h"
#include "app/trained_model.h"
#include "app/training_session.h"
#include "base/utf8.h"
#include "generate/text_generation.h"
#include "test_helpers.h"
#include "tokenize/char_tokenizer.h"

namespace {

using lmp::ExposureReport;
using lmp::SamplingConfig;
using lmp::TokenId;
using lmp_test::ThrowsLmpError;

// Ids of the table model's vocabulary: the markers, then a and b as the
// character tokenizer trained on "ab" numbers them.
constexpr TokenId kUnk = 0, kEol = 1, kBos = 2, kA = 3, kB = 4;
using Row = std::vector<double>;  // probabilities of <unk>, <eol>, <bos>, a, b

// The next token depends on the last one only, through a table: every
// probability can be read off it.
class TableModel : public lmp::LanguageModel {
 public:
  explicit TableModel(std::map<TokenId, Row> rows) : rows_(std::move(rows)) {}
  int vocab_size() const override { return 5; }
  void next_token_logprobs(const std::vector<TokenId>& context, std::vector<double>& out) const override {
    out.clear();
    for (double p : rows_.at(context.back())) out.push_back(std::log(p));  // log 0 = -inf
  }
  double p(TokenId last, TokenId next) const { return rows_.at(last)[next]; }

 private:
  std::map<TokenId, Row> rows_;
};

const TableModel& table() {
  static const TableModel model({
      {kBos, {0.10, 0.10, 0, 0.60, 0.20}},
      {kA, {0.05, 0.15, 0, 0.50, 0.30}},
      {kB, {0.10, 0.40, 0, 0.30, 0.20}},
      {kUnk, {0.10, 0.50, 0, 0.20, 0.20}},  // after a character the vocabulary lacks
  });
  return model;
}

const lmp::CharTokenizer& ab_tokenizer() {
  static const lmp::CharTokenizer tokenizer = lmp::CharTokenizer::train(lmp::parse_corpus("ab\n", "t", 1 << 10));
  return tokenizer;
}

lmp::Line line_of(const std::string& text) { return lmp::decode_utf8_or_throw(text, "the line"); }

SamplingConfig greedy() {
  SamplingConfig c;
  c.greedy = true;
  return c;
}

std::vector<double> forced(const ExposureReport& r) {
  std::vector<double> out;
  for (const auto& step : r.steps) out.push_back(step.forced_nll);
  return out;
}

std::vector<double> own(const ExposureReport& r) {
  std::vector<double> out;
  for (const auto& step : r.steps) out.push_back(step.own_nll);
  return out;
}

std::vector<TokenId> own_tokens(const ExposureReport& r) {
  std::vector<TokenId> out;
  for (const auto& step : r.steps) out.push_back(step.own);
  return out;
}

double nats(double p) { return -std::log(p); }

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12) << what << " at step " << i;
}

TEST(Exposure, BothCurvesOnATableModelByHand) {
  ASSERT_EQ(ab_tokenizer().encode(line_of("ab")), (std::vector<TokenId>{kA, kB}));
  // "ab" is <bos> a b <eol>. Greedy from <bos>: a (0.6 against b's 0.2; <unk>
  // and <eol> are not drawn), then after a: a again (0.5 against 0.3), then,
  // the line's end allowed, a once more (0.5 against <eol>'s 0.15).
  const ExposureReport r = lmp::measure_exposure(table(), ab_tokenizer(), line_of("ab"), 0, greedy(), 1);
  expect_near_all(forced(r), {nats(0.6), nats(0.3), nats(0.4)}, "-ln p(x_t | x_<t): after <bos>, a, b");
  // The same first context; then b after the own a (as after the true a); then
  // <eol> after the own a, where the true prefix ends in b: 0.15 against 0.4.
  expect_near_all(own(r), {nats(0.6), nats(0.3), nats(0.15)}, "-ln p(x_t | own prefix): after <bos>, a, a");
  EXPECT_EQ(own_tokens(r), (std::vector<TokenId>{kA, kA, kA}));
  EXPECT_EQ(r.own_text, "aaa");
  EXPECT_EQ(r.text, "ab");
  EXPECT_TRUE(r.prompt.empty());
  EXPECT_EQ(r.steps[2].truth_label, "<eol>");
  EXPECT_EQ(r.steps[1].own_label, "a");
  EXPECT_EQ(r.chars, 3) << "a, b and the line end";
  const double forced_total = nats(0.6) + nats(0.3) + nats(0.4);
  const double own_total = nats(0.6) + nats(0.3) + nats(0.15);
  EXPECT_NEAR(r.forced_nll_per_token, forced_total / 3, 1e-12);
  EXPECT_NEAR(r.own_nll_per_token, own_total / 3, 1e-12);
  EXPECT_NEAR(r.forced_bpc, forced_total / std::log(2.0) / 3, 1e-12);
  EXPECT_NEAR(r.own_bpc, own_total / std::log(2.0) / 3, 1e-12);

  // A prompt of one token: a is given, b and <eol> are measured.
  const ExposureReport after_a = lmp::measure_exposure(table(), ab_tokenizer(), line_of("ab"), 1, greedy(), 1);
  EXPECT_EQ(after_a.prompt, (std::vector<std::string>{"a"}));
  expect_near_all(forced(after_a), {nats(0.3), nats(0.4)}, "forced after the prompt a");
  expect_near_all(own(after_a), {nats(0.3), nats(0.15)}, "own after the prompt a");
  EXPECT_EQ(after_a.own_text, "aaa");
  EXPECT_EQ(after_a.chars, 2) << "b and the line end";

  // The whole line as prompt: only its end is measured, from the true prefix in both runs.
  const ExposureReport whole = lmp::measure_exposure(table(), ab_tokenizer(), line_of("ab"), 2, greedy(), 1);
  expect_near_all(forced(whole), {nats(0.4)}, "forced, the line given");
  expect_near_all(own(whole), {nats(0.4)}, "own, the line given");
  EXPECT_EQ(whole.own_text, "ab") << "<eol> (0.4) is greedy's choice after b; it is not part of the text";
}

TEST(Exposure, SampledOwnTokensAreScoredAfterThemselves) {
  SamplingConfig sampling;  // temperature 1: the model's own distribution
  for (std::uint32_t seed = 0; seed < 50; ++seed) {
    const ExposureReport r = lmp::measure_exposure(table(), ab_tokenizer(), line_of("abba"), 0, sampling, seed);
    const std::vector<TokenId> truth = {kA, kB, kB, kA, kEol};
    ASSERT_EQ(r.steps.size(), truth.size());
    TokenId last_truth = kBos, last_own = kBos;
    for (std::size_t t = 0; t < truth.size(); ++t) {
      EXPECT_EQ(r.steps[t].truth, truth[t]);
      EXPECT_NEAR(r.steps[t].forced_nll, nats(table().p(last_truth, truth[t])), 1e-12);
      EXPECT_NEAR(r.steps[t].own_nll, nats(table().p(last_own, truth[t])), 1e-12) << "seed " << seed << " step " << t;
      EXPECT_NE(r.steps[t].own, kUnk);
      if (t + 1 < truth.size()) {
        EXPECT_NE(r.steps[t].own, kEol) << "the own line goes on while the true one does";
      }
      last_truth = truth[t];
      last_own = r.steps[t].own;
    }
  }
}

TEST(Exposure, OwnTokensFollowTheModelWithoutUnknownAndLineEnd) {
  // After <bos>: a 0.6 and b 0.2 once <unk> and <eol> are left out, so a has 0.75.
  // Over 4,000 seeds the share's standard error is 0.007; 0.03 is over 4 of them.
  constexpr int kSeeds = 4000;
  int a = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    a += lmp::measure_exposure(table(), ab_tokenizer(), line_of("b"), 0, SamplingConfig{}, seed).steps[0].own == kA;
  }
  EXPECT_NEAR(static_cast<double>(a) / kSeeds, 0.75, 0.03);
}

TEST(Exposure, TheDrawLeavesOutUnknownAlwaysAndTheLineEndUntilTheLineEnds) {
  const std::vector<double> logprobs = {std::log(0.5), std::log(0.3), -INFINITY, std::log(0.15), std::log(0.05)};
  const std::vector<double> before = logprobs;
  EXPECT_EQ(lmp::draw_own_token(logprobs, true, greedy(), 0.5), kA) << "<unk> and <eol> are likelier but left out";
  EXPECT_EQ(lmp::draw_own_token(logprobs, false, greedy(), 0.5), kEol) << "at the line's end <eol> may be drawn";
  // Without <unk> and <eol>: a 0.75, b 0.25; the inverse CDF turns at 0.75.
  EXPECT_EQ(lmp::draw_own_token(logprobs, true, SamplingConfig{}, 0.74), kA);
  EXPECT_EQ(lmp::draw_own_token(logprobs, true, SamplingConfig{}, 0.76), kB);
  EXPECT_EQ(logprobs, before) << "the caller's log-probabilities are not changed";
  const std::vector<double> only_end = {std::log(0.5), std::log(0.5), -INFINITY, -INFINITY, -INFINITY};
  EXPECT_EQ(lmp::draw_own_token(only_end, true, SamplingConfig{}, 0.3), -1) << "nothing left to draw";
  EXPECT_EQ(lmp::draw_own_token(only_end, false, SamplingConfig{}, 0.3), kEol);
}

TEST(Exposure, TheTrueTokenStandsInWhenTheModelCanOnlyEndTheLine) {
  // After a the model knows only the line's end (plain MLE can say so).
  const TableModel model({
      {kBos, {0, 0, 0, 1, 0}},
      {kA, {0, 1, 0, 0, 0}},
      {kB, {0, 0.5, 0, 0.5, 0}},
  });
  const ExposureReport r = lmp::measure_exposure(model, ab_tokenizer(), line_of("aba"), 0, SamplingConfig{}, 3);
  ASSERT_EQ(r.steps.size(), 4u);
  EXPECT_TRUE(r.steps[0].drawn);
  EXPECT_FALSE(r.steps[1].drawn) << "after a, <eol> was all there was";
  EXPECT_EQ(r.steps[1].own, kB) << "the true token stands in";
  EXPECT_EQ(r.steps[1].own_nll, INFINITY) << "b after a has probability 0";
  EXPECT_EQ(r.own_nll_per_token, INFINITY);
  EXPECT_TRUE(r.steps[2].drawn);
  EXPECT_NEAR(r.steps[2].own_nll, nats(0.5), 1e-12) << "a after the stand-in b";
}

TEST(Exposure, AnUnknownTrueTokenIsScoredButNeverDrawn) {
  // x is not in the vocabulary: the true line is <bos> a <unk> <eol>.
  for (std::uint32_t seed = 0; seed < 20; ++seed) {
    const ExposureReport r = lmp::measure_exposure(table(), ab_tokenizer(), line_of("ax"), 0, SamplingConfig{}, seed);
    ASSERT_EQ(r.steps.size(), 3u);
    EXPECT_EQ(r.steps[1].truth, kUnk);
    EXPECT_EQ(r.steps[1].truth_label, "<unk>");
    EXPECT_NEAR(r.steps[1].forced_nll, nats(0.05), 1e-12) << "p(<unk> | a), as evaluation scores it";
    for (const auto& step : r.steps) EXPECT_NE(step.own, kUnk);
  }
}

TEST(Exposure, RefusesAnEmptyLineAPromptBeyondItAndBadSettings) {
  const auto measure = [](const std::string& line, int k, SamplingConfig c = SamplingConfig{}) {
    return lmp::measure_exposure(table(), ab_tokenizer(), line_of(line), k, c, 1);
  };
  EXPECT_TRUE(ThrowsLmpError([&] { measure("", 0); }, lmp::ErrorKind::kInvalidInput, {"empty"}));
  EXPECT_TRUE(ThrowsLmpError([&] { measure("ab", 3); }, lmp::ErrorKind::kInvalidInput, {"0 to 2", "got 3"}));
  EXPECT_TRUE(ThrowsLmpError([&] { measure("ab", -1); }, lmp::ErrorKind::kInvalidInput, {"got -1"}));
  SamplingConfig hot;
  hot.temperature = -1;
  EXPECT_TRUE(ThrowsLmpError([&] { measure("ab", 0, hot); }, lmp::ErrorKind::kInvalidInput, {"temperature"}));
}

// ---- trained models ---------------------------------------------------------------

lmp::TrainOptions tiny(const std::string& model, const std::string& tokenizer) {
  lmp::TrainOptions o = lmp::default_train_options(lmp_test::model_kind(model));
  o.tokenizer = lmp_test::tokenizer_kind(tokenizer);
  o.val_fraction = 0;
  o.steps = 30;
  o.embed = 16;
  o.hidden = 16;
  o.context = 8;  // the MLP's and the Transformer's window: shorter than the long line below
  return o;
}

double sum(const std::vector<double>& values) {
  double total = 0;
  for (double v : values) total += v;
  return total;
}

class ExposureOfEveryModel : public ::testing::TestWithParam<std::tuple<const char*, const char*>> {};

TEST_P(ExposureOfEveryModel, ForcedIsEvaluationAndOwnIsWhatSamplingWrites) {
  const auto [kind, tokenizer] = GetParam();
  const auto model = lmp::train_model(lmp_test::small_text(), tiny(kind, tokenizer));
  // The second line is longer than the window of 8 (the Transformer's cache is rebuilt along it).
  for (const std::string line : {"elizabeth", "the cat sat on the mat and the dog sat on the log"}) {
    SCOPED_TRACE(line);
    const std::vector<ExposureReport> reports = model->exposure(line, 0, SamplingConfig{}, 7);
    ASSERT_EQ(reports.size(), 1u);
    const ExposureReport& r = reports[0];
    const lmp::EvalReport eval = model->evaluate(line);
    ASSERT_EQ(r.steps.size(), eval.tokens);
    EXPECT_DOUBLE_EQ(sum(forced(r)), eval.nll_total) << "the forced curve is what evaluation sums";
    EXPECT_DOUBLE_EQ(r.forced_bpc, eval.bpc);
    EXPECT_DOUBLE_EQ(r.forced_nll_per_token, eval.nll_per_token);
    EXPECT_DOUBLE_EQ(r.steps[0].own_nll, r.steps[0].forced_nll) << "both runs start from the same context";
    for (std::size_t t = 0; t < r.steps.size(); ++t) {
      const auto& step = r.steps[t];
      EXPECT_TRUE(std::isfinite(step.forced_nll) && std::isfinite(step.own_nll));
      EXPECT_TRUE(step.drawn);
      EXPECT_NE(step.own, lmp::Tokenizer::kUnk);
      if (t + 1 < r.steps.size()) {
        EXPECT_NE(step.own, lmp::Tokenizer::kEol);
      }
      EXPECT_EQ(step.truth_label, model->tokenizer().label(step.truth));
      EXPECT_EQ(step.own_label, model->tokenizer().label(step.own));
    }
    EXPECT_EQ(r.steps.back().truth, lmp::Tokenizer::kEol);

    // A prompt: the forced curve is the tail of the whole line's, the own one starts there.
    const std::vector<TokenId> tokens = model->tokenizer().encode(line_of(line));
    const int k = std::min<int>(3, static_cast<int>(tokens.size()));  // BPE may have learned "elizabeth" whole
    const ExposureReport prompted = model->exposure(line, k, SamplingConfig{}, 7)[0];
    ASSERT_EQ(prompted.steps.size(), r.steps.size() - k);
    for (std::size_t t = 0; t < prompted.steps.size(); ++t) {
      EXPECT_DOUBLE_EQ(prompted.steps[t].forced_nll, r.steps[t + k].forced_nll) << t;
    }
    EXPECT_DOUBLE_EQ(prompted.steps[0].own_nll, prompted.steps[0].forced_nll);
    EXPECT_EQ(prompted.prompt.size(), static_cast<std::size_t>(k));
    const std::string prompt_text = model->tokenizer().decode({tokens.begin(), tokens.begin() + k}, true);
    EXPECT_EQ(prompted.own_text.rfind(prompt_text, 0), 0u) << "the own text starts with the prompt";

    // One seed, one own text.
    const ExposureReport again = model->exposure(line, k, SamplingConfig{}, 7)[0];
    EXPECT_EQ(own_tokens(again), own_tokens(prompted));
    EXPECT_EQ(own(again), own(prompted));
    // Greedy's own text is what greedy sampling writes, as far as both go (the
    // own text only goes on where sampling would have ended the line). With
    // characters: sampling would heal a subword prompt, the measurement does not.
    if (model->tokenizer().kind() == lmp::TokenizerKind::kChar) {
      const std::string by_greedy = model->exposure(line, k, greedy(), 7)[0].own_text;
      const std::string sampled = model->sample(prompt_text, greedy(), 200, 1, 1)[0];
      const std::size_t common = std::min(sampled.size(), by_greedy.size());
      EXPECT_EQ(by_greedy.substr(0, common), sampled.substr(0, common));
    }
  }
  // Another seed draws another own text (over a long line, surely).
  const std::string line = "the cat sat on the mat and the dog sat on the log";
  EXPECT_NE(own_tokens(model->exposure(line, 1, SamplingConfig{}, 1)[0]),
            own_tokens(model->exposure(line, 1, SamplingConfig{}, 2)[0]));
}

INSTANTIATE_TEST_SUITE_P(KindsAndTokenizers, ExposureOfEveryModel,
                         ::testing::Combine(::testing::Values("ngram", "mlp", "rnn", "lstm", "gru", "transformer"),
                                            ::testing::Values("char", "bpe")));

TEST(Exposure, ATextIsMeasuredLineByLineEachAsAlone) {
  const auto model = lmp::train_model(lmp_test::small_text(), tiny("ngram", "char"));
  const std::vector<ExposureReport> reports = model->exposure("emma\n\r\nanna\r\nmia", 1, SamplingConfig{}, 4);
  ASSERT_EQ(reports.size(), 3u) << "blank lines are skipped, CR before LF dropped";
  EXPECT_EQ(reports[0].line, 1);
  EXPECT_EQ(reports[1].line, 3);
  EXPECT_EQ(reports[2].line, 4);
  const ExposureReport alone = model->exposure("anna", 1, SamplingConfig{}, 4)[0];
  EXPECT_EQ(reports[1].text, "anna");
  EXPECT_EQ(own_tokens(reports[1]), own_tokens(alone));
  EXPECT_EQ(own(reports[1]), own(alone));
}

TEST(Exposure, LinesThatShareAPromptDrawTheirOwnTexts) {
  const auto model = lmp::train_model(lmp_test::small_text(), tiny("ngram", "char"));
  const std::vector<ExposureReport> reports = model->exposure("maria\nmarta\nmabel\nmaxine\nmavis\nmaud", 2, SamplingConfig{}, 4);
  // The own draws read only the prompt and themselves: with the same coins,
  // every line would start the same after "ma" (lengths alone differ).
  std::set<std::string> starts;
  for (const ExposureReport& r : reports) starts.insert(r.own_text.substr(0, 4));
  EXPECT_GT(starts.size(), 1u) << "six lines after the same prompt 'ma', each with coins of its own";
}

TEST(Exposure, TheTrainedModelRefusesBadTextsNamingTheLine) {
  const auto model = lmp::train_model(lmp_test::small_text(), tiny("ngram", "char"));
  const SamplingConfig c;
  EXPECT_TRUE(ThrowsLmpError([&] { model->exposure("\n\n", 0, c, 1); }, lmp::ErrorKind::kInvalidInput, {"empty"}));
  EXPECT_TRUE(ThrowsLmpError([&] { model->exposure("em\xFFma", 0, c, 1); }, lmp::ErrorKind::kInvalidInput,
                             {"not valid UTF-8"}));
  EXPECT_TRUE(ThrowsLmpError([&] { model->exposure("mia", 4, c, 1); }, lmp::ErrorKind::kInvalidInput, {"0 to 3"}));
  EXPECT_TRUE(ThrowsLmpError([&] { model->exposure("emma\nmia\nanna", 4, c, 1); }, lmp::ErrorKind::kInvalidInput,
                             {"line 2: ", "0 to 3"}));
  SamplingConfig bad;
  bad.top_p = 0;
  EXPECT_TRUE(ThrowsLmpError([&] { model->exposure("emma\nmia", 0, bad, 1); }, lmp::ErrorKind::kInvalidInput,
                             {"top-p"}));
}

}  // namespace
