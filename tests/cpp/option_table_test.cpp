// The option table: every row is whole and consistent with itself, values go
// to text and back unchanged, aliases reach their option only for their
// models, and options given for a model they do nothing for are refused.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "app/option_table.h"
#include "test_helpers.h"

namespace {

using lmp::OptionSpec;
using lmp::OptionType;
using lmp_test::ThrowsLmpError;

TEST(OptionTable, EveryRowIsWholeAndItsDefaultIsAllowed) {
  std::set<std::string> keys;
  for (const OptionSpec& spec : lmp::option_table()) {
    SCOPED_TRACE(spec.key);
    EXPECT_TRUE(keys.insert(spec.key).second) << "a key used twice";
    EXPECT_FALSE(spec.label.empty());
    EXPECT_GT(spec.help.size(), 20u) << "the help says what it does and why the default";
    EXPECT_TRUE(spec.group == lmp::OptionGroup::kTrain ? bool(spec.get_train) && bool(spec.set_train)
                                                        : bool(spec.get_sample) && bool(spec.set_sample));
    if (spec.type == OptionType::kChoice) EXPECT_GE(spec.choices.size(), 2u);
    EXPECT_NO_THROW(lmp::check_option_value(spec, spec.fallback));
    for (const auto& [model, number] : spec.model_defaults) {
      lmp::OptionValue value;
      value.number = number;
      EXPECT_NO_THROW(lmp::check_option_value(spec, value)) << lmp::to_string(model);
    }
  }
  // The defaults make a valid training and sampling configuration for every model.
  for (const char* model : {"ngram", "mlp", "rnn", "lstm", "gru", "transformer"}) {
    EXPECT_NO_THROW(lmp::validate(lmp::default_train_options(lmp_test::model_kind(model)))) << model;
  }
  EXPECT_NO_THROW(lmp::validate(lmp::SampleOptions()));
}

TEST(OptionTable, ValuesGoToTextAndBackUnchanged) {
  for (const OptionSpec& spec : lmp::option_table()) {
    const std::string text = lmp::format_option_value(spec, spec.fallback);
    const lmp::OptionValue back = lmp::parse_option_value(spec, text);
    EXPECT_EQ(back.number, spec.fallback.number) << spec.key << " as " << text;
    EXPECT_EQ(back.text, spec.fallback.text) << spec.key;
  }
  // Numbers keep every bit: the shortest text that reads back, not a rounded one.
  const OptionSpec& lr = *lmp::find_option("lr");
  for (double value : {3e-3, 0.1, 1.0 / 3.0, 1e-9, 9.999999}) {
    lmp::OptionValue v;
    v.number = value;
    EXPECT_EQ(lmp::parse_option_value(lr, lmp::format_option_value(lr, v)).number, value);
  }
  EXPECT_EQ(lmp::format_option_value(lr, lmp::parse_option_value(lr, "0.003")), "0.003");
}

TEST(OptionTable, TextThatIsNotAValueIsRefusedNamingTheOptionAndWhatItAllows) {
  struct Row {
    const char* key;
    const char* text;
    std::vector<std::string> needles;
  };
  for (const Row& row : std::vector<Row>{
           {"order", "9", {"order", "a whole number from 1 to 8", "the n-gram order", "9"}},
           {"order", "2.5", {"order", "whole number"}},
           {"order", " 3", {"order"}},
           {"order", "", {"order"}},
           {"lr", "0", {"lr", "above 0 and at most 10"}},
           {"lr", "nan", {"lr"}},
           {"lr", "inf", {"lr"}},
           {"smoothing", "katz", {"unknown smoothing 'katz'", "one of none, addk or kn"}},
           {"causal", "yes", {"causal", "true or false"}},
           {"temperature", "-0.5", {"temperature", "from 0 to 100"}},
       }) {
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::parse_option_value(*lmp::find_option(row.key), row.text); },
                               lmp::ErrorKind::kInvalidInput, row.needles))
        << row.key << " = '" << row.text << "'";
  }
}

