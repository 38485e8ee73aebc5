// Cost of generating one more token as the context grows: the Transformer
// with its KV cache (one row of attention per block against the cached keys
// and values), the same Transformer recomputing the whole context for every
// token, and an LSTM (one step of its cell, whatever the context). The
// classic comparison: a recurrent model's cost per token is constant, the
// cached Transformer's grows linearly with the context (its attention row),
// the recomputing one's quadratically (all rows, each over all keys).
//
//   generation_bench [--max-context 256] [--tokens 32] [--seed 1]
//
// Models are randomly initialized (cost does not depend on the weights):
// tiny GPT (d_model 64, 2 blocks, 4 heads) with positions for max-context
// tokens, LSTM with embedding 32, hidden 128, vocabulary 85 (Moby Dick's).
// For each context length n it feeds n tokens, then times `tokens` more one
// by one; the table gives microseconds per generated token (median of 3).
// Builds natively (build/native/generation_bench) and to wasm
// (node --no-experimental-fetch build/wasm/generation_bench.js).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_common.h"
#include "models/neural_model.h"
#include "models/transformer_model.h"

namespace {

using lmp::TokenId;
using lmp::nn::Tape;
using lmp::nn::Var;
using Clock = std::chrono::steady_clock;

constexpr int kVocab = 85;

double us_since(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

std::vector<TokenId> tokens(int n, int offset) {
  std::vector<TokenId> t(n);
  for (int i = 0; i < n; ++i) t[i] = 3 + (i * 7 + offset) % (kVocab - 3);
  return t;
}

double median3(double a, double b, double c) { return std::max(std::min(a, b), std::min(std::max(a, b), c)); }

}  // namespace

int main(int argc, char** argv) {
  int max_context = 256;
  int count = 32;
  int seed = 1;
  bench::int_flags("generation_bench", argc, argv, {{"--max-context", &max_context}, {"--tokens", &count}, {"--seed", &seed}});
  lmp::nn::NeuralConfig gpt;
  gpt.kind = "transformer";
  gpt.vocab = kVocab;
  gpt.embed = 64;
  gpt.layers = 2;
  gpt.heads = 4;
  gpt.context = max_context + count;
  lmp::nn::NeuralConfig lstm;
  lstm.kind = "lstm";
  lstm.vocab = kVocab;
  lstm.embed = 32;
  lstm.hidden = 128;
  const auto transformer_model = lmp::nn::make_neural_model(gpt, seed);
  const auto& transformer = dynamic_cast<const lmp::nn::TransformerModel&>(*transformer_model);
  const auto recurrent = lmp::nn::make_neural_model(lstm, seed);

  std::printf("generation cost per token, %s build (us per token, median of 3; %d tokens after a context of n)\n",
              bench::kBuild, count);
  std::printf("%8s %14s %16s %10s %12s %14s\n", "n", "GPT KV cache", "GPT recompute", "LSTM", "recompute/KV",
              "KV/LSTM");
  Tape tape;
  tape.training = false;
  {  // Warm-up, untimed: wasm code is tiered up and the arena grown before the first row.
    lmp::nn::KvCache cache;
    lmp::nn::RecurrentState state;
    const int warm = std::min(64, gpt.context);  // the cache holds at most context tokens
    const std::vector<TokenId> text = tokens(warm, 0);
    for (int i = 0; i < warm; ++i) {
      tape.reset();
      transformer.forward_cached(tape, text[i], cache);
      tape.reset();
      transformer.forward(tape, std::vector<TokenId>(text.begin(), text.begin() + i + 1), i + 1, 1, nullptr);
      tape.reset();
      recurrent->forward(tape, {text[i]}, 1, 1, &state);
    }
  }
  for (int n = 16; n <= max_context; n *= 2) {
    const std::vector<TokenId> text = tokens(n + count, n);
    double cached[3], recomputed[3], stepped[3];
    for (int rep = 0; rep < 3; ++rep) {
      // KV cache: the prompt once, then a row per token.
      lmp::nn::KvCache cache;
      for (int i = 0; i < n; ++i) {
        tape.reset();
        transformer.forward_cached(tape, text[i], cache);
      }
      Clock::time_point start = Clock::now();
      for (int i = n; i < n + count; ++i) {
        tape.reset();
        transformer.forward_cached(tape, text[i], cache);
      }
      cached[rep] = us_since(start) / count;
      // Recompute: the whole context again for every token.
      start = Clock::now();
      for (int i = n; i < n + count; ++i) {
        tape.reset();
        const std::vector<TokenId> window(text.begin(), text.begin() + i + 1);
        transformer.forward(tape, window, i + 1, 1, nullptr);
      }
      recomputed[rep] = us_since(start) / count;
      // LSTM: its state carries the context.
      lmp::nn::RecurrentState state;
      for (int i = 0; i < n; ++i) {
        tape.reset();
        recurrent->forward(tape, {text[i]}, 1, 1, &state);
      }
      start = Clock::now();
      for (int i = n; i < n + count; ++i) {
        tape.reset();
        recurrent->forward(tape, {text[i]}, 1, 1, &state);
      }
      stepped[rep] = us_since(start) / count;
    }
    const double kv = median3(cached[0], cached[1], cached[2]);
    const double full = median3(recomputed[0], recomputed[1], recomputed[2]);
    const double step = median3(stepped[0], stepped[1], stepped[2]);
    std::printf("%8d %14.1f %16.1f %10.1f %11.1fx %13.2fx\n", n, kv, full, step, full / kv, kv / step);
  }
  return 0;
}
