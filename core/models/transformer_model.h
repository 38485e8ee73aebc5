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
//
// Generation uses a KV cache: each block keeps the keys and values of the
// tokens fed so far, so a new token costs one row of attention against them
// instead of a pass over the whole context.
#pragma once
#include <functional>
#include <vector>

#include "models/neural_model.h"

namespace lmp::nn {

// Keys and values of the tokens fed so far, per block: (length, D) each, grown
// a row per token up to the model's context.
struct KvCache {
  int length = 0;
  std::vector<std::vector<float>> keys, values;
  // Forgets every token after the first `kept`, as if only those had been fed
  // (to time the same position again without feeding the prompt again).
  void truncate(int kept);
};

class TransformerModel : public NeuralModel {
 public:
  explicit TransformerModel(const NeuralConfig& config);
  // inputs (T, B), T <= context.
  Var forward(Tape& tape, const std::vector<TokenId>& inputs, int time, int batch,
              RecurrentState* carry) const override;
  // Feeds one token at position cache.length (< context), records its keys
  // and values in the cache and returns the logits (1, V) of what follows it.
  // The same numbers as forward() over everything fed (checked by the tests).
  Var forward_cached(Tape& tape, TokenId token, KvCache& cache) const;
  // The attention weights of every block and head over one window of
  // T <= context tokens: (layers, heads, T, T), query rows by key columns
  // (cells the causal mask hides are 0).
  std::vector<float> attention_weights(const std::vector<TokenId>& window) const;

 private:
  struct Block {
    int ln1_gain, ln1_bias;
    int qkv_weight, qkv_bias;    // (D, 3D): queries, keys, values of every head side by side
    int proj_weight, proj_bias;  // (D, D)
    int ln2_gain, ln2_bias;
    int fc_weight, fc_bias;      // (D, 4D)
    int out_weight, out_bias;    // (4D, D)
  };
  // The heads' output (N, D) for qkv (N, 3D) of block `layer`, before the projection.
  using Attend = std::function<Var(int layer, Var qkv)>;
  // Rows x (N, D) of embedded tokens through every block and the tied head -> logits (N, V).
  Var blocks_and_head(Tape& tape, Var x, const Attend& attend) const;
  Var embed(Tape& tape, const std::vector<std::int32_t>& ids, Shape shape, int first_position, int positions) const;
  // Causal (or not) attention within each of `batch` rows of `time` tokens.
  // With `weights`, the softmax output is appended there too.
  Var attend_in_window(Tape& tape, Var qkv, int time, int batch, std::vector<float>* weights = nullptr) const;
  Var weighted_values(Tape& tape, Var q, Var k, Var v, std::vector<float>* weights_out) const;

  int token_embedding_;   // (V, D), also the output head
  int positions_ = -1;    // (context, D) when learned
  std::vector<float> sinusoids_;  // (context, D) when fixed
  std::vector<Block> blocks_;
  int ln_f_gain_, ln_f_bias_;
};

}  // namespace lmp::nn
