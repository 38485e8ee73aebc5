// Options as text at the edges, read and written through the option table
// (option_table.h): parsing and formatting values, aliases, the checks of
// validate(), and the settings a model file or the JS API exchanges.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "app/option_table.h"
#include "base/error.h"

namespace lmp {

namespace {

bool contains(const std::vector<ModelKind>& models, ModelKind model) {
  return models.empty() || std::find(models.begin(), models.end(), model) != models.end();
}

std::string format_number(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
  char text[32];
  for (int digits = 6; digits <= 17; ++digits) {  // the shortest that reads back exactly
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

template <typename Kind, std::size_t N>
std::string names_of(const std::vector<Kind>& kinds, const std::array<const char*, N>& names) {
  std::vector<std::string> out;
  for (Kind kind : kinds) out.push_back(enum_name(kind, names));
  return join(out);
}

std::string models_named(const std::vector<ModelKind>& models) {
  const bool neural = models.size() + 1 == kModelKindNames.size() && !contains(models, ModelKind::kNgram);
  if (neural) return "the neural models (" + names_of(models, kModelKindNames) + ")";
  return "the " + names_of(models, kModelKindNames) + " model" + (models.size() > 1 ? "s" : "");
}

// The key an option goes by, its own or one of its aliases for this model.
const OptionSpec* resolve(const std::string& key, OptionGroup group, ModelKind model) {
  for (const OptionSpec& spec : option_table()) {
    if (spec.group != group) continue;
    if (spec.key == key) return &spec;
    for (const OptionAlias& alias : spec.aliases) {
      if (alias.name == key && contains(alias.models, model)) return &spec;
    }
  }
  return nullptr;
}

[[noreturn]] void unknown_option(const std::string& key, OptionGroup group) {
  std::vector<std::string> keys;
  for (const OptionSpec& spec : option_table()) {
    if (spec.group == group) keys.push_back(spec.key);
  }
  throw invalid_input("unknown " + std::string(enum_name(group, kOptionGroupNames)) + " option '" + key +
                      "'; the options are " + join(keys));
}

// An option given for a model or tokenizer it does not apply to must keep its
// default: a value given there would have no effect, which is a mistake.
void check_applies(const OptionSpec& spec, const TrainOptions& options) {
  if (spec.applies_to(options.model, options.tokenizer)) return;
  const OptionValue value = spec.get_train(options);
  const OptionValue fallback = spec.default_for(options.model);
  if (value.number == fallback.number && value.text == fallback.text) return;
  std::string message = spec.key + " is for ";
  if (!contains(spec.models, options.model)) {
    message += models_named(spec.models) + " only, not for " + to_string(options.model);
  } else {
    message += "the " + names_of(spec.tokenizers, kTokenizerKindNames) + " tokenizer" +
               (spec.tokenizers.size() > 1 ? "s" : "") + " only, not for " + to_string(options.tokenizer);
  }
  throw invalid_input(message + "; leave it out");
}

}  // namespace

std::string format_option_value(const OptionSpec& spec, const OptionValue& value) {
  switch (spec.type) {
    case OptionType::kBoolean: return value.number != 0 ? "true" : "false";
    case OptionType::kChoice: {
      const auto index = static_cast<std::size_t>(value.number);
      return index < spec.choices.size() ? spec.choices[index] : "?";
    }
    case OptionType::kText: return value.text;
    case OptionType::kInteger:
    case OptionType::kNumber: return format_number(value.number);
  }
  return "?";
}

std::string describe_allowed(const OptionSpec& spec) {
  switch (spec.type) {
    case OptionType::kBoolean: return "true or false";
    case OptionType::kChoice: return "one of " + join(spec.choices);
    case OptionType::kText: return "any text";
    case OptionType::kInteger:
    case OptionType::kNumber: {
      const std::string what = spec.type == OptionType::kInteger ? "a whole number " : "a number ";
      if (spec.above_min) return what + "above " + format_number(spec.min) + " and at most " + format_number(spec.max);
      return what + "from " + format_number(spec.min) + " to " + format_number(spec.max);
    }
  }
  return "?";
}

void check_option_value(const OptionSpec& spec, const OptionValue& value) {
  if (spec.type != OptionType::kInteger && spec.type != OptionType::kNumber && spec.type != OptionType::kChoice) return;
  const double v = value.number;
  const bool whole = spec.type != OptionType::kNumber;
  const bool inside = std::isfinite(v) && (spec.above_min ? v > spec.min : v >= spec.min) && v <= spec.max &&
                      (!whole || v == std::floor(v));
  if (!inside) {
    throw invalid_input(spec.key + " must be " + describe_allowed(spec) + " (" + spec.label + ", got " +
                        (spec.type == OptionType::kChoice ? "a value outside its choices" : format_number(v)) + ")");
  }
}

OptionValue parse_option_value(const OptionSpec& spec, const std::string& text) {
  OptionValue value;
  const auto refuse = [&] {
    if (spec.type == OptionType::kChoice) {
      const std::string noun = spec.label.rfind("the ", 0) == 0 ? spec.label.substr(4) : spec.label;
      throw invalid_input("unknown " + noun + " '" + text + "': " + spec.key + " must be " + describe_allowed(spec));
    }
    throw invalid_input(spec.key + " must be " + describe_allowed(spec) + " (" + spec.label + ", got '" + text + "')");
  };
  switch (spec.type) {
    case OptionType::kText: value.text = text; return value;
    case OptionType::kBoolean:
      if (text == "true" || text == "1") value.number = 1;
      else if (text != "false" && text != "0") refuse();
      return value;
    case OptionType::kChoice: {
      const auto found = std::find(spec.choices.begin(), spec.choices.end(), text);
      if (found == spec.choices.end()) refuse();
      value.number = static_cast<double>(found - spec.choices.begin());
      return value;
    }
    case OptionType::kInteger:
    case OptionType::kNumber: {
      const char* begin = text.c_str();
      char* end = nullptr;
      value.number = std::strtod(begin, &end);
      if (text.empty() || end != begin + text.size() || std::isspace(static_cast<unsigned char>(text[0]))) refuse();
      check_option_value(spec, value);
      return value;
    }
  }
  return value;
}

TrainOptions train_options_from(const std::vector<OptionSetting>& settings) {
  // The model first: it decides the defaults and what some aliases mean.
  ModelKind model = ModelKind::kNgram;
  for (const OptionSetting& s : settings) {
    if (s.key == "model") model = static_cast<ModelKind>(parse_option_value(*find_option("model"), s.value).number);
  }
  TrainOptions options = default_train_options(model);
  std::vector<const OptionSpec*> given;
  for (const OptionSetting& s : settings) {
    const OptionSpec* spec = resolve(s.key, OptionGroup::kTrain, model);
    if (spec == nullptr) unknown_option(s.key, OptionGroup::kTrain);
    spec->set_train(options, parse_option_value(*spec, s.value));
    given.push_back(spec);
  }
  for (const OptionSpec* spec : given) check_applies(*spec, options);
  validate(options);
  return options;
}

SampleOptions sample_options_from(const std::vector<OptionSetting>& settings) {
  SampleOptions options;
  for (const OptionSetting& s : settings) {
    const OptionSpec* spec = resolve(s.key, OptionGroup::kSample, ModelKind::kNgram);
    if (spec == nullptr) unknown_option(s.key, OptionGroup::kSample);
    spec->set_sample(options, parse_option_value(*spec, s.value));
  }
  validate(options);
  return options;
}

std::vector<OptionSetting> settings_of(const TrainOptions& options) {
  std::vector<OptionSetting> out;
  for (const OptionSpec& spec : option_table()) {
    if (spec.group == OptionGroup::kTrain && spec.applies_to(options.model, options.tokenizer)) {
      out.push_back({spec.key, format_option_value(spec, spec.get_train(options))});
    }
  }
  return out;
}

void validate(const TrainOptions& options) {
  for (const OptionSpec& spec : option_table()) {
    if (spec.group == OptionGroup::kTrain && spec.applies_to(options.model, options.tokenizer)) {
      check_option_value(spec, spec.get_train(options));
    }
  }
  if (options.model == ModelKind::kTransformer && options.embed % options.heads != 0) {
    throw invalid_input("embed (d_model, " + std::to_string(options.embed) + ") must be a multiple of the number of heads (" +
                        std::to_string(options.heads) + ")");
  }
}

void validate(const SampleOptions& options) {
  for (const OptionSpec& spec : option_table()) {
    if (spec.group == OptionGroup::kSample) check_option_value(spec, spec.get_sample(options));
  }
}

}  // namespace lmp
