// Causal attention of one head, forward + backward, for T = 64, 128, 256 and
// head sizes 16, 32, 64: each variant of core/kernels/attention.h against the
// scalar reference in the same build, timed in turns (reference, gemm,
// wasmsimd in wasm, repeated) so machine noise falls on all of them. Then the
// KV-cache row of core/kernels/attention_row.h (one query against n cached
// keys, n = 16..512, the 4 heads of a position side by side as in the cache),
// the build's choice against its reference, in turns the same way.
//
//   attention_bench [--reps 7] [--heads 8]
//
// Prints microseconds per head (median over reps of `heads` heads each), per
// row call for the KV-cache row (median over reps of 64 calls per head of 4),
// and the speed-up of each variant over the reference. Builds natively
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

// One table: for each n and d, attention_row_reference and attention_row in turns.
void time_attention_rows(int reps, lmp::Rng& rng) {
  constexpr int kHeads = 4;   // side by side in a row of the cache: stride = kHeads * d
  constexpr int kCalls = 64;  // per head and rep: a single call is too short to time alone
  using RowFn = void (*)(const lmp::kernels::AttentionRowShape&, const float*, const float*, const float*, float*,
                         float*);
  const RowFn variants[] = {lmp::kernels::attention_row_reference, lmp::kernels::attention_row};
  std::printf("\nKV-cache attention row, one query against n keys, %s build (us per call, median of %d x %d calls);"
              " the models run %s\n",
              bench::kBuild, reps, kHeads * kCalls, lmp::kernels::attention_row_choice());
  std::printf("%5s %4s %10s %10s %10s\n", "n", "d", "reference", "chosen", "ref/chosen");
  for (int n : {16, 64, 256, 512}) {
    for (int d : {16, 32, 64}) {
      const lmp::kernels::AttentionRowShape s{n, d, kHeads * d, 1.0f / std::sqrt(static_cast<float>(d))};
      std::vector<float> q(static_cast<std::size_t>(kHeads) * d), k(static_cast<std::size_t>(n) * s.stride),
          v(k.size());
      for (auto* x : {&q, &k, &v}) {
        for (float& e : *x) e = static_cast<float>(2.0 * rng.next_unit() - 1.0);
      }
      std::vector<float> weights(n), out(static_cast<std::size_t>(kHeads) * d);
      std::vector<double> times[2];
      for (int rep = 0; rep <= reps; ++rep) {  // rep 0 warms up, untimed
        for (int vi = 0; vi < 2; ++vi) {
          const Clock::time_point start = Clock::now();
          for (int call = 0; call < kCalls; ++call) {
            for (int h = 0; h < kHeads; ++h) {
              variants[vi](s, q.data() + h * d, k.data() + h * d, v.data() + h * d, weights.data(), out.data() + h * d);
            }
          }
          const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count() / (kCalls * kHeads);
          if (rep > 0) times[vi].push_back(us);
        }
      }
      std::printf("%5d %4d %10.2f %10.2f %9.2fx\n", n, d, median(times[0]), median(times[1]),
                  median(times[0]) / median(times[1]));
    }
  }
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
  time_attention_rows(reps, rng);
  return 0;
}
