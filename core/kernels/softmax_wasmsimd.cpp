// The softmax family (softmax.h) in f32x4: four lanes per step, each with
// its own partial sum or maximum, the leftover n % 4 values scalar. exp is
// f32x4_exp, lane for lane the scalar exp_fast of the reference.
#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#include <cmath>

#include "kernels/fast_math.h"
#include "kernels/simd_math.h"
#include "kernels/softmax.h"

namespace lmp::kernels {

float log_sum_exp__wasmsimd(int n, const float* x) {
  const float m = row_max(n, x);
  return m + std::log(sum_exp(n, x, m, nullptr));
}

void softmax_row__wasmsimd(int n, const float* x, float* y) {
  const float inverse = 1.0f / sum_exp(n, x, row_max(n, x), y);
  const int n4 = n & ~3;
  const v128_t inverse4 = wasm_f32x4_splat(inverse);
  for (int j = 0; j < n4; j += 4) wasm_v128_store(y + j, wasm_f32x4_mul(wasm_v128_load(y + j), inverse4));
  for (int j = n4; j < n; ++j) y[j] *= inverse;
}

void log_softmax_row__wasmsimd(int n, const float* x, float* y) {
  const float lse = log_sum_exp__wasmsimd(n, x);
  const int n4 = n & ~3;
  const v128_t lse4 = wasm_f32x4_splat(lse);
  for (int j = 0; j < n4; j += 4) wasm_v128_store(y + j, wasm_f32x4_sub(wasm_v128_load(x + j), lse4));
  for (int j = n4; j < n; ++j) y[j] = x[j] - lse;
}

void softmax_backward__wasmsimd(int n, const float* y, const float* dy, float* dx) {
  const int n4 = n & ~3;
  v128_t dot4 = wasm_f32x4_splat(0.0f);
  for (int j = 0; j < n4; j += 4) dot4 = wasm_f32x4_add(dot4, wasm_f32x4_mul(wasm_v128_load(dy + j), wasm_v128_load(y + j)));
  float dot = f32x4_sum(dot4);
  for (int j = n4; j < n; ++j) dot += dy[j] * y[j];
  dot4 = wasm_f32x4_splat(dot);
  for (int j = 0; j < n4; j += 4) {
    const v128_t g = wasm_f32x4_mul(wasm_v128_load(y + j), wasm_f32x4_sub(wasm_v128_load(dy + j), dot4));
    wasm_v128_store(dx + j, wasm_f32x4_add(wasm_v128_load(dx + j), g));
  }
  for (int j = n4; j < n; ++j) dx[j] += y[j] * (dy[j] - dot);
}

void log_softmax_backward__wasmsimd(int n, const float* y, const float* dy, float* dx) {
  const int n4 = n & ~3;
  v128_t total4 = wasm_f32x4_splat(0.0f);
  for (int j = 0; j < n4; j += 4) total4 = wasm_f32x4_add(total4, wasm_v128_load(dy + j));
  float total = f32x4_sum(total4);
  for (int j = n4; j < n; ++j) total += dy[j];
  total4 = wasm_f32x4_splat(total);
  for (int j = 0; j < n4; j += 4) {
    const v128_t g = wasm_f32x4_sub(wasm_v128_load(dy + j), wasm_f32x4_mul(f32x4_exp(wasm_v128_load(y + j)), total4));
    wasm_v128_store(dx + j, wasm_f32x4_add(wasm_v128_load(dx + j), g));
  }
  for (int j = n4; j < n; ++j) dx[j] += dy[j] - kernels::exp_fast(y[j]) * total;
}

void add_scaled_exp__wasmsimd(int n, const float* x, float shift, float scale, float* dx) {
  const int n4 = n & ~3;
  const v128_t shift4 = wasm_f32x4_splat(shift);
  const v128_t scale4 = wasm_f32x4_splat(scale);
  for (int j = 0; j < n4; j += 4) {
    const v128_t g = wasm_f32x4_mul(scale4, f32x4_exp(wasm_f32x4_sub(wasm_v128_load(x + j), shift4)));
    wasm_v128_store(dx + j, wasm_f32x4_add(wasm_v128_load(dx + j), g));
  }
  for (int j = n4; j < n; ++j) dx[j] += scale * kernels::exp_fast(x[j] - shift);
}

}  // namespace lmp::kernels

#endif
