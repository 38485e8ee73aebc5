// Layer normalization (layer_norm.h) in f32x4: four lanes per step, each with
// its own partial sums, the leftover n % 4 values scalar.
#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#include <cmath>

#include "kernels/layer_norm.h"
#include "kernels/simd_math.h"

namespace lmp::kernels {

RowMoments layer_norm_row__wasmsimd(int n, const float* x, const float* gain, const float* bias, float epsilon,
                                    float* y) {
  const int n4 = n & ~3;
  v128_t s4 = wasm_f32x4_splat(0.0f);
  for (int j = 0; j < n4; j += 4) s4 = wasm_f32x4_add(s4, wasm_v128_load(x + j));
  float s = f32x4_sum(s4);
  for (int j = n4; j < n; ++j) s += x[j];
  const float mean = s / static_cast<float>(n);
  const v128_t mean4 = wasm_f32x4_splat(mean);
  v128_t ss4 = wasm_f32x4_splat(0.0f);
  for (int j = 0; j < n4; j += 4) {
    const v128_t c = wasm_f32x4_sub(wasm_v128_load(x + j), mean4);
    ss4 = wasm_f32x4_add(ss4, wasm_f32x4_mul(c, c));
  }
  float ss = f32x4_sum(ss4);
  for (int j = n4; j < n; ++j) ss += (x[j] - mean) * (x[j] - mean);
  const float rstd = 1.0f / std::sqrt(ss / static_cast<float>(n) + epsilon);
  const v128_t rstd4 = wasm_f32x4_splat(rstd);
  for (int j = 0; j < n4; j += 4) {
    const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x + j), mean4), rstd4);
    wasm_v128_store(y + j, wasm_f32x4_add(wasm_f32x4_mul(xhat, wasm_v128_load(gain + j)), wasm_v128_load(bias + j)));
  }
  for (int j = n4; j < n; ++j) y[j] = (x[j] - mean) * rstd * gain[j] + bias[j];
  return {mean, rstd};
}

void layer_norm_backward__wasmsimd(int n, const float* x, const float* gain, const float* dy, RowMoments m,
                                   float* dx, float* dgain, float* dbias) {
  const int n4 = n & ~3;
  const v128_t mean4 = wasm_f32x4_splat(m.mean);
  const v128_t rstd4 = wasm_f32x4_splat(m.rstd);
  v128_t sum_g4 = wasm_f32x4_splat(0.0f);
  v128_t sum_gx4 = sum_g4;
  // One pass for the parameters' gradients and the two sums dx needs.
  for (int j = 0; j < n4; j += 4) {
    const v128_t d = wasm_v128_load(dy + j);
    const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x + j), mean4), rstd4);
    if (dgain) wasm_v128_store(dgain + j, wasm_f32x4_add(wasm_v128_load(dgain + j), wasm_f32x4_mul(d, xhat)));
    if (dbias) wasm_v128_store(dbias + j, wasm_f32x4_add(wasm_v128_load(dbias + j), d));
    const v128_t g = wasm_f32x4_mul(d, wasm_v128_load(gain + j));
    sum_g4 = wasm_f32x4_add(sum_g4, g);
    sum_gx4 = wasm_f32x4_add(sum_gx4, wasm_f32x4_mul(g, xhat));
  }
  float sum_g = f32x4_sum(sum_g4);
  float sum_gx = f32x4_sum(sum_gx4);
  for (int j = n4; j < n; ++j) {
    const float xhat = (x[j] - m.mean) * m.rstd;
    if (dgain) dgain[j] += dy[j] * xhat;
    if (dbias) dbias[j] += dy[j];
    const float g = dy[j] * gain[j];
    sum_g += g;
    sum_gx += g * xhat;
  }
  if (!dx) return;
  const float mean_g = sum_g / static_cast<float>(n);
  const float mean_gx = sum_gx / static_cast<float>(n);
  const v128_t mean_g4 = wasm_f32x4_splat(mean_g);
  const v128_t mean_gx4 = wasm_f32x4_splat(mean_gx);
  for (int j = 0; j < n4; j += 4) {
    const v128_t xhat = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(x + j), mean4), rstd4);
    const v128_t g = wasm_f32x4_mul(wasm_v128_load(dy + j), wasm_v128_load(gain + j));
    const v128_t t = wasm_f32x4_sub(wasm_f32x4_sub(g, mean_g4), wasm_f32x4_mul(xhat, mean_gx4));
    wasm_v128_store(dx + j, wasm_f32x4_add(wasm_v128_load(dx + j), wasm_f32x4_mul(rstd4, t)));
  }
  for (int j = n4; j < n; ++j) {
    const float xhat = (x[j] - m.mean) * m.rstd;
    dx[j] += m.rstd * (dy[j] * gain[j] - mean_g - xhat * mean_gx);
  }
}

}  // namespace lmp::kernels

#endif
