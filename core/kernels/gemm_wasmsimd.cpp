// f32_gemm_4x8__wasmsimd: matrix product with wasm SIMD (128-bit, no FMA).
//
// GotoBLAS/BLIS structure, as XNNPACK's f32 GEMMs:
//   for each block of kNc columns of C
//     for each block of kKc along k:       pack op(B) into 8-column slivers (kc x 8, zero-padded)
//       for each block of kMc rows of C:   pack op(A) into 4-row slivers (kc x 4, zero-padded)
//         for each 8-column sliver of B:   (stays in L1 while the A block streams from L2)
//           for each 4-row sliver of A:    micro-kernel: a 4x8 tile of C in 8 f32x4 accumulators
// The transpose flags only change how the packing reads A and B, so one
// micro-kernel serves A·B, A·Bᵀ and Aᵀ·B. Edges (m % 4, n % 8) are zero-padded
// in the packed slivers, and the micro-kernel writes only the valid part.
//
// Products with m == 1 or n == 1 (matrix times vector) take a GEMV path instead
// (gemv_rows / gemv_dots of gemv_wasmsimd.h), as Eigen does.
//
// The micro-kernel, per step along k: 2 loads of packed B (8 floats), 4
// v128.load32_splat of packed A (vbroadcastss from memory on x86, a load-port
// µop only), 8 f32x4.mul and 8 f32x4.add. V8 (TurboFan) hoists all the loads of
// a step to its top, so a tile needs accumulators + B vectors + A splats + one
// product temporary registers, of the 15 x64 XMM registers V8 allocates
// (xmm15 is its scratch). 4x8 needs 8 + 2 + 4 + 1 = 15. Measured in node 20 on
// the Zen 4 this was written on (GFLOP/s, n = 256): 4x8 about 45, 2x16 about 40
// (8 + 4 + 2 + 1 = 15, more loads a step), while 6x8, 5x8, 8x8, 4x12 and 3x16
// spill accumulators to the stack every step and drop to 15-25, and 8x4 (8 A
// splats) to about 19. Unrolling the k loop by hand (2 or 4 steps) makes V8
// hoist more loads and spill: 27 and 23. 45 GFLOP/s is close to the peak of
// 128-bit multiply + add without FMA (2 mulps + 2 addps a cycle, 16 flops).
//
// f32_gemm_6x8__sse (gemm_sse.cpp) gives the same bits as this kernel: a change
// to the order of the sums here (kKc, the GEMV paths, how a tile meets C) must
// be made there too; kernels_gemm_test.cpp checks a hash of the outputs.
#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>

#include "kernels/gemm.h"
#include "kernels/gemv_wasmsimd.h"
#include "kernels/pack_buffer.h"

