// The plain loops that define a KV-cache step's attention row (attention_row.h).
#include <algorithm>
#include <cstddef>

#include "kernels/attention_row.h"
#include "kernels/softmax.h"

namespace lmp::kernels {

void attention_row_reference(const AttentionRowShape& s, const float* q, const float* k, const float* v,
                             float* weights, float* out) {
  const int n = s.keys;
  const int d = s.head;
  for (int j = 0; j < n; ++j) {
    const float* kj = k + static_cast<std::size_t>(j) * s.stride;
    float dot = 0.0f;
    for (int c = 0; c < d; ++c) dot += q[c] * kj[c];
    weights[j] = s.scale * dot;
  }
  softmax_row_reference(n, weights, weights);
  std::fill(out, out + d, 0.0f);
  for (int j = 0; j < n; ++j) {
    const float* vj = v + static_cast<std::size_t>(j) * s.stride;
    for (int c = 0; c < d; ++c) out[c] += weights[j] * vj[c];
  }
}

}  // namespace lmp::kernels
