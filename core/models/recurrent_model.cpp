#include "models/recurrent_model.h"

#include <cmath>
#include <cstring>

#include "nn/ops.h"

namespace lmp::nn {

int RecurrentModel::gates() const {
  if (config_.kind == ModelKind::kLstm) return 4;
  if (config_.kind == ModelKind::kGru) return 3;
  return 1;
}

RecurrentModel::RecurrentModel(const NeuralConfig& c) : NeuralModel(c) {
  const int g = gates();
  const int h = c.hidden;
  embedding_ = params_.declare("embedding", {c.vocab, c.embed}, Init::kNormal, 1.0f);
  for (int l = 0; l < c.layers; ++l) {
    const int in = l == 0 ? c.embed : h;
    const std::string name = "layer" + std::to_string(l);
    Layer layer{};
    layer.w = params_.declare(name + ".w", {in, g * h}, Init::kNormal, 1.0f / std::sqrt(static_cast<float>(in)), true);
    layer.u = params_.declare(name + ".u", {h, g * h}, Init::kNormal, 1.0f / std::sqrt(static_cast<float>(h)), true);
    layer.b = params_.declare(name + ".b", {g * h}, Init::kZeros);
    layer.b_hn = c.kind == ModelKind::kGru ? params_.declare(name + ".b_hn", {h}, Init::kZeros) : -1;
    layers_.push_back(layer);
  }
  w_out_ = params_.declare("output.weight", {h, c.vocab}, Init::kNormal, 0.01f, true);
  b_out_ = params_.declare("output.bias", {c.vocab}, Init::kZeros);
}

void RecurrentModel::adjust_initialization() {
  if (config_.kind != ModelKind::kLstm) return;
  const int H = config_.hidden;
  for (const Layer& layer : layers_) {
    const Tensor b = params_.value(layer.b);
    for (int j = H; j < 2 * H; ++j) b[j] = 1.0f;  // gates are i, f, g, o: f is the second block
  }
}

void RecurrentModel::cell(Tape& tape, const Layer& layer, Var pre_x, Var& h, Var& c) const {
  const Var hu = matmul(tape, h, params_.on(tape, layer.u));  // (B, G*H)
  if (config_.kind == ModelKind::kRnn) {
    h = nn::tanh(tape, add(tape, pre_x, hu));
    return;
  }
  if (config_.kind == ModelKind::kLstm) {
    const LstmState next = lstm_cell(tape, pre_x, hu, c);
    h = next.h;
    c = next.c;
    return;
  }
  h = gru_cell(tape, pre_x, hu, params_.on(tape, layer.b_hn), h);
}

Var RecurrentModel::forward(Tape& tape, const std::vector<TokenId>& inputs, int time, int batch,
                            RecurrentState* carry) const {
  const int H = config_.hidden;
  const bool lstm = config_.kind == ModelKind::kLstm;
  const std::int64_t state_size = static_cast<std::int64_t>(batch) * H;
  // A fresh or mismatched carry starts from zeros.
  if (carry != nullptr && (carry->batch != batch || carry->h.size() != layers_.size())) {
    carry->batch = batch;
    carry->h.assign(layers_.size(), std::vector<float>(state_size, 0.0f));
    carry->c.assign(lstm ? layers_.size() : 0, std::vector<float>(state_size, 0.0f));
  }
  auto initial = [&](const std::vector<std::vector<float>>* saved, std::size_t l) {
    const Tensor t = tape.scratch({batch, H});
    if (saved != nullptr && l < saved->size()) {
      std::memcpy(t.data, (*saved)[l].data(), sizeof(float) * state_size);
    } else {
      t.fill(0.0f);
    }
    return tape.constant(t);
  };

  Var x = embedding(tape, params_.on(tape, embedding_), inputs, {time * batch});  // (T*B, E)
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    const Var pre_x = add(tape, matmul(tape, x, params_.on(tape, layer.w)), params_.on(tape, layer.b));  // (T*B, G*H)
    Var h = initial(carry ? &carry->h : nullptr, l);
    Var c = lstm ? initial(carry ? &carry->c : nullptr, l) : -1;
    std::vector<Var> outputs;
    outputs.reserve(time);
    for (int t = 0; t < time; ++t) {
      cell(tape, layer, take_rows(tape, pre_x, t * batch, batch), h, c);
      outputs.push_back(h);
    }
    if (carry != nullptr) {  // keep the values only: gradients stop at the window's edge
      std::memcpy(carry->h[l].data(), tape.value(h).data, sizeof(float) * state_size);
      if (lstm) std::memcpy(carry->c[l].data(), tape.value(c).data, sizeof(float) * state_size);
    }
    x = stack_rows(tape, outputs);  // (T*B, H)
    if (config_.dropout > 0) x = dropout(tape, x, config_.dropout);
  }
  return add(tape, matmul(tape, x, params_.on(tape, w_out_)), params_.on(tape, b_out_));  // (T*B, V)
}

}  // namespace lmp::nn
