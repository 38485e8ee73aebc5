// Normalization and regularization: layer_norm (per row over the last
// dimension) and dropout. Both save in tape.scratch only what their backward
// cannot cheaply rebuild: two floats per row for layer_norm, the mask for dropout.
#include <cmath>

#include "base/error.h"
#include "kernels/dispatch.h"
#include "nn/ops.h"

namespace lmp::nn {

Var layer_norm(Tape& tape, Var x, Var gain, Var bias, float epsilon) {
  const Tensor xv = tape.value(x);
  const Tensor gv = tape.value(gain);
  const Tensor bv = tape.value(bias);
  const int cols = xv.shape.cols();
  if (xv.shape.rank < 1 || gv.shape != Shape{cols} || bv.shape != Shape{cols}) {
    throw internal_error("layer_norm: x " + xv.shape.str() + " needs gain and bias of its last dimension, got " +
                                gv.shape.str() + " and " + bv.shape.str());
  }
  const std::int64_t rows = xv.shape.rows();
  // Per row: mean, then 1 / sqrt(biased variance + epsilon). x̂ is rebuilt from these in backward.
  const Tensor stats = tape.scratch({static_cast<int>(2 * rows)});
  const Var y = tape.push(xv.shape, {x, gain, bias}, [x, gain, bias, y = tape.size(), rows, cols, stats](Tape& t) {
    const float* xs = t.value(x).data;
    const float* g = t.value(gain).data;
    const float* dy = t.grad(y).data;
    float* dx = t.needs_grad(x) ? t.grad(x).data : nullptr;
    float* dg = t.needs_grad(gain) ? t.grad(gain).data : nullptr;
    float* db = t.needs_grad(bias) ? t.grad(bias).data : nullptr;
    for (std::int64_t r = 0; r < rows; ++r) {
      kernels::layer_norm_backward(cols, xs + r * cols, g, dy + r * cols, {stats[2 * r], stats[2 * r + 1]},
                                   dx ? dx + r * cols : nullptr, dg, db);
    }
  });
  float* out = tape.value(y).data;
  for (std::int64_t r = 0; r < rows; ++r) {
    const kernels::RowMoments m =
        kernels::layer_norm_row(cols, xv.data + r * cols, gv.data, bv.data, epsilon, out + r * cols);
    stats[2 * r] = m.mean;
    stats[2 * r + 1] = m.rstd;
  }
  return y;
}

Var dropout(Tape& tape, Var x, float p) {
  if (!(p >= 0.0f && p < 1.0f)) throw internal_error("dropout: p = " + std::to_string(p) + " is not in [0, 1)");
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
