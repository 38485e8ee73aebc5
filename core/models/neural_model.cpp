#include "models/neural_model.h"

#include <cmath>
#include <cstring>

#include "base/error.h"

namespace lmp::nn {

void validate(const NeuralConfig& c) {
  const bool transformer = c.kind == ModelKind::kTransformer;
  if (!is_neural(c.kind)) throw invalid_input("an n-gram model is not a neural network");
  auto in_range = [](const char* what, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw invalid_input(std::string(what) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
                          " (got " + std::to_string(v) + ")");
    }
  };
  in_range("the context", c.context, 1, kMaxContext);
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
  }
  if (c.vocab < Tokenizer::kFirstPiece) throw invalid_input("the vocabulary is empty");
}

}  // namespace lmp::nn
