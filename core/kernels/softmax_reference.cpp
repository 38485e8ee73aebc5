// The plain loops that define the softmax family (softmax.h).
#include <cmath>

#include "kernels/fast_math.h"
#include "kernels/softmax.h"

namespace lmp::kernels {

namespace {

float row_max(int n, const float* x) {
  float m = x[0];
  for (int j = 1; j < n; ++j) m = x[j] > m ? x[j] : m;
  return m;
}

}  // namespace

float log_sum_exp_reference(int n, const float* x) {
  const float m = row_max(n, x);
  float s = 0.0f;
  for (int j = 0; j < n; ++j) s += kernels::exp_fast(x[j] - m);
  return m + std::log(s);
}

void softmax_row_reference(int n, const float* x, float* y) {
  const float m = row_max(n, x);
  float s = 0.0f;
  for (int j = 0; j < n; ++j) s += y[j] = kernels::exp_fast(x[j] - m);
  const float inverse = 1.0f / s;
  for (int j = 0; j < n; ++j) y[j] *= inverse;
}

void log_softmax_row_reference(int n, const float* x, float* y) {
  const float lse = log_sum_exp_reference(n, x);
  for (int j = 0; j < n; ++j) y[j] = x[j] - lse;
}

void softmax_backward_reference(int n, const float* y, const float* dy, float* dx) {
  float dot = 0.0f;
  for (int j = 0; j < n; ++j) dot += dy[j] * y[j];
  for (int j = 0; j < n; ++j) dx[j] += y[j] * (dy[j] - dot);
}

void log_softmax_backward_reference(int n, const float* y, const float* dy, float* dx) {
  float total = 0.0f;
  for (int j = 0; j < n; ++j) total += dy[j];
  for (int j = 0; j < n; ++j) dx[j] += dy[j] - kernels::exp_fast(y[j]) * total;
}

void add_scaled_exp_reference(int n, const float* x, float shift, float scale, float* dx) {
  for (int j = 0; j < n; ++j) dx[j] += scale * kernels::exp_fast(x[j] - shift);
}

}  // namespace lmp::kernels
