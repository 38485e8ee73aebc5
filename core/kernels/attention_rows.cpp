// attention_forward_rows / attention_backward_rows: the same attention as the
// reference, arranged so each inner loop runs over contiguous memory with one
// statement, which the compiler turns into SIMD (SSE natively, wasm SIMD128
// with -msimd128): per head, keys and values are first transposed to (d, T),
// so a query's scores against all keys are d passes of multiply-add along a
// row of T, and the softmax of that row is a vectorized max, exp and sum.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "../nn/fast_math.h"
#include "attention.h"

namespace lmp::kernels {

namespace {

// dst (d, T) = src (T, d) transposed.
void transpose_into(const float* src, int T, int d, float* dst) {
  for (int j = 0; j < T; ++j) {
    for (int c = 0; c < d; ++c) dst[c * T + j] = src[j * d + c];
  }
}

// scores[j] = scale * q . k_j for j < keys, from kt (d, T).
void row_scores(const float* __restrict q, const float* __restrict kt, int T, int d, int keys, float scale,
                float* __restrict scores) {
  for (int j = 0; j < keys; ++j) scores[j] = 0.0f;
  for (int c = 0; c < d; ++c) {
    const float qc = q[c] * scale;
    const float* __restrict row = kt + c * T;
    for (int j = 0; j < keys; ++j) scores[j] += qc * row[j];
  }
}

// acc[c] += w * x[c]
void add_scaled(float w, const float* __restrict x, int d, float* __restrict acc) {
  for (int c = 0; c < d; ++c) acc[c] += w * x[c];
}

}  // namespace

void attention_forward_rows(const AttentionShape& s, const float* q, const float* k, const float* v, float* out,
                            float* lse) {
  const int T = s.time;
  const int d = s.head;
  std::vector<float> kt(static_cast<std::size_t>(d) * T), p(T);
  transpose_into(k, T, d, kt.data());
  for (int i = 0; i < T; ++i) {
    const int keys = s.causal ? i + 1 : T;
    row_scores(q + i * d, kt.data(), T, d, keys, s.scale, p.data());
    float max = -std::numeric_limits<float>::infinity();
    for (int j = 0; j < keys; ++j) max = std::max(max, p[j]);
    float total = 0.0f;
    for (int j = 0; j < keys; ++j) {
      p[j] = nn::exp_fast(p[j] - max);
      total += p[j];
    }
    float* o = out + i * d;
    std::fill(o, o + d, 0.0f);
    const float inverse = 1.0f / total;
    for (int j = 0; j < keys; ++j) add_scaled(p[j] * inverse, v + j * d, d, o);
    lse[i] = max + std::log(total);
  }
}

void attention_backward_rows(const AttentionShape& s, const float* q, const float* k, const float* v,
                             const float* out, const float* lse, const float* dout, float* dq, float* dk, float* dv) {
  const int T = s.time;
  const int d = s.head;
  std::vector<float> kt(static_cast<std::size_t>(d) * T), vt(static_cast<std::size_t>(d) * T), p(T), ds(T);
  transpose_into(k, T, d, kt.data());
  transpose_into(v, T, d, vt.data());
  for (int i = 0; i < T; ++i) {
    const int keys = s.causal ? i + 1 : T;
    const float* go = dout + i * d;
    // p_j from the scores and lse; dp_j = dout_i . v_j, as a row from vt like the scores.
    row_scores(q + i * d, kt.data(), T, d, keys, s.scale, p.data());
    for (int j = 0; j < keys; ++j) p[j] = nn::exp_fast(p[j] - lse[i]);
    row_scores(go, vt.data(), T, d, keys, 1.0f, ds.data());
    float row = 0.0f;
    for (int c = 0; c < d; ++c) row += go[c] * out[i * d + c];
    for (int j = 0; j < keys; ++j) ds[j] = p[j] * (ds[j] - row) * s.scale;
    for (int j = 0; j < keys; ++j) {
      add_scaled(ds[j], k + j * d, d, dq + i * d);
      add_scaled(ds[j], q + i * d, d, dk + j * d);
      add_scaled(p[j], go, d, dv + j * d);
    }
  }
}

}  // namespace lmp::kernels
