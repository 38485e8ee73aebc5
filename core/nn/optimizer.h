// Optimizers over the contiguous parameter block: SGD with momentum, Adam and
// AdamW. One step is
//   1. g = grad_scale · grad                     (micro-batch averaging)
//   2. norm = ‖g‖₂ over the whole block, in double; NaN/inf → refuse the step
//   3. if clip_norm > 0 and norm > clip_norm: g ← g · clip_norm / norm
//   4. the update, one plain float loop per run of parameters that share the
//      decay flag (the loops vectorize; step() allocates nothing).
// Gradients are read, never written: the caller zeroes them (Parameters::zero_grads()).
//
// Update rules (PyTorch's conventions, so settings carry over):
//   sgd:   g += wd·w (decays only);  v = momentum·v + g;  w -= lr·v
//          (momentum 0: w -= lr·g, and no velocity buffer)
//   adam:  g += wd·w (decays only, L2 in the gradient);
//          m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;
//          w -= lr · m̂ / (√v̂ + ε),  m̂ = m / (1−β1ᵗ),  v̂ = v / (1−β2ᵗ)
//   adamw: as adam without the L2 term, plus the decoupled decay
//          w -= lr·wd·w (decays only), so decay is not rescaled by √v̂.
// β1ᵗ and β2ᵗ are running products (no pow()), identical in native and wasm.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "base/enum_names.h"
#include "nn/parameters.h"

namespace lmp::nn {

// AdamW: the usual choice for transformers; its decay does not fight the
// per-weight step size the way L2 does in Adam.
enum class OptimizerKind { kSgd, kAdam, kAdamW };
inline constexpr std::array<const char*, 3> kOptimizerKindNames = {"sgd", "adam", "adamw"};
inline const char* to_string(OptimizerKind kind) { return enum_name(kind, kOptimizerKindNames); }
// Above this no optimizer here trains anything.
inline constexpr float kMaxLearningRate = 10.0f;

struct OptimizerConfig {
  // The four settings a user chooses (kind, lr, weight_decay, clip_norm) are
  // filled from the training options (app/option_table.cpp holds their
  // defaults and says why); the rest are the optimizers' textbook constants.
  OptimizerKind kind = OptimizerKind::kAdamW;
  float lr = 0.0f;  // peak learning rate
  // SGD only. 0.9: the standard heavy-ball value, ~10 steps of memory.
  float momentum = 0.9f;
  // Adam/AdamW. β1 0.9 and ε 1e-8 are Kingma & Ba's defaults. β2 0.999
  // likewise; GPT recipes use 0.95 for stability at scale, unneeded here.
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float epsilon = 1e-8f;
  // Applies only to parameters declared with decays = true (matrices).
  // AdamW: decoupled (w -= lr·wd·w); sgd/adam: L2 added to the gradient.
  float weight_decay = 0.0f;
  // Clip by global gradient norm; 0 = off.
  float clip_norm = 0.0f;
};

// Throws lmp::Error (invalid input) naming the field and the allowed range.
void validate(const OptimizerConfig& config);

// Floats of optimizer state for `parameter_count` weights under `config`
// (adam/adamw: 2 per weight; sgd: 1, or 0 without momentum), for memory
// planning before anything is allocated.
std::int64_t optimizer_state_floats(const OptimizerConfig& config, std::int64_t parameter_count);

struct StepReport {
  double grad_norm = 0.0;  // of the scaled gradients, before clipping (NaN/inf if not finite)
  bool clipped = false;    // the gradients were scaled down to clip_norm
  bool finite = true;      // false: some gradient was NaN/inf; nothing was changed
};

class Optimizer {
 public:
  // Validates the config; sizes the state for the parameters' layout (they
  // need only be declared; allocated by the first step()).
  Optimizer(const OptimizerConfig& config, const Parameters& params);

  // One update of params.values() from params.grads(). `lr` is this step's
  // learning rate (from lr_at; >= 0); `grad_scale` (> 0) multiplies the
  // gradients first, e.g. 1/k after accumulating k micro-batches. If a
  // gradient is not finite, returns finite = false and leaves the values,
  // the state and steps() as they were.
  StepReport step(Parameters& params, float lr, float grad_scale = 1.0f);

  // Updates applied so far (refused steps do not count): Adam's t.
  std::int64_t steps() const { return steps_; }
  std::int64_t state_floats() const { return static_cast<std::int64_t>(m_.size() + v_.size()); }
  std::int64_t state_bytes() const { return state_floats() * static_cast<std::int64_t>(sizeof(float)); }
  const OptimizerConfig& config() const { return config_; }

 private:
  // A run of consecutive parameters with the same decay flag.
  struct Run {
    std::int64_t begin = 0;
    std::int64_t end = 0;
    bool decays = false;
  };

  OptimizerConfig config_;
  std::int64_t size_ = 0;  // weights in the block
  std::size_t parameter_count_ = 0;
  std::vector<Run> runs_;
  std::vector<float> m_;  // adam: first moment; sgd: velocity (empty without momentum)
  std::vector<float> v_;  // adam: second moment; sgd: empty
  std::int64_t steps_ = 0;
  double beta1_power_ = 1.0;  // β1ᵗ
  double beta2_power_ = 1.0;  // β2ᵗ
};

}  // namespace lmp::nn
