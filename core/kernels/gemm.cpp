// f32_gemm_eigen (Eigen's product) and the one place that picks f32_gemm's
// variant for each build (gemm_variants.h lists them; the tests compare each
// with f32_gemm_reference; bench/gemm.js measures them side by side). GFLOP/s
// at n = 64..512 on the 2-core Zen 4 this was written on (node 20):
//   wasm (-msimd128):  f32_gemm_4x8__wasmsimd, about 40-45. Eigen has no wasm
//                      SIMD path; its scalar kernel, auto-vectorized by LLVM,
//                      reaches about 15-19.
//   native (-msse4.1): f32_gemm_6x8__sse, about 38-42, Eigen about 36-38. Picked
//                      for the speed, and because it sums every element in the
//                      same order as the wasm kernel: f32_gemm gives the same
//                      bits natively and in wasm (with Eigen natively it would
//                      not), which takes matrix products off the list of what
//                      makes a neural model differ between the builds.
//   other targets:     Eigen.
#include <Eigen/Core>

#include "kernels/gemm.h"
#include "kernels/gemm_variants.h"

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

namespace {

#if defined(__wasm_simd128__)
constexpr GemmVariant kChoice = {"4x8__wasmsimd", f32_gemm_4x8__wasmsimd};
#elif defined(LMP_GEMM_HAVE_SSE)
constexpr GemmVariant kChoice = {"6x8__sse", f32_gemm_6x8__sse};
#else
constexpr GemmVariant kChoice = {"eigen", f32_gemm_eigen};
#endif

}  // namespace

const char* f32_gemm_choice() { return kChoice.name; }

void f32_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b, float* c,
              bool accumulate) {
  kChoice.fn(transpose_a, transpose_b, m, n, k, a, b, c, accumulate);
}

}  // namespace lmp::kernels
