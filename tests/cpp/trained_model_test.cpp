// TrainedModel, the surface the CLI and the page use: training reports,
// prompts (unseen characters, invalid UTF-8, newlines), next_tokens ordering
// and limits, sample bounds, option checks.
#include "app/option_table.h"
#include "app/trained_model.h"
#include "app/training_session.h"
#include "tokenize/char_tokenizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "test_helpers.h"

namespace {

using lmp::TrainedModel;
using lmp::train_model;
using lmp::train_model_with_val;
using lmp::TrainOptions;
using lmp_test::ThrowsLmpError;

TrainOptions options(int order = 3, const std::string& smoothing = "kn") {
  TrainOptions o;
  o.order = order;
  o.smoothing = lmp_test::named<lmp::Smoothing>(smoothing, lmp::kSmoothingNames);
  o.memory_limit_mb = 32;
  return o;
}

lmp::SamplingConfig sampling(double temperature = 1.0, int top_k = 0, double top_p = 1.0) {
  lmp::SamplingConfig c;
  c.temperature = temperature;
  c.top_k = top_k;
  c.top_p = top_p;
  return c;
}

std::size_t code_points(const std::string& text) { return lmp::decode_utf8_or_throw(text, "t").size(); }

TEST(TrainedModel, ReportCountsTokensByHand) {
  // Tail split of 5 lines at 0.2: train "ab", "abc", "b", "ca" (2+3+1+2 chars + 4 <eol> = 12 tokens),
  // validation "cab" (3 chars + <eol> = 4 tokens).
  TrainOptions o = options(2);
  o.val_fraction = 0.2;
  const auto model = train_model("ab\nabc\nb\nca\ncab\n", o);
  const lmp::TrainReport& r = model->report();
  EXPECT_EQ(r.model, "ngram-2-kn");
  EXPECT_EQ(r.train_tokens, 12);
  EXPECT_TRUE(r.has_val);
  EXPECT_EQ(r.val_tokens, 4);
  EXPECT_EQ(r.val.tokens, 4);
  EXPECT_EQ(r.val.chars, 4);
  EXPECT_EQ(r.val.unk, 0);
  EXPECT_EQ(model->vocab_size(), 3 + 3);  // a b c
  // Bigrams: <bos>a <bos>b <bos>c ab bc b<eol> c<eol> ca a<eol>; unigrams a b c <eol>.
  EXPECT_EQ(r.params, 9 + 4);
  ASSERT_EQ(r.val_unseen_share.size(), 2u);
  // Val "cab": bigrams <bos>c (seen), ca (seen), ab (seen), b<eol> (seen).
  EXPECT_EQ(r.val_unseen_share[1], 0.0);
  EXPECT_GT(model->memory_bytes(), 0);
}

TEST(TrainedModel, ValidationReportEqualsEvaluatingTheSameText) {
  const std::string val = "emma\nnoah\nzoë\nunseen qx\n";
  const auto model = train_model_with_val(lmp_test::small_text(), val, options(3));
  const lmp::EvalReport direct = model->evaluate(val);
  const lmp::EvalReport& reported = model->report().val;
  EXPECT_EQ(reported.tokens, direct.tokens);
  EXPECT_EQ(reported.nll_total, direct.nll_total);
  EXPECT_EQ(reported.bpc, direct.bpc);
  EXPECT_EQ(direct.tokens, 4 + 1 + 4 + 1 + 3 + 1 + 9 + 1);
  EXPECT_EQ(direct.unk, 2);  // 'q' and 'x' never occur in the training text
  // Perplexity and bits per character follow from the total.
  EXPECT_NEAR(direct.ppl, std::exp(direct.nll_total / direct.tokens), 1e-9 * direct.ppl);
  EXPECT_NEAR(direct.bpc, direct.nll_total / std::log(2.0) / direct.chars, 1e-12);
}

TEST(TrainedModel, SamplesWithUnseenPromptCharactersStartWithThePrompt) {
  const std::string prompt = "zq€中";
  for (const std::string smoothing : {"kn", "addk", "none"}) {
    const auto model = train_model(lmp_test::small_text(), options(3, smoothing));
    const std::vector<std::string> samples = model->sample(prompt, sampling(), 20, 42, 8);
    ASSERT_EQ(samples.size(), 8u) << smoothing;
    for (const std::string& s : samples) {
      EXPECT_EQ(s.compare(0, prompt.size(), prompt), 0) << smoothing << ": \"" << s << "\"";
      const std::string continuation = s.substr(prompt.size());
      EXPECT_EQ(continuation.find('\n'), std::string::npos) << "a sample ends at <eol>: \"" << s << "\"";
      EXPECT_LE(code_points(continuation), 20u);
    }
  }
}

TEST(TrainedModel, PromptWithInvalidUtf8IsRejected) {
  const auto model = train_model(lmp_test::small_text(), options());
  for (const std::string& bad : {std::string("ab\xC3"), std::string("\xED\xA0\x80"), std::string("x\x80")}) {
    EXPECT_TRUE(ThrowsLmpError([&] { model->sample(bad, sampling(), 10, 1, 1); }, lmp::ErrorKind::kInvalidInput,
                               {"the prompt", "UTF-8"}));
    EXPECT_TRUE(ThrowsLmpError([&] { model->next_tokens(bad, sampling(), 5); }, lmp::ErrorKind::kInvalidInput,
                               {"the prompt"}));
  }
}

TEST(TrainedModel, PromptContinuesItsLastLine) {
  const auto model = train_model(lmp_test::small_text(), options(3));
  const auto after_newline = model->next_tokens("whatever\nem", sampling(), 0);
  const auto plain = model->next_tokens("em", sampling(), 0);
  ASSERT_EQ(after_newline.size(), plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ(after_newline[i].id, plain[i].id);
    EXPECT_EQ(after_newline[i].base, plain[i].base);
  }
  for (const std::string& s : model->sample("whatever\nem", sampling(), 10, 3, 3)) {
    EXPECT_EQ(s.compare(0, 11, "whatever\nem"), 0) << s;
  }
}

TEST(TrainedModel, NextTokensOrderingAndLimit) {
  const auto model = train_model(lmp_test::small_text(), options(3));
  const lmp::SamplingConfig c = sampling(0.5, 5, 0.9);
  const auto all = model->next_tokens("e", c, 0);
  // Kneser-Ney gives every token but <bos> some probability; generation leaves <unk> out.
  ASSERT_EQ(all.size(), static_cast<std::size_t>(model->vocab_size() - 2));
  std::set<int> ids;
  double base_sum = 0, tempered_sum = 0, final_sum = 0;
  int kept = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    ids.insert(all[i].id);
    base_sum += all[i].base;
    tempered_sum += all[i].tempered;
    final_sum += all[i].final;
    kept += all[i].removed_by == 0;
    EXPECT_NE(all[i].label, "<bos>");
    if (i > 0) {
      const bool ordered = all[i - 1].tempered > all[i].tempered ||
                           (all[i - 1].tempered == all[i].tempered && all[i - 1].id < all[i].id);
      EXPECT_TRUE(ordered) << "position " << i << ": " << all[i - 1].label << " (" << all[i - 1].tempered << ") then "
                           << all[i].label << " (" << all[i].tempered << ")";
    }
    // Temperature 0.5 squares the probabilities before normalizing: ratios square.
    EXPECT_NEAR(all[i].tempered / all[0].tempered, std::pow(all[i].base / all[0].base, 2.0), 1e-9);
    // top-k 5: nothing past rank 5 is kept.
    if (i >= 5) {
      EXPECT_EQ(all[i].removed_by, 1) << "rank " << i;
    }
    EXPECT_EQ(all[i].final > 0, all[i].removed_by == 0);
  }
  EXPECT_EQ(ids.size(), all.size());
  EXPECT_NEAR(base_sum, 1.0, 1e-9);
  EXPECT_NEAR(tempered_sum, 1.0, 1e-9);
  EXPECT_NEAR(final_sum, 1.0, 1e-9);
  EXPECT_GE(kept, 1);
  EXPECT_LE(kept, 5);
  EXPECT_TRUE(ids.count(lmp::CharTokenizer::kEol));
  EXPECT_FALSE(ids.count(lmp::CharTokenizer::kUnk)) << "<unk> is never offered";

