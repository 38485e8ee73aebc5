// The one place that maps a neural model kind to its class: building one
// from its configuration, and its section of a model file.
#include "models/neural_model_kinds.h"

#include <cmath>
#include <cstring>

#include "base/binary_io.h"
#include "base/error.h"
#include "models/mlp_model.h"
#include "models/recurrent_model.h"
#include "models/transformer_model.h"

namespace lmp::nn {

std::unique_ptr<NeuralModel> make_neural_model(const NeuralConfig& config, std::uint64_t seed) {
  validate(config);
  std::unique_ptr<NeuralModel> model;
  if (config.kind == ModelKind::kMlp) {
    model = std::make_unique<MlpModel>(config);
  } else if (config.kind == ModelKind::kTransformer) {
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
  out.str(to_string(c.kind));
  for (int v : {c.context, c.embed, c.hidden, c.layers}) out.u32(static_cast<std::uint32_t>(v));
  out.f64(c.dropout);
  out.u32(static_cast<std::uint32_t>(c.heads));
  out.str(to_string(c.positions));
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
  const std::optional<ModelKind> kind = enum_from_name<ModelKind>(in.str(), kModelKindNames);
  for (int* v : {&c.context, &c.embed, &c.hidden, &c.layers}) *v = static_cast<int>(in.u32());
  c.dropout = static_cast<float>(in.f64());
  c.heads = static_cast<int>(in.u32());
  const std::optional<Positions> positions = enum_from_name<Positions>(in.str(), kPositionsNames);
  c.causal = in.u8() != 0;
  c.vocab = vocab;
  if (!kind || !positions) throw corrupt_model("the model file is damaged: it names a network this build does not know");
  c.kind = *kind;
  c.positions = *positions;
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
