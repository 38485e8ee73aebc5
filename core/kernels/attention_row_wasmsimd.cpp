// attention_row__wasmsimd: a KV-cache step's attention row (attention_row.h)
// in f32x4: two matrix-vector products around a softmax, each pass reading
// the cache where it lies (rows `stride` apart):
//   scores   K q, four keys at a time, reduced by a 4x4 transpose-add
//            (gemv_dots; the reference's serial float sums stay scalar)
//   softmax  softmax_row__wasmsimd over the n scaled scores
//   out      Vᵀ p, 16 columns at a time, each p_j splat from memory (gemv_rows)
#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#include "kernels/attention_row.h"
#include "kernels/gemv_wasmsimd.h"
#include "kernels/softmax.h"

namespace lmp::kernels {

void attention_row__wasmsimd(const AttentionRowShape& s, const float* q, const float* k, const float* v,
                             float* weights, float* out) {
  const int n = s.keys;
  gemv_dots(s.head, n, s.stride, k, q, weights, false);
  const int n4 = n & ~3;
  const v128_t scale4 = wasm_f32x4_splat(s.scale);
  for (int j = 0; j < n4; j += 4) wasm_v128_store(weights + j, wasm_f32x4_mul(wasm_v128_load(weights + j), scale4));
  for (int j = n4; j < n; ++j) weights[j] *= s.scale;
  softmax_row__wasmsimd(n, weights, weights);
  gemv_rows(n, s.head, s.stride, v, weights, out, false);
}

}  // namespace lmp::kernels

#endif
