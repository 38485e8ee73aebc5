#include "neural_model.h"

#include <cmath>
#include <cstring>

#include "binary_io.h"
#include "error.h"
#include "mlp_model.h"
#include "recurrent_model.h"
#include "transformer_model.h"

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

std::unique_ptr<NeuralModel> make_neural_model(const NeuralConfig& config, std::uint64_t seed) {
  validate(config);
  std::unique_ptr<NeuralModel> model;
  if (config.kind == "mlp") {
    model = std::make_unique<MlpModel>(config);
  } else if (config.kind == "transformer") {
    model = std::make_unique<TransformerModel>(config);
  } else {
    model = std::make_unique<RecurrentModel>(config);
  }
  Rng rng(seed);
  model->parameters().allocate(rng);
  model->adjust_initialization();
  return model;
}

void write_neural_model(ByteWriter& out, const NeuralModel& model) {
  const NeuralConfig& c = model.config();
  out.str(c.kind);
  for (int v : {c.context, c.embed, c.hidden, c.layers}) out.u32(static_cast<std::uint32_t>(v));
  out.f64(c.dropout);
  out.u32(static_cast<std::uint32_t>(c.heads));
  out.str(c.positions);
  out.u8(c.causal ? 1 : 0);
  const std::vector<float>& values = model.parameters().values();
  out.u64(values.size());
  for (float v : values) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    out.u32(bits);
  }
}

std::unique_ptr<NeuralModel> read_neural_model(ByteReader& in, int vocab) {
  NeuralConfig c;
  c.kind = in.str();
  for (int* v : {&c.context, &c.embed, &c.hidden, &c.layers}) *v = static_cast<int>(in.u32());
  c.dropout = static_cast<float>(in.f64());
  c.heads = static_cast<int>(in.u32());
  c.positions = in.str();
  c.causal = in.u8() != 0;
  c.vocab = vocab;
  std::unique_ptr<NeuralModel> model;
  try {
    model = make_neural_model(c, 0);
  } catch (const Error&) {
    throw corrupt_model("the model file is damaged: its network settings are out of range");
  }
  const std::uint64_t count = in.u64();
  std::vector<float>& values = model->parameters().values();
  if (count != values.size()) throw corrupt_model("the model file is damaged: its weights do not fit its settings");
  in.expect_items(count, 4);
  for (float& v : values) {
    const std::uint32_t bits = in.u32();
    std::memcpy(&v, &bits, sizeof v);
    if (!std::isfinite(v)) throw corrupt_model("the model file is damaged: a weight is not a finite number");
  }
  return model;
}

}  // namespace lmp::nn