  for (int limit : {1, 3, 7}) {
    const auto top = model->next_tokens("e", c, limit);
    ASSERT_EQ(top.size(), static_cast<std::size_t>(limit));
    for (int i = 0; i < limit; ++i) EXPECT_EQ(top[i].id, all[i].id) << "limit " << limit;
  }
}

TEST(TrainedModel, NextTokensTiesByIdAndImpossibleTokensLeftOut) {
  // add-k in a context never seen is uniform: every token ties, so ids come in
  // order; <unk> (id 0) is left out and the rest renormalized over V - 2 tokens.
  const auto addk = train_model(lmp_test::small_text(), options(2, "addk"));
  const auto uniform = addk->next_tokens("q", sampling(), 0);  // 'q' is <unk>: an unseen context
  ASSERT_EQ(uniform.size(), static_cast<std::size_t>(addk->vocab_size() - 2));
  EXPECT_EQ(uniform[0].id, 1);
  for (std::size_t i = 1; i < uniform.size(); ++i) EXPECT_EQ(uniform[i].id, static_cast<int>(i) + 2);
  for (const auto& t : uniform) EXPECT_NEAR(t.base, 1.0 / (addk->vocab_size() - 2), 1e-15);
  EXPECT_EQ(uniform[0].label, "<eol>");

  // Plain MLE after "emm" knows one continuation ('a' in "emma"): the list is just that.
  const auto mle = train_model(lmp_test::small_text(), options(3, "none"));
  const auto only = mle->next_tokens("emm", sampling(), 0);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].label, "a");
  EXPECT_EQ(only[0].base, 1.0);
}

