// exp, sigmoid and tanh for the activation loops, written so the compiler
// vectorizes them: no calls, no branches, only arithmetic, selects and bit
// casts (libm's expf/tanhf are opaque calls that keep a loop scalar; they
// were the largest single cost of an LSTM step after the matrix products).
//
// exp: Cody-Waite range reduction x = n ln2 + r, |r| <= ln2/2, a degree-6
// polynomial for e^r (Cephes' expf coefficients), and 2^n put into the
// exponent bits. Relative error below 1e-7 on [-87, 88]; below that it gives
// 0 (so a -inf mask gives exactly 0), above it inf (a float overflows at
// 88.7), so sigmoid's and tanh's limits come out exact, without NaN. NaN stays
// NaN, so divergence is still seen.
// tanh: 1 - 2 / (e^{2|x|} + 1) with the sign restored, and its Taylor series
// to x^9 below |x| = 0.2, where that difference would cancel. Absolute error
// below 3e-7 everywhere.
#pragma once
#include <cstdint>

namespace lmp::kernels {

inline float exp_fast(float in) {
  // Said explicitly: the clamps below may become min/max instructions, which
  // on some targets (wasm) turn a NaN into a bound.
  const bool is_nan = in != in;
  const bool underflows = in < -87.0f;
  const bool overflows = in > 88.0f;
  const float x = underflows ? -87.0f : overflows ? 88.0f : in;
  // Round x·log2(e) to the nearest integer by adding and removing 1.5·2^23.
  constexpr float kRound = 12582912.0f;
  const float n = (x * 1.44269504088896341f + kRound) - kRound;
  const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;  // ln2 split in two parts
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float er = p * r * r + r + 1.0f;
  const std::int32_t bits = (static_cast<std::int32_t>(n) + 127) << 23;
  const float e = underflows ? 0.0f : er * __builtin_bit_cast(float, bits);
  return is_nan ? in : overflows ? __builtin_huge_valf() : e;
}

inline float sigmoid_fast(float x) { return 1.0f / (1.0f + exp_fast(-x)); }

inline float tanh_fast(float x) {
  const float a = x < 0.0f ? -x : x;
  const float large = 1.0f - 2.0f / (exp_fast(2.0f * a) + 1.0f);
  const float a2 = a * a;
  // x - x³/3 + 2x⁵/15 - 17x⁷/315 + 62x⁹/2835
  const float small = a * (1.0f + a2 * (-0.333333333f + a2 * (0.133333333f + a2 * (-0.053968254f + a2 * 0.021869489f))));
  const float y = a < 0.2f ? small : large;
  return x < 0.0f ? -y : y;
}

}  // namespace lmp::kernels
