// GELU (gelu.h) in f32x4, with f32x4_tanh; the leftover n % 4 values go
// through the reference, which gives them the same bits.
#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#include "kernels/gelu.h"
#include "kernels/simd_math.h"

namespace lmp::kernels {

void gelu_forward__wasmsimd(std::int64_t n, const float* x, float* y, float* th) {
  const std::int64_t n4 = n & ~std::int64_t{3};
  const v128_t half = wasm_f32x4_splat(0.5f);
  const v128_t one = wasm_f32x4_splat(1.0f);
  for (std::int64_t i = 0; i < n4; i += 4) {
    const v128_t v = wasm_v128_load(x + i);
    const v128_t cube = wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_splat(kGeluCubic), v), v), v);
    const v128_t t = f32x4_tanh(wasm_f32x4_mul(wasm_f32x4_splat(kGeluScale), wasm_f32x4_add(v, cube)));
    wasm_v128_store(th + i, t);
    wasm_v128_store(y + i, wasm_f32x4_mul(wasm_f32x4_mul(half, v), wasm_f32x4_add(one, t)));
  }
  gelu_forward_reference(n - n4, x + n4, y + n4, th + n4);
}

void gelu_backward__wasmsimd(std::int64_t n, const float* x, const float* th, const float* dy, float* dx) {
  const std::int64_t n4 = n & ~std::int64_t{3};
  const v128_t half = wasm_f32x4_splat(0.5f);
  const v128_t one = wasm_f32x4_splat(1.0f);
  const v128_t scale = wasm_f32x4_splat(kGeluScale);
  const v128_t cubic3 = wasm_f32x4_splat(3.0f * kGeluCubic);
  for (std::int64_t i = 0; i < n4; i += 4) {
    const v128_t v = wasm_v128_load(x + i);
    const v128_t t = wasm_v128_load(th + i);
    const v128_t left = wasm_f32x4_mul(half, wasm_f32x4_add(one, t));
    const v128_t sech2 = wasm_f32x4_sub(one, wasm_f32x4_mul(t, t));
    const v128_t inner = wasm_f32x4_add(one, wasm_f32x4_mul(wasm_f32x4_mul(cubic3, v), v));
    const v128_t right =
        wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(half, v), sech2), scale), inner);
    const v128_t g = wasm_f32x4_mul(wasm_v128_load(dy + i), wasm_f32x4_add(left, right));
    wasm_v128_store(dx + i, wasm_f32x4_add(wasm_v128_load(dx + i), g));
  }
  gelu_backward_reference(n - n4, x + n4, th + n4, dy + n4, dx + n4);
}

}  // namespace lmp::kernels

#endif
