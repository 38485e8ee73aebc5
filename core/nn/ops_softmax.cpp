// Softmax family, row by row over the last dimension. Every row has its
// maximum subtracted before exp, so logits of any size give finite results:
// the largest term is exp(0) = 1 and the sum is in [1, C].
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "fast_math.h"
#include "ops.h"

namespace lmp::nn {

namespace {

float row_max(const float* x, int n) {
  float m = x[0];
  for (int j = 1; j < n; ++j) m = x[j] > m ? x[j] : m;
  return m;
}

// log Σ_j exp(x_j), as max + log Σ exp(x_j - max).
float log_sum_exp(const float* x, int n) {
  const float m = row_max(x, n);
  float s = 0.0f;
  for (int j = 0; j < n; ++j) s += exp_fast(x[j] - m);
  return m + std::log(s);
}

}  // namespace

Var softmax(Tape& tape, Var x) {
  const Tensor xv = tape.value(x);
  const std::int64_t rows = xv.shape.rows();
  const int cols = xv.shape.cols();
  const Var y = tape.push(xv.shape, {x}, [x, y = tape.size(), rows, cols](Tape& t) {
    const float* yv = t.value(y).data;
    const float* dy = t.grad(y).data;
    float* dx = t.grad(x).data;
    // dx_j += y_j (dy_j - Σ_k dy_k y_k)
    for (std::int64_t r = 0; r < rows; ++r) {
      const float* yr = yv + r * cols;
      const float* dyr = dy + r * cols;
      float* dxr = dx + r * cols;
      float dot = 0.0f;
      for (int j = 0; j < cols; ++j) dot += dyr[j] * yr[j];
      for (int j = 0; j < cols; ++j) dxr[j] += yr[j] * (dyr[j] - dot);
    }
  });
  float* out = tape.value(y).data;
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* xr = xv.data + r * cols;
    float* yr = out + r * cols;
    const float m = row_max(xr, cols);
    float s = 0.0f;
    for (int j = 0; j < cols; ++j) {
      yr[j] = exp_fast(xr[j] - m);
      s += yr[j];
    }
    const float inv = 1.0f / s;
    for (int j = 0; j < cols; ++j) yr[j] *= inv;
  }
  return y;
}

Var log_softmax(Tape& tape, Var x) {
  const Tensor xv = tape.value(x);
  const std::int64_t rows = xv.shape.rows();
  const int cols = xv.shape.cols();
  const Var y = tape.push(xv.shape, {x}, [x, y = tape.size(), rows, cols](Tape& t) {
    const float* yv = t.value(y).data;
    const float* dy = t.grad(y).data;
    float* dx = t.grad(x).data;
    // dx_j += dy_j - softmax_j Σ_k dy_k, with softmax_j = exp(y_j)
    for (std::int64_t r = 0; r < rows; ++r) {
      const float* yr = yv + r * cols;
      const float* dyr = dy + r * cols;
      float* dxr = dx + r * cols;
      float total = 0.0f;
      for (int j = 0; j < cols; ++j) total += dyr[j];
      for (int j = 0; j < cols; ++j) dxr[j] += dyr[j] - exp_fast(yr[j]) * total;
    }
  });
  float* out = tape.value(y).data;
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* xr = xv.data + r * cols;
    float* yr = out + r * cols;
    const float lse = log_sum_exp(xr, cols);
    for (int j = 0; j < cols; ++j) yr[j] = xr[j] - lse;
  }
  return y;
}

Var cross_entropy(Tape& tape, Var logits, const std::vector<std::int32_t>& targets) {
  const Tensor lv = tape.value(logits);
  if (lv.shape.rank != 2 || lv.shape[1] < 1 || lv.shape[0] != static_cast<std::int64_t>(targets.size())) {
    throw std::invalid_argument("cross_entropy: logits " + lv.shape.str() + " do not match " +
                                std::to_string(targets.size()) + " targets (want (N, V) with N targets)");
  }
  const int rows = lv.shape[0];
  const int vocab = lv.shape[1];
  for (std::int32_t target : targets) {
    if (target < -1 || target >= vocab) {
      throw std::invalid_argument("cross_entropy: target " + std::to_string(target) + " is outside [0, " +
                                  std::to_string(vocab) + ") for logits " + lv.shape.str() +
                                  " (-1 means ignored)");
    }
  }
  // Saved for backward: log-sum-exp of each row, then the targets (their int32
  // bits; the closure holds no vector, so a step allocates nothing outside the arena).
  const Tensor saved = tape.scratch({2 * rows});
  float* lse = saved.data;
  float* saved_targets = saved.data + rows;
  if (rows > 0) std::memcpy(saved_targets, targets.data(), sizeof(std::int32_t) * rows);
  double total = 0.0;
  int count = 0;
  for (int r = 0; r < rows; ++r) {
    const float* xr = lv.data + static_cast<std::int64_t>(r) * vocab;
    lse[r] = log_sum_exp(xr, vocab);
    if (targets[r] < 0) continue;
    total += static_cast<double>(lse[r]) - static_cast<double>(xr[targets[r]]);  // -log softmax[target]
    ++count;
  }
  const Var y = tape.push({1}, {logits}, [logits, y = tape.size(), rows, vocab, count, lse, saved_targets](Tape& t) {
    if (count == 0) return;  // nothing was averaged, so nothing depends on the logits
    const float* x = t.value(logits).data;
    float* dx = t.grad(logits).data;
    const float g = t.grad(y)[0] / static_cast<float>(count);
    // dlogits_j += (softmax_j - [j = target]) dloss / count, softmax_j = exp(x_j - lse)
    for (int r = 0; r < rows; ++r) {
      std::int32_t target;
      std::memcpy(&target, saved_targets + r, sizeof target);
      if (target < 0) continue;
      const float* xr = x + static_cast<std::int64_t>(r) * vocab;
      float* dxr = dx + static_cast<std::int64_t>(r) * vocab;
      const float l = lse[r];
      for (int j = 0; j < vocab; ++j) dxr[j] += g * exp_fast(xr[j] - l);
      dxr[target] -= g;
    }
  });
  tape.value(y)[0] = count == 0 ? 0.0f : static_cast<float>(total / count);
  return y;
}

}  // namespace lmp::nn