TEST(TrainedModel, NextTokensListsEveryPossibleTokenAtLowTemperature) {
  // Limit 0 lists every token the model considers possible. At temperature 0.001
  // the tempered probability of most tokens underflows to 0, but their base
  // probability (Kneser-Ney: every token but <bos>; <unk> is never offered) is still positive.
  const auto model = train_model(lmp_test::small_text(), options(3));
  for (double temperature : {1.0, 0.05, 0.001}) {
    const auto all = model->next_tokens("e", sampling(temperature), 0);
    EXPECT_EQ(all.size(), static_cast<std::size_t>(model->vocab_size() - 2)) << "temperature " << temperature;
    double base_sum = 0;
    for (const auto& t : all) base_sum += t.base;
    EXPECT_NEAR(base_sum, 1.0, 1e-9) << "temperature " << temperature;
  }
}

TEST(TrainedModel, SameSeedSameSamples) {
  const auto model = train_model(lmp_test::small_text(), options(3));
  const auto a = model->sample("", sampling(1.2), 25, 7, 12);
  EXPECT_EQ(a, model->sample("", sampling(1.2), 25, 7, 12));
  EXPECT_NE(a, model->sample("", sampling(1.2), 25, 8, 12));
  // Samples within one call differ from each other (12 draws of a whole line).
  EXPECT_GT(std::set<std::string>(a.begin(), a.end()).size(), 1u);
}

TEST(TrainedModel, MaxTokensBoundsEachSample) {
  const auto model = train_model(lmp_test::small_text(), options(3, "addk"));
  for (int max_tokens : {1, 2, 5}) {
    for (const std::string& s : model->sample("a", sampling(3.0), max_tokens, 11, 30)) {
      EXPECT_LE(code_points(s), 1u + max_tokens) << "max_tokens " << max_tokens << ": \"" << s << "\"";
    }
  }
}

