// One query against n cached keys and values: a KV-cache step's attention
// for one head (one new token, one row of the attention matrix, every key so far).
//
//   n = keys, d = head size, stride = floats from one key (or value) row to the next
//   q        (d)            the new token's query
//   k, v     (n, stride)    key/value j at k + j * stride, its first d floats used
//   weights  (n)            scratch; p_j on return
//   out      (d)            out = Σ_j p_j v_j,  p_j = softmax over j of scale (q · k_j)
// No mask: the cache holds only the past. Rows lie `stride` apart because the
// cache keeps every head of a position side by side (stride = d_model, head h
// at column h * d), and a step reads them where they lie.
//
// attention_row_reference is plain loops (serial dot products, the softmax
// row reference) and defines the result; attention_row__wasmsimd
// (attention_row_wasmsimd.cpp) computes the scores four keys at a time with
// f32x4 dot products and the weighted sum as f32x4 multiply-adds. The name this
// build runs, attention_row, is in dispatch.h.
#pragma once

namespace lmp::kernels {

struct AttentionRowShape {
  int keys;     // n >= 1
  int head;     // d
  int stride;   // >= d
  float scale;  // usually 1 / sqrt(d)
};

void attention_row_reference(const AttentionRowShape& s, const float* q, const float* k, const float* v,
                             float* weights, float* out);

#if defined(__wasm_simd128__)
void attention_row__wasmsimd(const AttentionRowShape& s, const float* q, const float* k, const float* v,
                             float* weights, float* out);
#endif

}  // namespace lmp::kernels
