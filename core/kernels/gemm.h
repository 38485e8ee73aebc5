// Matrix products, the hottest kernel of every neural model here.
//
//   C (M, N) = op(A) · op(B)        (or += when accumulate)
//   op(A) is A (M, K), or Aᵀ with A stored (K, M) when transpose_a
//   op(B) is B (K, N), or Bᵀ with B stored (N, K) when transpose_b
// All row-major, contiguous. Forward x·W is (false, false); the backward pass
// needs dX = dY·Wᵀ (false, true) and dW = Xᵀ·dY (true, false).
//
// f32_gemm_reference is the plain triple loop that defines the result; every
// faster variant is tested against it. Names follow XNNPACK:
// f32_gemm_<MR>x<NR>__<isa> is a packed-panel kernel whose register tile is MR
// rows by NR columns of C. f32_gemm, the one this build runs, is in dispatch.h.
#pragma once

#include <vector>

namespace lmp::kernels {

using GemmFn = void (*)(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b,
                        float* c, bool accumulate);

void f32_gemm_reference(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b,
                        float* c, bool accumulate);

// gemm_eigen.cpp: Eigen's product, the baseline; in the wasm build Eigen has
// no wasm SIMD path and runs as scalar code that LLVM auto-vectorizes.
void f32_gemm_eigen(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b, float* c,
                    bool accumulate);

#if defined(__wasm_simd128__)
// gemm_wasmsimd.cpp: packed A and B panels, 4x8 register tile of f32x4
// accumulators; products with m == 1 or n == 1 take matrix-vector loops.
void f32_gemm_4x8__wasmsimd(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b,
                            float* c, bool accumulate);
#elif defined(__SSE2__) || defined(_M_X64)
#define LMP_GEMM_HAVE_SSE 1
// gemm_sse.cpp: the same algorithm and summation order with SSE (A packed
// pre-broadcast, 6x8 register tile): the same bits as f32_gemm_4x8__wasmsimd.
void f32_gemm_6x8__sse(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b,
                       float* c, bool accumulate);
#endif

struct GemmVariant {
  const char* name;
  GemmFn fn;
};

// Every variant of this build, the reference excluded, by the names
// f32_gemm_choice() (dispatch.h) gives: for the tests (each against
// f32_gemm_reference) and the benchmark.
inline std::vector<GemmVariant> gemm_variants() {
  return {
      {"eigen", f32_gemm_eigen},
#if defined(__wasm_simd128__)
      {"4x8__wasmsimd", f32_gemm_4x8__wasmsimd},
#endif
#if defined(LMP_GEMM_HAVE_SSE)
      {"6x8__sse", f32_gemm_6x8__sse},
#endif
  };
}

}  // namespace lmp::kernels
