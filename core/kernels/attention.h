// Scaled dot-product attention of one head, fused: no T x T matrix is kept.
//
//   out_i = sum_j p_ij v_j,   p_ij = softmax over j of scale * (q_i . k_j),
//   j over every key, or only j <= i when causal (keys after the query are
//   skipped, not computed and masked).
// q, k, v, out (T, d) row-major. The forward runs one pass per query with a
// running maximum (the online softmax), and keeps lse_i = log sum_j
// exp(scale q_i . k_j) so the backward can rebuild each p_ij from the scores:
//   dv_j += p_ij dout_i,  ds_ij = p_ij (dout_i . v_j - dout_i . out_i),
//   dq_i += scale ds_ij k_j,  dk_j += scale ds_ij q_i          (all +=).
//
// attention_*_reference define the result; every variant is tested against
// them. attention_forward/backward, the ones this build runs, are in
// dispatch.h. A variant of per-query loops left to the compiler's vectorizer
// was slower in wasm than both below and was dropped.
#pragma once

namespace lmp::kernels {

struct AttentionShape {
  int time;     // T
  int head;     // d
  float scale;  // usually 1 / sqrt(d)
  bool causal;
};

void attention_forward_reference(const AttentionShape& s, const float* q, const float* k, const float* v, float* out,
                                 float* lse);
void attention_backward_reference(const AttentionShape& s, const float* q, const float* k, const float* v,
                                  const float* out, const float* lse, const float* dout, float* dq, float* dk,
                                  float* dv);

// attention_gemm.cpp: three products per head through f32_gemm (the packed
// SIMD kernels), the T x T scores in a per-call buffer.
void attention_forward_gemm(const AttentionShape& s, const float* q, const float* k, const float* v, float* out,
                            float* lse);
void attention_backward_gemm(const AttentionShape& s, const float* q, const float* k, const float* v,
                             const float* out, const float* lse, const float* dout, float* dq, float* dk, float* dv);

#if defined(__wasm_simd128__)
// attention_wasmsimd.cpp: FlashAttention-style tiles of 4 queries by blocks of
// 64 keys, 4x8 register tiles for the scores, the online softmax in f32x4.
void attention_forward_4x8__wasmsimd(const AttentionShape& s, const float* q, const float* k, const float* v,
                                     float* out, float* lse);
void attention_backward_4x8__wasmsimd(const AttentionShape& s, const float* q, const float* k, const float* v,
                                      const float* out, const float* lse, const float* dout, float* dq, float* dk,
                                      float* dv);
#endif

}  // namespace lmp::kernels
