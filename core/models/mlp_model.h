// Fixed-window neural LM (Bengio et al. 2003; makemore's MLP): the embeddings
// of the previous `context` tokens, concatenated, one tanh hidden layer, and
// a softmax over the vocabulary. Positions before the start of the input are
// <bos>, as at the start of a line.
#pragma once
#include "models/neural_model.h"

namespace lmp::nn {

class MlpModel : public NeuralModel {
 public:
  explicit MlpModel(const NeuralConfig& config);
  Var forward(Tape& tape, const std::vector<TokenId>& inputs, int time, int batch,
              RecurrentState* carry) const override;

 private:
  int embedding_;  // (V, E)
  int w1_;         // (context*E, H)
  int b1_;         // (H)
  int w2_;         // (H, V)
  int b2_;         // (V)
};

}  // namespace lmp::nn
