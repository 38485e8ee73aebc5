// f32_gemm_eigen: Eigen's product, the baseline the SIMD kernels are measured
// against (dispatch.h says which one each build runs, and why).
#include <Eigen/Core>

#include "kernels/gemm.h"

namespace lmp::kernels {

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const RowMatrix>;
using Map = Eigen::Map<RowMatrix>;

template <typename A, typename B>
void product_into(Map& c, const A& a, const B& b, bool accumulate) {
  if (accumulate) {
    c.noalias() += a * b;
  } else {
    c.noalias() = a * b;
  }
}

}  // namespace

void f32_gemm_eigen(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b, float* c,
                    bool accumulate) {
  Map out(c, m, n);
  const ConstMap a_map(a, transpose_a ? k : m, transpose_a ? m : k);
  const ConstMap b_map(b, transpose_b ? n : k, transpose_b ? k : n);
  if (transpose_a && transpose_b) {
    product_into(out, a_map.transpose(), b_map.transpose(), accumulate);
  } else if (transpose_a) {
    product_into(out, a_map.transpose(), b_map, accumulate);
  } else if (transpose_b) {
    product_into(out, a_map, b_map.transpose(), accumulate);
  } else {
    product_into(out, a_map, b_map, accumulate);
  }
}

}  // namespace lmp::kernels
