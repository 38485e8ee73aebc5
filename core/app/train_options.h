// What the user asks for when training, as one plain struct (the CLI's flags,
// the page's controls and the JS API's options map onto it one to one), and
// the checks that turn it into each model's own configuration.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/neural_model.h"
#include "ngram/ngram_model.h"
#include "tokenize/tokenizer.h"
#include "train/neural_training.h"

namespace lmp {

struct TrainOptions {
  std::string model = "ngram";        // ngram | mlp | rnn | lstm | gru | transformer
  std::string tokenizer = "char";     // char | word | bpe | unigram
  int vocab_size = 0;                 // markers included; 0: the tokenizer's default
  bool lowercase = false;             // word tokenizer: fold case
  double subword_alpha = 0;           // unigram: > 0 samples a segmentation each time a line is drawn
  double val_fraction = 0.1;          // used when no separate validation text is given
  std::string val_split = "tail";     // "tail" for prose, "interleaved" for sorted lists
  std::uint32_t seed = 1;             // fixes initialization, batches and dropout (n-grams need none)
  int memory_limit_mb = 1024;         // half of what a wasm32 module can address

  // n-gram
  int order = 3;                      // trigram: the classic first n-gram that makes names look like names
  std::string smoothing = "kn";
  double k = 1.0;

  // neural models; defaults learn visibly within a minute on the names list
  std::string mode = "line";          // line: a sequence per line; stream: the text as one stream
  int context = 3;                    // mlp window
  int embed = 32;
  int hidden = 128;
  int layers = 1;
  double dropout = 0.0;
  int seq_len = 64;
  int batch = 32;
  int steps = 2000;
  double time_budget_s = 0;           // 0: no limit
  double lr = 3e-3;                   // Adam's usual good start for small character models
  std::string optimizer = "adamw";
  double weight_decay = 0.01;
  int warmup = 100;
  double clip = 1.0;
  int accumulate = 1;
  int eval_every = 200;

  // transformer: embed is d_model and seq_len the window (its positions)
  int heads = 4;
  std::string positions = "learned";  // learned | sinusoidal
  bool causal = true;
};

bool is_neural(const TrainOptions& options);
TokenizerOptions tokenizer_options(const TrainOptions& options);

// Each throws invalid_input naming the option at fault.
std::size_t memory_limit_bytes(const TrainOptions& options);
// A text above a quarter of the memory limit cannot leave room for the model.
std::size_t max_text_bytes(const TrainOptions& options);
NgramConfig ngram_config(const TrainOptions& options);
nn::NeuralConfig neural_config(const TrainOptions& options, int vocab);
nn::NeuralTrainConfig neural_train_config(const TrainOptions& options);
// All of the above that apply to options.model, before any text is read.
void validate(const TrainOptions& options);

}  // namespace lmp
