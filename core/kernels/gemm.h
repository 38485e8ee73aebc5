// Matrix products, the hottest kernel of every neural model here.
//
//   C (M, N) = op(A) · op(B)        (or += when accumulate)
//   op(A) is A (M, K), or Aᵀ with A stored (K, M) when transpose_a
//   op(B) is B (K, N), or Bᵀ with B stored (N, K) when transpose_b
// All row-major, contiguous. Forward x·W is (false, false); the backward pass
// needs dX = dY·Wᵀ (false, true) and dW = Xᵀ·dY (true, false).
//
// f32_gemm_reference is the plain triple loop that defines the result; every
// faster variant is tested against it. f32_gemm picks the variant for this build.
#pragma once

namespace lmp::kernels {

void f32_gemm_reference(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b,
                        float* c, bool accumulate);

void f32_gemm(bool transpose_a, bool transpose_b, int m, int n, int k, const float* a, const float* b, float* c,
              bool accumulate);

}  // namespace lmp::kernels
