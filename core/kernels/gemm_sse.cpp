// f32_gemm_6x8__sse: the native (x86 SSE, 128-bit, no FMA) counterpart of
// f32_gemm_4x8__wasmsimd (gemm_wasmsimd.cpp), with the same arithmetic:
// the same k blocking (kKc = 256), each element of C summed over p in order
// within a block in float (a multiply, then an add), blocks added to C in
// order, and the same matrix-vector paths (m == 1 or n == 1) with the same
// summation order. So f32_gemm gives bit-identical results natively and in wasm
// (tile shapes and the m, n blocking do not change the order of any element's sum).
//
// Differences from the wasm kernel, both for the SSE instruction set:
// - A is packed pre-broadcast (each value 4 times, 16 bytes), because SSE has
//   no broadcast load: _mm_set1_ps from memory is a load plus a shuffle, and
//   the shuffle would compete with the multiplies and adds for the FP pipes;
//   V8 turns wasm's v128.load32_splat into AVX vbroadcastss, a load only.
// - The tile is 6x8: 12 accumulators + 2 B vectors + 1 product register of the
//   16 XMM registers GCC allocates (the broadcast A values are memory operands).
#include "kernels/gemm.h"
#include "kernels/pack_buffer.h"

#if defined(LMP_GEMM_HAVE_SSE)

#include <emmintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>

