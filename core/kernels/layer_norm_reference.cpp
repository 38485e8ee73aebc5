// The plain loops that define layer normalization (layer_norm.h).
#include <cmath>

#include "kernels/layer_norm.h"

namespace lmp::kernels {

RowMoments layer_norm_row_reference(int n, const float* x, const float* gain, const float* bias, float epsilon,
                                    float* y) {
  // Two passes (mean, then squared deviations): no cancellation for rows far from 0.
  float s = 0.0f;
  for (int j = 0; j < n; ++j) s += x[j];
  const float mean = s / static_cast<float>(n);
  float ss = 0.0f;
  for (int j = 0; j < n; ++j) ss += (x[j] - mean) * (x[j] - mean);
  const float rstd = 1.0f / std::sqrt(ss / static_cast<float>(n) + epsilon);
  for (int j = 0; j < n; ++j) y[j] = (x[j] - mean) * rstd * gain[j] + bias[j];
  return {mean, rstd};
}

void layer_norm_backward_reference(int n, const float* x, const float* gain, const float* dy, RowMoments m,
                                   float* dx, float* dgain, float* dbias) {
  if (dgain) {
    for (int j = 0; j < n; ++j) dgain[j] += dy[j] * (x[j] - m.mean) * m.rstd;
  }
  if (dbias) {
    for (int j = 0; j < n; ++j) dbias[j] += dy[j];
  }
  if (!dx) return;
  float sum_g = 0.0f;
  float sum_gx = 0.0f;
  for (int j = 0; j < n; ++j) {
    const float g = dy[j] * gain[j];
    sum_g += g;
    sum_gx += g * (x[j] - m.mean) * m.rstd;
  }
  const float mean_g = sum_g / static_cast<float>(n);
  const float mean_gx = sum_gx / static_cast<float>(n);
  for (int j = 0; j < n; ++j) {
    const float xhat = (x[j] - m.mean) * m.rstd;
    dx[j] += m.rstd * (dy[j] * gain[j] - mean_g - xhat * mean_gx);
  }
}

}  // namespace lmp::kernels
