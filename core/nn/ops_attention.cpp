// What self-attention needs beyond products and softmax: moving heads and
// time steps past each other, the causal mask, and attention itself fused
// (the kernel in core/kernels/attention.h, one head at a time).
#include <cmath>
#include <limits>

#include "base/error.h"
#include "kernels/dispatch.h"
#include "nn/ops.h"

namespace lmp::nn {

Var swap_axes(Tape& tape, Var x, int outer, int a, int b, int inner) {
  const Tensor xv = tape.value(x);
  const std::int64_t size = static_cast<std::int64_t>(outer) * a * b * inner;
  if (outer < 1 || a < 1 || b < 1 || inner < 1 || size != xv.size()) {
    throw internal_error("swap_axes: " + xv.shape.str() + " is not (" + std::to_string(outer) + ", " +
                                std::to_string(a) + ", " + std::to_string(b) + ", " + std::to_string(inner) + ")");
  }
  // Element (o, i, j, :) of the input is element (o, j, i, :) of the output.
  auto move = [outer, a, b, inner](const float* src, float* dst, bool add_back) {
    for (int o = 0; o < outer; ++o) {
      for (int i = 0; i < a; ++i) {
        for (int j = 0; j < b; ++j) {
          const std::int64_t in = ((static_cast<std::int64_t>(o) * a + i) * b + j) * inner;
          const std::int64_t out = ((static_cast<std::int64_t>(o) * b + j) * a + i) * inner;
          if (add_back) {
            for (int c = 0; c < inner; ++c) dst[in + c] += src[out + c];
          } else {
            for (int c = 0; c < inner; ++c) dst[out + c] = src[in + c];
          }
        }
      }
    }
  };
  const Var y = tape.push({outer, b, a, inner}, {x}, [x, y = tape.size(), move](Tape& t) {
    move(t.grad(y).data, t.grad(x).data, true);
  });
  move(xv.data, tape.value(y).data, false);
  return y;
}

Var attention(Tape& tape, Var q, Var k, Var v, bool causal) {
  const Tensor qv = tape.value(q);
  const Shape& s = qv.shape;
  if (s.rank != 3 || tape.value(k).shape != s || tape.value(v).shape != s) {
    throw internal_error("attention: q " + s.str() + ", k " + tape.value(k).shape.str() + " and v " +
                                tape.value(v).shape.str() + " must be the same (N, T, d)");
  }
  const int heads = s[0];
  const kernels::AttentionShape shape{s[1], s[2], 1.0f / std::sqrt(static_cast<float>(s[2])), causal};
  const std::int64_t block = static_cast<std::int64_t>(shape.time) * shape.head;
  float* lse = tape.scratch({heads, shape.time}).data;  // per query, for the backward
  const Var y = tape.push(s, {q, k, v}, [=, y = tape.size()](Tape& t) {
    // The kernel adds to all three gradients; a part that needs none gets a throwaway buffer.
    auto grad_or_scratch = [&](Var x) { return t.needs_grad(x) ? t.grad(x).data : t.scratch(s).data; };
    float* dq = grad_or_scratch(q);
    float* dk = grad_or_scratch(k);
    float* dv = grad_or_scratch(v);
    const float* out = t.value(y).data;
    const float* dout = t.grad(y).data;
    for (int n = 0; n < heads; ++n) {
      const std::int64_t at = n * block;
      kernels::attention_backward(shape, t.value(q).data + at, t.value(k).data + at, t.value(v).data + at, out + at,
                                  lse + n * shape.time, dout + at, dq + at, dk + at, dv + at);
    }
  });
  float* out = tape.value(y).data;
  for (int n = 0; n < heads; ++n) {
    const std::int64_t at = n * block;
    kernels::attention_forward(shape, qv.data + at, tape.value(k).data + at, tape.value(v).data + at, out + at,
                               lse + n * shape.time);
  }
  return y;
}

Var causal_mask(Tape& tape, Var scores) {
  const Tensor sv = tape.value(scores);
  const Shape& s = sv.shape;
  if (s.rank < 2 || s[-1] != s[-2]) throw internal_error("causal_mask: " + s.str() + " is not (..., T, T)");
  const int T = s[-1];
  const std::int64_t blocks = sv.size() / (static_cast<std::int64_t>(T) * T);
  const Var y = tape.push(s, {scores}, [scores, y = tape.size(), T, blocks](Tape& t) {
    // The masked scores are constants: only the cells at or below the diagonal pass a gradient.
    const float* dy = t.grad(y).data;
    float* dx = t.grad(scores).data;
    for (std::int64_t n = 0; n < blocks; ++n) {
      for (int i = 0; i < T; ++i) {
        const std::int64_t row = (n * T + i) * T;
        for (int j = 0; j <= i; ++j) dx[row + j] += dy[row + j];
      }
    }
  });
  float* out = tape.value(y).data;
  const float minus_inf = -std::numeric_limits<float>::infinity();
  for (std::int64_t n = 0; n < blocks; ++n) {
    for (int i = 0; i < T; ++i) {
      const std::int64_t row = (n * T + i) * T;
      for (int j = 0; j < T; ++j) out[row + j] = j <= i ? sv.data[row + j] : minus_inf;
    }
  }
  return y;
}

}  // namespace lmp::nn
