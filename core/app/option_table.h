// The one description of every training and sampling option: its name, type,
// default, allowed range or values, which models and tokenizers it applies
// to, and a line saying what it does and why the default is what it is.
//
// Everything else reads this table: validation (train_options.h), options
// given as text at the edges (the CLI's flags, the JS API's objects, a model
// file's options, a link), `lmp train --help`, the JS API's lmp.options(), and
// the page's controls (their defaults, ranges and tooltips).
//
// Names are camelCase keys ("seqLen"); the CLI spells each as a kebab-case
// flag ("--seq-len"). Older spellings users already type are aliases, some
// only for some models ("seqLen" is the Transformer's context).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/train_options.h"

namespace lmp {

enum class OptionType { kInteger, kNumber, kBoolean, kChoice, kText };
inline constexpr std::array<const char*, 5> kOptionTypeNames = {"integer", "number", "boolean", "choice", "text"};

// kTrain: fixed when a model is trained (TrainOptions, kept in its file);
// kSample: chosen each time text is generated (SampleOptions).
enum class OptionGroup { kTrain, kSample };
inline constexpr std::array<const char*, 2> kOptionGroupNames = {"train", "sample"};

// A value inside the core: numbers, booleans (0/1) and choices (the enum's
// index) as a number; text as text.
struct OptionValue {
  double number = 0;
  std::string text;
};

struct OptionAlias {
  std::string name;
  std::vector<ModelKind> models;  // empty: an alias whatever the model
};

struct OptionSpec {
  std::string key;
  OptionGroup group = OptionGroup::kTrain;
  OptionType type = OptionType::kInteger;
  OptionValue fallback;                      // the default
  std::vector<std::pair<ModelKind, double>> model_defaults;  // a model's own default, where it differs
  double min = 0;                            // numbers: the range, inclusive...
  double max = 0;
  bool above_min = false;                    // ...except min itself when set (a learning rate of 0 learns nothing)
  double step = 1;                           // the page's step for the control
  std::vector<std::string> choices;          // kChoice: names in enum order
  std::vector<ModelKind> models;             // empty: every model
  std::vector<TokenizerKind> tokenizers;     // empty: every tokenizer
  std::vector<OptionAlias> aliases;
  std::string label;                         // in words, for messages: "the validation fraction"
  std::string help;                          // what it does; why the default
  std::function<OptionValue(const TrainOptions&)> get_train;
  std::function<void(TrainOptions&, const OptionValue&)> set_train;
  std::function<OptionValue(const SampleOptions&)> get_sample;
  std::function<void(SampleOptions&, const OptionValue&)> set_sample;

  bool applies_to(ModelKind model, TokenizerKind tokenizer) const;
  OptionValue default_for(ModelKind model) const;
};

const std::vector<OptionSpec>& option_table();

// The table's defaults for this model: those of TrainOptions() with the
// model's own where it has one (the Transformer's context).
TrainOptions default_train_options(ModelKind model);

// The range of every option that applies to the chosen model and tokenizer
// (the others are not used), and the rules between options: d_model must be
// a multiple of the heads. Throws invalid_input naming the option and what it
// allows.
void validate(const TrainOptions& options);
void validate(const SampleOptions& options);
// By its key; nullptr for a key that is not one.
const OptionSpec* find_option(const std::string& key);

// Text at the edges: "3", "0.003", "true", "kn". Numbers are written so they
// read back to the same double.
std::string format_option_value(const OptionSpec& spec, const OptionValue& value);
// Throws invalid_input naming the option and what it allows.
OptionValue parse_option_value(const OptionSpec& spec, const std::string& text);
// "a whole number from 1 to 8", "a number above 0 and at most 10", "one of none, addk or kn".
std::string describe_allowed(const OptionSpec& spec);
// Throws invalid_input unless value is within the spec's range.
void check_option_value(const OptionSpec& spec, const OptionValue& value);

// An option as text, as the CLI, the JS API and model files give it.
struct OptionSetting {
  std::string key;
  std::string value;
};

// Options from settings: the chosen model's defaults, then each setting in
// turn (keys or their aliases), then validate(). Throws invalid_input for an
// unknown key, a value out of range, or an option given a value other than
// its default for a model or tokenizer it does not apply to.
TrainOptions train_options_from(const std::vector<OptionSetting>& settings);
SampleOptions sample_options_from(const std::vector<OptionSetting>& settings);
// The training options that apply to these options' model and tokenizer, as
// text, in table order: what train_options_from reads back to the same model.
std::vector<OptionSetting> settings_of(const TrainOptions& options);

// The table as the JS API hands it out (lmp.options()): plain fields and text.
struct OptionModelDefault {
  std::string model;
  std::string value;
};
struct OptionAliasInfo {
  std::string name;
  std::vector<std::string> models;
};
struct OptionInfo {
  std::string key;
  std::string group;
  std::string type;
  std::string default_value;
  std::vector<OptionModelDefault> model_defaults;
  double min = 0;
  double max = 0;
  bool above_min = false;
  double step = 1;
  std::vector<std::string> choices;
  std::vector<std::string> models;      // every model it applies to, by name
  std::vector<std::string> tokenizers;  // every tokenizer it applies to, by name
  std::vector<OptionAliasInfo> aliases;
  std::string allowed;                  // describe_allowed()
  std::string label;
  std::string help;
};
std::vector<OptionInfo> option_infos();

}  // namespace lmp
