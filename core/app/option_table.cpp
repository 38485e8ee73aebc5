// The option table (option_table.h): its rows, the defaults they give
// TrainOptions and SampleOptions, and the table as the JS API hands it out.
// Reading and writing values through it is option_values.cpp.
#include "app/option_table.h"

#include <algorithm>
#include <limits>
#include <type_traits>

#include "base/error.h"
#include "generate/text_generation.h"

namespace lmp {

namespace {

constexpr double kMaxSeed = 4294967295.0;  // seeds are 32-bit
constexpr int kMinMemoryLimitMb = 16;
constexpr int kMaxMemoryLimitMb = 2048;    // all a wasm32 module may grow to
constexpr int kMaxVocabSize = 1'000'000;
constexpr double kMaxSubwordAlpha = 10;    // p^10 is already as sharp as Viterbi
constexpr double kMaxValFraction = 0.9;    // at least a tenth of the text to learn from
constexpr double kMaxWeightDecay = 10;
constexpr double kMaxClip = 1000;

const std::vector<ModelKind> kNgram = {ModelKind::kNgram};
const std::vector<ModelKind> kNeural = {ModelKind::kMlp, ModelKind::kRnn, ModelKind::kLstm, ModelKind::kGru,
                                        ModelKind::kTransformer};
const std::vector<ModelKind> kWindowed = {ModelKind::kMlp, ModelKind::kTransformer};
const std::vector<ModelKind> kNotTransformer = {ModelKind::kMlp, ModelKind::kRnn, ModelKind::kLstm, ModelKind::kGru};
const std::vector<ModelKind> kStacked = {ModelKind::kRnn, ModelKind::kLstm, ModelKind::kGru, ModelKind::kTransformer};
const std::vector<ModelKind> kTransformer = {ModelKind::kTransformer};

template <typename T>
std::vector<std::string> names(const T& array) {
  return {array.begin(), array.end()};
}

// A row of the table, built from the field it describes: the type follows
// the field's type, and the accessors are written once here.
class Option {
 public:
  template <typename Options, typename T>
  Option(std::string key, T Options::*field) {
    spec_.key = std::move(key);
    static_assert(!std::is_enum_v<T>, "a choice names its values: use the constructor with names");
    if constexpr (std::is_same_v<T, bool>) {
      spec_.type = OptionType::kBoolean;
    } else if constexpr (std::is_same_v<T, std::string>) {
      spec_.type = OptionType::kText;
    } else {
      spec_.type = std::is_integral_v<T> ? OptionType::kInteger : OptionType::kNumber;
    }
    bind(field);
  }

  template <typename Options, typename E, std::size_t N>
  Option(std::string key, E Options::*field, const std::array<const char*, N>& choices) {
    spec_.key = std::move(key);
    spec_.type = OptionType::kChoice;
    spec_.choices = names(choices);
    spec_.max = N - 1;
    bind(field);
  }

  Option& fallback(double value) {
    spec_.fallback.number = value;
    return *this;
  }
  template <typename E, typename = std::enable_if_t<std::is_enum_v<E>>>
  Option& fallback(E value) {
    return fallback(static_cast<double>(value));
  }
  Option& fallback_text(std::string text) {
    spec_.fallback.text = std::move(text);
    return *this;
  }
  Option& model_default(ModelKind model, double value) {
    spec_.model_defaults.push_back({model, value});
    return *this;
  }
  Option& range(double min, double max, double step = 1) {
    spec_.min = min;
    spec_.max = max;
    spec_.step = step;
    return *this;
  }
  Option& above(double min, double max, double step) {
    range(min, max, step);
    spec_.above_min = true;
    return *this;
  }
  Option& models(std::vector<ModelKind> models) {
    spec_.models = std::move(models);
    return *this;
  }
  Option& tokenizers(std::vector<TokenizerKind> tokenizers) {
    spec_.tokenizers = std::move(tokenizers);
    return *this;
  }
  Option& alias(std::string name, std::vector<ModelKind> models = {}) {
    spec_.aliases.push_back({std::move(name), std::move(models)});
    return *this;
  }
  Option& label(std::string text) {
    spec_.label = std::move(text);
    return *this;
  }
  Option& help(std::string text) {
    spec_.help = std::move(text);
    return *this;
  }
  operator OptionSpec() const { return spec_; }

