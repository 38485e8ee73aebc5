// f32x4 versions of what the wasm-SIMD kernels need beyond + and ×: exp,
// tanh, the sum and maximum of the four lanes, and a row's maximum and sum of
// exponentials (the two passes of every softmax).
//
// f32x4_exp and f32x4_tanh are kernels::exp_fast and kernels::tanh_fast (fast_math.h)
// lane by lane: the same range reduction, the same polynomials, the same
// limits (exp: 0 below -87, so a -inf mask gives exactly 0; inf above 88; NaN
// stays NaN). wasm has no fused multiply-add and rounds every operation, so
// each lane gives the very bits the scalar function gives for it: a SIMD
// kernel and its scalar tail agree.
#pragma once
#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#include "kernels/fast_math.h"

namespace lmp::kernels {

inline v128_t f32x4_exp(v128_t in) {
  const v128_t is_nan = wasm_f32x4_ne(in, in);
  const v128_t underflows = wasm_f32x4_lt(in, wasm_f32x4_splat(-87.0f));
  const v128_t overflows = wasm_f32x4_gt(in, wasm_f32x4_splat(88.0f));
  v128_t x = wasm_v128_bitselect(wasm_f32x4_splat(-87.0f), in, underflows);
  x = wasm_v128_bitselect(wasm_f32x4_splat(88.0f), x, overflows);
  const v128_t round = wasm_f32x4_splat(12582912.0f);  // 1.5 * 2^23: adding it rounds to an integer
  const v128_t shifted = wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)), round);
  const v128_t n = wasm_f32x4_sub(shifted, round);
  const v128_t r = wasm_f32x4_add(wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f))),
                                  wasm_f32x4_mul(n, wasm_f32x4_splat(2.12194440e-4f)));
  v128_t p = wasm_f32x4_splat(1.9875691500e-4f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.3981999507e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(8.3334519073e-3f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(4.1665795894e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.6666665459e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(5.0000001201e-1f));
  const v128_t er = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, r), r), r), wasm_f32x4_splat(1.0f));
  // 2^n: the integer n sits in the low mantissa bits of `shifted` (whose bits are
  // those of 1.5 * 2^23, 0x4b400000, plus n), which is cheaper than converting n
  // (i32x4.trunc_sat has no single x64 instruction).
  const v128_t two_n = wasm_i32x4_shl(wasm_i32x4_sub(shifted, wasm_i32x4_splat(0x4b400000 - 127)), 23);
  v128_t e = wasm_v128_andnot(wasm_f32x4_mul(er, two_n), underflows);
  e = wasm_v128_bitselect(wasm_f32x4_splat(__builtin_huge_valf()), e, overflows);
  return wasm_v128_bitselect(in, e, is_nan);
}

inline v128_t f32x4_tanh(v128_t x) {
  const v128_t a = wasm_f32x4_abs(x);
  const v128_t one = wasm_f32x4_splat(1.0f);
  // 1 - 2 / (e^{2a} + 1), and the odd Taylor series to a^9 below 0.2, where that difference cancels.
  const v128_t e = f32x4_exp(wasm_f32x4_add(a, a));
  const v128_t large = wasm_f32x4_sub(one, wasm_f32x4_div(wasm_f32x4_splat(2.0f), wasm_f32x4_add(e, one)));
  const v128_t a2 = wasm_f32x4_mul(a, a);
  v128_t t = wasm_f32x4_add(wasm_f32x4_splat(-0.053968254f), wasm_f32x4_mul(a2, wasm_f32x4_splat(0.021869489f)));
  t = wasm_f32x4_add(wasm_f32x4_splat(0.133333333f), wasm_f32x4_mul(a2, t));
  t = wasm_f32x4_add(wasm_f32x4_splat(-0.333333333f), wasm_f32x4_mul(a2, t));
  const v128_t small = wasm_f32x4_mul(a, wasm_f32x4_add(one, wasm_f32x4_mul(a2, t)));
  const v128_t y = wasm_v128_bitselect(small, large, wasm_f32x4_lt(a, wasm_f32x4_splat(0.2f)));
  // The sign of x back on |tanh|: y's sign bit is 0, so or-ing x's sign bit in restores it.
  return wasm_v128_or(y, wasm_v128_and(x, wasm_i32x4_splat(static_cast<int>(0x80000000u))));
}

inline float f32x4_sum(v128_t v) {
  // Lanes (0 + 1) + (2 + 3): the order the kernels' scalar references are tested against, to rounding.
  const v128_t pairs = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  return wasm_f32x4_extract_lane(pairs, 0) + wasm_f32x4_extract_lane(pairs, 2);
}

inline float f32x4_max(v128_t v) {
  const v128_t pairs = wasm_f32x4_pmax(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
  const float a = wasm_f32x4_extract_lane(pairs, 0);
  const float b = wasm_f32x4_extract_lane(pairs, 2);
  return a < b ? b : a;
}

// The largest of x[0..n), n >= 1.
inline float row_max(int n, const float* x) {
  const int n4 = n & ~3;
  float m = x[0];
  if (n4 > 0) {
    v128_t m4 = wasm_v128_load(x);
    for (int j = 4; j < n4; j += 4) m4 = wasm_f32x4_pmax(m4, wasm_v128_load(x + j));
    m = f32x4_max(m4);
  }
  for (int j = n4; j < n; ++j) m = x[j] > m ? x[j] : m;
  return m;
}

// Σ_j exp(x_j - shift) over j < n, each exp(x_j - shift) also stored in y
// when y is given (y may be x).
inline float sum_exp(int n, const float* x, float shift, float* y) {
  const int n4 = n & ~3;
  const v128_t shift4 = wasm_f32x4_splat(shift);
  v128_t s4 = wasm_f32x4_splat(0.0f);
  for (int j = 0; j < n4; j += 4) {
    const v128_t e = f32x4_exp(wasm_f32x4_sub(wasm_v128_load(x + j), shift4));
    if (y) wasm_v128_store(y + j, e);
    s4 = wasm_f32x4_add(s4, e);
  }
  float s = f32x4_sum(s4);
  for (int j = n4; j < n; ++j) {
    const float e = kernels::exp_fast(x[j] - shift);
    if (y) y[j] = e;
    s += e;
  }
  return s;
}

}  // namespace lmp::kernels

#endif
