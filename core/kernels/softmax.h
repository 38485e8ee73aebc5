// The softmax family, one row of n values at a time (the ops loop over rows).
// Every row has its maximum subtracted before exp, so logits of any size give
// finite results: the largest term is exp(0) = 1 and the sum is in [1, n].
//   log_sum_exp           returns log Σ_j exp(x_j)
//   softmax_row           y = exp(x - log_sum_exp(x))
//   log_softmax_row       y = x - log_sum_exp(x)
//   softmax_backward      dx += y (dy - Σ_j dy_j y_j)         (y the softmax)
//   log_softmax_backward  dx += dy - exp(y) Σ_j dy_j           (y the log-softmax)
//   add_scaled_exp        dx += scale exp(x - shift)           (cross-entropy's backward, shift = lse)
// *_reference are plain loops on kernels::exp_fast and define the result;
// *__wasmsimd are f32x4 loops (softmax_wasmsimd.cpp). The unsuffixed names,
// the ones this build runs, are in dispatch.h.
#pragma once

namespace lmp::kernels {

float log_sum_exp_reference(int n, const float* x);
void softmax_row_reference(int n, const float* x, float* y);
void log_softmax_row_reference(int n, const float* x, float* y);
void softmax_backward_reference(int n, const float* y, const float* dy, float* dx);
void log_softmax_backward_reference(int n, const float* y, const float* dy, float* dx);
void add_scaled_exp_reference(int n, const float* x, float shift, float scale, float* dx);

#if defined(__wasm_simd128__)
float log_sum_exp__wasmsimd(int n, const float* x);
void softmax_row__wasmsimd(int n, const float* x, float* y);
void log_softmax_row__wasmsimd(int n, const float* x, float* y);
void softmax_backward__wasmsimd(int n, const float* y, const float* dy, float* dx);
void log_softmax_backward__wasmsimd(int n, const float* y, const float* dy, float* dx);
void add_scaled_exp__wasmsimd(int n, const float* x, float shift, float scale, float* dx);
#endif

}  // namespace lmp::kernels