namespace lmp::kernels {

namespace {

constexpr int kMr = 4;     // rows of the register tile
constexpr int kNr = 8;     // columns of the register tile (2 f32x4)
constexpr int kKc = kGemmDepthBlock;  // an A sliver is 4 KiB, a B sliver 8 KiB (L1)
constexpr int kMc = 128;   // rows of A packed at a time: 128 KiB (L2)
constexpr int kNc = 1024;  // columns of B packed at a time: up to 1 MiB

using Index = std::ptrdiff_t;


// Packs a sliver of W lanes (rows of op(A), or columns of op(B)) over kc steps of k:
//   dst[p * W + r] = src[r * lane_stride + p * step_stride]   for r < w,
//   dst[p * W + r] = 0                                         for w <= r < W.
template <int W>
void pack_sliver(const float* src, Index lane_stride, Index step_stride, int w, int kc, float* dst) {
  static_assert(W % 4 == 0, "slivers are whole f32x4");
  if (lane_stride == 1) {
    // The lanes of one step are contiguous (Aᵀ stored (K, M), or B stored (K, N)): copy rows.
    if (w == W) {
      for (int p = 0; p < kc; ++p) {
        const float* s = src + p * step_stride;
        float* d = dst + p * W;
        for (int v = 0; v < W / 4; ++v) wasm_v128_store(d + 4 * v, wasm_v128_load(s + 4 * v));
      }
    } else {
      for (int p = 0; p < kc; ++p) {
        const float* s = src + p * step_stride;
        float* d = dst + p * W;
        int r = 0;
        for (; r < w; ++r) d[r] = s[r];
        for (; r < W; ++r) d[r] = 0.0f;
      }
    }
    return;
  }
  // Each lane is contiguous along k (A stored (M, K), or Bᵀ stored (N, K)):
  // transpose 4 lanes x 4 steps at a time.
  int r = 0;
  for (; r + 4 <= w; r += 4) {
    const float* s0 = src + r * lane_stride;
    const float* s1 = s0 + lane_stride;
    const float* s2 = s1 + lane_stride;
    const float* s3 = s2 + lane_stride;
    float* d = dst + r;
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
      const v128_t x0 = wasm_v128_load(s0 + p);
      const v128_t x1 = wasm_v128_load(s1 + p);
      const v128_t x2 = wasm_v128_load(s2 + p);
      const v128_t x3 = wasm_v128_load(s3 + p);
      const v128_t lo01 = wasm_i32x4_shuffle(x0, x1, 0, 4, 1, 5);
      const v128_t lo23 = wasm_i32x4_shuffle(x2, x3, 0, 4, 1, 5);
      const v128_t hi01 = wasm_i32x4_shuffle(x0, x1, 2, 6, 3, 7);
      const v128_t hi23 = wasm_i32x4_shuffle(x2, x3, 2, 6, 3, 7);
      wasm_v128_store(d + (p + 0) * W, wasm_i64x2_shuffle(lo01, lo23, 0, 2));
      wasm_v128_store(d + (p + 1) * W, wasm_i64x2_shuffle(lo01, lo23, 1, 3));
      wasm_v128_store(d + (p + 2) * W, wasm_i64x2_shuffle(hi01, hi23, 0, 2));
      wasm_v128_store(d + (p + 3) * W, wasm_i64x2_shuffle(hi01, hi23, 1, 3));
    }
    for (; p < kc; ++p) {
      d[p * W + 0] = s0[p];
      d[p * W + 1] = s1[p];
      d[p * W + 2] = s2[p];
      d[p * W + 3] = s3[p];
    }
  }
  for (; r < w; ++r) {
    const float* s = src + r * lane_stride;
    for (int p = 0; p < kc; ++p) dst[p * W + r] = s[p];
  }
  for (; r < W; ++r) {
    for (int p = 0; p < kc; ++p) dst[p * W + r] = 0.0f;
  }
}

// C[0:mr, 0:nr] (row stride ldc) = or += the 4x8 product of a packed A sliver
// (kc x 4) and a packed B sliver (kc x 8).
void micro_kernel_4x8(int kc, const float* __restrict ap, const float* __restrict bp, float* c, Index ldc, int mr,
                      int nr, bool add) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00;
  v128_t c10 = c00, c11 = c00;
  v128_t c20 = c00, c21 = c00;
  v128_t c30 = c00, c31 = c00;
  for (int p = 0; p < kc; ++p) {
    const v128_t b0 = wasm_v128_load(bp);
    const v128_t b1 = wasm_v128_load(bp + 4);
    const v128_t a0 = wasm_v128_load32_splat(ap + 0);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
    const v128_t a1 = wasm_v128_load32_splat(ap + 1);
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
    const v128_t a2 = wasm_v128_load32_splat(ap + 2);
    c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
    c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
    const v128_t a3 = wasm_v128_load32_splat(ap + 3);
    c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
    c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
    ap += kMr;
    bp += kNr;
  }
  if (mr == kMr && nr == kNr) {
    float* c0 = c;
    float* c1 = c0 + ldc;
    float* c2 = c1 + ldc;
    float* c3 = c2 + ldc;
    if (add) {
      c00 = wasm_f32x4_add(c00, wasm_v128_load(c0));
      c01 = wasm_f32x4_add(c01, wasm_v128_load(c0 + 4));
      c10 = wasm_f32x4_add(c10, wasm_v128_load(c1));
      c11 = wasm_f32x4_add(c11, wasm_v128_load(c1 + 4));
      c20 = wasm_f32x4_add(c20, wasm_v128_load(c2));
      c21 = wasm_f32x4_add(c21, wasm_v128_load(c2 + 4));
      c30 = wasm_f32x4_add(c30, wasm_v128_load(c3));
      c31 = wasm_f32x4_add(c31, wasm_v128_load(c3 + 4));
    }
    wasm_v128_store(c0, c00);
    wasm_v128_store(c0 + 4, c01);
    wasm_v128_store(c1, c10);
    wasm_v128_store(c1 + 4, c11);
    wasm_v128_store(c2, c20);
    wasm_v128_store(c2 + 4, c21);
    wasm_v128_store(c3, c30);
    wasm_v128_store(c3 + 4, c31);
    return;
  }
  // Edge tile: the padded rows and columns hold zeros (or NaN from an Inf times
  // a padding zero); write only the valid mr x nr part.
  alignas(16) float tile[kMr * kNr];
  wasm_v128_store(tile + 0, c00);
  wasm_v128_store(tile + 4, c01);
  wasm_v128_store(tile + 8, c10);
  wasm_v128_store(tile + 12, c11);
  wasm_v128_store(tile + 16, c20);
  wasm_v128_store(tile + 20, c21);
  wasm_v128_store(tile + 24, c30);
  wasm_v128_store(tile + 28, c31);
  for (int i = 0; i < mr; ++i) {
    float* row = c + i * ldc;
    for (int j = 0; j < nr; ++j) row[j] = add ? row[j] + tile[i * kNr + j] : tile[i * kNr + j];
  }
}

