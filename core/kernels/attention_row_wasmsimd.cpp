// attention_row__wasmsimd: a KV-cache step's attention row (attention_row.h)
// in f32x4, in three passes over the cache:
//   scores   four keys at a time: four f32x4 dot-product accumulators along d,
//            reduced together by one 4x4 transpose-add into the four scores
//            (a serial float sum, as the reference's, the compiler keeps scalar)
//   softmax  softmax_row__wasmsimd over the n scores
//   out      Σ_j p_j v_j, 16 columns at a time: four f32x4 accumulators, each
//            p_j splat from memory (v128.load32_splat) times a row of V
// Leftovers (n % 4 keys, d % 4 columns) run the same sums one at a time.
#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#include <cstddef>

#include "kernels/attention_row.h"
#include "kernels/simd_math.h"
#include "kernels/softmax.h"

namespace lmp::kernels {

namespace {

// Lane r of the result is the sum of the four lanes of a_r, each summed
// (0 + 1) + (2 + 3), as f32x4_sum does.
v128_t sum_lanes_of_each(v128_t a0, v128_t a1, v128_t a2, v128_t a3) {
  const v128_t s01 = wasm_f32x4_add(wasm_i32x4_shuffle(a0, a1, 0, 4, 2, 6), wasm_i32x4_shuffle(a0, a1, 1, 5, 3, 7));
  const v128_t s23 = wasm_f32x4_add(wasm_i32x4_shuffle(a2, a3, 0, 4, 2, 6), wasm_i32x4_shuffle(a2, a3, 1, 5, 3, 7));
  return wasm_f32x4_add(wasm_i32x4_shuffle(s01, s23, 0, 1, 4, 5), wasm_i32x4_shuffle(s01, s23, 2, 3, 6, 7));
}

// scores[j] = scale (q · k_j) for j < n.
void scores(const AttentionRowShape& s, const float* q, const float* k, float* out) {
  const int n = s.keys, d = s.head, d4 = s.head & ~3;
  const std::size_t stride = static_cast<std::size_t>(s.stride);
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    const float* k0 = k + j * stride;
    const float* k1 = k0 + stride;
    const float* k2 = k1 + stride;
    const float* k3 = k2 + stride;
    v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
    for (int c = 0; c < d4; c += 4) {
      const v128_t qc = wasm_v128_load(q + c);
      a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(qc, wasm_v128_load(k0 + c)));
      a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(qc, wasm_v128_load(k1 + c)));
      a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(qc, wasm_v128_load(k2 + c)));
      a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(qc, wasm_v128_load(k3 + c)));
    }
    float t0 = 0.0f, t1 = 0.0f, t2 = 0.0f, t3 = 0.0f;
    for (int c = d4; c < d; ++c) {
      t0 += q[c] * k0[c];
      t1 += q[c] * k1[c];
      t2 += q[c] * k2[c];
      t3 += q[c] * k3[c];
    }
    const v128_t dots = wasm_f32x4_add(sum_lanes_of_each(a0, a1, a2, a3), wasm_f32x4_make(t0, t1, t2, t3));
    wasm_v128_store(out + j, wasm_f32x4_mul(dots, wasm_f32x4_splat(s.scale)));
  }
  for (; j < n; ++j) {
    const float* kj = k + j * stride;
    v128_t a = wasm_f32x4_splat(0.0f);
    for (int c = 0; c < d4; c += 4) a = wasm_f32x4_add(a, wasm_f32x4_mul(wasm_v128_load(q + c), wasm_v128_load(kj + c)));
    float dot = f32x4_sum(a);
    for (int c = d4; c < d; ++c) dot += q[c] * kj[c];
    out[j] = s.scale * dot;
  }
}

// out[c] = Σ_j p[j] v_j[c] for c < d.
void weighted_sum(const AttentionRowShape& s, const float* p, const float* v, float* out) {
  const int n = s.keys, d = s.head;
  const std::size_t stride = static_cast<std::size_t>(s.stride);
  int c = 0;
  for (; c + 16 <= d; c += 16) {
    v128_t o0 = wasm_f32x4_splat(0.0f), o1 = o0, o2 = o0, o3 = o0;
    const float* vj = v + c;
    for (int j = 0; j < n; ++j, vj += stride) {
      const v128_t pj = wasm_v128_load32_splat(p + j);
      o0 = wasm_f32x4_add(o0, wasm_f32x4_mul(pj, wasm_v128_load(vj)));
      o1 = wasm_f32x4_add(o1, wasm_f32x4_mul(pj, wasm_v128_load(vj + 4)));
      o2 = wasm_f32x4_add(o2, wasm_f32x4_mul(pj, wasm_v128_load(vj + 8)));
      o3 = wasm_f32x4_add(o3, wasm_f32x4_mul(pj, wasm_v128_load(vj + 12)));
    }
    wasm_v128_store(out + c, o0);
    wasm_v128_store(out + c + 4, o1);
    wasm_v128_store(out + c + 8, o2);
    wasm_v128_store(out + c + 12, o3);
  }
  for (; c + 4 <= d; c += 4) {
    v128_t o = wasm_f32x4_splat(0.0f);
    const float* vj = v + c;
    for (int j = 0; j < n; ++j, vj += stride) o = wasm_f32x4_add(o, wasm_f32x4_mul(wasm_v128_load32_splat(p + j), wasm_v128_load(vj)));
    wasm_v128_store(out + c, o);
  }
  for (; c < d; ++c) {
    float o = 0.0f;
    for (int j = 0; j < n; ++j) o += p[j] * v[j * stride + c];
    out[c] = o;
  }
}

}  // namespace

void attention_row__wasmsimd(const AttentionRowShape& s, const float* q, const float* k, const float* v,
                             float* weights, float* out) {
  scores(s, q, k, weights);
  softmax_row__wasmsimd(s.keys, weights, weights);
  weighted_sum(s, weights, v, out);
}

}  // namespace lmp::kernels

#endif
