// Pointwise nonlinearities. Each backward uses the saved output where the
// derivative is a function of it (tanh' = 1 - y², sigmoid' = y (1 - y)).
// Loops hoist the size and run on raw pointers: with the bound recomputed from
// the Shape on every iteration, GCC does not vectorize them.
#include <cmath>

#include "fast_math.h"
#include "ops.h"

namespace lmp::nn {

Var tanh(Tape& tape, Var x) {
  const Tensor xv = tape.value(x);
  const std::int64_t n = xv.size();
  const Var y = tape.push(xv.shape, {x}, [x, y = tape.size(), n](Tape& t) {
    const float* yv = t.value(y).data;
    const float* dy = t.grad(y).data;
    float* dx = t.grad(x).data;
    for (std::int64_t i = 0; i < n; ++i) dx[i] += dy[i] * (1.0f - yv[i] * yv[i]);
  });
  float* yv = tape.value(y).data;
  for (std::int64_t i = 0; i < n; ++i) yv[i] = tanh_fast(xv.data[i]);
  return y;
}

Var sigmoid(Tape& tape, Var x) {
  const Tensor xv = tape.value(x);
  const std::int64_t n = xv.size();
  const Var y = tape.push(xv.shape, {x}, [x, y = tape.size(), n](Tape& t) {
    const float* yv = t.value(y).data;
    const float* dy = t.grad(y).data;
    float* dx = t.grad(x).data;
    for (std::int64_t i = 0; i < n; ++i) dx[i] += dy[i] * yv[i] * (1.0f - yv[i]);  // σ' = y (1 - y)
  });
  float* yv = tape.value(y).data;
  for (std::int64_t i = 0; i < n; ++i) yv[i] = sigmoid_fast(xv.data[i]);
  return y;
}

Var relu(Tape& tape, Var x) {
  const Tensor xv = tape.value(x);
  const std::int64_t n = xv.size();
  const Var y = tape.push(xv.shape, {x}, [x, y = tape.size(), n](Tape& t) {
    const float* yv = t.value(y).data;
    const float* dy = t.grad(y).data;
    float* dx = t.grad(x).data;
    // relu' = [x > 0] = [y > 0] (0 at the kink, by convention).
    for (std::int64_t i = 0; i < n; ++i) {
      const float g = dy[i];  // loaded unconditionally, so the select vectorizes
      dx[i] += yv[i] > 0.0f ? g : 0.0f;
    }
  });
  float* yv = tape.value(y).data;
  for (std::int64_t i = 0; i < n; ++i) yv[i] = xv.data[i] > 0.0f ? xv.data[i] : 0.0f;
  return y;
}

namespace {
constexpr float kGeluScale = 0.7978845608028654f;  // sqrt(2 / pi)
constexpr float kGeluCubic = 0.044715f;
}  // namespace

Var gelu(Tape& tape, Var x) {
  const Tensor xv = tape.value(x);
  const std::int64_t n = xv.size();
  // The inner tanh is saved so the backward needs no transcendental of its own.
  float* th = tape.scratch(xv.shape).data;
  const Var y = tape.push(xv.shape, {x}, [x, y = tape.size(), n, th](Tape& t) {
    const float* xs = t.value(x).data;
    const float* dy = t.grad(y).data;
    float* dx = t.grad(x).data;
    // y = x/2 (1 + th), th = tanh(u), u = s (x + c x³):
    // y' = (1 + th)/2 + x/2 (1 - th²) s (1 + 3 c x²)
    for (std::int64_t i = 0; i < n; ++i) {
      const float v = xs[i];
      const float d = 0.5f * (1.0f + th[i]) +
                      0.5f * v * (1.0f - th[i] * th[i]) * kGeluScale * (1.0f + 3.0f * kGeluCubic * v * v);
      dx[i] += dy[i] * d;
    }
  });
  float* yv = tape.value(y).data;
  for (std::int64_t i = 0; i < n; ++i) {
    const float v = xv.data[i];
    th[i] = tanh_fast(kGeluScale * (v + kGeluCubic * v * v * v));
    yv[i] = 0.5f * v * (1.0f + th[i]);
  }
  return y;
}

}  // namespace lmp::nn
