// attention_forward_gemm / attention_backward_gemm: attention as three
// matrix products per head through f32_gemm (the packed SIMD kernels), with
// the T x T scores only in a per-call buffer (never on the tape):
//   forward:  S = scale Q Kᵀ, P = softmax of each row (keys after the query
//             set to 0 when causal), O = P V, lse per row;
//   backward: P rebuilt from S and lse, dP = dO Vᵀ, dS = P (dP - rowsum(dO O)) scale,
//             dQ += dS K, dK += dSᵀ Q, dV += Pᵀ dO.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "kernels/attention.h"
#include "kernels/dispatch.h"
#include "kernels/fast_math.h"

namespace lmp::kernels {

namespace {

// Row i of the scores (T wide) -> its softmax in place, the first `keys` entries
// only (the rest set to 0); returns log sum exp of those keys.
float softmax_of_keys(float* row, int T, int keys) {
  float max = -std::numeric_limits<float>::infinity();
  for (int j = 0; j < keys; ++j) max = std::max(max, row[j]);
  float total = 0.0f;
  for (int j = 0; j < keys; ++j) {
    row[j] = kernels::exp_fast(row[j] - max);
    total += row[j];
  }
  const float inverse = 1.0f / total;
  for (int j = 0; j < keys; ++j) row[j] *= inverse;
  for (int j = keys; j < T; ++j) row[j] = 0.0f;
  return max + std::log(total);
}

}  // namespace

void attention_forward_gemm(const AttentionShape& s, const float* q, const float* k, const float* v, float* out,
                            float* lse) {
  const int T = s.time;
  const int d = s.head;
  std::vector<float> scores(static_cast<std::size_t>(T) * T);
  f32_gemm(false, true, T, T, d, q, k, scores.data(), false);  // Q Kᵀ
  for (int i = 0; i < T; ++i) {
    float* row = scores.data() + static_cast<std::size_t>(i) * T;
    for (int j = 0; j < T; ++j) row[j] *= s.scale;
    lse[i] = softmax_of_keys(row, T, s.causal ? i + 1 : T);
  }
  f32_gemm(false, false, T, d, T, scores.data(), v, out, false);  // P V
}

void attention_backward_gemm(const AttentionShape& s, const float* q, const float* k, const float* v,
                             const float* out, const float* lse, const float* dout, float* dq, float* dk, float* dv) {
  const int T = s.time;
  const int d = s.head;
  std::vector<float> p(static_cast<std::size_t>(T) * T), ds(static_cast<std::size_t>(T) * T);
  f32_gemm(false, true, T, T, d, q, k, p.data(), false);       // Q Kᵀ
  f32_gemm(false, true, T, T, d, dout, v, ds.data(), false);   // dO Vᵀ = dP
  for (int i = 0; i < T; ++i) {
    const int keys = s.causal ? i + 1 : T;
    float* pr = p.data() + static_cast<std::size_t>(i) * T;
    float* dr = ds.data() + static_cast<std::size_t>(i) * T;
    float row = 0.0f;
    for (int c = 0; c < d; ++c) row += dout[i * d + c] * out[i * d + c];
    for (int j = 0; j < keys; ++j) pr[j] = kernels::exp_fast(pr[j] * s.scale - lse[i]);
    for (int j = 0; j < keys; ++j) dr[j] = pr[j] * (dr[j] - row) * s.scale;
    for (int j = keys; j < T; ++j) pr[j] = dr[j] = 0.0f;
  }
  f32_gemm(false, false, T, d, T, ds.data(), k, dq, true);   // dQ += dS K
  f32_gemm(true, false, T, d, T, ds.data(), q, dk, true);    // dK += dSᵀ Q
  f32_gemm(true, false, T, d, T, p.data(), dout, dv, true);  // dV += Pᵀ dO
}

}  // namespace lmp::kernels
