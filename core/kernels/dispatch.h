// The one place that says which variant of each kernel this build runs. The
// variant headers (gemm.h, attention.h, attention_row.h, softmax.h,
// layer_norm.h, gelu.h) only declare variants; code outside kernels/ includes
// this file and calls the unsuffixed names. Each name is a reference to the
// chosen function, bound at compile time, so a call costs what a direct call
// to the variant costs.
// The *_choice() names are what the tests and benchmarks print; the tests
// check that each names the function it stands for.
//
// Why each build runs what it runs (measured on the 2-core Zen 4 this was
// written on, node 20; bench/ has the programs):
//   wasm (-msimd128): the hand-written f32x4 kernels throughout.
//     f32_gemm: 4x8__wasmsimd, about 40-45 GFLOP/s at n = 64..512; Eigen has
//     no wasm SIMD path and its scalar kernel, auto-vectorized by LLVM,
//     reaches about 15-19.
//     attention: 4x8__wasmsimd, which never visits a block above the
//     diagonal: 5-7.5x the reference, 1.3-1.5x the gemm variant
//     (attention_bench).
//     attention_row: wasmsimd, about 3.5-4x its reference from n = 64 keys
//     on, 1.4-1.8x at n = 16 (attention_bench): the reference's dot products
//     are serial float sums, which LLVM keeps scalar.
//     row kernels: 2-3.5x their references where a row is reduced (max,
//     sums: LLVM keeps a float sum serial), about 1-1.3x on elementwise
//     loops, which it vectorizes from the reference itself (rowwise_bench).
//   native x86 (-msse4.1): f32_gemm is 6x8__sse, about 38-42 GFLOP/s, Eigen
//     about 36-38. Picked for the speed, and because it sums every element in
//     the same order as the wasm kernel: f32_gemm gives the same bits natively
//     and in wasm (with Eigen natively it would not), which takes matrix
//     products off the list of what makes a neural model differ between the
//     builds. Attention is the gemm variant (three products through that
//     gemm); attention_row and the row kernels are their references, whose
//     elementwise loops the native compiler vectorizes itself.
//   other targets: as native x86, with Eigen for f32_gemm.
#pragma once

#include "kernels/attention.h"
#include "kernels/attention_row.h"
#include "kernels/gelu.h"
#include "kernels/gemm.h"
#include "kernels/layer_norm.h"
#include "kernels/softmax.h"

namespace lmp::kernels {

#if defined(__wasm_simd128__)
inline constexpr const char* kGemmChoice = "4x8__wasmsimd";
inline constexpr auto& f32_gemm = f32_gemm_4x8__wasmsimd;

inline constexpr const char* kAttentionChoice = "4x8__wasmsimd";
inline constexpr auto& attention_forward = attention_forward_4x8__wasmsimd;
inline constexpr auto& attention_backward = attention_backward_4x8__wasmsimd;

inline constexpr const char* kAttentionRowChoice = "wasmsimd";
inline constexpr auto& attention_row = attention_row__wasmsimd;

inline constexpr const char* kRowKernelsChoice = "wasmsimd";
inline constexpr auto& log_sum_exp = log_sum_exp__wasmsimd;
inline constexpr auto& softmax_row = softmax_row__wasmsimd;
inline constexpr auto& log_softmax_row = log_softmax_row__wasmsimd;
inline constexpr auto& softmax_backward = softmax_backward__wasmsimd;
inline constexpr auto& log_softmax_backward = log_softmax_backward__wasmsimd;
inline constexpr auto& add_scaled_exp = add_scaled_exp__wasmsimd;
inline constexpr auto& layer_norm_row = layer_norm_row__wasmsimd;
inline constexpr auto& layer_norm_backward = layer_norm_backward__wasmsimd;
inline constexpr auto& gelu_forward = gelu_forward__wasmsimd;
inline constexpr auto& gelu_backward = gelu_backward__wasmsimd;

#else  // native: x86 with SSE, or another target
#if defined(LMP_GEMM_HAVE_SSE)
inline constexpr const char* kGemmChoice = "6x8__sse";
inline constexpr auto& f32_gemm = f32_gemm_6x8__sse;
#else
inline constexpr const char* kGemmChoice = "eigen";
inline constexpr auto& f32_gemm = f32_gemm_eigen;
#endif

inline constexpr const char* kAttentionChoice = "gemm";
inline constexpr auto& attention_forward = attention_forward_gemm;
inline constexpr auto& attention_backward = attention_backward_gemm;

inline constexpr const char* kAttentionRowChoice = "reference";
inline constexpr auto& attention_row = attention_row_reference;

inline constexpr const char* kRowKernelsChoice = "reference";
inline constexpr auto& log_sum_exp = log_sum_exp_reference;
inline constexpr auto& softmax_row = softmax_row_reference;
inline constexpr auto& log_softmax_row = log_softmax_row_reference;
inline constexpr auto& softmax_backward = softmax_backward_reference;
inline constexpr auto& log_softmax_backward = log_softmax_backward_reference;
inline constexpr auto& add_scaled_exp = add_scaled_exp_reference;
inline constexpr auto& layer_norm_row = layer_norm_row_reference;
inline constexpr auto& layer_norm_backward = layer_norm_backward_reference;
inline constexpr auto& gelu_forward = gelu_forward_reference;
inline constexpr auto& gelu_backward = gelu_backward_reference;
#endif

// f32_gemm's variant, as gemm_variants() names it.
inline const char* f32_gemm_choice() { return kGemmChoice; }
// attention_forward/backward's variant: "4x8__wasmsimd" or "gemm".
inline const char* attention_choice() { return kAttentionChoice; }
// attention_row's: "wasmsimd" or "reference".
inline const char* attention_row_choice() { return kAttentionRowChoice; }
// The softmax family's, layer_norm_*'s and gelu_*'s: "wasmsimd" or "reference".
inline const char* row_kernels_choice() { return kRowKernelsChoice; }

}  // namespace lmp::kernels
