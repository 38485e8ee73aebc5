// The recurrent family: Elman RNN (tanh), LSTM and GRU, one or more layers.
//
// Per layer, the input projection of all T steps is one matrix product
// x (T*B, in) · W (in, G*H); the loop over time then only adds h·U and
// applies the cell. G is the number of gate blocks: 1 (RNN), 4 (LSTM: input,
// forget, candidate, output), 3 (GRU: reset, update, candidate).
//
//   RNN   h' = tanh(xW + hU + b)
//   LSTM  i, f, g, o = σ, σ, tanh, σ of (xW + hU + b);  c' = f·c + i·g;  h' = o·tanh(c')
//   GRU   r, z = σ(xW_rz + hU_rz + b_rz);  n = tanh(xW_n + b_n + r·(hU_n + b_hn));  h' = n + z·(h - n)
#pragma once
#include "models/neural_model.h"

namespace lmp::nn {

class RecurrentModel : public NeuralModel {
 public:
  explicit RecurrentModel(const NeuralConfig& config);
  Var forward(Tape& tape, const std::vector<TokenId>& inputs, int time, int batch,
              RecurrentState* carry) const override;
  // LSTM: forget-gate bias 1, so the cell remembers by default early in training (Jozefowicz et al. 2015).
  void adjust_initialization() override;

 private:
  struct Layer {
    int w;     // (in, G*H)
    int u;     // (H, G*H)
    int b;     // (G*H)
    int b_hn;  // GRU only: (H), the candidate's recurrent bias, inside the reset gate
  };
  int gates() const;
  // One step of one layer: pre_x (B, G*H) is this step's share of xW + b.
  void cell(Tape& tape, const Layer& layer, Var pre_x, Var& h, Var& c) const;

  int embedding_;  // (V, E)
  std::vector<Layer> layers_;
  int w_out_;      // (H, V)
  int b_out_;      // (V)
};

}  // namespace lmp::nn
