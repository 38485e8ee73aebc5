// Matrix products. Forward and backward both go through kernels::f32_gemm,
// with the transposes the chain rule asks for:
//   y = x·w      dx += dy·wᵀ      dw += xᵀ·dy

#include "base/error.h"
#include "kernels/dispatch.h"
#include "nn/ops.h"

namespace lmp::nn {

Var matmul(Tape& tape, Var x, Var w) {
  const Tensor xv = tape.value(x);
  const Tensor wv = tape.value(w);
  const int k = xv.shape[-1];
  if (wv.shape.rank != 2 || wv.shape[0] != k) {
    throw internal_error("matmul: x " + xv.shape.str() + " cannot multiply w " + wv.shape.str());
  }
  const int m = wv.shape[1];
  const auto rows = static_cast<int>(xv.shape.rows());
  Shape out_shape = xv.shape;
  out_shape.dims[out_shape.rank - 1] = m;
  const Var y = tape.push(out_shape, {x, w}, [x, w, y = tape.size(), rows, k, m](Tape& t) {
    const Tensor dy = t.grad(y);
    if (t.needs_grad(x)) {
      kernels::f32_gemm(false, true, rows, k, m, dy.data, t.value(w).data, t.grad(x).data, true);
    }
    if (t.needs_grad(w)) {
      kernels::f32_gemm(true, false, k, m, rows, t.value(x).data, dy.data, t.grad(w).data, true);
    }
  });
  kernels::f32_gemm(false, false, rows, m, k, xv.data, wv.data, tape.value(y).data, false);
  return y;
}

Var batched_matmul(Tape& tape, Var a, Var b, bool transpose_b) {
  const Tensor av = tape.value(a);
  const Tensor bv = tape.value(b);
  if (av.shape.rank != 3 || bv.shape.rank != 3 || av.shape[0] != bv.shape[0] ||
      av.shape[2] != (transpose_b ? bv.shape[2] : bv.shape[1])) {
    throw internal_error("batched_matmul: a " + av.shape.str() + " cannot multiply b " + bv.shape.str());
  }
  const int batch = av.shape[0];
  const int n = av.shape[1];
  const int k = av.shape[2];
  const int m = transpose_b ? bv.shape[1] : bv.shape[2];
  const Var y = tape.push({batch, n, m}, {a, b}, [a, b, y = tape.size(), batch, n, k, m, transpose_b](Tape& t) {
    const Tensor dy = t.grad(y);
    for (int i = 0; i < batch; ++i) {
      const float* dyi = dy.data + static_cast<std::int64_t>(i) * n * m;
      const float* ai = t.value(a).data + static_cast<std::int64_t>(i) * n * k;
      const float* bi = t.value(b).data + static_cast<std::int64_t>(i) * k * m;
      if (t.needs_grad(a)) {
        // da = dy · op(b)ᵀ
        kernels::f32_gemm(false, !transpose_b, n, k, m, dyi, bi, t.grad(a).data + static_cast<std::int64_t>(i) * n * k, true);
      }
      if (t.needs_grad(b)) {
        float* dbi = t.grad(b).data + static_cast<std::int64_t>(i) * k * m;
        if (transpose_b) {
          kernels::f32_gemm(true, false, m, k, n, dyi, ai, dbi, true);  // db (M, K) = dyᵀ · a
        } else {
          kernels::f32_gemm(true, false, k, m, n, ai, dyi, dbi, true);  // db (K, M) = aᵀ · dy
        }
      }
    }
  });
  for (int i = 0; i < batch; ++i) {
    kernels::f32_gemm(false, transpose_b, n, m, k, av.data + static_cast<std::int64_t>(i) * n * k,
                      bv.data + static_cast<std::int64_t>(i) * k * m,
                      tape.value(y).data + static_cast<std::int64_t>(i) * n * m, false);
  }
  return y;
}

}  // namespace lmp::nn
