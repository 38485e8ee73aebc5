// Every neural model kind by name: build one, write it, read it.
#pragma once
#include <cstdint>
#include <memory>

#include "models/neural_model.h"

namespace lmp::nn {

// Declares and initializes the parameters of the configured model.
std::unique_ptr<NeuralModel> make_neural_model(const NeuralConfig& config, std::uint64_t seed);

// Model-file section: the config, then every weight (the parameter block as it is).
void write_neural_model(ByteWriter& out, const NeuralModel& model);
// Throws corrupt_model for a config out of range or a weight count that does not match it.
std::unique_ptr<NeuralModel> read_neural_model(ByteReader& in, int vocab);

}  // namespace lmp::nn
