// Pointwise nonlinearities. Each backward uses the saved output where the
// derivative is a function of it (tanh' = 1 - y², sigmoid' = y (1 - y)).
// Loops hoist the size and run on raw pointers: with the bound recomputed from
// the Shape on every iteration, GCC does not vectorize them.
#include <cmath>

#include "kernels/dispatch.h"
#include "kernels/fast_math.h"
#include "nn/ops.h"

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
  for (std::int64_t i = 0; i < n; ++i) yv[i] = kernels::tanh_fast(xv.data[i]);
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
  for (std::int64_t i = 0; i < n; ++i) yv[i] = kernels::sigmoid_fast(xv.data[i]);
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

Var gelu(Tape& tape, Var x) {
  const Tensor xv = tape.value(x);
  const std::int64_t n = xv.size();
  // The inner tanh is saved so the backward needs no transcendental of its own.
  float* th = tape.scratch(xv.shape).data;
  const Var y = tape.push(xv.shape, {x}, [x, y = tape.size(), n, th](Tape& t) {
    kernels::gelu_backward(n, t.value(x).data, th, t.grad(y).data, t.grad(x).data);
  });
  kernels::gelu_forward(n, xv.data, tape.value(y).data, th);
  return y;
}

}  // namespace lmp::nn
