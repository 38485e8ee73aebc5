// GELU, tanh form (as GPT-2): y = x/2 (1 + th), th = tanh(sqrt(2/pi) (x + 0.044715 x³)),
// over n values. The forward also stores th, so the backward needs no
// transcendental of its own:
//   dx += dy ((1 + th)/2 + x/2 (1 - th²) sqrt(2/pi) (1 + 3 · 0.044715 x²))
// gelu_*_reference are plain loops on kernels::tanh_fast and define the result;
// gelu_*__wasmsimd are f32x4 loops (gelu_wasmsimd.cpp). The unsuffixed names
// are in dispatch.h.
#pragma once

#include <cstdint>

namespace lmp::kernels {

inline constexpr float kGeluScale = 0.7978845608028654f;  // sqrt(2 / pi)
inline constexpr float kGeluCubic = 0.044715f;

void gelu_forward_reference(std::int64_t n, const float* x, float* y, float* th);
void gelu_backward_reference(std::int64_t n, const float* x, const float* th, const float* dy, float* dx);

#if defined(__wasm_simd128__)
void gelu_forward__wasmsimd(std::int64_t n, const float* x, float* y, float* th);
void gelu_backward__wasmsimd(std::int64_t n, const float* x, const float* th, const float* dy, float* dx);
#endif

}  // namespace lmp::kernels
