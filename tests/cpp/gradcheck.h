// Gradient checking for tape ops: the analytic gradient of
//   L = sum_i r_i * out_i        (r a fixed random projection)
// against central finite differences of L, with L summed in double so the
// difference quotient is not lost to float rounding of the sum itself.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "base/rng.h"
#include "nn/tape.h"

namespace lmp_test {

struct GradInput {
  lmp::nn::Shape shape;
  bool positive = false;  // draw from (0.5, 1.5), for ops defined only there
};

// build(tape, inputs) records the op under test on `inputs` (parameters) and returns its output.
using OpBuilder = std::function<lmp::nn::Var(lmp::nn::Tape&, const std::vector<lmp::nn::Var>&)>;

struct GradCheckResult {
  double max_abs_error = 0;
  double max_rel_error = 0;
  std::string worst;  // where and both values
};

inline GradCheckResult check_gradients(const std::vector<GradInput>& inputs, const OpBuilder& build,
                                       std::uint64_t seed = 1, float step = 1e-2f) {
  using namespace lmp::nn;
  lmp::Rng rng(seed);
  std::vector<std::vector<float>> values(inputs.size()), grads(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    values[i].resize(inputs[i].shape.size());
    grads[i].assign(inputs[i].shape.size(), 0.0f);
    for (float& v : values[i]) {
      const double u = rng.next_unit();
      v = static_cast<float>(inputs[i].positive ? 0.5 + u : 2.0 * u - 1.0);
    }
  }
  std::vector<double> projection;
  auto loss = [&](bool with_backward) {
    Tape tape(seed);
    tape.training = true;
    std::vector<Var> vars;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      vars.push_back(tape.parameter({values[i].data(), inputs[i].shape}, {grads[i].data(), inputs[i].shape}));
    }
    const Var out = build(tape, vars);
    const Tensor y = tape.value(out);
    if (projection.empty()) {
      lmp::Rng prng(seed + 99);
      for (std::int64_t i = 0; i < y.size(); ++i) projection.push_back(2.0 * prng.next_unit() - 1.0);
    }
    double total = 0;
    for (std::int64_t i = 0; i < y.size(); ++i) total += projection[i] * y[i];
    if (with_backward) {
      const Tensor dy = tape.grad(out);
      for (std::int64_t i = 0; i < y.size(); ++i) dy[i] = static_cast<float>(projection[i]);
      // The output need not be a scalar: its gradient is seeded with the projection.
      tape.backward_from(out);
    }
    return total;
  };
  loss(true);
  GradCheckResult result;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    for (std::size_t j = 0; j < values[i].size(); ++j) {
      const float saved = values[i][j];
      values[i][j] = saved + step;
      const double plus = loss(false);
      values[i][j] = saved - step;
      const double minus = loss(false);
      values[i][j] = saved;
      const double numeric = (plus - minus) / (2.0 * step);
      const double analytic = grads[i][j];
      const double abs_error = std::fabs(numeric - analytic);
      const double rel_error = abs_error / std::max(1.0, std::fabs(numeric));
      if (rel_error > result.max_rel_error) {
        result.max_rel_error = rel_error;
        result.max_abs_error = abs_error;
        result.worst = "input " + std::to_string(i) + " element " + std::to_string(j) + ": analytic " +
                       std::to_string(analytic) + ", numeric " + std::to_string(numeric);
      }
    }
  }
  return result;
}

}  // namespace lmp_test
