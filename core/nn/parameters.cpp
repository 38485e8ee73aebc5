#include "nn/parameters.h"

#include <algorithm>
#include <cmath>

namespace lmp::nn {

int Parameters::declare(const std::string& name, Shape shape, Init init, float std, bool decays) {
  info_.push_back({name, shape, total_, init, std, decays});
  total_ += shape.size();
  return static_cast<int>(info_.size()) - 1;
}

float normal_sample(Rng& rng) {
  const double u1 = 1.0 - rng.next_unit();  // (0, 1]: log is finite
  const double u2 = rng.next_unit();
  return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
}

void Parameters::allocate(Rng& rng) {
  values_.assign(total_, 0.0f);
  grads_.assign(total_, 0.0f);
  for (const ParameterInfo& p : info_) {
    float* v = values_.data() + p.offset;
    const std::int64_t n = p.shape.size();
    switch (p.init) {
      case Init::kZeros: break;
      case Init::kOnes: std::fill(v, v + n, 1.0f); break;
      case Init::kNormal:
        for (std::int64_t i = 0; i < n; ++i) v[i] = p.std * normal_sample(rng);
        break;
    }
  }
}

void Parameters::zero_grads() { std::fill(grads_.begin(), grads_.end(), 0.0f); }

}  // namespace lmp::nn
