// Neural language models: the fixed-window MLP (Bengio et al. 2003), the
// recurrent family (Elman RNN, LSTM, GRU) and the Transformer. One struct per model keeps config
// and parameters; activations live on the tape of the step that made them.
//
// Every model reads time-major token ids, inputs (T, B) flattened as t*B + b,
// and returns logits (T*B, V) in the same row order, so one batcher, one loss
// and one evaluation serve them all.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "nn/parameters.h"
#include "nn/tape.h"
#include "tokenize/tokenizer.h"

namespace lmp {
class ByteReader;
class ByteWriter;
}  // namespace lmp

namespace lmp::nn {

struct NeuralConfig {
  std::string kind = "lstm";  // mlp | rnn | lstm | gru | transformer
  int vocab = 0;              // from the tokenizer
  int context = 3;            // mlp: tokens in the window (makemore's MLP uses 3); transformer: positions
  int embed = 32;             // embedding width; small vocabularies need little; transformer: d_model
  int hidden = 128;           // hidden units per layer
  int layers = 1;             // recurrent layers stacked
  float dropout = 0.0f;       // between layers and before the output; 0 for small data
  // transformer only
  int heads = 4;                      // attention heads; d_model is a multiple of them
  std::string positions = "learned";  // learned | sinusoidal
  bool causal = true;                 // false lets every position see the whole window (a lesson)
};

// Throws invalid_input for values outside what a browser tab can train.
void validate(const NeuralConfig& config);
bool is_recurrent(const NeuralConfig& config);

// Hidden state of a recurrent model for B rows, carried across consecutive
// windows in stream mode (truncated back-propagation: values, no gradient).
struct RecurrentState {
  int batch = 0;
  std::vector<std::vector<float>> h;  // per layer (B, H)
  std::vector<std::vector<float>> c;  // per layer (B, H), LSTM only
};

class NeuralModel {
 public:
  virtual ~NeuralModel() = default;

  const NeuralConfig& config() const { return config_; }
  Parameters& parameters() { return params_; }
  const Parameters& parameters() const { return params_; }

  // inputs (T, B) -> logits (T*B, V). carry: recurrent state in, updated out
  // (null starts from zeros and keeps nothing). Ignored by the MLP.
  virtual Var forward(Tape& tape, const std::vector<TokenId>& inputs, int time, int batch,
                      RecurrentState* carry) const = 0;

  // Called once the parameters hold their random initial values.
  virtual void adjust_initialization() {}

 protected:
  explicit NeuralModel(const NeuralConfig& config) : config_(config) {}
  NeuralConfig config_;
  Parameters params_;
};

}  // namespace lmp::nn
