// Reductions of a whole tensor to a scalar (shape {1}). The sum goes through
// Eigen, whose packet reduction keeps several partial sums: vectorized, and
// less rounding than one running float total.
#include "nn/ops.h"

namespace lmp::nn {

namespace {

// y = factor · Σ x; dx_i += factor · dy.
Var scaled_sum(Tape& tape, Var x, bool average) {
  const Tensor xv = tape.value(x);
  const std::int64_t n = xv.size();
  const float factor = average && n > 0 ? 1.0f / static_cast<float>(n) : 1.0f;
  const Var y = tape.push({1}, {x}, [x, y = tape.size(), n, factor](Tape& t) {
    const float g = factor * t.grad(y)[0];
    float* dx = t.grad(x).data;
    for (std::int64_t i = 0; i < n; ++i) dx[i] += g;
  });
  tape.value(y)[0] = n == 0 ? 0.0f : factor * xv.vector().sum();
  return y;
}

}  // namespace

Var sum(Tape& tape, Var x) { return scaled_sum(tape, x, false); }
Var mean(Tape& tape, Var x) { return scaled_sum(tape, x, true); }

}  // namespace lmp::nn
