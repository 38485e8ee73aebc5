// The plain loops that define attention (attention.h).
#include <cmath>
#include <limits>
#include <vector>

#include "kernels/attention.h"

namespace lmp::kernels {

namespace {

float dot(const float* a, const float* b, int n) {
  float s = 0.0f;
  for (int c = 0; c < n; ++c) s += a[c] * b[c];
  return s;
}

}  // namespace

void attention_forward_reference(const AttentionShape& s, const float* q, const float* k, const float* v, float* out,
                                 float* lse) {
  const int T = s.time;
  const int d = s.head;
  std::vector<float> acc(d);
  for (int i = 0; i < T; ++i) {
    const int keys = s.causal ? i + 1 : T;
    float max = -std::numeric_limits<float>::infinity();
    float total = 0.0f;
    acc.assign(d, 0.0f);
    for (int j = 0; j < keys; ++j) {
      const float score = s.scale * dot(q + i * d, k + j * d, d);
      if (score > max) {  // a new maximum: rescale what was summed against the old one
        const float shrink = std::exp(max - score);
        total *= shrink;
        for (int c = 0; c < d; ++c) acc[c] *= shrink;
        max = score;
      }
      const float p = std::exp(score - max);
      total += p;
      for (int c = 0; c < d; ++c) acc[c] += p * v[j * d + c];
    }
    for (int c = 0; c < d; ++c) out[i * d + c] = acc[c] / total;
    lse[i] = max + std::log(total);
  }
}

void attention_backward_reference(const AttentionShape& s, const float* q, const float* k, const float* v,
                                  const float* out, const float* lse, const float* dout, float* dq, float* dk,
                                  float* dv) {
  const int T = s.time;
  const int d = s.head;
  for (int i = 0; i < T; ++i) {
    const int keys = s.causal ? i + 1 : T;
    const float row = dot(dout + i * d, out + i * d, d);  // sum_j p_ij (dout_i . v_j)
    for (int j = 0; j < keys; ++j) {
      const float p = std::exp(s.scale * dot(q + i * d, k + j * d, d) - lse[i]);
      const float ds = p * (dot(dout + i * d, v + j * d, d) - row);
      for (int c = 0; c < d; ++c) {
        dv[j * d + c] += p * dout[i * d + c];
        dq[i * d + c] += s.scale * ds * k[j * d + c];
        dk[j * d + c] += s.scale * ds * q[i * d + c];
      }
    }
  }
}

}  // namespace lmp::kernels
