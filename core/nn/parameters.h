// All weights of a model in one contiguous block, with named views: the
// optimizer is one loop over the block, a checkpoint one write, a JS view one
// typed array. Gradients live in a second block of the same layout.
//
// Declare every parameter first (declare), then allocate() once; views are
// valid from then on and never move.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "base/rng.h"
#include "nn/tape.h"
#include "nn/tensor.h"

namespace lmp::nn {

enum class Init {
  kZeros,
  kOnes,
  kNormal,  // N(0, std²): std given per parameter (e.g. 1/sqrt(fan_in))
};

struct ParameterInfo {
  std::string name;
  Shape shape;
  std::int64_t offset = 0;
  Init init = Init::kZeros;
  float std = 0.0f;
  bool decays = false;  // weight decay applies to matrices only, not to biases, gains or embeddings' norms
};

class Parameters {
 public:
  // Returns the parameter's index.
  int declare(const std::string& name, Shape shape, Init init, float std = 0.0f, bool decays = false);
  // Reserves both blocks and initializes values from rng.
  void allocate(Rng& rng);

  Tensor value(int i) const { return {const_cast<float*>(values_.data()) + info_[i].offset, info_[i].shape}; }
  Tensor grad(int i) const { return {const_cast<float*>(grads_.data()) + info_[i].offset, info_[i].shape}; }
  // The parameter as a tape node whose gradient accumulates into grad(i).
  Var on(Tape& tape, int i) const { return tape.parameter(value(i), grad(i)); }

  const std::vector<ParameterInfo>& info() const { return info_; }
  std::vector<float>& values() { return values_; }
  std::vector<float>& grads() { return grads_; }
  const std::vector<float>& values() const { return values_; }
  std::int64_t count() const { return static_cast<std::int64_t>(values_.size()); }
  void zero_grads();

 private:
  std::vector<ParameterInfo> info_;
  std::int64_t total_ = 0;
  std::vector<float> values_;
  std::vector<float> grads_;
};

// A normally distributed float from two uniform coins (Box-Muller), the same in every build.
float normal_sample(Rng& rng);

}  // namespace lmp::nn
