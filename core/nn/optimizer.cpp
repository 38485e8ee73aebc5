#include "nn/optimizer.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "base/error.h"

namespace lmp::nn {

namespace {


std::string show(float v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(v));
  return buffer;
}

bool finite(float v) { return std::isfinite(v); }

void check_unit_interval(float value, const char* name) {
  if (!(finite(value) && value >= 0.0f && value < 1.0f)) {
    throw invalid_input(std::string(name) + " must be at least 0 and below 1 (got " + show(value) + ")");
  }
}

void check_non_negative(float value, const char* name, const char* zero_means) {
  if (!(finite(value) && value >= 0.0f)) {
    throw invalid_input(std::string(name) + " must be 0 (" + zero_means + ") or a positive number (got " + show(value) +
                        ")");
  }
}

// Σ g² in double. Four independent partial sums: a fixed order (the same
// result in every build) that the compiler can still vectorize.
double sum_of_squares(const float* __restrict g, std::int64_t n) {
  double acc[4] = {0.0, 0.0, 0.0, 0.0};
  std::int64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (int j = 0; j < 4; ++j) {
      const double x = g[i + j];
      acc[j] += x * x;
    }
  }
  for (; i < n; ++i) {
    const double x = g[i];
    acc[0] += x * x;
  }
  return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

// The update loops: float arithmetic only, one pass, no branches inside.
// `l2` is wd for decaying parameters under sgd/adam, else 0; `keep` is
// 1 − lr·wd for decaying parameters under adamw, else 1.

void sgd_plain(float* __restrict w, const float* __restrict g, std::int64_t n, float scale, float lr, float l2) {
  for (std::int64_t i = 0; i < n; ++i) w[i] -= lr * (g[i] * scale + l2 * w[i]);
}

void sgd_momentum(float* __restrict w, const float* __restrict g, float* __restrict velocity, std::int64_t n,
                  float scale, float lr, float l2, float momentum) {
  for (std::int64_t i = 0; i < n; ++i) {
    velocity[i] = momentum * velocity[i] + (g[i] * scale + l2 * w[i]);
    w[i] -= lr * velocity[i];
  }
}

struct AdamConstants {
  float scale;  // grad_scale · clip factor
  float beta1, one_minus_beta1;
  float beta2, one_minus_beta2;
  float step_size;     // lr / (1 − β1ᵗ)
  float inv_sqrt_bc2;  // 1 / √(1 − β2ᵗ): √v̂ = √v · inv_sqrt_bc2
  float epsilon;
};

void adam(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v, std::int64_t n,
          const AdamConstants& c, float l2, float keep) {
  const float scale = c.scale, b1 = c.beta1, c1 = c.one_minus_beta1, b2 = c.beta2, c2 = c.one_minus_beta2;
  const float step_size = c.step_size, inv_sqrt_bc2 = c.inv_sqrt_bc2, eps = c.epsilon;
  for (std::int64_t i = 0; i < n; ++i) {
    const float gi = g[i] * scale + l2 * w[i];
    m[i] = b1 * m[i] + c1 * gi;
    v[i] = b2 * v[i] + c2 * gi * gi;
    w[i] = w[i] * keep - step_size * m[i] / (std::sqrt(v[i]) * inv_sqrt_bc2 + eps);
  }
}

}  // namespace

void validate(const OptimizerConfig& config) {
  if (!(finite(config.lr) && config.lr > 0.0f && config.lr <= kMaxLearningRate)) {
    throw invalid_input("learning rate must be above 0 and at most 10 (got " + show(config.lr) + ")");
  }
  check_unit_interval(config.momentum, "momentum");
  check_unit_interval(config.beta1, "beta1");
  check_unit_interval(config.beta2, "beta2");
  if (!(finite(config.epsilon) && config.epsilon > 0.0f)) {
    // 0 would divide 0 by 0 for any weight that has never had a gradient.
    throw invalid_input("epsilon must be a small positive number such as 1e-8 (got " + show(config.epsilon) + ")");
  }
  check_non_negative(config.weight_decay, "weight decay", "off");
  check_non_negative(config.clip_norm, "gradient clipping norm", "off");
}

std::int64_t optimizer_state_floats(const OptimizerConfig& config, std::int64_t parameter_count) {
  if (config.kind == OptimizerKind::kSgd) return config.momentum > 0.0f ? parameter_count : 0;
  return 2 * parameter_count;
}

