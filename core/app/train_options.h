// What the user asks for when training and when sampling: two plain structs,
// enums inside. Their fields are described once, in the option table
// (option_table.h: name, type, default, range, what each applies to, why),
// and every surface reads that table: the CLI's flags and help, the JS API's
// defaults, the page's controls, the model file. The constructors put every
// field at the table's default.
//
// One name, one meaning: `context` is the number of tokens a model reads to
// predict the next one (the MLP's window, the Transformer's window and
// positions; an n-gram's is its order - 1 and a recurrent network reads the
// whole line); `seqLen` is the length of the windows training cuts for the
// MLP and the recurrent networks (their truncated back-propagation length);
// the Transformer trains on windows of its context.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "generate/sampling.h"
#include "lm/language_model.h"
#include "models/neural_model.h"
#include "ngram/ngram_model.h"
#include "text/corpus.h"
#include "tokenize/tokenizer.h"
#include "train/neural_training.h"

namespace lmp {

struct TrainOptions {
  TrainOptions();  // the option table's defaults for the default model (defined in option_table.cpp)

  ModelKind model;
  TokenizerKind tokenizer;
  int vocab_size;              // markers included; 0: the tokenizer's default
  bool lowercase;              // word tokenizer: fold case
  double subword_alpha;        // unigram, neural: > 0 draws a segmentation each time a line is read
  double val_fraction;         // used when no separate validation text is given
  ValSplit val_split;
  std::uint32_t seed;          // initialization, batches, dropout
  int memory_limit_mb;

  // n-gram
  int order;
  Smoothing smoothing;
  double k;

  // neural
  nn::TrainMode mode;
  int context;                 // mlp and transformer: tokens the model reads
  int embed;                   // embedding width; the Transformer's d_model
  int hidden;
  int layers;
  double dropout;
  int seq_len;                 // mlp and recurrent: tokens per training window
  int batch;
  int steps;
  double time_budget_s;        // 0: no limit
  double lr;
  nn::OptimizerKind optimizer;
  double weight_decay;
  int warmup;
  double clip;
  int accumulate;
  int eval_every;

  // transformer
  int heads;
  nn::Positions positions;
  bool causal;
};

struct SampleOptions {
  SampleOptions();  // the option table's defaults (defined in option_table.cpp)

  double temperature;
  int top_k;
  double top_p;
  bool greedy;
  int max_tokens;
  int count;
  std::uint32_t seed;
  std::string prompt;

  SamplingConfig sampling() const { return {temperature, top_k, top_p, greedy}; }
};

// Each model's own configuration, from options that passed validate()
// (option_table.h).
TokenizerOptions tokenizer_options(const TrainOptions& options);
std::size_t memory_limit_bytes(const TrainOptions& options);
// A text above a quarter of the memory limit cannot leave room for the model.
std::size_t max_text_bytes(const TrainOptions& options);
NgramConfig ngram_config(const TrainOptions& options);
nn::NeuralConfig neural_config(const TrainOptions& options, int vocab);
nn::NeuralTrainConfig neural_train_config(const TrainOptions& options);

}  // namespace lmp
