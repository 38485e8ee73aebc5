// Matrix-vector products in f32x4, where a 4x8 tile would compute mostly
// padding and packing would copy as many floats as the product reads: the
// m == 1 and n == 1 paths of f32_gemm_4x8__wasmsimd, and both halves of
// attention_row__wasmsimd (a query's scores against the cached keys, the
// weighted sum of the cached values). The vector is contiguous; the matrix is
// read in one of two ways, its rows ld floats apart (ld >= the floats used).
//
// f32_gemm_6x8__sse (gemm_sse.cpp) sums in the same order, so f32_gemm gives
// the same bits in both builds: a change to an order here must be made there
// too (kernels_gemm_test.cpp checks a hash of the outputs).
#pragma once
#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#include <cstddef>

namespace lmp::kernels {

// out[l] (+)= sum_r v[r] * x[r * ld + l] for l < cols: the rows of x (rows, ld) scaled and summed.
inline void gemv_rows(int rows, int cols, std::ptrdiff_t ld, const float* x, const float* v, float* out, bool add) {
  int l = 0;
  for (; l + 16 <= cols; l += 16) {
    v128_t acc0 = wasm_f32x4_splat(0.0f), acc1 = acc0, acc2 = acc0, acc3 = acc0;
    const float* xp = x + l;
    for (int r = 0; r < rows; ++r, xp += ld) {
      const v128_t s = wasm_v128_load32_splat(v + r);
      acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(s, wasm_v128_load(xp)));
      acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(s, wasm_v128_load(xp + 4)));
      acc2 = wasm_f32x4_add(acc2, wasm_f32x4_mul(s, wasm_v128_load(xp + 8)));
      acc3 = wasm_f32x4_add(acc3, wasm_f32x4_mul(s, wasm_v128_load(xp + 12)));
    }
    if (add) {
      acc0 = wasm_f32x4_add(acc0, wasm_v128_load(out + l));
      acc1 = wasm_f32x4_add(acc1, wasm_v128_load(out + l + 4));
      acc2 = wasm_f32x4_add(acc2, wasm_v128_load(out + l + 8));
      acc3 = wasm_f32x4_add(acc3, wasm_v128_load(out + l + 12));
    }
    wasm_v128_store(out + l, acc0);
    wasm_v128_store(out + l + 4, acc1);
    wasm_v128_store(out + l + 8, acc2);
    wasm_v128_store(out + l + 12, acc3);
  }
  for (; l + 4 <= cols; l += 4) {
    v128_t acc = wasm_f32x4_splat(0.0f);
    const float* xp = x + l;
    for (int r = 0; r < rows; ++r, xp += ld) {
      acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load32_splat(v + r), wasm_v128_load(xp)));
    }
    wasm_v128_store(out + l, add ? wasm_f32x4_add(acc, wasm_v128_load(out + l)) : acc);
  }
  for (; l < cols; ++l) {
    float sum = 0.0f;
    for (int r = 0; r < rows; ++r) sum += v[r] * x[r * ld + l];
    out[l] = add ? out[l] + sum : sum;
  }
}

// out[l] (+)= sum_r x[l * ld + r] * v[r] for r < len: dot products of the rows of x (rows, ld) with v.
inline void gemv_dots(int len, int rows, std::ptrdiff_t ld, const float* x, const float* v, float* out, bool add) {
  int l = 0;
  for (; l + 4 <= rows; l += 4) {
    const float* x0 = x + l * ld;
    const float* x1 = x0 + ld;
    const float* x2 = x1 + ld;
    const float* x3 = x2 + ld;
    v128_t acc0 = wasm_f32x4_splat(0.0f), acc1 = acc0, acc2 = acc0, acc3 = acc0;
    int r = 0;
    for (; r + 4 <= len; r += 4) {
      const v128_t vv = wasm_v128_load(v + r);
      acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(x0 + r), vv));
      acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(wasm_v128_load(x1 + r), vv));
      acc2 = wasm_f32x4_add(acc2, wasm_f32x4_mul(wasm_v128_load(x2 + r), vv));
      acc3 = wasm_f32x4_add(acc3, wasm_f32x4_mul(wasm_v128_load(x3 + r), vv));
    }
    // Lane sums of acc0..acc3 as one vector: transpose and add.
    const v128_t s01 = wasm_f32x4_add(wasm_i32x4_shuffle(acc0, acc1, 0, 4, 1, 5), wasm_i32x4_shuffle(acc0, acc1, 2, 6, 3, 7));
    const v128_t s23 = wasm_f32x4_add(wasm_i32x4_shuffle(acc2, acc3, 0, 4, 1, 5), wasm_i32x4_shuffle(acc2, acc3, 2, 6, 3, 7));
    v128_t sum = wasm_f32x4_add(wasm_i64x2_shuffle(s01, s23, 0, 2), wasm_i64x2_shuffle(s01, s23, 1, 3));
    for (; r < len; ++r) {
      sum = wasm_f32x4_add(sum, wasm_f32x4_mul(wasm_f32x4_make(x0[r], x1[r], x2[r], x3[r]), wasm_v128_load32_splat(v + r)));
    }
    wasm_v128_store(out + l, add ? wasm_f32x4_add(sum, wasm_v128_load(out + l)) : sum);
  }
  for (; l < rows; ++l) {
    const float* xl = x + l * ld;
    v128_t acc = wasm_f32x4_splat(0.0f);
    int r = 0;
    for (; r + 4 <= len; r += 4) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(xl + r), wasm_v128_load(v + r)));
    acc = wasm_f32x4_add(acc, wasm_i32x4_shuffle(acc, acc, 2, 3, 0, 1));
    acc = wasm_f32x4_add(acc, wasm_i32x4_shuffle(acc, acc, 1, 0, 3, 2));
    float sum = wasm_f32x4_extract_lane(acc, 0);
    for (; r < len; ++r) sum += xl[r] * v[r];
    out[l] = add ? out[l] + sum : sum;
  }
}

}  // namespace lmp::kernels

#endif