Optimizer::Optimizer(const OptimizerConfig& config, const Parameters& params) : config_(config) {
  validate(config);
  for (const ParameterInfo& p : params.info()) {
    const std::int64_t end = p.offset + p.shape.size();
    if (p.shape.size() == 0) continue;
    if (!runs_.empty() && runs_.back().decays == p.decays && runs_.back().end == p.offset) {
      runs_.back().end = end;
    } else {
      runs_.push_back({p.offset, end, p.decays});
    }
    if (end > size_) size_ = end;
  }
  parameter_count_ = params.info().size();
  const std::int64_t state = optimizer_state_floats(config, size_);
  if (config_.kind == OptimizerKind::kSgd) {
    m_.assign(static_cast<std::size_t>(state), 0.0f);
  } else {
    m_.assign(static_cast<std::size_t>(size_), 0.0f);
    v_.assign(static_cast<std::size_t>(size_), 0.0f);
  }
}

StepReport Optimizer::step(Parameters& params, float lr, float grad_scale) {
  if (params.count() != size_ || params.info().size() != parameter_count_) {
    throw invalid_input("the optimizer was set up for " + std::to_string(size_) + " weights in " +
                        std::to_string(parameter_count_) + " parameters, but was given " +
                        std::to_string(params.count()) + " in " + std::to_string(params.info().size()) +
                        " (a different or unallocated model)");
  }
  if (!(finite(lr) && lr >= 0.0f && lr <= kMaxLearningRate)) {
    throw invalid_input("learning rate for this step must be between 0 and 10 (got " + show(lr) + ")");
  }
  if (!(finite(grad_scale) && grad_scale > 0.0f)) {
    throw invalid_input("gradient scale must be a positive number (got " + show(grad_scale) + ")");
  }

  float* w = params.values().data();
  const float* g = params.grads().data();

  // ‖scale·g‖ = scale·‖g‖ (scale > 0). A NaN or inf anywhere makes the sum NaN or inf;
  // finite floats cannot overflow a double sum of squares.
  StepReport report;
  report.grad_norm = std::sqrt(sum_of_squares(g, size_)) * static_cast<double>(grad_scale);
  report.finite = std::isfinite(report.grad_norm);
  if (!report.finite) return report;

  double scale = grad_scale;
  if (config_.clip_norm > 0.0f && report.grad_norm > static_cast<double>(config_.clip_norm)) {
    scale *= static_cast<double>(config_.clip_norm) / report.grad_norm;
    report.clipped = true;
  }
  const float s = static_cast<float>(scale);
  const float wd = config_.weight_decay;
  ++steps_;

  if (config_.kind == OptimizerKind::kSgd) {
    for (const Run& r : runs_) {
      const float l2 = r.decays ? wd : 0.0f;
      if (m_.empty()) {
        sgd_plain(w + r.begin, g + r.begin, r.end - r.begin, s, lr, l2);
      } else {
        sgd_momentum(w + r.begin, g + r.begin, m_.data() + r.begin, r.end - r.begin, s, lr, l2, config_.momentum);
      }
    }
    return report;
  }

  beta1_power_ *= static_cast<double>(config_.beta1);
  beta2_power_ *= static_cast<double>(config_.beta2);
  AdamConstants c;
  c.scale = s;
  c.beta1 = config_.beta1;
  c.one_minus_beta1 = static_cast<float>(1.0 - static_cast<double>(config_.beta1));
  c.beta2 = config_.beta2;
  c.one_minus_beta2 = static_cast<float>(1.0 - static_cast<double>(config_.beta2));
  c.step_size = static_cast<float>(static_cast<double>(lr) / (1.0 - beta1_power_));
  c.inv_sqrt_bc2 = static_cast<float>(1.0 / std::sqrt(1.0 - beta2_power_));
  c.epsilon = config_.epsilon;
  const bool decoupled = config_.kind == OptimizerKind::kAdamW;
  const float keep = static_cast<float>(1.0 - static_cast<double>(lr) * static_cast<double>(wd));
  for (const Run& r : runs_) {
    const float l2 = r.decays && !decoupled ? wd : 0.0f;
    const float run_keep = r.decays && decoupled ? keep : 1.0f;
    adam(w + r.begin, g + r.begin, m_.data() + r.begin, v_.data() + r.begin, r.end - r.begin, c, l2, run_keep);
  }
  return report;
}

}  // namespace lmp::nn
