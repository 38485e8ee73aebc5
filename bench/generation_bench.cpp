// Cost of generating one more token as the context grows: the Transformer
// with its KV cache (one row of attention per block against the cached keys
// and values), the same Transformer recomputing the whole context for every
// token, and an LSTM (one step of its cell, whatever the context). The
// measurement lives in core/app/generation_cost.h, the same code the page runs;
// this prints its rows as a table, with the ratios.
//
//   generation_bench [--max-context 256] [--tokens 32] [--seed 1]
//
// Models are randomly initialized (cost does not depend on the weights):
// tiny GPT (d_model 64, 2 blocks, 4 heads) with positions for max-context
// plus one, LSTM with embedding 32, hidden 128, vocabulary 85 (Moby Dick's).
// For each context length n it feeds n tokens, then times `tokens` tokens,
// each the one after exactly n (the cache is cut back to n after each); the
// table gives microseconds per generated token (median of 3).
// Builds natively (build/native/generation_bench) and to wasm
// (node --no-experimental-fetch build/wasm/generation_bench.js).
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>

#include "app/generation_cost.h"
#include "bench_common.h"

int main(int argc, char** argv) {
  lmp::GenerationCostOptions options;
  int seed = static_cast<int>(options.seed);
  bench::int_flags("generation_bench", argc, argv,
                   {{"--max-context", &options.max_context}, {"--tokens", &options.tokens}, {"--seed", &seed}});
  options.seed = static_cast<std::uint32_t>(seed);
  std::unique_ptr<lmp::GenerationCostMeter> meter;
  try {
    meter = lmp::GenerationCostMeter::start(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "generation_bench: %s\n", e.what());
    return 2;
  }

  std::printf("generation cost per token, %s build (us per token, median of 3; %d tokens after a context of n)\n",
              bench::kBuild, options.tokens);
  std::printf("%8s %14s %16s %10s %12s %14s\n", "n", "GPT KV cache", "GPT recompute", "LSTM", "recompute/KV",
              "KV/LSTM");
  while (!meter->finished()) {
    // Printed as measured: the longest contexts take a few seconds.
    const lmp::GenerationCost row = meter->measure_next();
    std::printf("%8d %14.1f %16.1f %10.1f %11.1fx %13.2fx\n", row.n, row.kv_us, row.recompute_us, row.lstm_us,
                row.recompute_us / row.kv_us, row.kv_us / row.lstm_us);
    std::fflush(stdout);
  }
  return 0;
}
