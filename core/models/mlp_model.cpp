#include "models/mlp_model.h"

#include <cmath>

#include "nn/ops.h"

namespace lmp::nn {

MlpModel::MlpModel(const NeuralConfig& c) : NeuralModel(c) {
  const int in = c.context * c.embed;
  embedding_ = params_.declare("embedding", {c.vocab, c.embed}, Init::kNormal, 1.0f);
  w1_ = params_.declare("hidden.weight", {in, c.hidden}, Init::kNormal, 1.0f / std::sqrt(static_cast<float>(in)), true);
  b1_ = params_.declare("hidden.bias", {c.hidden}, Init::kZeros);
  // A small output layer makes the first predictions near uniform: loss starts at ln V.
  w2_ = params_.declare("output.weight", {c.hidden, c.vocab}, Init::kNormal, 0.01f, true);
  b2_ = params_.declare("output.bias", {c.vocab}, Init::kZeros);
}

Var MlpModel::forward(Tape& tape, const std::vector<TokenId>& inputs, int time, int batch, RecurrentState*) const {
  const int n = config_.context;
  // windows (T*B, n): for row (t, b), the tokens at t-n+1 .. t of column b.
  std::vector<std::int32_t> windows(static_cast<std::size_t>(time) * batch * n);
  for (int t = 0; t < time; ++t) {
    for (int b = 0; b < batch; ++b) {
      for (int j = 0; j < n; ++j) {
        const int source = t - (n - 1) + j;
        windows[(static_cast<std::size_t>(t) * batch + b) * n + j] =
            source < 0 ? Tokenizer::kBos : inputs[static_cast<std::size_t>(source) * batch + b];
      }
    }
  }
  const Var embedded = embedding(tape, params_.on(tape, embedding_), windows, {time * batch, n});  // (T*B, n, E)
  const Var flat = reshape(tape, embedded, {time * batch, n * config_.embed});
  Var hidden = nn::tanh(tape, add(tape, matmul(tape, flat, params_.on(tape, w1_)), params_.on(tape, b1_)));
  if (config_.dropout > 0) hidden = dropout(tape, hidden, config_.dropout);
  return add(tape, matmul(tape, hidden, params_.on(tape, w2_)), params_.on(tape, b2_));  // (T*B, V)
}

}  // namespace lmp::nn