TEST(TrainedModel, SampleCountAndLengthBounds) {
  const auto model = train_model(lmp_test::small_text(), options(2));
  const lmp::SamplingConfig c = sampling();
  for (int max_tokens : {0, -1, 100001}) {
    EXPECT_TRUE(ThrowsLmpError([&] { model->sample("", c, max_tokens, 1, 1); }, lmp::ErrorKind::kInvalidInput,
                               {"sample length"}))
        << "max_tokens " << max_tokens;
  }
  for (int count : {0, -3, 10001}) {
    EXPECT_TRUE(ThrowsLmpError([&] { model->sample("", c, 5, 1, count); }, lmp::ErrorKind::kInvalidInput,
                               {"number of samples"}))
        << "count " << count;
  }
  EXPECT_EQ(model->sample("", c, 1, 1, 10000).size(), 10000u);
  EXPECT_EQ(model->sample("ab", c, 100000, 1, 1).size(), 1u);
  lmp::SamplingConfig bad = c;
  bad.top_p = 0;
  EXPECT_TRUE(ThrowsLmpError([&] { model->sample("", bad, 5, 1, 1); }, lmp::ErrorKind::kInvalidInput, {"top-p"}));
  EXPECT_TRUE(ThrowsLmpError([&] { model->next_tokens("", bad, 5); }, lmp::ErrorKind::kInvalidInput, {"top-p"}));
}

TEST(TrainedModel, RejectsBadOptions) {
  struct Row {
    const char* what;
    TrainOptions o;
    const char* needle;
  };
  std::vector<Row> table;
  table.push_back({"order", options(0), "order"});
  table.push_back({"order", options(9), "order"});
  table.push_back({"k", options(3, "addk"), "add-k"});
  table.back().o.k = 0;
  table.push_back({"val fraction", options(), "validation fraction"});
  table.back().o.val_fraction = 1.0;
  table.push_back({"memory limit", options(), "memory limit"});
  table.back().o.memory_limit_mb = 15;
  table.push_back({"memory limit", options(), "memory limit"});
  table.back().o.memory_limit_mb = 4096;
  for (const Row& row : table) {
    EXPECT_TRUE(ThrowsLmpError([&] { train_model(lmp_test::small_text(), row.o); },
                               lmp::ErrorKind::kInvalidInput, {row.needle}))
        << row.what;
  }
  // Names that are no choice can only come in as text: the option table refuses them.
  struct Named {
    lmp::OptionSetting setting;
    const char* needle;
  };
  for (const Named& row : {Named{{"model", "diffusion"}, "model"}, Named{{"tokenizer", "wordpiece"}, "tokenizer"},
                           Named{{"smoothing", "katz"}, "smoothing"}, Named{{"valSplit", "random"}, "validation split"}}) {
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::train_options_from({row.setting}); }, lmp::ErrorKind::kInvalidInput,
                               {row.needle}))
        << row.setting.key;
  }
}

TEST(TrainedModel, RejectsBadTexts) {
  EXPECT_TRUE(ThrowsLmpError([] { train_model("\n\n", options()); }, lmp::ErrorKind::kInvalidInput,
                             {"the training text", "empty"}));
  EXPECT_TRUE(ThrowsLmpError([] { train_model_with_val("abc\n", "x\xFFy\n", options()); },
                             lmp::ErrorKind::kInvalidInput, {"the validation text", "offset 1", "line 1"}));
  // A quarter of the 16 MB memory limit is the most text it accepts.
  TrainOptions o = options();
  o.memory_limit_mb = 16;
  const std::string big((4u << 20) + 1, 'a');
  EXPECT_TRUE(ThrowsLmpError([&] { train_model(big, o); }, lmp::ErrorKind::kResourceLimit,
                             {"the training text"}));
  const auto model = train_model(lmp_test::small_text(), options());
  EXPECT_TRUE(ThrowsLmpError([&] { model->evaluate(std::string("ab\0", 3)); }, lmp::ErrorKind::kInvalidInput,
                             {"the evaluation text", "binary"}));
}

}  // namespace
