#include "kernels/gemm.h"

namespace lmp::kernels {

void f32_gemm_reference(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b,
                        float* c, bool accumulate) {
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      double sum = 0.0;  // double: the reference should not share the fast paths' rounding
      for (int p = 0; p < k; ++p) {
        const float x = transpose_a ? a[p * m + i] : a[i * k + p];
        const float y = transpose_b ? b[j * k + p] : b[p * n + j];
        sum += static_cast<double>(x) * y;
      }
      c[i * n + j] = static_cast<float>(accumulate ? c[i * n + j] + sum : sum);
    }
  }
}

}  // namespace lmp::kernels
