// The row kernels of a Transformer step (kernels/softmax.h, layer_norm.h,
// gelu.h), forward and backward, each against its scalar reference in the same
// build, timed in turns so machine noise falls on both. Shapes are those of
// the tiny GPT of bench/lstm.js --model gpt (batch 16 x context 64 = 1,024
// rows): log-softmax and the cross-entropy backward over a vocabulary of 85,
// causal-attention softmax over rows of 64, LayerNorm over d_model 64 and 128,
// GELU over 4 x d_model.
//
//   rowwise_bench [--reps 9]
//
// Prints microseconds per call over all rows (median of reps) and the
// speed-up. In wasm the unsuffixed kernels are the f32x4 variants; natively
// they are the references, so the ratio there is 1 by construction.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

#include "base/rng.h"
#include "bench_common.h"
#include "kernels/dispatch.h"

namespace {

namespace k = lmp::kernels;
using Clock = std::chrono::steady_clock;

constexpr int kRows = 1024;

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

std::vector<float> random_values(std::size_t n, lmp::Rng& rng) {
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>(4.0 * rng.next_unit() - 2.0);
  return v;
}

// Times reference and chosen in turns, reps times each, after one untimed round.
void compare(const char* name, int n, int reps, const std::function<void()>& reference,
             const std::function<void()>& chosen) {
  std::vector<double> times[2];
  for (int rep = 0; rep <= reps; ++rep) {
    int which = 0;
    for (const auto* fn : {&reference, &chosen}) {
      const Clock::time_point start = Clock::now();
      (*fn)();
      const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
      if (rep > 0) times[which].push_back(us);
      ++which;
    }
  }
  const double ref = median(times[0]), simd = median(times[1]);
  std::printf("%-30s %6d %12.1f %12.1f %9.2fx\n", name, n, ref, simd, ref / simd);
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 9;
  bench::int_flags("rowwise_bench", argc, argv, {{"--reps", &reps}});
  std::printf("row kernels, %s build, %d rows (us per call, median of %d); the models run %s\n", bench::kBuild, kRows,
              reps, k::row_kernels_choice());
  std::printf("%-30s %6s %12s %12s %10s\n", "kernel", "n", "reference", "chosen", "ref/chosen");
  lmp::Rng rng(1);
  for (int n : {64, 85}) {
    const std::size_t size = static_cast<std::size_t>(kRows) * n;
    const std::vector<float> x = random_values(size, rng), dy = random_values(size, rng);
    std::vector<float> y(size), dx(size);
    const auto rows = [&](auto&& row) {
      return [&, row] {
        for (int r = 0; r < kRows; ++r) row(static_cast<std::size_t>(r) * n);
      };
    };
    compare("softmax forward", n, reps, rows([&](std::size_t at) { k::softmax_row_reference(n, &x[at], &y[at]); }),
            rows([&](std::size_t at) { k::softmax_row(n, &x[at], &y[at]); }));
    compare("softmax backward", n, reps,
            rows([&](std::size_t at) { k::softmax_backward_reference(n, &y[at], &dy[at], &dx[at]); }),
            rows([&](std::size_t at) { k::softmax_backward(n, &y[at], &dy[at], &dx[at]); }));
    compare("log-sum-exp (cross-entropy)", n, reps,
            rows([&](std::size_t at) { y[at] = k::log_sum_exp_reference(n, &x[at]); }),
            rows([&](std::size_t at) { y[at] = k::log_sum_exp(n, &x[at]); }));
    compare("cross-entropy backward", n, reps,
            rows([&](std::size_t at) { k::add_scaled_exp_reference(n, &x[at], 1.0f, 0.001f, &dx[at]); }),
            rows([&](std::size_t at) { k::add_scaled_exp(n, &x[at], 1.0f, 0.001f, &dx[at]); }));
  }
  for (int n : {64, 128}) {
    const std::size_t size = static_cast<std::size_t>(kRows) * n;
    const std::vector<float> x = random_values(size, rng), dy = random_values(size, rng);
    const std::vector<float> gain = random_values(n, rng), bias = random_values(n, rng);
    std::vector<float> y(size), dx(size), dgain(n), dbias(n);
    std::vector<k::RowMoments> moments(kRows);
    compare("layer norm forward", n, reps, [&] {
      for (int r = 0; r < kRows; ++r) moments[r] = k::layer_norm_row_reference(n, &x[r * n], gain.data(), bias.data(), 1e-5f, &y[r * n]);
    }, [&] {
      for (int r = 0; r < kRows; ++r) moments[r] = k::layer_norm_row(n, &x[r * n], gain.data(), bias.data(), 1e-5f, &y[r * n]);
    });
    compare("layer norm backward", n, reps, [&] {
      for (int r = 0; r < kRows; ++r) {
        k::layer_norm_backward_reference(n, &x[r * n], gain.data(), &dy[r * n], moments[r], &dx[r * n], dgain.data(), dbias.data());
      }
    }, [&] {
      for (int r = 0; r < kRows; ++r) {
        k::layer_norm_backward(n, &x[r * n], gain.data(), &dy[r * n], moments[r], &dx[r * n], dgain.data(), dbias.data());
      }
    });
  }
  for (int width : {256, 512}) {
    const std::int64_t size = static_cast<std::int64_t>(kRows) * width;
    const std::vector<float> x = random_values(size, rng), dy = random_values(size, rng);
    std::vector<float> y(size), th(size), dx(size);
    compare("gelu forward", width, reps, [&] { k::gelu_forward_reference(size, x.data(), y.data(), th.data()); },
            [&] { k::gelu_forward(size, x.data(), y.data(), th.data()); });
    compare("gelu backward", width, reps, [&] { k::gelu_backward_reference(size, x.data(), th.data(), dy.data(), dx.data()); },
            [&] { k::gelu_backward(size, x.data(), th.data(), dy.data(), dx.data()); });
  }
  return 0;
}
