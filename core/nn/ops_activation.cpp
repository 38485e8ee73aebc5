// Pointwise nonlinearities. Each backward uses the saved output where the
// derivative is a function of it (tanh' = 1 - y², sigmoid' = y (1 - y)).
#include <cmath>

#include "ops.h"

namespace lmp::nn {

Var tanh(Tape& tape, Var x) {
  const Tensor xv = tape.value(x);
  const Var y = tape.push(xv.shape, {x}, [x, y = tape.size()](Tape& t) {
    const Tensor yv = t.value(y);
    const Tensor dy = t.grad(y);
    const Tensor dx = t.grad(x);
    for (std::int64_t i = 0; i < yv.size(); ++i) dx[i] += dy[i] * (1.0f - yv[i] * yv[i]);
  });
  const Tensor yv = tape.value(y);
  for (std::int64_t i = 0; i < xv.size(); ++i) yv[i] = std::tanh(xv[i]);
  return y;
}

}  // namespace lmp::nn
