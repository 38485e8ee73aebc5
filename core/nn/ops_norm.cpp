// Normalization and regularization: layer_norm (per row over the last
// dimension) and dropout. Both save in tape.scratch only what their backward
// cannot cheaply rebuild: two floats per row for layer_norm, the mask for dropout.
#include <cmath>
#include <stdexcept>

#include "ops.h"

namespace lmp::nn {

Var layer_norm(Tape& tape, Var x, Var gain, Var bias, float epsilon) {
  const Tensor xv = tape.value(x);
  const Tensor gv = tape.value(gain);
  const Tensor bv = tape.value(bias);
  const int cols = xv.shape.cols();
  if (xv.shape.rank < 1 || gv.shape != Shape{cols} || bv.shape != Shape{cols}) {
    throw std::invalid_argument("layer_norm: x " + xv.shape.str() + " needs gain and bias of its last dimension, got " +
                                gv.shape.str() + " and " + bv.shape.str());
  }
  const std::int64_t rows = xv.shape.rows();
  // Per row: mean, then 1 / sqrt(biased variance + epsilon). x̂ is rebuilt from these in backward.
  const Tensor stats = tape.scratch({static_cast<int>(2 * rows)});
  const Var y = tape.push(xv.shape, {x, gain, bias}, [x, gain, bias, y = tape.size(), rows, cols, stats](Tape& t) {
    const float* xs = t.value(x).data;
    const float* g = t.value(gain).data;
    const float* dy = t.grad(y).data;
    const bool need_x = t.needs_grad(x);
    const bool need_gain = t.needs_grad(gain);
    const bool need_bias = t.needs_grad(bias);
    float* dx = need_x ? t.grad(x).data : nullptr;
    float* dg = need_gain ? t.grad(gain).data : nullptr;
    float* db = need_bias ? t.grad(bias).data : nullptr;
    const float inv_cols = 1.0f / static_cast<float>(cols);
    for (std::int64_t r = 0; r < rows; ++r) {
      const float* xr = xs + r * cols;
      const float* dyr = dy + r * cols;
      const float mu = stats[2 * r];
      const float rstd = stats[2 * r + 1];
      // dgain += Σ_rows dy x̂, dbias += Σ_rows dy
      if (need_gain) {
        for (int j = 0; j < cols; ++j) dg[j] += dyr[j] * (xr[j] - mu) * rstd;
      }
      if (need_bias) {
        for (int j = 0; j < cols; ++j) db[j] += dyr[j];
      }
      if (!need_x) continue;
      // With ĝ = dy·gain: dx = rstd (ĝ - mean(ĝ) - x̂ mean(ĝ x̂))
      float sum_g = 0.0f;
      float sum_gx = 0.0f;
      for (int j = 0; j < cols; ++j) {
        const float gj = dyr[j] * g[j];
        sum_g += gj;
        sum_gx += gj * (xr[j] - mu) * rstd;
      }
      const float mean_g = sum_g * inv_cols;
      const float mean_gx = sum_gx * inv_cols;
      float* dxr = dx + r * cols;
      for (int j = 0; j < cols; ++j) {
        const float xhat = (xr[j] - mu) * rstd;
        dxr[j] += rstd * (dyr[j] * g[j] - mean_g - xhat * mean_gx);
      }
    }
  });
  float* out = tape.value(y).data;
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* xr = xv.data + r * cols;
    float* yr = out + r * cols;
    // Two passes (mean, then squared deviations): no cancellation for rows far from 0.
    float s = 0.0f;
    for (int j = 0; j < cols; ++j) s += xr[j];
    const float mu = s / static_cast<float>(cols);
    float ss = 0.0f;
    for (int j = 0; j < cols; ++j) ss += (xr[j] - mu) * (xr[j] - mu);
    const float rstd = 1.0f / std::sqrt(ss / static_cast<float>(cols) + epsilon);
    stats[2 * r] = mu;
    stats[2 * r + 1] = rstd;
    for (int j = 0; j < cols; ++j) yr[j] = (xr[j] - mu) * rstd * gv[j] + bv[j];
  }
  return y;
}

Var dropout(Tape& tape, Var x, float p) {
  if (!(p >= 0.0f && p < 1.0f)) throw std::invalid_argument("dropout: p = " + std::to_string(p) + " is not in [0, 1)");
  // The identity needs no node: the caller's Var is already the answer.
  if (!tape.training || p == 0.0f) return x;
  const Tensor xv = tape.value(x);
  const std::int64_t n = xv.size();
  // mask_i = 0 with probability p, else 1 / (1 - p), so E[y] = x.
  const Tensor mask = tape.scratch(xv.shape);
  const float keep_scale = 1.0f / (1.0f - p);
  Rng& rng = tape.rng();
  for (std::int64_t i = 0; i < n; ++i) mask[i] = rng.next_unit() < p ? 0.0f : keep_scale;
  const Var y = tape.push(xv.shape, {x}, [x, y = tape.size(), n, mask](Tape& t) {
    const float* dy = t.grad(y).data;
    float* dx = t.grad(x).data;
    for (std::int64_t i = 0; i < n; ++i) dx[i] += dy[i] * mask[i];  // dx += dy · mask
  });
  float* out = tape.value(y).data;
  for (std::int64_t i = 0; i < n; ++i) out[i] = xv[i] * mask[i];
  return y;
}

}  // namespace lmp::nn
