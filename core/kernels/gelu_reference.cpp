// The plain loops that define GELU (gelu.h).
#include "kernels/fast_math.h"
#include "kernels/gelu.h"

namespace lmp::kernels {

void gelu_forward_reference(std::int64_t n, const float* x, float* y, float* th) {
  for (std::int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    th[i] = kernels::tanh_fast(kGeluScale * (v + kGeluCubic * v * v * v));
    y[i] = 0.5f * v * (1.0f + th[i]);
  }
}

void gelu_backward_reference(std::int64_t n, const float* x, const float* th, const float* dy, float* dx) {
  for (std::int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    const float d = 0.5f * (1.0f + th[i]) + 0.5f * v * (1.0f - th[i] * th[i]) * kGeluScale * (1.0f + 3.0f * kGeluCubic * v * v);
    dx[i] += dy[i] * d;
  }
}

}  // namespace lmp::kernels
