// attention_forward_4x8__wasmsimd / attention_backward_4x8__wasmsimd: one
// head of attention (attention.h) hand-written with wasm SIMD, as
// FlashAttention tiles it:
//   for each tile of 4 queries
//     for each block of up to 64 keys, stopping at the tile's last query when causal
//       scores (4 x 64) in 4x8 register tiles against Kᵀ (a gemm micro-kernel)
//       forward:  online softmax (running max per query, what was summed
//                 rescaled when it grows), out += P V
//       backward: P rebuilt from the scores and lse, dS = P (dP - rowsum(dO O)) scale,
//                 dQ += dS K, dK += dSᵀ Q, dV += Pᵀ dO
// Causal attention never visits a block above the diagonal: the key loop of a
// tile ends at its last query, so about half the work of the full matrix is
// skipped, down to 8 keys (a score sliver); the few scores past a query in
// its last sliver are set to -inf. No T x T matrix exists: a tile's scores
// live in a 1 KiB buffer.
//
// Register budget (see gemm_wasmsimd.cpp): the score tile needs 8
// accumulators + 2 Kᵀ vectors + 4 query splats + 1 temporary of V8's 15 XMM
// registers; the P·V and dSᵀ·Q loops keep 4 accumulators and read their
// weights with load32_splat.
#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "kernels/attention.h"
#include "kernels/fast_math.h"
#include "kernels/simd_math.h"

namespace lmp::kernels {

namespace {

constexpr int kTileRows = 4;   // queries per tile
constexpr int kSliver = 8;     // keys per register tile of scores (2 f32x4)
constexpr int kKeyBlock = 64;  // keys per block of the online softmax (a multiple of kSliver)

int round_up(int n, int m) { return (n + m - 1) / m * m; }

// dst[c * stride + j] = src[j * d + c] for j < T; zero for T <= j < stride, so
// a score sliver may read past the last key.
void transpose_padded(const float* src, int T, int d, int stride, float* dst) {
  for (int c = 0; c < d; ++c) {
    float* row = dst + static_cast<std::size_t>(c) * stride;
    for (int j = 0; j < T; ++j) row[j] = src[static_cast<std::size_t>(j) * d + c];
    for (int j = T; j < stride; ++j) row[j] = 0.0f;
  }
}

// out[r * kKeyBlock + j] = scale (a_r · column j0 + j of bt), for the 4 rows
// a[0..3] and j < width rounded up to a sliver. bt is (d, stride), transposed.
void score_tile(const float* const a[kTileRows], const float* bt, int stride, int j0, int width, int d, float scale,
                float* out) {
  const v128_t scale4 = wasm_f32x4_splat(scale);
  for (int j = 0; j < width; j += kSliver) {
    v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00;
    v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
    const float* b = bt + j0 + j;
    for (int c = 0; c < d; ++c, b += stride) {
      const v128_t b0 = wasm_v128_load(b);
      const v128_t b1 = wasm_v128_load(b + 4);
      const v128_t a0 = wasm_v128_load32_splat(a[0] + c);
      const v128_t a1 = wasm_v128_load32_splat(a[1] + c);
      const v128_t a2 = wasm_v128_load32_splat(a[2] + c);
      const v128_t a3 = wasm_v128_load32_splat(a[3] + c);
      c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a0, b0));
      c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a0, b1));
      c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a1, b0));
      c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a1, b1));
      c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a2, b0));
      c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a2, b1));
      c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a3, b0));
      c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a3, b1));
    }
    float* o = out + j;
    wasm_v128_store(o, wasm_f32x4_mul(c00, scale4));
    wasm_v128_store(o + 4, wasm_f32x4_mul(c01, scale4));
    wasm_v128_store(o + kKeyBlock, wasm_f32x4_mul(c10, scale4));
    wasm_v128_store(o + kKeyBlock + 4, wasm_f32x4_mul(c11, scale4));
    wasm_v128_store(o + 2 * kKeyBlock, wasm_f32x4_mul(c20, scale4));
    wasm_v128_store(o + 2 * kKeyBlock + 4, wasm_f32x4_mul(c21, scale4));
    wasm_v128_store(o + 3 * kKeyBlock, wasm_f32x4_mul(c30, scale4));
    wasm_v128_store(o + 3 * kKeyBlock + 4, wasm_f32x4_mul(c31, scale4));
  }
}