namespace lmp::kernels {

namespace {

constexpr int kMr = 6;     // rows of the register tile
constexpr int kNr = 8;     // columns of the register tile (2 x 4 floats)
constexpr int kKc = kGemmDepthBlock;  // an A sliver is 4 KiB, a B sliver 8 KiB (L1)
constexpr int kMc = 126;   // rows of A packed at a time (21 slivers): 126 x 256 x 16 bytes = 504 KiB (L2)
constexpr int kNc = 1024;  // columns of B packed at a time: up to 1 MiB

using Index = std::ptrdiff_t;


// B sliver, as pack_sliver<8> in gemm_wasmsimd.cpp:
//   dst[p * 8 + j] = src[j * col_stride + p * step_stride] for j < w, 0 for w <= j < 8.
void pack_b_sliver(const float* src, Index col_stride, Index step_stride, int w, int kc, float* dst) {
  if (col_stride == 1) {
    if (w == kNr) {
      for (int p = 0; p < kc; ++p) {
        const float* s = src + p * step_stride;
        _mm_store_ps(dst + p * kNr, _mm_loadu_ps(s));
        _mm_store_ps(dst + p * kNr + 4, _mm_loadu_ps(s + 4));
      }
    } else {
      for (int p = 0; p < kc; ++p) {
        const float* s = src + p * step_stride;
        float* d = dst + p * kNr;
        int j = 0;
        for (; j < w; ++j) d[j] = s[j];
        for (; j < kNr; ++j) d[j] = 0.0f;
      }
    }
    return;
  }
  int j = 0;
  for (; j + 4 <= w; j += 4) {
    const float* s0 = src + j * col_stride;
    const float* s1 = s0 + col_stride;
    const float* s2 = s1 + col_stride;
    const float* s3 = s2 + col_stride;
    float* d = dst + j;
    int p = 0;
    for (; p + 4 <= kc; p += 4) {
      __m128 x0 = _mm_loadu_ps(s0 + p);
      __m128 x1 = _mm_loadu_ps(s1 + p);
      __m128 x2 = _mm_loadu_ps(s2 + p);
      __m128 x3 = _mm_loadu_ps(s3 + p);
      _MM_TRANSPOSE4_PS(x0, x1, x2, x3);
      _mm_store_ps(d + (p + 0) * kNr, x0);
      _mm_store_ps(d + (p + 1) * kNr, x1);
      _mm_store_ps(d + (p + 2) * kNr, x2);
      _mm_store_ps(d + (p + 3) * kNr, x3);
    }
    for (; p < kc; ++p) {
      d[p * kNr + 0] = s0[p];
      d[p * kNr + 1] = s1[p];
      d[p * kNr + 2] = s2[p];
      d[p * kNr + 3] = s3[p];
    }
  }
  for (; j < w; ++j) {
    const float* s = src + j * col_stride;
    for (int p = 0; p < kc; ++p) dst[p * kNr + j] = s[p];
  }
  for (; j < kNr; ++j) {
    for (int p = 0; p < kc; ++p) dst[p * kNr + j] = 0.0f;
  }
}

// A sliver, pre-broadcast: dst[(p * 6 + i) * 4 + 0..3] = src[i * row_stride + p * step_stride]
// for i < w, 0 for w <= i < 6.
void pack_a_sliver(const float* src, Index row_stride, Index step_stride, int w, int kc, float* dst) {
  if (step_stride == 1) {  // A stored (M, K): each row contiguous along k
    int i = 0;
    for (; i < w; ++i) {
      const float* s = src + i * row_stride;
      float* d = dst + i * 4;
      int p = 0;
      for (; p + 4 <= kc; p += 4) {
        const __m128 x = _mm_loadu_ps(s + p);
        _mm_store_ps(d + (p + 0) * kMr * 4, _mm_shuffle_ps(x, x, _MM_SHUFFLE(0, 0, 0, 0)));
        _mm_store_ps(d + (p + 1) * kMr * 4, _mm_shuffle_ps(x, x, _MM_SHUFFLE(1, 1, 1, 1)));
        _mm_store_ps(d + (p + 2) * kMr * 4, _mm_shuffle_ps(x, x, _MM_SHUFFLE(2, 2, 2, 2)));
        _mm_store_ps(d + (p + 3) * kMr * 4, _mm_shuffle_ps(x, x, _MM_SHUFFLE(3, 3, 3, 3)));
      }
      for (; p < kc; ++p) _mm_store_ps(d + p * kMr * 4, _mm_set1_ps(s[p]));
    }
    for (; i < kMr; ++i) {
      for (int p = 0; p < kc; ++p) _mm_store_ps(dst + (p * kMr + i) * 4, _mm_setzero_ps());
    }
    return;
  }
  for (int p = 0; p < kc; ++p) {  // Aᵀ stored (K, M), or any other stride
    const float* s = src + p * step_stride;
    float* d = dst + p * kMr * 4;
    for (int i = 0; i < kMr; ++i) _mm_store_ps(d + i * 4, i < w ? _mm_set1_ps(s[i * row_stride]) : _mm_setzero_ps());
  }
}

// C[0:mr, 0:nr] (row stride ldc) = or += the 6x8 product of a pre-broadcast A
// sliver (kc x 6 x 4) and a packed B sliver (kc x 8).
void micro_kernel_6x8(int kc, const float* __restrict ap, const float* __restrict bp, float* c, Index ldc, int mr,
                      int nr, bool add) {
  __m128 acc[kMr][2];
#pragma GCC unroll 6
  for (int i = 0; i < kMr; ++i) acc[i][0] = acc[i][1] = _mm_setzero_ps();
  for (int p = 0; p < kc; ++p) {
    const __m128 b0 = _mm_load_ps(bp);
    const __m128 b1 = _mm_load_ps(bp + 4);
#pragma GCC unroll 6
    for (int i = 0; i < kMr; ++i) {
      const __m128 a = _mm_load_ps(ap + 4 * i);
      acc[i][0] = _mm_add_ps(acc[i][0], _mm_mul_ps(a, b0));
      acc[i][1] = _mm_add_ps(acc[i][1], _mm_mul_ps(a, b1));
    }
    ap += 4 * kMr;
    bp += kNr;
  }
  if (mr == kMr && nr == kNr) {
#pragma GCC unroll 6
    for (int i = 0; i < kMr; ++i) {
      float* row = c + i * ldc;
      if (add) {
        acc[i][0] = _mm_add_ps(acc[i][0], _mm_loadu_ps(row));
        acc[i][1] = _mm_add_ps(acc[i][1], _mm_loadu_ps(row + 4));
      }
      _mm_storeu_ps(row, acc[i][0]);
      _mm_storeu_ps(row + 4, acc[i][1]);
    }
    return;
  }
  alignas(16) float tile[kMr * kNr];
#pragma GCC unroll 6
  for (int i = 0; i < kMr; ++i) {
    _mm_store_ps(tile + i * kNr, acc[i][0]);
    _mm_store_ps(tile + i * kNr + 4, acc[i][1]);
  }
  for (int i = 0; i < mr; ++i) {
    float* row = c + i * ldc;
    for (int j = 0; j < nr; ++j) row[j] = add ? row[j] + tile[i * kNr + j] : tile[i * kNr + j];
  }
}

// The matrix-vector paths of gemm_wasmsimd.cpp, operation for operation.

// out[l] (+)= sum_r v[r] * x[r * cols + l]
void gemv_rows(int rows, int cols, const float* x, const float* v, float* out, bool add) {
  int l = 0;
  for (; l + 16 <= cols; l += 16) {
    __m128 acc0 = _mm_setzero_ps(), acc1 = acc0, acc2 = acc0, acc3 = acc0;
    const float* xp = x + l;
    for (int r = 0; r < rows; ++r, xp += cols) {
      const __m128 s = _mm_set1_ps(v[r]);
      acc0 = _mm_add_ps(acc0, _mm_mul_ps(s, _mm_loadu_ps(xp)));
      acc1 = _mm_add_ps(acc1, _mm_mul_ps(s, _mm_loadu_ps(xp + 4)));
      acc2 = _mm_add_ps(acc2, _mm_mul_ps(s, _mm_loadu_ps(xp + 8)));
      acc3 = _mm_add_ps(acc3, _mm_mul_ps(s, _mm_loadu_ps(xp + 12)));
    }
    if (add) {
      acc0 = _mm_add_ps(acc0, _mm_loadu_ps(out + l));
      acc1 = _mm_add_ps(acc1, _mm_loadu_ps(out + l + 4));
      acc2 = _mm_add_ps(acc2, _mm_loadu_ps(out + l + 8));
      acc3 = _mm_add_ps(acc3, _mm_loadu_ps(out + l + 12));
    }
    _mm_storeu_ps(out + l, acc0);
    _mm_storeu_ps(out + l + 4, acc1);
    _mm_storeu_ps(out + l + 8, acc2);
    _mm_storeu_ps(out + l + 12, acc3);
  }
  for (; l + 4 <= cols; l += 4) {
    __m128 acc = _mm_setzero_ps();
    const float* xp = x + l;
    for (int r = 0; r < rows; ++r, xp += cols) acc = _mm_add_ps(acc, _mm_mul_ps(_mm_set1_ps(v[r]), _mm_loadu_ps(xp)));
    _mm_storeu_ps(out + l, add ? _mm_add_ps(acc, _mm_loadu_ps(out + l)) : acc);
  }
  for (; l < cols; ++l) {
    float sum = 0.0f;
    for (int r = 0; r < rows; ++r) sum += v[r] * x[static_cast<Index>(r) * cols + l];
    out[l] = add ? out[l] + sum : sum;
  }
}

// out[l] (+)= sum_r x[l * len + r] * v[r]
void gemv_dots(int len, int rows, const float* x, const float* v, float* out, bool add) {
  int l = 0;
  for (; l + 4 <= rows; l += 4) {
    const float* x0 = x + static_cast<Index>(l) * len;
    const float* x1 = x0 + len;
    const float* x2 = x1 + len;
    const float* x3 = x2 + len;
    __m128 acc0 = _mm_setzero_ps(), acc1 = acc0, acc2 = acc0, acc3 = acc0;
    int r = 0;
    for (; r + 4 <= len; r += 4) {
      const __m128 vv = _mm_loadu_ps(v + r);
      acc0 = _mm_add_ps(acc0, _mm_mul_ps(_mm_loadu_ps(x0 + r), vv));
      acc1 = _mm_add_ps(acc1, _mm_mul_ps(_mm_loadu_ps(x1 + r), vv));
      acc2 = _mm_add_ps(acc2, _mm_mul_ps(_mm_loadu_ps(x2 + r), vv));
      acc3 = _mm_add_ps(acc3, _mm_mul_ps(_mm_loadu_ps(x3 + r), vv));
    }
    const __m128 s01 = _mm_add_ps(_mm_unpacklo_ps(acc0, acc1), _mm_unpackhi_ps(acc0, acc1));
    const __m128 s23 = _mm_add_ps(_mm_unpacklo_ps(acc2, acc3), _mm_unpackhi_ps(acc2, acc3));
    __m128 sum = _mm_add_ps(_mm_movelh_ps(s01, s23), _mm_movehl_ps(s23, s01));
    for (; r < len; ++r) sum = _mm_add_ps(sum, _mm_mul_ps(_mm_setr_ps(x0[r], x1[r], x2[r], x3[r]), _mm_set1_ps(v[r])));
    _mm_storeu_ps(out + l, add ? _mm_add_ps(sum, _mm_loadu_ps(out + l)) : sum);
  }
  for (; l < rows; ++l) {
    const float* xl = x + static_cast<Index>(l) * len;
    __m128 acc = _mm_setzero_ps();
    int r = 0;
    for (; r + 4 <= len; r += 4) acc = _mm_add_ps(acc, _mm_mul_ps(_mm_loadu_ps(xl + r), _mm_loadu_ps(v + r)));
    acc = _mm_add_ps(acc, _mm_shuffle_ps(acc, acc, _MM_SHUFFLE(1, 0, 3, 2)));
    acc = _mm_add_ps(acc, _mm_shuffle_ps(acc, acc, _MM_SHUFFLE(2, 3, 0, 1)));
    float sum = _mm_cvtss_f32(acc);
    for (; r < len; ++r) sum += xl[r] * v[r];
    out[l] = add ? out[l] + sum : sum;
  }
}

thread_local PackBuffer packed_a_buffer;
thread_local PackBuffer packed_b_buffer;

}  // namespace

void f32_gemm_6x8__sse(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b,
                       float* c, bool accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) std::memset(c, 0, sizeof(float) * static_cast<std::size_t>(m) * static_cast<std::size_t>(n));
    return;
  }
  if (n == 1) {
    if (transpose_a && m > 1) {
      gemv_rows(k, m, a, b, c, accumulate);
    } else {
      gemv_dots(k, m, a, b, c, accumulate);
    }
    return;
  }
  if (m == 1) {
    if (transpose_b) {
      gemv_dots(k, n, b, a, c, accumulate);
    } else {
      gemv_rows(k, n, b, a, c, accumulate);
    }
    return;
  }
  // op(A)[i][p] = a[i * a_row + p * a_step]; op(B)[p][j] = b[p * b_step + j * b_col].
  const Index a_row = transpose_a ? 1 : k;
  const Index a_step = transpose_a ? m : 1;
  const Index b_step = transpose_b ? 1 : n;
  const Index b_col = transpose_b ? k : 1;

  const int kc_max = std::min(kKc, k);
  const int mc_max = (std::min(kMc, m) + kMr - 1) / kMr * kMr;
  const int nc_max = (std::min(kNc, n) + kNr - 1) / kNr * kNr;
  float* const packed_a = packed_a_buffer.get(static_cast<std::size_t>(mc_max) * kc_max * 4);
  float* const packed_b = packed_b_buffer.get(static_cast<std::size_t>(nc_max) * kc_max);

  for (int jc = 0; jc < n; jc += kNc) {
    const int nc = std::min(kNc, n - jc);
    for (int pc = 0; pc < k; pc += kKc) {
      const int kc = std::min(kKc, k - pc);
      const bool add = accumulate || pc > 0;
      for (int jr = 0; jr < nc; jr += kNr) {
        pack_b_sliver(b + pc * b_step + (jc + jr) * b_col, b_col, b_step, std::min(kNr, nc - jr), kc,
                      packed_b + static_cast<Index>(jr) * kc);
      }
      for (int ic = 0; ic < m; ic += kMc) {
        const int mc = std::min(kMc, m - ic);
        for (int ir = 0; ir < mc; ir += kMr) {
          pack_a_sliver(a + (ic + ir) * a_row + pc * a_step, a_row, a_step, std::min(kMr, mc - ir), kc,
                        packed_a + static_cast<Index>(ir) * kc * 4);
        }
        for (int jr = 0; jr < nc; jr += kNr) {
          const float* b_sliver = packed_b + static_cast<Index>(jr) * kc;
          float* c_column = c + static_cast<Index>(ic) * n + jc + jr;
          for (int ir = 0; ir < mc; ir += kMr) {
            micro_kernel_6x8(kc, packed_a + static_cast<Index>(ir) * kc * 4, b_sliver,
                             c_column + static_cast<Index>(ir) * n, n, std::min(kMr, mc - ir), std::min(kNr, nc - jr),
                             add);
          }
        }
      }
    }
  }
}

}  // namespace lmp::kernels

#endif  // LMP_GEMM_HAVE_SSE
