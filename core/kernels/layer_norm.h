// Layer normalization of one row of n values:
//   y = (x - mean) rstd gain + bias,  rstd = 1 / sqrt(biased variance + epsilon)
// The forward returns mean and rstd, which is all the backward needs to rebuild
// x̂ = (x - mean) rstd. The backward adds, each part only if its pointer is
// not null:
//   dgain += dy x̂,  dbias += dy,  dx += rstd (ĝ - mean(ĝ) - x̂ mean(ĝ x̂)),  ĝ = dy gain.
// *_reference are plain loops and define the result; *__wasmsimd are f32x4
// loops (layer_norm_wasmsimd.cpp). The unsuffixed names are in dispatch.h.
#pragma once

namespace lmp::kernels {

struct RowMoments {
  float mean;
  float rstd;
};

RowMoments layer_norm_row_reference(int n, const float* x, const float* gain, const float* bias, float epsilon,
                                    float* y);
void layer_norm_backward_reference(int n, const float* x, const float* gain, const float* dy, RowMoments moments,
                                   float* dx, float* dgain, float* dbias);

#if defined(__wasm_simd128__)
RowMoments layer_norm_row__wasmsimd(int n, const float* x, const float* gain, const float* bias, float epsilon,
                                    float* y);
void layer_norm_backward__wasmsimd(int n, const float* x, const float* gain, const float* dy, RowMoments moments,
                                   float* dx, float* dgain, float* dbias);
#endif

}  // namespace lmp::kernels