// acc[r] (d floats each) += sum over j < width of w[r * kKeyBlock + j] x_j,
// x_j = x + j * d: out += P V in the forward, dQ += dS K in the backward.
void add_weighted_rows(float* const acc[kTileRows], const float* w, const float* x, int width, int d) {
  const int d4 = d & ~3;
  for (int c = 0; c < d4; c += 4) {
    v128_t o0 = wasm_v128_load(acc[0] + c), o1 = wasm_v128_load(acc[1] + c);
    v128_t o2 = wasm_v128_load(acc[2] + c), o3 = wasm_v128_load(acc[3] + c);
    const float* xj = x + c;
    for (int j = 0; j < width; ++j, xj += d) {
      const v128_t row = wasm_v128_load(xj);
      o0 = wasm_f32x4_add(o0, wasm_f32x4_mul(wasm_v128_load32_splat(w + j), row));
      o1 = wasm_f32x4_add(o1, wasm_f32x4_mul(wasm_v128_load32_splat(w + kKeyBlock + j), row));
      o2 = wasm_f32x4_add(o2, wasm_f32x4_mul(wasm_v128_load32_splat(w + 2 * kKeyBlock + j), row));
      o3 = wasm_f32x4_add(o3, wasm_f32x4_mul(wasm_v128_load32_splat(w + 3 * kKeyBlock + j), row));
    }
    wasm_v128_store(acc[0] + c, o0);
    wasm_v128_store(acc[1] + c, o1);
    wasm_v128_store(acc[2] + c, o2);
    wasm_v128_store(acc[3] + c, o3);
  }
  for (int c = d4; c < d; ++c) {
    for (int r = 0; r < kTileRows; ++r) {
      float s = acc[r][c];
      for (int j = 0; j < width; ++j) s += w[r * kKeyBlock + j] * x[j * d + c];
      acc[r][c] = s;
    }
  }
}

// y_j (d floats, at y + j * d) += sum over the 4 rows r of w[r * kKeyBlock + j] x[r],
// for j < width: dK += dSᵀ Q and dV += Pᵀ dO in the backward.
void add_transposed_weighted_rows(float* y, const float* w, const float* const x[kTileRows], int width, int d) {
  const int d4 = d & ~3;
  for (int j = 0; j < width; ++j, y += d) {
    const v128_t w0 = wasm_v128_load32_splat(w + j);
    const v128_t w1 = wasm_v128_load32_splat(w + kKeyBlock + j);
    const v128_t w2 = wasm_v128_load32_splat(w + 2 * kKeyBlock + j);
    const v128_t w3 = wasm_v128_load32_splat(w + 3 * kKeyBlock + j);
    for (int c = 0; c < d4; c += 4) {
      v128_t s = wasm_f32x4_add(wasm_f32x4_mul(w0, wasm_v128_load(x[0] + c)), wasm_f32x4_mul(w1, wasm_v128_load(x[1] + c)));
      s = wasm_f32x4_add(s, wasm_f32x4_add(wasm_f32x4_mul(w2, wasm_v128_load(x[2] + c)),
                                           wasm_f32x4_mul(w3, wasm_v128_load(x[3] + c))));
      wasm_v128_store(y + c, wasm_f32x4_add(wasm_v128_load(y + c), s));
    }
    for (int c = d4; c < d; ++c) {
      y[c] += (w[j] * x[0][c] + w[kKeyBlock + j] * x[1][c]) +
              (w[2 * kKeyBlock + j] * x[2][c] + w[3 * kKeyBlock + j] * x[3][c]);
    }
  }
}

// How many of a block's keys query i may see: all `width` of them, or when
// causal only those at or before it (at least one: a block starts at or before
// the tile's first query).
int visible_keys(const AttentionShape& s, int i, int j0, int width) {
  return s.causal ? std::min(width, i + 1 - j0) : width;
}

// The rows of a tile: pointers to rows i0..i0+3 of x, the last valid row
// repeated past T (read, never written, and weighted by 0).
void tile_rows(const float* x, int i0, int T, int d, const float* rows[kTileRows]) {
  for (int r = 0; r < kTileRows; ++r) rows[r] = x + static_cast<std::size_t>(std::min(i0 + r, T - 1)) * d;
}

}  // namespace

void attention_forward_4x8__wasmsimd(const AttentionShape& s, const float* q, const float* k, const float* v,
                                     float* out, float* lse) {
  const int T = s.time;
  const int d = s.head;
  const int stride = round_up(T, kSliver);
  std::vector<float> buffer(static_cast<std::size_t>(d) * stride + kTileRows * kKeyBlock + kTileRows * d);
  float* kt = buffer.data();
  float* p = kt + static_cast<std::size_t>(d) * stride;
  float* acc = p + kTileRows * kKeyBlock;
  transpose_padded(k, T, d, stride, kt);
  float* acc_rows[kTileRows];
  for (int r = 0; r < kTileRows; ++r) acc_rows[r] = acc + r * d;
  for (int i0 = 0; i0 < T; i0 += kTileRows) {
    const int rows = std::min(kTileRows, T - i0);
    const float* queries[kTileRows];
    tile_rows(q, i0, T, d, queries);
    const int keys_end = s.causal ? i0 + rows : T;
    float max[kTileRows], total[kTileRows];
    std::fill(max, max + kTileRows, -std::numeric_limits<float>::infinity());
    std::fill(total, total + kTileRows, 0.0f);
    std::fill(acc, acc + kTileRows * d, 0.0f);
    for (int j0 = 0; j0 < keys_end; j0 += kKeyBlock) {
      const int width = std::min(kKeyBlock, keys_end - j0);
      score_tile(queries, kt, stride, j0, width, d, s.scale, p);
      for (int r = 0; r < kTileRows; ++r) {
        float* row = p + r * kKeyBlock;
        if (r >= rows) {  // past the last query: weight nothing
          std::fill(row, row + width, 0.0f);
          continue;
        }
        const int keys = visible_keys(s, i0 + r, j0, width);
        const float new_max = std::max(max[r], row_max(keys, row));
        if (new_max > max[r]) {  // rescale what was summed against the old maximum
          const float shrink = kernels::exp_fast(max[r] - new_max);
          total[r] *= shrink;
          for (int c = 0; c < d; ++c) acc_rows[r][c] *= shrink;
          max[r] = new_max;
        }
        total[r] += sum_exp(keys, row, new_max, row);
        for (int j = keys; j < width; ++j) row[j] = 0.0f;  // after the query (causal)
      }
      add_weighted_rows(acc_rows, p, v + static_cast<std::size_t>(j0) * d, width, d);
    }
    for (int r = 0; r < rows; ++r) {
      const float inverse = 1.0f / total[r];
      float* o = out + static_cast<std::size_t>(i0 + r) * d;
      for (int c = 0; c < d; ++c) o[c] = acc_rows[r][c] * inverse;
      lse[i0 + r] = max[r] + std::log(total[r]);
    }
  }
}