thread_local PackBuffer packed_a_buffer;
thread_local PackBuffer packed_b_buffer;

}  // namespace

void f32_gemm_4x8__wasmsimd(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b,
                            float* c, bool accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) std::memset(c, 0, sizeof(float) * static_cast<std::size_t>(m) * static_cast<std::size_t>(n));
    return;
  }
  if (n == 1) {  // C (m, 1) = op(A) · b; the column b and, for m == 1, the row a are contiguous
    if (transpose_a && m > 1) {
      gemv_rows(k, m, m, a, b, c, accumulate);  // A stored (K, M): c = sum_p b[p] A[p, :]
    } else {
      gemv_dots(k, m, k, a, b, c, accumulate);  // A stored (M, K): c[i] = A[i, :] · b
    }
    return;
  }
  if (m == 1) {  // C (1, n) = a · op(B)
    if (transpose_b) {
      gemv_dots(k, n, k, b, a, c, accumulate);  // B stored (N, K): c[j] = B[j, :] · a
    } else {
      gemv_rows(k, n, n, b, a, c, accumulate);  // B stored (K, N): c = sum_p a[p] B[p, :]
    }
    return;
  }
  // op(A)[i][p] = a[i * a_row + p * a_step]; op(B)[p][j] = b[p * b_step + j * b_col].
  const Index a_row = transpose_a ? 1 : k;
  const Index a_step = transpose_a ? m : 1;
  const Index b_step = transpose_b ? 1 : n;
  const Index b_col = transpose_b ? k : 1;

  constexpr int kMcTiles = (kMc + kMr - 1) / kMr * kMr;
  const int kc_max = std::min(kKc, k);
  const int mc_max = (std::min(kMcTiles, m) + kMr - 1) / kMr * kMr;
  const int nc_max = (std::min(kNc, n) + kNr - 1) / kNr * kNr;
  float* const packed_a = packed_a_buffer.get(static_cast<std::size_t>(mc_max) * kc_max);
  float* const packed_b = packed_b_buffer.get(static_cast<std::size_t>(nc_max) * kc_max);

  for (int jc = 0; jc < n; jc += kNc) {
    const int nc = std::min(kNc, n - jc);
    for (int pc = 0; pc < k; pc += kKc) {
      const int kc = std::min(kKc, k - pc);
      const bool add = accumulate || pc > 0;
      for (int jr = 0; jr < nc; jr += kNr) {
        pack_sliver<kNr>(b + pc * b_step + (jc + jr) * b_col, b_col, b_step, std::min(kNr, nc - jr), kc,
                         packed_b + static_cast<Index>(jr) * kc);
      }
      for (int ic = 0; ic < m; ic += kMcTiles) {
        const int mc = std::min(kMcTiles, m - ic);
        for (int ir = 0; ir < mc; ir += kMr) {
          pack_sliver<kMr>(a + (ic + ir) * a_row + pc * a_step, a_row, a_step, std::min(kMr, mc - ir), kc,
                           packed_a + static_cast<Index>(ir) * kc);
        }
        for (int jr = 0; jr < nc; jr += kNr) {
          const float* b_sliver = packed_b + static_cast<Index>(jr) * kc;
          float* c_column = c + static_cast<Index>(ic) * n + jc + jr;
          for (int ir = 0; ir < mc; ir += kMr) {
            micro_kernel_4x8(kc, packed_a + static_cast<Index>(ir) * kc, b_sliver, c_column + static_cast<Index>(ir) * n,
                             n, std::min(kMr, mc - ir), std::min(kNr, nc - jr), add);
          }
        }
      }
    }
  }
}

}  // namespace lmp::kernels

#endif  // __wasm_simd128__
