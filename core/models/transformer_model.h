// A GPT-style decoder-only Transformer (Radford et al. 2019; nanoGPT's
// layout): token embedding plus position information, N pre-LayerNorm
// blocks of causal multi-head self-attention and a 4x GELU MLP, each added
// back to the residual stream, a final LayerNorm, and an output head tied to
// the token embedding.
//
// Positions: a learned table, or the fixed sinusoids of "Attention Is All You
// Need". The causal mask can be switched off for teaching: the model then
// sees the token it must predict, its training loss collapses and what it
// generates is noise.
//
// Sizes from NeuralConfig: embed is d_model, context the longest window
// (the position table's length), layers the blocks, heads divides d_model.
#pragma once
#include <vector>

#include "neural_model.h"

namespace lmp::nn {

class TransformerModel : public NeuralModel {
 public:
  explicit TransformerModel(const NeuralConfig& config);
  // inputs (T, B), T <= context.
  Var forward(Tape& tape, const std::vector<TokenId>& inputs, int time, int batch,
              RecurrentState* carry) const override;

 private:
  struct Block {
    int ln1_gain, ln1_bias;
    int qkv_weight, qkv_bias;    // (D, 3D): queries, keys, values of every head side by side
    int proj_weight, proj_bias;  // (D, D)
    int ln2_gain, ln2_bias;
    int fc_weight, fc_bias;      // (D, 4D)
    int out_weight, out_bias;    // (4D, D)
  };
  Var attention(Tape& tape, const Block& block, Var x, int time, int batch) const;

  int token_embedding_;   // (V, D), also the output head
  int positions_ = -1;    // (context, D) when learned
  std::vector<float> sinusoids_;  // (context, D) when fixed
  std::vector<Block> blocks_;
  int ln_f_gain_, ln_f_bias_;
};

}  // namespace lmp::nn
