#include "models/neural_model.h"

#include <cmath>
#include <cstring>

#include "base/error.h"

namespace lmp::nn {

namespace {
// Bounds that keep a configuration trainable in a browser tab; the memory
// limit is checked separately from the actual sizes.
constexpr int kMaxContext = 64;
constexpr int kMaxWidth = 4096;
constexpr int kMaxLayers = 8;
constexpr int kMaxPositions = 1024;
constexpr int kMaxHeads = 64;
}  // namespace

bool is_recurrent(const NeuralConfig& config) { return config.kind != "mlp" && config.kind != "transformer"; }

void validate(const NeuralConfig& c) {
  const bool transformer = c.kind == "transformer";
  if (c.kind != "mlp" && c.kind != "rnn" && c.kind != "lstm" && c.kind != "gru" && !transformer) {
    throw invalid_input("unknown neural model '" + c.kind + "'; use mlp, rnn, lstm, gru or transformer");
  }
  auto in_range = [](const char* what, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw invalid_input(std::string(what) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                          " (got " + std::to_string(v) + ")");
    }
  };
  in_range(transformer ? "the context (positions)" : "the context window", c.context, 1,
           transformer ? kMaxPositions : kMaxContext);
  in_range("the embedding size", c.embed, 1, kMaxWidth);
  in_range("the hidden size", c.hidden, 1, kMaxWidth);
  in_range("the number of layers", c.layers, 1, kMaxLayers);
  if (!(c.dropout >= 0.0f && c.dropout < 1.0f)) throw invalid_input("dropout must be at least 0 and below 1");
  if (transformer) {
    in_range("the number of heads", c.heads, 1, kMaxHeads);
    if (c.embed % c.heads != 0) {
      throw invalid_input("d_model (" + std::to_string(c.embed) + ") must be a multiple of the number of heads (" +
                          std::to_string(c.heads) + ")");
    }
    if (c.positions != "learned" && c.positions != "sinusoidal") {
      throw invalid_input("unknown position encoding '" + c.positions + "'; use learned or sinusoidal");
    }
  }
  if (c.vocab < Tokenizer::kFirstPiece) throw invalid_input("the vocabulary is empty");
}

}  // namespace lmp::nn
