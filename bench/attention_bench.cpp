// Causal attention of one head, forward + backward, for T = 64, 128, 256 and
// head sizes 16, 32, 64: each variant of core/kernels/attention.h against the
// scalar reference in the same build, timed in turns (reference, gemm,
// wasmsimd in wasm, repeated) so machine noise falls on all of them.
//
//   attention_bench [--reps 7] [--heads 8]
//
// Prints microseconds per head (median over reps of `heads` heads each) and
// the speed-up of each variant over the reference. Builds natively
// (build/native/attention_bench) and to wasm
// (node --no-experimental-fetch build/wasm/attention_bench.js), where the
// SIMD paths run.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "base/rng.h"
#include "bench_common.h"
#include "kernels/dispatch.h"

namespace {

using lmp::kernels::AttentionShape;
using Clock = std::chrono::steady_clock;

struct Variant {
  const char* name;
  void (*forward)(const AttentionShape&, const float*, const float*, const float*, float*, float*);
  void (*backward)(const AttentionShape&, const float*, const float*, const float*, const float*, const float*,
                   const float*, float*, float*, float*);
};

const Variant kVariants[] = {
    {"reference", lmp::kernels::attention_forward_reference, lmp::kernels::attention_backward_reference},
    {"gemm", lmp::kernels::attention_forward_gemm, lmp::kernels::attention_backward_gemm},
#if defined(__wasm_simd128__)
    {"wasmsimd", lmp::kernels::attention_forward_4x8__wasmsimd, lmp::kernels::attention_backward_4x8__wasmsimd},
#endif
};
constexpr int kVariantCount = sizeof(kVariants) / sizeof(kVariants[0]);

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 7;
  int heads = 8;
  bench::int_flags("attention_bench", argc, argv, {{"--reps", &reps}, {"--heads", &heads}});
  std::printf("causal attention forward+backward, one head, %s build (us per head, median of %d x %d heads);"
              " the models run %s\n",
              bench::kBuild, reps, heads, lmp::kernels::attention_choice());
  std::printf("%5s %4s", "T", "d");
  for (const Variant& variant : kVariants) std::printf(" %10s", variant.name);
  for (int vi = 1; vi < kVariantCount; ++vi) std::printf(" %13s", (std::string(kVariants[vi].name) + "/ref").c_str());
  std::printf("\n");
  lmp::Rng rng(1);
  {  // Warm-up, untimed: wasm code is tiered up before the first row is measured.
    const AttentionShape s{128, 32, 0.2f, true};
    std::vector<float> x(128 * 32, 0.1f), out(128 * 32), lse(128), g(128 * 32);
    for (int i = 0; i < 20; ++i) {
      for (const Variant& variant : kVariants) {
        variant.forward(s, x.data(), x.data(), x.data(), out.data(), lse.data());
        variant.backward(s, x.data(), x.data(), x.data(), out.data(), lse.data(), x.data(), g.data(), g.data(), g.data());
      }
    }
  }
  for (int T : {64, 128, 256}) {
    for (int d : {16, 32, 64}) {
      const AttentionShape s{T, d, 1.0f / std::sqrt(static_cast<float>(d)), true};
      const std::size_t n = static_cast<std::size_t>(T) * d;
      std::vector<float> q(n * heads), k(n * heads), v(n * heads), dout(n * heads);
      for (auto* x : {&q, &k, &v, &dout}) {
        for (float& e : *x) e = static_cast<float>(2.0 * rng.next_unit() - 1.0);
      }
      std::vector<float> out(n), lse(T), dq(n), dk(n), dv(n);
      std::vector<double> times[kVariantCount];
      for (int rep = 0; rep <= reps; ++rep) {  // rep 0 warms up, untimed
        for (int vi = 0; vi < kVariantCount; ++vi) {
          const Clock::time_point start = Clock::now();
          for (int h = 0; h < heads; ++h) {
            const std::size_t at = n * h;
            kVariants[vi].forward(s, q.data() + at, k.data() + at, v.data() + at, out.data(), lse.data());
            kVariants[vi].backward(s, q.data() + at, k.data() + at, v.data() + at, out.data(), lse.data(),
                                   dout.data() + at, dq.data(), dk.data(), dv.data());
          }
          const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count() / heads;
          if (rep > 0) times[vi].push_back(us);
        }
      }
      std::printf("%5d %4d", T, d);
      for (int vi = 0; vi < kVariantCount; ++vi) std::printf(" %10.1f", median(times[vi]));
      for (int vi = 1; vi < kVariantCount; ++vi) std::printf(" %12.2fx", median(times[0]) / median(times[vi]));
      std::printf("\n");
    }
  }
  return 0;
}