 private:
  template <typename Options, typename T>
  void bind(T Options::*field) {
    constexpr bool kTrain = std::is_same_v<Options, TrainOptions>;
    static_assert(kTrain || std::is_same_v<Options, SampleOptions>);
    spec_.group = kTrain ? OptionGroup::kTrain : OptionGroup::kSample;
    auto get = [field](const Options& o) {
      OptionValue v;
      if constexpr (std::is_same_v<T, std::string>) {
        v.text = o.*field;
      } else {
        v.number = static_cast<double>(o.*field);
      }
      return v;
    };
    auto set = [field](Options& o, const OptionValue& v) {
      if constexpr (std::is_same_v<T, std::string>) {
        o.*field = v.text;
      } else if constexpr (std::is_same_v<T, bool>) {
        o.*field = v.number != 0;
      } else if constexpr (std::is_enum_v<T>) {
        o.*field = static_cast<T>(static_cast<int>(v.number));
      } else {
        o.*field = static_cast<T>(v.number);
      }
    };
    if constexpr (kTrain) {
      spec_.get_train = get;
      spec_.set_train = set;
    } else {
      spec_.get_sample = get;
      spec_.set_sample = set;
    }
  }

  OptionSpec spec_;
};

std::vector<OptionSpec> build_table() {
  using T = TrainOptions;
  using S = SampleOptions;
  using nn::kMaxAccumulate, nn::kMaxBatch, nn::kMaxSeqLen, nn::kMaxSteps, nn::kMaxTimeBudgetS;
  return {
      // ---- what to train, on what ----------------------------------------------
      Option("model", &T::model, kModelKindNames)
          .label("the model")
          .fallback(ModelKind::kNgram)
          .help("The kind of model: ngram counts which token follows each context; mlp reads a fixed window "
                "through a small network; rnn, lstm and gru carry a memory along the line; transformer attends to "
                "every earlier token of its window. ngram is the default: it trains in an instant and is the "
                "baseline the others must beat."),
      Option("tokenizer", &T::tokenizer, kTokenizerKindNames)
          .label("the tokenizer")
          .fallback(TokenizerKind::kChar)
          .help("How text becomes tokens: char (one per Unicode character), word, or the subword pieces of bpe "
                "and unigram. char is the default: any text works and no token is ever unknown."),
      Option("vocabSize", &T::vocab_size)
          .label("the vocabulary size")
          .fallback(0)
          .range(0, kMaxVocabSize)
          .tokenizers({TokenizerKind::kWord, TokenizerKind::kBpe, TokenizerKind::kUnigram})
          .help("Tokens in the vocabulary, its three markers included; 0 takes the tokenizer's default "
                "(10,000 words, 512 BPE or unigram pieces), sizes that learn well from a novel."),
      Option("lowercase", &T::lowercase)
          .label("lowercasing")
          .fallback(false)
          .tokenizers({TokenizerKind::kWord})
          .help("Fold case before counting words, so 'The' and 'the' share an entry. Off by default: case "
                "carries information (names, the start of a sentence)."),
      Option("subwordAlpha", &T::subword_alpha)
          .label("the subword sampling alpha")
          .fallback(0)
          .range(0, kMaxSubwordAlpha, 0.05)
          .models(kNeural)
          .tokenizers({TokenizerKind::kUnigram})
          .help("Subword regularization: above 0, each reading of a line draws a new unigram segmentation with "
                "probability proportional to p^alpha (smaller: more varied). 0, the default, always reads the "
                "most probable one, which suits short runs best."),
      Option("valFraction", &T::val_fraction)
          .label("the validation fraction")
          .fallback(0.1)
          .range(0, kMaxValFraction, 0.05)
          .help("Share of the lines held out to measure the model on text it has not seen (unless a validation "
                "text is given). 0.1 keeps 90% for training and still gives a steady perplexity."),
      Option("valSplit", &T::val_split, kValSplitNames)
          .label("the validation split")
          .fallback(ValSplit::kTail)
          .help("Which lines are held out: tail, the last ones (right for prose: no neighbouring line leaks "
                "into training), or interleaved, every k-th line (right for a sorted list such as names)."),
      Option("seed", &T::seed)
          .label("the seed")
          .fallback(1)
          .range(0, kMaxSeed)
          .help("Fixes the initial weights, the order of batches and dropout: the same seed trains the same "
                "model. An n-gram model needs none."),
      Option("memoryLimitMb", &T::memory_limit_mb)
          .label("the memory limit in MB")
          .fallback(1024)
          .range(kMinMemoryLimitMb, kMaxMemoryLimitMb)
          .help("The most memory (MB) training may use; a text or a model that would need more is refused "
                "before it starts. 1024 is half of what a 32-bit WebAssembly module can address."),

      // ---- n-gram ---------------------------------------------------------------
      Option("order", &T::order)
          .label("the n-gram order")
          .fallback(3)
          .range(1, NgramModel::kMaxOrder)
          .models(kNgram)
          .help("Tokens per n-gram; the model predicts each token from the order - 1 before it. 3, a trigram, "
                "is the classic first model that makes names look like names."),
      Option("smoothing", &T::smoothing, kSmoothingNames)
          .label("the smoothing")
          .fallback(Smoothing::kKneserNey)
          .models(kNgram)
          .help("What an n-gram never seen in training gets: none (maximum likelihood: probability 0, and an "
                "infinite perplexity), addk (k added to every count), or kn, interpolated modified Kneser-Ney, "
                "the best of the three and the default."),
      Option("k", &T::k)
          .label("add-k's pseudo-count")
          .fallback(1)
          .above(0, kMaxAddK, 0.01)
          .models(kNgram)
          .help("The pseudo-count add-k smoothing adds to every count (with smoothing addk): 1 is Laplace's "
                "rule; a small k trusts the data more."),

      // ---- neural networks ------------------------------------------------------
      Option("mode", &T::mode, nn::kTrainModeNames)
          .label("the reading mode")
          .fallback(nn::TrainMode::kLine)
          .models(kNeural)
          .help("line: each non-empty line is one sequence read from its start (right for lists and verse); "
                "stream: the text as one stream cut into windows, the state carried across them (prose)."),
      Option("context", &T::context)
          .label("the context in tokens")
          .fallback(3)
          .model_default(ModelKind::kTransformer, 64)
          .range(1, nn::kMaxContext)
          .models(kWindowed)
          .alias("seqLen", kTransformer)
          .help("Tokens the model reads to predict the next one: the MLP's fixed window (3, as in makemore) "
                "or the Transformer's window, which is also its number of positions and the length of the "
                "windows it trains on (64)."),
      Option("embed", &T::embed)
          .label("the embedding width, d_model")
          .fallback(32)
          .range(1, nn::kMaxWidth)
          .models(kNeural)
          .alias("dModel", kTransformer)
          .help("Width of a token's embedding; for the Transformer it is d_model, the width of every layer. "
                "32 is ample for a vocabulary of characters."),
      Option("hidden", &T::hidden)
          .label("the hidden size")
          .fallback(128)
          .range(1, nn::kMaxWidth)
          .models(kNotTransformer)
          .help("Hidden units per layer (a Transformer block's MLP is 4 x d_model instead). 128 learns visibly "
                "within a minute on the names list."),
      Option("layers", &T::layers)
          .label("the number of layers")
          .fallback(1)
          .range(1, nn::kMaxLayers)
          .models(kStacked)
          .help("Recurrent layers or Transformer blocks stacked on each other. One learns fastest on a small "
                "text."),
      Option("dropout", &T::dropout)
          .label("the dropout rate")
          .fallback(0)
          .range(0, 0.9, 0.05)
          .models(kNeural)
          .help("Share of activations zeroed at random while training, against overfitting. 0: small models "
                "on small texts underfit rather than overfit."),
      Option("seqLen", &T::seq_len)
          .label("the training window in tokens")
          .fallback(64)
          .range(1, kMaxSeqLen)
          .models(kNotTransformer)
          .help("Tokens per training window for the MLP and the recurrent networks: how far back gradients flow "
                "in a recurrent one (truncated back-propagation). 64 covers most lines of a list."),
      Option("batch", &T::batch)
          .label("the batch size")
          .fallback(32)
          .range(1, kMaxBatch)
          .models(kNeural)
          .help("Windows per training step. 32 gives gradients steady enough for Adam at a small cost per step."),
      Option("steps", &T::steps)
          .label("the number of steps")
          .fallback(2000)
          .range(1, kMaxSteps)
          .models(kNeural)
          .help("Optimizer steps to train. 2,000 takes about a minute for the default sizes in a browser tab."),
      Option("timeBudget", &T::time_budget_s)
          .label("the time budget in seconds")
          .fallback(0)
          .range(0, kMaxTimeBudgetS, 1)
          .models(kNeural)
          .alias("timeBudgetS")
          .help("Stop after this many seconds of training, whatever the steps; 0, the default, sets no limit. "
                "The learning rate decays over whichever of steps and time runs out first."),
      Option("lr", &T::lr)
          .label("the learning rate")
          .fallback(3e-3)
          .above(0, nn::kMaxLearningRate, 0.0001)
          .models(kNeural)
          .help("The peak learning rate. 0.003 suits the small models trained here (a few layers, width up to "
                "256); large models want 0.0001 to 0.0006."),
      Option("optimizer", &T::optimizer, nn::kOptimizerKindNames)
          .label("the optimizer")
          .fallback(nn::OptimizerKind::kAdamW)
          .models(kNeural)
          .help("The update rule: sgd (with momentum 0.9), adam or adamw. AdamW is the usual choice for "
                "Transformers: its weight decay does not fight the per-weight step size as L2 does in Adam."),
      Option("weightDecay", &T::weight_decay)
          .label("the weight decay")
          .fallback(0.01)
          .range(0, kMaxWeightDecay, 0.001)
          .models(kNeural)
          .help("Pulls the weight matrices toward 0 at each step (decoupled from the gradient in adamw). 0.01 "
                "is PyTorch's AdamW default: small models overfit less with it, and it is too weak to hurt."),
      Option("warmup", &T::warmup)
          .label("the warm-up in steps")
          .fallback(100)
          .range(0, kMaxSteps)
          .models(kNeural)
          .help("Steps over which the learning rate rises to its peak (never more than the steps). Adam's "
                "first steps are large; ramping up avoids an early blow-up."),
      Option("clip", &T::clip)
          .label("the gradient clipping norm")
          .fallback(1)
          .range(0, kMaxClip, 0.1)
          .models(kNeural)
          .help("Scale the gradient down when its global norm exceeds this; 0 turns clipping off. 1 is the "
                "common Transformer value: it only bites on the rare spike."),
      Option("accumulate", &T::accumulate)
          .label("the micro-batches per step")
          .fallback(1)
          .range(1, kMaxAccumulate)
          .models(kNeural)
          .help("Micro-batches whose gradients are summed before each optimizer step: a larger effective batch "
                "in the same memory. 1: none."),
      Option("evalEvery", &T::eval_every)
          .label("the steps between evaluations")
          .fallback(200)
          .range(0, kMaxSteps)
          .models(kNeural)
          .help("Steps between evaluations on the held-out text (the validation curve); 0 evaluates only at "
                "the end."),

      // ---- the Transformer ------------------------------------------------------
      Option("heads", &T::heads)
          .label("the number of heads")
          .fallback(4)
          .range(1, nn::kMaxHeads)
          .models(kTransformer)
          .help("Attention heads per block; d_model must be a multiple of them. 4 heads of 8 dimensions at "
                "d_model 32."),
      Option("positions", &T::positions, nn::kPositionsNames)
          .label("the position encoding")
          .fallback(nn::Positions::kLearned)
          .models(kTransformer)
          .alias("pos")
          .help("How the Transformer knows where a token stands: learned (a trained vector per position, as "
                "GPT-2) or sinusoidal (fixed waves, as the original Transformer)."),
      Option("causal", &T::causal)
          .label("the causal mask")
          .fallback(true)
          .models(kTransformer)
          .alias("causalMask")
          .help("Hide from each token the tokens after it. Turned off, the model reads the answer while it "
                "trains: the loss falls almost to zero and the samples turn to nothing."),

      // ---- sampling -------------------------------------------------------------
      Option("temperature", &S::temperature)
          .label("the temperature")
          .fallback(1)
          .range(0, kMaxTemperature, 0.05)
          .help("Divides the log-probabilities before sampling: below 1 sharpens toward the likeliest tokens, "
                "above 1 flattens; 0 is greedy. 1 samples the model's own distribution."),
      Option("topK", &S::top_k)
          .label("top-k")
          .fallback(0)
          .range(0, kMaxVocabSize)
          .help("Keep only the k most probable tokens, then renormalize; 0, the default, keeps them all."),
      Option("topP", &S::top_p)
          .label("top-p")
          .fallback(1)
          .above(0, 1, 0.01)
          .help("Nucleus sampling: keep the fewest most probable tokens whose probabilities add up to p; 1, the "
                "default, keeps them all."),
      Option("greedy", &S::greedy)
          .label("greedy decoding")
          .fallback(false)
          .help("Always take the most probable token: the same text every time, and often a loop."),
      Option("maxTokens", &S::max_tokens)
          .label("the sample length in tokens")
          .fallback(100)
          .range(1, kMaxSampleTokens)
          .help("Tokens generated at most per sample; a sample also ends where the model ends its line."),
      Option("count", &S::count)
          .label("the number of samples")
          .fallback(1)
          .range(1, kMaxSampleCount)
          .help("How many samples to draw."),
      Option("sampleSeed", &S::seed)
          .label("the sampling seed")
          .fallback(1)
          .range(0, kMaxSeed)
          .alias("seed")
          .help("Fixes the random draws: the same seed and settings give the same samples."),
      Option("prompt", &S::prompt)
          .label("the prompt")
          .fallback_text("")
          .help("Text the samples continue (from the start of its last line); empty starts a new line."),
  };
}

bool contains(const std::vector<ModelKind>& models, ModelKind model) {
  return models.empty() || std::find(models.begin(), models.end(), model) != models.end();
}

}  // namespace

bool OptionSpec::applies_to(ModelKind model, TokenizerKind tokenizer) const {
  return contains(models, model) &&
         (tokenizers.empty() || std::find(tokenizers.begin(), tokenizers.end(), tokenizer) != tokenizers.end());
}

OptionValue OptionSpec::default_for(ModelKind model) const {
  OptionValue value = fallback;
  for (const auto& [kind, number] : model_defaults) {
    if (kind == model) value.number = number;
  }
  return value;
}

const std::vector<OptionSpec>& option_table() {
  static const std::vector<OptionSpec> table = build_table();
  return table;
}

const OptionSpec* find_option(const std::string& key) {
  for (const OptionSpec& spec : option_table()) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

// ---- TrainOptions and SampleOptions: defaults and validation from the table ----

TrainOptions::TrainOptions() {
  for (const OptionSpec& spec : option_table()) {
    if (spec.group == OptionGroup::kTrain) spec.set_train(*this, spec.fallback);
  }
}

TrainOptions default_train_options(ModelKind model) {
  TrainOptions options;
  for (const OptionSpec& spec : option_table()) {
    if (spec.group == OptionGroup::kTrain) spec.set_train(options, spec.default_for(model));
  }
  options.model = model;
  return options;
}

SampleOptions::SampleOptions() {
  for (const OptionSpec& spec : option_table()) {
    if (spec.group == OptionGroup::kSample) spec.set_sample(*this, spec.fallback);
  }
}

// ---- the table for the JS API -------------------------------------------------

std::vector<OptionInfo> option_infos() {
  std::vector<OptionInfo> out;
  for (const OptionSpec& spec : option_table()) {
    OptionInfo info;
    info.key = spec.key;
    info.group = enum_name(spec.group, kOptionGroupNames);
    info.type = enum_name(spec.type, kOptionTypeNames);
    info.default_value = format_option_value(spec, spec.fallback);
    for (const auto& [model, number] : spec.model_defaults) {
      OptionValue value;
      value.number = number;
      info.model_defaults.push_back({to_string(model), format_option_value(spec, value)});
    }
    info.min = spec.min;
    info.max = spec.max;
    info.above_min = spec.above_min;
    info.step = spec.step;
    info.choices = spec.choices;
    for (std::size_t m = 0; m < kModelKindNames.size(); ++m) {
      if (contains(spec.models, static_cast<ModelKind>(m))) info.models.push_back(kModelKindNames[m]);
    }
    for (std::size_t t = 0; t < kTokenizerKindNames.size(); ++t) {
      const auto kind = static_cast<TokenizerKind>(t);
      if (spec.tokenizers.empty() || std::find(spec.tokenizers.begin(), spec.tokenizers.end(), kind) != spec.tokenizers.end()) {
        info.tokenizers.push_back(kTokenizerKindNames[t]);
      }
    }
    for (const OptionAlias& alias : spec.aliases) {
      OptionAliasInfo a{alias.name, {}};
      for (ModelKind model : alias.models) a.models.push_back(to_string(model));
      info.aliases.push_back(a);
    }
    info.allowed = describe_allowed(spec);
    info.label = spec.label;
    info.help = spec.help;
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace lmp