void attention_backward_4x8__wasmsimd(const AttentionShape& s, const float* q, const float* k, const float* v,
                                      const float* out, const float* lse, const float* dout, float* dq, float* dk,
                                      float* dv) {
  const int T = s.time;
  const int d = s.head;
  const int stride = round_up(T, kSliver);
  const std::size_t transposed = static_cast<std::size_t>(d) * stride;
  std::vector<float> buffer(2 * transposed + 2 * kTileRows * kKeyBlock + T + d);
  float* kt = buffer.data();
  float* vt = kt + transposed;
  float* p = vt + transposed;
  float* ds = p + kTileRows * kKeyBlock;
  float* rowsum = ds + kTileRows * kKeyBlock;  // dout_i · out_i = sum_j p_ij (dout_i · v_j)
  float* spare = rowsum + T;                   // dQ of a row past T: written, never read
  transpose_padded(k, T, d, stride, kt);
  transpose_padded(v, T, d, stride, vt);
  for (int i = 0; i < T; ++i) {
    float dot = 0.0f;
    for (int c = 0; c < d; ++c) dot += dout[i * d + c] * out[i * d + c];
    rowsum[i] = dot;
  }
  for (int i0 = 0; i0 < T; i0 += kTileRows) {
    const int rows = std::min(kTileRows, T - i0);
    const float* queries[kTileRows];
    const float* grads[kTileRows];
    tile_rows(q, i0, T, d, queries);
    tile_rows(dout, i0, T, d, grads);
    float* dq_rows[kTileRows];
    for (int r = 0; r < kTileRows; ++r) dq_rows[r] = r < rows ? dq + static_cast<std::size_t>(i0 + r) * d : spare;
    const int keys_end = s.causal ? i0 + rows : T;
    for (int j0 = 0; j0 < keys_end; j0 += kKeyBlock) {
      const int width = std::min(kKeyBlock, keys_end - j0);
      score_tile(queries, kt, stride, j0, width, d, s.scale, p);  // scores
      score_tile(grads, vt, stride, j0, width, d, 1.0f, ds);      // dP = dO Vᵀ
      for (int r = 0; r < kTileRows; ++r) {
        float* pr = p + r * kKeyBlock;
        float* dr = ds + r * kKeyBlock;
        const int keys = r < rows ? visible_keys(s, i0 + r, j0, width) : 0;
        const int keys4 = keys & ~3;
        if (keys > 0) {
          const float l = lse[i0 + r];
          const v128_t lse4 = wasm_f32x4_splat(l);
          const v128_t row4 = wasm_f32x4_splat(rowsum[i0 + r]);
          const v128_t scale4 = wasm_f32x4_splat(s.scale);
          for (int j = 0; j < keys4; j += 4) {
            const v128_t e = f32x4_exp(wasm_f32x4_sub(wasm_v128_load(pr + j), lse4));
            wasm_v128_store(pr + j, e);
            const v128_t g = wasm_f32x4_mul(wasm_f32x4_mul(e, wasm_f32x4_sub(wasm_v128_load(dr + j), row4)), scale4);
            wasm_v128_store(dr + j, g);
          }
          for (int j = keys4; j < keys; ++j) {
            pr[j] = kernels::exp_fast(pr[j] - l);
            dr[j] = pr[j] * (dr[j] - rowsum[i0 + r]) * s.scale;
          }
        }
        for (int j = keys; j < width; ++j) pr[j] = dr[j] = 0.0f;
      }
      add_weighted_rows(dq_rows, ds, k + static_cast<std::size_t>(j0) * d, width, d);
      add_transposed_weighted_rows(dk + static_cast<std::size_t>(j0) * d, ds, queries, width, d);
      add_transposed_weighted_rows(dv + static_cast<std::size_t>(j0) * d, p, grads, width, d);
    }
  }
}

}  // namespace lmp::kernels

#endif
