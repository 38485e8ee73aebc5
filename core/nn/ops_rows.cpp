#include "nn/ops.h"

#include <cstring>

#include "base/error.h"

namespace lmp::nn {

Var take_rows(Tape& tape, Var x, int first, int count) {
  const Tensor xv = tape.value(x);
  if (first < 0 || count < 0 || first + count > xv.shape[0]) {
    throw internal_error("take_rows: rows [" + std::to_string(first) + ", " + std::to_string(first + count) +
                                ") of " + xv.shape.str());
  }
  const Tensor view = xv.rows(first, count);
  const std::int64_t offset = view.data - xv.data;
  const Var y = tape.push(view.shape, {x}, [x, y = tape.size(), offset](Tape& t) {
    const Tensor dy = t.grad(y);
    float* dx = t.grad(x).data + offset;  // d x[rows] += d y
    for (std::int64_t i = 0; i < dy.size(); ++i) dx[i] += dy[i];
  });
  std::memcpy(tape.value(y).data, view.data, sizeof(float) * view.size());
  return y;
}

Var stack_rows(Tape& tape, const std::vector<Var>& parts) {
  if (parts.empty()) throw internal_error("stack_rows: nothing to stack");
  const int cols = tape.value(parts[0]).shape.cols();
  int rows = 0;
  for (Var p : parts) {
    if (tape.value(p).shape.cols() != cols) throw internal_error("stack_rows: parts differ in width");
    rows += static_cast<int>(tape.value(p).shape.rows());
  }
  const Var y = tape.push({rows, cols}, parts, [parts, y = tape.size()](Tape& t) {
    const Tensor dy = t.grad(y);
    std::int64_t offset = 0;
    for (Var p : parts) {
      const std::int64_t n = t.value(p).size();
      if (t.needs_grad(p)) {
        const Tensor dp = t.grad(p);
        for (std::int64_t i = 0; i < n; ++i) dp[i] += dy[offset + i];
      }
      offset += n;
    }
  });
  std::int64_t offset = 0;
  for (Var p : parts) {
    const Tensor pv = tape.value(p);
    std::memcpy(tape.value(y).data + offset, pv.data, sizeof(float) * pv.size());
    offset += pv.size();
  }
  return y;
}

}  // namespace lmp::nn
