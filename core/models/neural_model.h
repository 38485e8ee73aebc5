// Neural language models: the fixed-window MLP (Bengio et al. 2003), the
// recurrent family (Elman RNN, LSTM, GRU) and the Transformer. One struct per model keeps config
// and parameters; activations live on the tape of the step that made them.
//
// Every model reads time-major token ids, inputs (T, B) flattened as t*B + b,
// and returns logits (T*B, V) in the same row order, so one batcher, one loss
// and one evaluation serve them all.
#pragma once
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "base/enum_names.h"
#include "lm/language_model.h"
#include "nn/parameters.h"
#include "nn/tape.h"
#include "tokenize/tokenizer.h"

namespace lmp {
class ByteReader;
class ByteWriter;
}  // namespace lmp

namespace lmp::nn {

enum class Positions { kLearned, kSinusoidal };
inline constexpr std::array<const char*, 2> kPositionsNames = {"learned", "sinusoidal"};
inline const char* to_string(Positions positions) { return enum_name(positions, kPositionsNames); }

// Bounds that keep a configuration trainable in a browser tab (the option
// table's ranges); the memory limit is checked separately from actual sizes.
inline constexpr int kMaxContext = 1024;  // tokens a model reads: the MLP window, the Transformer's positions
inline constexpr int kMaxWidth = 4096;
inline constexpr int kMaxLayers = 8;
inline constexpr int kMaxHeads = 64;

// The network's shape, filled from the training options (app/option_table.cpp
// holds their defaults and says why).
struct NeuralConfig {
  ModelKind kind = ModelKind::kLstm;  // any but kNgram
  int vocab = 0;                      // from the tokenizer
  int context = 0;                    // mlp: tokens in the window; transformer: its window (positions)
  int embed = 0;                      // embedding width; transformer: d_model
  int hidden = 0;                     // hidden units per layer (not the transformer: its MLP is 4 d_model)
  int layers = 0;                     // recurrent layers or transformer blocks stacked
  float dropout = 0.0f;               // between layers and before the output
  // transformer only
  int heads = 0;                          // attention heads; d_model is a multiple of them
  Positions positions = Positions::kLearned;
  bool causal = true;                     // false lets every position see the whole window (a lesson)
};

// Throws invalid_input for values outside the bounds above.
void validate(const NeuralConfig& config);
inline bool is_recurrent(const NeuralConfig& config) { return lmp::is_recurrent(config.kind); }

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
