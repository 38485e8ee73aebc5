// Softmax family, row by row over the last dimension, on the row kernels of
// kernels/softmax.h, as kernels/dispatch.h picks them (which subtract each row's maximum before exp, so logits of
// any size give finite results).
#include <cmath>
#include <cstring>

#include "base/error.h"
#include "kernels/dispatch.h"
#include "nn/ops.h"

namespace lmp::nn {

Var softmax(Tape& tape, Var x) {
  const Tensor xv = tape.value(x);
  const std::int64_t rows = xv.shape.rows();
  const int cols = xv.shape.cols();
  const Var y = tape.push(xv.shape, {x}, [x, y = tape.size(), rows, cols](Tape& t) {
    const float* yv = t.value(y).data;
    const float* dy = t.grad(y).data;
    float* dx = t.grad(x).data;
    for (std::int64_t r = 0; r < rows; ++r) kernels::softmax_backward(cols, yv + r * cols, dy + r * cols, dx + r * cols);
  });
  float* out = tape.value(y).data;
  for (std::int64_t r = 0; r < rows; ++r) kernels::softmax_row(cols, xv.data + r * cols, out + r * cols);
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
    for (std::int64_t r = 0; r < rows; ++r) {
      kernels::log_softmax_backward(cols, yv + r * cols, dy + r * cols, dx + r * cols);
    }
  });
  float* out = tape.value(y).data;
  for (std::int64_t r = 0; r < rows; ++r) kernels::log_softmax_row(cols, xv.data + r * cols, out + r * cols);
  return y;
}

Var cross_entropy(Tape& tape, Var logits, const std::vector<std::int32_t>& targets) {
  const Tensor lv = tape.value(logits);
  if (lv.shape.rank != 2 || lv.shape[1] < 1 || lv.shape[0] != static_cast<std::int64_t>(targets.size())) {
    throw internal_error("cross_entropy: logits " + lv.shape.str() + " do not match " +
                                std::to_string(targets.size()) + " targets (want (N, V) with N targets)");
  }
  const int rows = lv.shape[0];
  const int vocab = lv.shape[1];
  for (std::int32_t target : targets) {
    if (target < -1 || target >= vocab) {
      throw internal_error("cross_entropy: target " + std::to_string(target) + " is outside [0, " +
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
    lse[r] = kernels::log_sum_exp(vocab, xr);
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
      float* dxr = dx + static_cast<std::int64_t>(r) * vocab;
      kernels::add_scaled_exp(vocab, x + static_cast<std::int64_t>(r) * vocab, lse[r], g, dxr);
      dxr[target] -= g;
    }
  });
  tape.value(y)[0] = count == 0 ? 0.0f : static_cast<float>(total / count);
  return y;
}

}  // namespace lmp::nn
