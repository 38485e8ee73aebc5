// The differentiable ops. Each takes the tape first and returns a new node
// (ggml's convention); each has its forward and backward side by side in the
// file named after its family. Shape rules are given above each declaration.
//
// Broadcasting, deliberately narrow: the second operand of add/sub/mul either
// has the same shape as the first, or equals its trailing dimensions (a bias
// or a gain repeated over rows). Those are all the cases the models need.
#pragma once
#include <cstdint>
#include <vector>

#include "nn/tape.h"

namespace lmp::nn {

// ---- ops_linear.cpp ----------------------------------------------------------
// x (..., K) · w (K, M) -> (..., M); the leading dimensions of x are rows.
Var matmul(Tape& tape, Var x, Var w);
// a (B, N, K) · b (B, K, M) -> (B, N, M); with transpose_b, b is (B, M, K).
Var batched_matmul(Tape& tape, Var a, Var b, bool transpose_b = false);

// ---- ops_elementwise.cpp -----------------------------------------------------
// a (S) op b (S or a suffix of S) -> (S)
Var add(Tape& tape, Var a, Var b);
Var sub(Tape& tape, Var a, Var b);
Var mul(Tape& tape, Var a, Var b);
// a (S) * factor -> (S)
Var scale(Tape& tape, Var a, float factor);

// ---- ops_activation.cpp ------------------------------------------------------
// (S) -> (S)
Var tanh(Tape& tape, Var x);
Var sigmoid(Tape& tape, Var x);
Var relu(Tape& tape, Var x);
// GPT-2's tanh approximation: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
Var gelu(Tape& tape, Var x);

// ---- ops_recurrent.cpp ------------------------------------------------------
// One step of a gated cell, fused. The gate pre-activations come in two parts
// of equal shape, the input projection and the recurrent product h·U, summed
// inside; H is the state's width.
struct LstmState {
  Var h;
  Var c;
};
// x_part, h_part (B, 4H), gates in the order i, f, g, o; c (B, H) ->
//   c' = σ(f) c + σ(i) tanh(g),  h' = σ(o) tanh(c')   (both (B, H))
LstmState lstm_cell(Tape& tape, Var x_part, Var h_part, Var c);
// x_part, h_part (B, 3H), gates r, z, n; b_hn (H), the bias of h_n inside the reset; h (B, H) ->
//   r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r (h_n + b_hn)),  h' = n + z (h - n)
Var gru_cell(Tape& tape, Var x_part, Var h_part, Var b_hn, Var h);

// ---- ops_softmax.cpp ---------------------------------------------------------
// Along the last dimension, computed stably (max subtracted). (S) -> (S)
Var softmax(Tape& tape, Var x);
Var log_softmax(Tape& tape, Var x);
// logits (N, V), targets (N) token ids, -1 to ignore (padding) -> scalar:
// mean over the targets not ignored of -log softmax(logits)[target].
// Fused: the backward is (softmax - onehot) / count, never forming log-probs twice.
Var cross_entropy(Tape& tape, Var logits, const std::vector<std::int32_t>& targets);

// ---- ops_shape.cpp -----------------------------------------------------------
// table (V, C), ids (shape S, values in [0, V)) -> (S..., C). The gradient is
// sparse: only the rows that were looked up receive it.
Var embedding(Tape& tape, Var table, const std::vector<std::int32_t>& ids, Shape ids_shape);
// Along the last dimension: parts (..., C_i) -> (..., sum C_i).
Var concat(Tape& tape, const std::vector<Var>& parts);
// Along the last dimension: x (..., C) -> (..., end - begin).
Var slice(Tape& tape, Var x, int begin, int end);
// Same data, new shape (a view: no copy). (S) -> (S') with equal size.
Var reshape(Tape& tape, Var x, Shape shape);
// Swaps the last two dimensions: (..., N, M) -> (..., M, N), materialized.
Var transpose(Tape& tape, Var x);

// ---- ops_rows.cpp ------------------------------------------------------------
// On the leading (row) dimension, for the recurrent models' time steps: B
// rows of one step are contiguous in a time-major (T*B, C) tensor, so each is
// one copy, and the backward adds the gradient back.
// x (R, C...) -> rows [first, first + count): (count, C...)
Var take_rows(Tape& tape, Var x, int first, int count);
// parts (R_i, C) with equal C -> (sum R_i, C)
Var stack_rows(Tape& tape, const std::vector<Var>& parts);

// ---- ops_attention.cpp -------------------------------------------------------
// x viewed as (outer, a, b, inner) -> (outer, b, a, inner): the second and
// third axes swapped, materialized. Splits heads, (B, T, H, d) -> (B, H, T, d),
// merges them back with a and b exchanged, and turns time-major rows
// (T, B, C) into batch-major ones (outer = 1).
Var swap_axes(Tape& tape, Var x, int outer, int a, int b, int inner);
// scores (..., T, T), query rows by key columns -> the same with every key
// after its query (column j > row i) set to -inf, so softmax gives it 0.
Var causal_mask(Tape& tape, Var scores);
// q, k, v (N, T, d), N = batch x heads -> (N, T, d): softmax(q kᵀ / sqrt(d)) v
// per head, keys after each query skipped when causal. Fused: the T x T
// weights are never stored (the backward rebuilds them), so dropout on them
// and showing them need the composed ops instead.
Var attention(Tape& tape, Var q, Var k, Var v, bool causal);

// ---- ops_norm.cpp ------------------------------------------------------------
// x (..., C), gain (C), bias (C) -> (..., C): normalized over the last dimension.
Var layer_norm(Tape& tape, Var x, Var gain, Var bias, float epsilon = 1e-5f);
// Zeroes each element with probability p and scales the rest by 1 / (1 - p)
// while tape.training; the identity otherwise. (S) -> (S)
Var dropout(Tape& tape, Var x, float p);

// ---- ops_reduce.cpp ----------------------------------------------------------
// (S) -> scalar (shape {1})
Var sum(Tape& tape, Var x);
Var mean(Tape& tape, Var x);

}  // namespace lmp::nn