TEST(OptionTable, AnAliasIsAnAliasOnlyForItsModels) {
  // seqLen is the Transformer's context, and the recurrent networks' own seqLen.
  const lmp::TrainOptions transformer = lmp::train_options_from({{"model", "transformer"}, {"seqLen", "20"}});
  EXPECT_EQ(transformer.context, 20);
  const lmp::TrainOptions lstm = lmp::train_options_from({{"model", "lstm"}, {"seqLen", "20"}});
  EXPECT_EQ(lstm.seq_len, 20);
  EXPECT_EQ(lstm.context, lmp::TrainOptions().context);
  // The model's own defaults: the Transformer's window is not the MLP's.
  EXPECT_EQ(lmp::train_options_from({{"model", "transformer"}}).context, 64);
  EXPECT_EQ(lmp::train_options_from({{"model", "mlp"}}).context, 3);
  EXPECT_EQ(lmp::train_options_from({{"model", "transformer"}, {"dModel", "48"}}).embed, 48);
  EXPECT_FALSE(lmp::train_options_from({{"model", "transformer"}, {"causalMask", "false"}}).causal);
  EXPECT_EQ(lmp::sample_options_from({{"seed", "42"}}).seed, 42u);
  EXPECT_TRUE(ThrowsLmpError([] { lmp::train_options_from({{"model", "lstm"}, {"dModel", "48"}}); },
                             lmp::ErrorKind::kInvalidInput, {"unknown train option 'dModel'"}));
  EXPECT_TRUE(ThrowsLmpError([] { lmp::train_options_from({{"frobnication", "1"}}); }, lmp::ErrorKind::kInvalidInput,
                             {"unknown train option 'frobnication'", "order"}));
}

TEST(OptionTable, AnOptionGivenWhereItDoesNothingIsRefused) {
  EXPECT_TRUE(ThrowsLmpError([] { lmp::train_options_from({{"model", "ngram"}, {"hidden", "64"}}); },
                             lmp::ErrorKind::kInvalidInput, {"hidden", "only, not for ngram"}));
  EXPECT_TRUE(ThrowsLmpError([] { lmp::train_options_from({{"tokenizer", "bpe"}, {"lowercase", "true"}}); },
                             lmp::ErrorKind::kInvalidInput, {"lowercase", "word tokenizer only", "bpe"}));
  // Its default is no mistake: one settings list may carry every option.
  EXPECT_NO_THROW(lmp::train_options_from({{"model", "ngram"}, {"hidden", "128"}, {"lowercase", "false"}}));
  EXPECT_TRUE(ThrowsLmpError([] { lmp::train_options_from({{"model", "transformer"}, {"embed", "30"}}); },
                             lmp::ErrorKind::kInvalidInput, {"multiple of the number of heads"}));
}

TEST(OptionTable, SettingsOfAModelReadBackToTheSameOptions) {
  const lmp::TrainOptions options = lmp::train_options_from(
      {{"model", "transformer"}, {"tokenizer", "unigram"}, {"subwordAlpha", "0.25"}, {"lr", "0.0007"}, {"heads", "8"}});
  const lmp::TrainOptions back = lmp::train_options_from(lmp::settings_of(options));
  EXPECT_EQ(lmp::settings_of(back).size(), lmp::settings_of(options).size());
  for (const OptionSpec& spec : lmp::option_table()) {
    if (spec.group != lmp::OptionGroup::kTrain) continue;
    EXPECT_EQ(spec.get_train(back).number, spec.get_train(options).number) << spec.key;
  }
  // Only what applies is written: a Transformer has no hidden size, an n-gram no optimizer.
  for (const lmp::OptionSetting& s : lmp::settings_of(options)) EXPECT_NE(s.key, "hidden");
  for (const lmp::OptionSetting& s : lmp::settings_of(lmp::TrainOptions())) EXPECT_NE(s.key, "optimizer");
}

}  // namespace
