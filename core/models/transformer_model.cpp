#include "models/transformer_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "base/error.h"
#include "kernels/dispatch.h"
#include "nn/ops.h"

namespace lmp::nn {

TransformerModel::TransformerModel(const NeuralConfig& c) : NeuralModel(c) {
  const int D = c.embed;
  // GPT-2's initialization: N(0, 0.02) everywhere, and the two projections
  // that write into the residual stream scaled by 1/sqrt(2 · layers), so the
  // stream's variance does not grow with depth.
  constexpr float kStd = 0.02f;
  const float residual_std = kStd / std::sqrt(2.0f * static_cast<float>(c.layers));
  token_embedding_ = params_.declare("embedding", {c.vocab, D}, Init::kNormal, kStd);
  if (c.positions == Positions::kLearned) {
    positions_ = params_.declare("positions", {c.context, D}, Init::kNormal, kStd);
  } else {
    sinusoids_.resize(static_cast<std::size_t>(c.context) * D);
    for (int p = 0; p < c.context; ++p) {
      for (int i = 0; i < D; ++i) {
        // PE(p, 2k) = sin(p / 10000^(2k/D)), PE(p, 2k+1) = cos(the same)
        const double angle = p / std::pow(10000.0, static_cast<double>(i - i % 2) / D);
        sinusoids_[static_cast<std::size_t>(p) * D + i] = static_cast<float>(i % 2 ? std::cos(angle) : std::sin(angle));
      }
    }
  }
  for (int l = 0; l < c.layers; ++l) {
    const std::string name = "block" + std::to_string(l);
    Block b{};
    b.ln1_gain = params_.declare(name + ".ln1.gain", {D}, Init::kOnes);
    b.ln1_bias = params_.declare(name + ".ln1.bias", {D}, Init::kZeros);
    b.qkv_weight = params_.declare(name + ".attn.qkv.weight", {D, 3 * D}, Init::kNormal, kStd, true);
    b.qkv_bias = params_.declare(name + ".attn.qkv.bias", {3 * D}, Init::kZeros);
    b.proj_weight = params_.declare(name + ".attn.proj.weight", {D, D}, Init::kNormal, residual_std, true);
    b.proj_bias = params_.declare(name + ".attn.proj.bias", {D}, Init::kZeros);
    b.ln2_gain = params_.declare(name + ".ln2.gain", {D}, Init::kOnes);
    b.ln2_bias = params_.declare(name + ".ln2.bias", {D}, Init::kZeros);
    b.fc_weight = params_.declare(name + ".mlp.fc.weight", {D, 4 * D}, Init::kNormal, kStd, true);
    b.fc_bias = params_.declare(name + ".mlp.fc.bias", {4 * D}, Init::kZeros);
    b.out_weight = params_.declare(name + ".mlp.out.weight", {4 * D, D}, Init::kNormal, residual_std, true);
    b.out_bias = params_.declare(name + ".mlp.out.bias", {D}, Init::kZeros);
    blocks_.push_back(b);
  }
  ln_f_gain_ = params_.declare("ln_f.gain", {D}, Init::kOnes);
  ln_f_bias_ = params_.declare("ln_f.bias", {D}, Init::kZeros);
}

// qkv (B*T, 3D), batch-major -> (B*T, D): softmax(q kᵀ / sqrt(d) + mask) v per head.
Var TransformerModel::attend_in_window(Tape& tape, Var qkv, int time, int batch, std::vector<float>* weights_out) const {
  const int D = config_.embed;
  const int H = config_.heads;
  const int d = D / H;
  // (B, T, 3, H, d) -> (B, 3, T, H, d) -> per part (B, T, H, d) -> (B, H, T, d)
  const Var parts = swap_axes(tape, qkv, batch, time, 3, D);  // (B, 3, T, D)
  auto head_major = [&](int part) {
    const Var p = slice(tape, reshape(tape, parts, {batch, 3 * time * D}), part * time * D, (part + 1) * time * D);
    return reshape(tape, swap_axes(tape, p, batch, time, H, d), {batch * H, time, d});
  };
  const Var q = head_major(0);
  const Var k = head_major(1);
  const Var v = head_major(2);
  // Fused (nn::attention) unless the weights are needed: dropout acts on them,
  // and the attention view shows them. Fused, no T x T tensor stays on the
  // tape; the tiny GPT trains a little faster so (wasm about 24K tokens/s
  // against 23.5K composed, natively 25.5K against 24.9K).
  const Var heads_out = config_.dropout == 0 && weights_out == nullptr ? attention(tape, q, k, v, config_.causal)
                                                                       : weighted_values(tape, q, k, v, weights_out);
  const Var merged = swap_axes(tape, heads_out, batch, H, time, d);  // (B, T, H, d)
  return reshape(tape, merged, {batch * time, D});
}

// q, k, v (B*H, T, d) -> (B*H, T, d), keeping the T x T weights on the tape
// (for dropout on them), and appending them to weights_out (the attention view).
Var TransformerModel::weighted_values(Tape& tape, Var q, Var k, Var v, std::vector<float>* weights_out) const {
  const int d = config_.embed / config_.heads;
  Var scores = scale(tape, batched_matmul(tape, q, k, true), 1.0f / std::sqrt(static_cast<float>(d)));  // (B*H, T, T)
  if (config_.causal) scores = causal_mask(tape, scores);
  Var weights = softmax(tape, scores);
  if (weights_out != nullptr) {
    const Tensor w = tape.value(weights);
    weights_out->insert(weights_out->end(), w.data, w.data + w.size());
  }
  if (config_.dropout > 0) weights = dropout(tape, weights, config_.dropout);
  return batched_matmul(tape, weights, v);  // (B*H, T, d)
}

Var TransformerModel::embed(Tape& tape, const std::vector<std::int32_t>& ids, Shape shape, int first_position,
                            int positions) const {
  const int D = config_.embed;
  const Var tokens = embedding(tape, params_.on(tape, token_embedding_), ids, shape);  // (..., T, D)
  if (positions_ >= 0) return add(tape, tokens, take_rows(tape, params_.on(tape, positions_), first_position, positions));
  const Tensor fixed = tape.scratch({positions, D});
  std::memcpy(fixed.data, sinusoids_.data() + static_cast<std::size_t>(first_position) * D,
              sizeof(float) * static_cast<std::size_t>(positions) * D);
  return add(tape, tokens, tape.constant(fixed));
}

Var TransformerModel::blocks_and_head(Tape& tape, Var x, const Attend& attend) const {
  if (config_.dropout > 0) x = dropout(tape, x, config_.dropout);
  for (std::size_t l = 0; l < blocks_.size(); ++l) {
    const Block& block = blocks_[l];
    const Var normed = layer_norm(tape, x, params_.on(tape, block.ln1_gain), params_.on(tape, block.ln1_bias));
    const Var qkv = add(tape, matmul(tape, normed, params_.on(tape, block.qkv_weight)), params_.on(tape, block.qkv_bias));
    const Var heads = attend(static_cast<int>(l), qkv);
    Var attended = add(tape, matmul(tape, heads, params_.on(tape, block.proj_weight)), params_.on(tape, block.proj_bias));
    if (config_.dropout > 0) attended = dropout(tape, attended, config_.dropout);
    x = add(tape, x, attended);
    const Var normed2 = layer_norm(tape, x, params_.on(tape, block.ln2_gain), params_.on(tape, block.ln2_bias));
    const Var wide = gelu(tape, add(tape, matmul(tape, normed2, params_.on(tape, block.fc_weight)),
                                    params_.on(tape, block.fc_bias)));
    Var mlp = add(tape, matmul(tape, wide, params_.on(tape, block.out_weight)), params_.on(tape, block.out_bias));
    if (config_.dropout > 0) mlp = dropout(tape, mlp, config_.dropout);
    x = add(tape, x, mlp);
  }
  x = layer_norm(tape, x, params_.on(tape, ln_f_gain_), params_.on(tape, ln_f_bias_));
  return matmul(tape, x, transpose(tape, params_.on(tape, token_embedding_)));  // tied head: x · Eᵀ, (N, V)
}

Var TransformerModel::forward(Tape& tape, const std::vector<TokenId>& inputs, int time, int batch,
                              RecurrentState*) const {
  if (time > config_.context) {
    throw internal_error("transformer: a window of " + std::to_string(time) + " tokens is longer than its " +
                                std::to_string(config_.context) + " positions");
  }
  // Attention runs along time within a row, so the rows are made batch-major here
  // (ids are constants: no op needed) and the logits turned back to time-major at the end.
  std::vector<std::int32_t> ids(inputs.size());
  for (int t = 0; t < time; ++t) {
    for (int b = 0; b < batch; ++b) ids[static_cast<std::size_t>(b) * time + t] = inputs[static_cast<std::size_t>(t) * batch + b];
  }
  const Var x = reshape(tape, embed(tape, ids, {batch, time}, 0, time), {batch * time, config_.embed});
  const Var logits = blocks_and_head(tape, x, [&](int, Var qkv) { return attend_in_window(tape, qkv, time, batch); });
  return reshape(tape, swap_axes(tape, logits, 1, batch, time, config_.vocab), {time * batch, config_.vocab});
}

std::vector<float> TransformerModel::attention_weights(const std::vector<TokenId>& window) const {
  const int time = static_cast<int>(window.size());
  if (time < 1 || time > config_.context) {
    throw internal_error("transformer: attention needs 1 to " + std::to_string(config_.context) + " tokens");
  }
  Tape tape;
  tape.training = false;
  std::vector<float> weights;
  const Var x = reshape(tape, embed(tape, window, {1, time}, 0, time), {time, config_.embed});
  blocks_and_head(tape, x, [&](int, Var qkv) { return attend_in_window(tape, qkv, time, 1, &weights); });
  return weights;
}

void KvCache::truncate(int kept) {
  if (kept < 0 || kept > length) throw internal_error("KvCache::truncate: kept is outside [0, length]");
  if (kept == length) return;
  for (auto* rows : {&keys, &values}) {
    for (std::vector<float>& block : *rows) block.resize(block.size() / length * kept);  // (length, D) -> (kept, D)
  }
  length = kept;
}

Var TransformerModel::forward_cached(Tape& tape, TokenId token, KvCache& cache) const {
  const int D = config_.embed;
  const int H = config_.heads;
  const int d = D / H;
  const int p = cache.length;
  if (p >= config_.context) throw internal_error("transformer: the KV cache is full");
  if (cache.keys.size() != blocks_.size()) {
    cache.keys.assign(blocks_.size(), {});
    cache.values.assign(blocks_.size(), {});
  }
  const Var x = embed(tape, {token}, {1}, p, 1);  // (1, D)
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  const int n = p + 1;
  const Var logits = blocks_and_head(tape, x, [&](int layer, Var qkv) {
    // Append this token's key and value, then attend with its query to every
    // row so far (the past only: no mask), reading the cache where it lies.
    // Inference only, so the result is a constant: nothing flows back.
    const float* row = tape.value(qkv).data;
    std::vector<float>& keys = cache.keys[layer];
    std::vector<float>& values = cache.values[layer];
    keys.insert(keys.end(), row + D, row + 2 * D);
    values.insert(values.end(), row + 2 * D, row + 3 * D);
    const Tensor heads = tape.scratch({1, D});
    float* weights = tape.scratch({n}).data;
    const kernels::AttentionRowShape shape{n, d, D, scale};
    for (int h = 0; h < H; ++h) {
      kernels::attention_row(shape, row + h * d, keys.data() + h * d, values.data() + h * d, weights,
                             heads.data + h * d);
    }
    return tape.constant(heads);
  });
  ++cache.length;
  return logits;
}

}  // namespace lmp::nn
