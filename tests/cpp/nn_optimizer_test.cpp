// Optimizers and the learning-rate schedule against the textbook formulas,
// written out here in double precision (never values printed by the code
// under test): SGD with momentum, Adam and AdamW with bias correction and
// their two kinds of weight decay, global-norm clipping, gradient scaling,
// refusing a step with NaN/inf gradients, and warm-up + cosine decay.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "app/option_table.h"
#include "app/train_options.h"
#include "nn/lr_schedule.h"
#include "nn/optimizer.h"
#include "nn/parameters.h"
#include "test_helpers.h"

namespace {

using lmp::nn::Init;
using lmp::nn::LrSchedule;
using lmp::nn::Optimizer;
using lmp::nn::OptimizerConfig;
using lmp::nn::Parameters;
using lmp::nn::Shape;
using lmp::nn::StepReport;
using lmp_test::ThrowsLmpError;

constexpr double kPi = 3.14159265358979323846;

struct Declared {
  Shape shape;
  bool decays;
};

Parameters make_parameters(const std::vector<Declared>& layout) {
  Parameters params;
  for (std::size_t i = 0; i < layout.size(); ++i) {
    params.declare("p" + std::to_string(i), layout[i].shape, Init::kZeros, 0.0f, layout[i].decays);
  }
  lmp::Rng rng(1);
  params.allocate(rng);
  return params;
}

// Three parameters, 13 weights (not a multiple of 4, so vector loops have
// tails): a decaying 2x3 matrix, a non-decaying bias, a decaying 2x2 matrix.
Parameters mixed_parameters() { return make_parameters({{{2, 3}, true}, {{3}, false}, {{2, 2}, true}}); }

std::vector<bool> decay_flags(const Parameters& params) {
  std::vector<bool> flags;
  for (const auto& p : params.info()) flags.insert(flags.end(), p.shape.size(), p.decays);
  return flags;
}

// Starting weights and the gradient of step t (1-based) for weight i: fixed
// sequences of both signs, order 1, stored as floats (the reference reads the
// same float values back, so both sides start from identical inputs).
float initial_weight(int i) { return static_cast<float>(0.3 * i - 1.7); }
float gradient(int t, int i) { return static_cast<float>(0.8 * std::cos(0.9 * i + 1.7 * t) + 0.05 * (i - 6)); }

void set_initial_weights(Parameters& params) {
  for (int i = 0; i < params.count(); ++i) params.values()[i] = initial_weight(i);
}
void set_gradients(Parameters& params, int t) {
  for (int i = 0; i < params.count(); ++i) params.grads()[i] = gradient(t, i);
}

// The optimizer as the option table's defaults set it up.
OptimizerConfig defaults() { return lmp::neural_train_config(lmp::TrainOptions()).optimizer; }

lmp::nn::OptimizerKind kind_named(const std::string& name) {
  return lmp_test::named<lmp::nn::OptimizerKind>(name, lmp::nn::kOptimizerKindNames);
}

OptimizerConfig config(const std::string& kind, float lr, float weight_decay, float clip_norm) {
  OptimizerConfig c = defaults();
  c.kind = kind_named(kind);
  c.lr = lr;
  c.weight_decay = weight_decay;
  c.clip_norm = clip_norm;
  return c;
}

void expect_values_near(const Parameters& params, const std::vector<double>& want, double tolerance,
                        const std::string& what) {
  ASSERT_EQ(static_cast<std::size_t>(params.count()), want.size()) << what;
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(params.values()[i], want[i], tolerance) << what << " weight " << i;
  }
}

// ---- SGD ---------------------------------------------------------------------

TEST(SgdOptimizer, MomentumThreeStepsMatchRecurrence) {
  Parameters params = mixed_parameters();
  set_initial_weights(params);
  const OptimizerConfig c = config("sgd", 0.1f, 0.1f, 0.0f);  // momentum 0.9 by default
  const double lr = c.lr, mu = c.momentum, wd = c.weight_decay;
  Optimizer optimizer(c, params);

  const std::vector<bool> decays = decay_flags(params);
  const int n = static_cast<int>(params.count());
  std::vector<double> w(n), velocity(n, 0.0);
  for (int i = 0; i < n; ++i) w[i] = initial_weight(i);

  for (int t = 1; t <= 3; ++t) {
    set_gradients(params, t);
    const StepReport report = optimizer.step(params, c.lr);
    EXPECT_TRUE(report.finite);
    EXPECT_FALSE(report.clipped);
    for (int i = 0; i < n; ++i) {
      const double g = gradient(t, i) + (decays[i] ? wd * w[i] : 0.0);  // L2 in the gradient
      velocity[i] = mu * velocity[i] + g;                               // v_t = μ v_{t-1} + g_t
      w[i] -= lr * velocity[i];                                         // w_t = w_{t-1} − lr v_t
    }
    expect_values_near(params, w, 1e-6, "step " + std::to_string(t));
    EXPECT_EQ(optimizer.steps(), t);
  }
}

TEST(SgdOptimizer, WithoutMomentumIsPlainGradientDescent) {
  Parameters params = mixed_parameters();
  set_initial_weights(params);
  OptimizerConfig c = config("sgd", 0.5f, 0.0f, 0.0f);
  c.momentum = 0.0f;
  Optimizer optimizer(c, params);
  EXPECT_EQ(optimizer.state_floats(), 0);
  std::vector<double> w(params.count());
  for (int i = 0; i < params.count(); ++i) w[i] = initial_weight(i);
  for (int t = 1; t <= 2; ++t) {
    set_gradients(params, t);
    optimizer.step(params, 0.5f);
    for (int i = 0; i < params.count(); ++i) w[i] -= 0.5 * gradient(t, i);
  }
  expect_values_near(params, w, 1e-6, "two plain steps");
}

// ---- Adam and AdamW -------------------------------------------------------------

// Kingma & Ba, Algorithm 1, with weight decay either as L2 in the gradient
// (Adam) or decoupled as in Loshchilov & Hutter (AdamW), decay on flagged weights only.
std::vector<std::vector<double>> adam_reference(bool decoupled, double lr, double b1, double b2, double eps, double wd,
                                                const std::vector<bool>& decays, int steps) {
  const int n = static_cast<int>(decays.size());
  std::vector<double> w(n), m(n, 0.0), v(n, 0.0);
  for (int i = 0; i < n; ++i) w[i] = initial_weight(i);
  std::vector<std::vector<double>> trajectory;
  for (int t = 1; t <= steps; ++t) {
    for (int i = 0; i < n; ++i) {
      double g = gradient(t, i);
      if (decays[i] && !decoupled) g += wd * w[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      const double m_hat = m[i] / (1 - std::pow(b1, t));
      const double v_hat = v[i] / (1 - std::pow(b2, t));
      if (decays[i] && decoupled) w[i] -= lr * wd * w[i];
      w[i] -= lr * m_hat / (std::sqrt(v_hat) + eps);
    }
    trajectory.push_back(w);
  }
  return trajectory;
}

// Runs `steps` steps of `kind` on mixed_parameters() with the fixed gradients;
// returns the weights after each step.
std::vector<std::vector<float>> run(const OptimizerConfig& c, int steps) {
  Parameters params = mixed_parameters();
  set_initial_weights(params);
  Optimizer optimizer(c, params);
  std::vector<std::vector<float>> trajectory;
  for (int t = 1; t <= steps; ++t) {
    set_gradients(params, t);
    optimizer.step(params, c.lr);
    trajectory.push_back(params.values());
  }
  return trajectory;
}

class AdamFamily : public ::testing::TestWithParam<const char*> {};

TEST_P(AdamFamily, FiveStepsMatchFormulasWithBiasCorrection) {
  const std::string kind = GetParam();
  const OptimizerConfig c = config(kind, 0.01f, 0.1f, 0.0f);  // β1 0.9, β2 0.999, ε 1e-8 by default
  // The reference uses the very same (float) settings, widened to double.
  const double lr = c.lr, b1 = c.beta1, b2 = c.beta2, eps = c.epsilon, wd = c.weight_decay;
  const auto got = run(c, 5);
  const auto want = adam_reference(kind == "adamw", lr, b1, b2, eps, wd, decay_flags(mixed_parameters()), 5);
  for (int t = 0; t < 5; ++t) {
    ASSERT_EQ(got[t].size(), want[t].size());
    for (std::size_t i = 0; i < want[t].size(); ++i) {
      EXPECT_NEAR(got[t][i], want[t][i], 1e-6) << kind << " step " << t + 1 << " weight " << i;
    }
  }
}

TEST_P(AdamFamily, OtherBetasMatchFormulas) {
  // β2 = 0.95 makes the bias correction of v matter for longer; ε = 1e-3 is visible.
  const std::string kind = GetParam();
  OptimizerConfig c = config(kind, 0.02f, 0.05f, 0.0f);
  c.beta1 = 0.8f;
  c.beta2 = 0.95f;
  c.epsilon = 1e-3f;
  const auto got = run(c, 5);
  const auto want = adam_reference(kind == "adamw", c.lr, c.beta1, c.beta2, c.epsilon, c.weight_decay,
                                   decay_flags(mixed_parameters()), 5);
  for (std::size_t i = 0; i < want[4].size(); ++i) EXPECT_NEAR(got[4][i], want[4][i], 1e-6) << kind << " weight " << i;
}

INSTANTIATE_TEST_SUITE_P(Optimizer, AdamFamily, ::testing::Values("adam", "adamw"));

TEST(AdamOptimizer, DecayOnlyTouchesDecayingParameters) {
  // Same gradients, decay 0.1: Adam and AdamW differ on the matrices (by more
  // than the tolerance above) and agree exactly on the bias, which never decays.
  const auto adam = run(config("adam", 0.01f, 0.1f, 0.0f), 5);
  const auto adamw = run(config("adamw", 0.01f, 0.1f, 0.0f), 5);
  const auto no_decay = run(config("adamw", 0.01f, 0.0f, 0.0f), 5);
  const std::vector<bool> decays = decay_flags(mixed_parameters());
  for (std::size_t i = 0; i < decays.size(); ++i) {
    if (decays[i]) {
      EXPECT_GT(std::fabs(adam[4][i] - adamw[4][i]), 1e-5) << "weight " << i;
      EXPECT_GT(std::fabs(adamw[4][i] - no_decay[4][i]), 1e-5) << "weight " << i;
    } else {
      EXPECT_EQ(adam[4][i], adamw[4][i]) << "bias weight " << i;
      EXPECT_EQ(adamw[4][i], no_decay[4][i]) << "bias weight " << i;
    }
  }
}

TEST(AdamOptimizer, ZeroGradientsOnlyDecay) {
  // With g = 0 everywhere: AdamW shrinks the matrices by exactly (1 − lr·wd)
  // and leaves the bias alone; Adam's L2 gradient is wd·w, so its first
  // step moves each decaying weight by lr·sign(w) (m̂/√v̂ = ±1 up to ε).
  for (const char* kind : {"adam", "adamw"}) {
    Parameters params = mixed_parameters();
    set_initial_weights(params);
    const OptimizerConfig c = config(kind, 0.01f, 0.1f, 1.0f);
    const double lr = c.lr, wd = c.weight_decay;
    Optimizer optimizer(c, params);
    const StepReport report = optimizer.step(params, c.lr);
    EXPECT_EQ(report.grad_norm, 0.0);
    EXPECT_FALSE(report.clipped);
    const std::vector<bool> decays = decay_flags(params);
    for (int i = 0; i < params.count(); ++i) {
      const double w0 = initial_weight(i);
      double want = w0;
      if (decays[i]) {
        want = std::string(kind) == "adamw" ? w0 * (1 - lr * wd) : w0 - lr * (w0 > 0 ? 1 : -1);
        EXPECT_NEAR(params.values()[i], want, 1e-6) << kind << " weight " << i;
      } else {
        EXPECT_EQ(params.values()[i], initial_weight(i)) << kind << " bias weight " << i;
      }
    }
  }
}

// ---- Convergence -------------------------------------------------------------

double quadratic(const std::vector<float>& w, const std::vector<double>& target) {
  double f = 0;
  for (std::size_t i = 0; i < w.size(); ++i) f += (w[i] - target[i]) * (w[i] - target[i]);
  return f;
}

TEST(OptimizerConvergence, EveryKindMinimizesAQuadratic) {
  // f(w) = Σ (w_i − c_i)², ∇f = 2(w − c), from w = 0; default settings but
  // no decay (which would pull the minimum towards 0) and default clipping,
  // which is active for the first steps (‖∇f(0)‖ ≈ 11.5).
  const std::vector<double> target = {1.5, -2.0, 0.25, 3.0, -0.75, 0.0, 2.2, -1.1, 0.6, -3.3};
  struct Case {
    const char* kind;
    float lr;
  };
  for (const Case& k : {Case{"sgd", 0.05f}, Case{"adam", 0.1f}, Case{"adamw", 0.1f}}) {
    Parameters params = make_parameters({{{2, 4}, true}, {{2}, false}});
    OptimizerConfig c = defaults();
    c.kind = kind_named(k.kind);
    c.lr = k.lr;
    c.weight_decay = 0.0f;
    Optimizer optimizer(c, params);
    LrSchedule schedule;
    schedule.lr = k.lr;
    schedule.warmup_steps = 10;
    schedule.total_steps = 200;
    schedule.min_lr_ratio = 0.01f;
    const double start = quadratic(params.values(), target);
    for (int step = 0; step < 200; ++step) {
      params.zero_grads();
      for (int i = 0; i < params.count(); ++i)
        params.grads()[i] = static_cast<float>(2 * (params.values()[i] - target[i]));
      ASSERT_TRUE(optimizer.step(params, lr_at(schedule, step)).finite);
    }
    const double end = quadratic(params.values(), target);
    EXPECT_GT(start, 30.0) << k.kind;
    EXPECT_LT(end, 1e-5) << k.kind << " from " << start;
  }
}

// ---- Clipping and gradient scale ------------------------------------------------

// Plain SGD with lr 1 and no decay: the change of each weight is minus the
// gradient the update used, so clipping is visible directly.
struct ClipRun {
  StepReport report;
  std::vector<double> used;  // −Δw
  std::vector<float> grads_after;
};

ClipRun clip_run(const std::vector<float>& grads, float clip_norm, float grad_scale = 1.0f) {
  Parameters params = make_parameters({{{1}, true}, {{2}, false}});  // the norm spans two parameters
  for (int i = 0; i < 3; ++i) params.values()[i] = static_cast<float>(i + 1);
  for (int i = 0; i < 3; ++i) params.grads()[i] = grads[i];
  OptimizerConfig c = config("sgd", 1.0f, 0.0f, clip_norm);
  c.momentum = 0.0f;
  Optimizer optimizer(c, params);
  ClipRun r;
  r.report = optimizer.step(params, 1.0f, grad_scale);
  for (int i = 0; i < 3; ++i) r.used.push_back(static_cast<double>(i + 1) - params.values()[i]);
  r.grads_after = params.grads();
  return r;
}

TEST(OptimizerClipping, ScalesGlobalNormDownToTheLimit) {
  const ClipRun r = clip_run({3.0f, 4.0f, 12.0f}, 1.0f);  // ‖g‖ = √(9 + 16 + 144) = 13
  EXPECT_TRUE(r.report.finite);
  EXPECT_TRUE(r.report.clipped);
  EXPECT_DOUBLE_EQ(r.report.grad_norm, 13.0);
  EXPECT_NEAR(r.used[0], 3.0 / 13, 1e-6);
  EXPECT_NEAR(r.used[1], 4.0 / 13, 1e-6);
  EXPECT_NEAR(r.used[2], 12.0 / 13, 1e-6);
  EXPECT_NEAR(std::sqrt(r.used[0] * r.used[0] + r.used[1] * r.used[1] + r.used[2] * r.used[2]), 1.0, 1e-6);
  // The caller's gradients are read, not rewritten.
  EXPECT_EQ(r.grads_after, (std::vector<float>{3.0f, 4.0f, 12.0f}));
}

TEST(OptimizerClipping, AtOrBelowTheLimitUntouched) {
  for (float limit : {13.0f, 20.0f}) {
    const ClipRun r = clip_run({3.0f, 4.0f, 12.0f}, limit);
    EXPECT_FALSE(r.report.clipped) << limit;
    EXPECT_DOUBLE_EQ(r.report.grad_norm, 13.0);
    EXPECT_EQ(r.used, (std::vector<double>{3.0, 4.0, 12.0})) << limit;
  }
}

TEST(OptimizerClipping, ZeroMeansOff) {
  const ClipRun r = clip_run({300.0f, 400.0f, 1200.0f}, 0.0f);
  EXPECT_FALSE(r.report.clipped);
  EXPECT_DOUBLE_EQ(r.report.grad_norm, 1300.0);
  // w - g with w = 1, 2, 3 is exact in float here.
  EXPECT_EQ(r.used, (std::vector<double>{300.0, 400.0, 1200.0}));
}

TEST(OptimizerClipping, GradScaleAppliesBeforeClipping) {
  // Raw norm 26, scaled by 1/2: 13. A limit of 20 lies between the two, so
  // the step is not clipped and uses g/2; a limit of 1 clips g/2 to norm 1.
  const std::vector<float> grads = {6.0f, 8.0f, 24.0f};
  const ClipRun loose = clip_run(grads, 20.0f, 0.5f);
  EXPECT_FALSE(loose.report.clipped);
  EXPECT_DOUBLE_EQ(loose.report.grad_norm, 13.0);
  EXPECT_EQ(loose.used, (std::vector<double>{3.0, 4.0, 12.0}));

  const ClipRun tight = clip_run(grads, 1.0f, 0.5f);
  EXPECT_TRUE(tight.report.clipped);
  EXPECT_DOUBLE_EQ(tight.report.grad_norm, 13.0);
  EXPECT_NEAR(tight.used[0], 3.0 / 13, 1e-6);
  EXPECT_NEAR(tight.used[1], 4.0 / 13, 1e-6);
  EXPECT_NEAR(tight.used[2], 12.0 / 13, 1e-6);
}

TEST(OptimizerClipping, GradScaleIsMicroBatchAverage) {
  // Four micro-batches accumulated into the gradient with grad_scale 1/4 is
  // one step on the mean gradient, for Adam too (moments see the mean).
  OptimizerConfig c = config("adamw", 0.01f, 0.1f, 0.0f);
  Parameters summed = mixed_parameters(), mean = mixed_parameters();
  set_initial_weights(summed);
  set_initial_weights(mean);
  Optimizer a(c, summed), b(c, mean);
  for (int t = 1; t <= 3; ++t) {
    for (int i = 0; i < summed.count(); ++i) {
      summed.grads()[i] = 4 * gradient(t, i);  // exact: a power of two
      mean.grads()[i] = gradient(t, i);
    }
    a.step(summed, 0.01f, 0.25f);
    b.step(mean, 0.01f);
  }
  EXPECT_EQ(summed.values(), mean.values());
}

// ---- Non-finite gradients ---------------------------------------------------------

TEST(OptimizerNonFinite, RefusedStepChangesNothing) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  for (const char* kind : {"sgd", "adam", "adamw"}) {
    for (float bad : {nan, inf, -inf}) {
      const std::string what = std::string(kind) + " with " + std::to_string(bad);
      const OptimizerConfig c = config(kind, 0.01f, 0.1f, 1.0f);
      Parameters params = mixed_parameters();
      set_initial_weights(params);
      Optimizer optimizer(c, params);
      set_gradients(params, 1);
      ASSERT_TRUE(optimizer.step(params, 0.01f).finite) << what;

      const std::vector<float> before = params.values();
      set_gradients(params, 2);
      params.grads()[7] = bad;  // one bad value in the bias, the rest ordinary
      const StepReport report = optimizer.step(params, 0.01f);
      EXPECT_FALSE(report.finite) << what;
      EXPECT_FALSE(std::isfinite(report.grad_norm)) << what;
      EXPECT_EQ(params.values(), before) << what;
      EXPECT_EQ(optimizer.steps(), 1) << what;

      // The state is untouched too: continuing matches an optimizer that
      // never saw the bad step, to the bit.
      Parameters fresh_params = mixed_parameters();
      set_initial_weights(fresh_params);
      Optimizer fresh(c, fresh_params);
      set_gradients(fresh_params, 1);
      fresh.step(fresh_params, 0.01f);
      for (int t = 3; t <= 4; ++t) {
        set_gradients(params, t);
        set_gradients(fresh_params, t);
        optimizer.step(params, 0.01f);
        fresh.step(fresh_params, 0.01f);
      }
      EXPECT_EQ(params.values(), fresh_params.values()) << what;
      EXPECT_EQ(optimizer.steps(), fresh.steps()) << what;
    }
  }
}

// ---- State size, step() arguments, validate() ----------------------------------------

TEST(OptimizerState, SizeForMemoryAccounting) {
  Parameters params = mixed_parameters();  // 13 weights
  for (const char* kind : {"adam", "adamw"}) {
    OptimizerConfig c = config(kind, 0.01f, 0.0f, 0.0f);
    Optimizer optimizer(c, params);
    EXPECT_EQ(optimizer.state_floats(), 26) << kind;
    EXPECT_EQ(optimizer.state_bytes(), 104) << kind;
    EXPECT_EQ(lmp::nn::optimizer_state_floats(c, 13), 26) << kind;
  }
  OptimizerConfig sgd = config("sgd", 0.01f, 0.0f, 0.0f);
  EXPECT_EQ(Optimizer(sgd, params).state_floats(), 13);
  EXPECT_EQ(lmp::nn::optimizer_state_floats(sgd, 13), 13);
  sgd.momentum = 0.0f;
  EXPECT_EQ(Optimizer(sgd, params).state_floats(), 0);
  EXPECT_EQ(lmp::nn::optimizer_state_floats(sgd, 13), 0);
}

TEST(OptimizerState, StepRefusesBadArguments) {
  Parameters params = mixed_parameters();
  Optimizer optimizer(defaults(), params);
  const auto kInvalid = lmp::ErrorKind::kInvalidInput;
  EXPECT_TRUE(ThrowsLmpError([&] { optimizer.step(params, -0.1f); }, kInvalid, {"learning rate"}));
  EXPECT_TRUE(ThrowsLmpError([&] { optimizer.step(params, std::nanf("")); }, kInvalid, {"learning rate"}));
  EXPECT_TRUE(ThrowsLmpError([&] { optimizer.step(params, 0.01f, 0.0f); }, kInvalid, {"gradient scale"}));
  Parameters other = make_parameters({{{4}, true}});
  EXPECT_TRUE(ThrowsLmpError([&] { optimizer.step(other, 0.01f); }, kInvalid, {"13 weights", "given 4"}));
  EXPECT_EQ(optimizer.steps(), 0);
  EXPECT_EQ(optimizer.step(params, 0.0f).finite, true);  // lr 0 (end of a cosine to 0) is allowed
}

TEST(OptimizerValidate, DefaultsAreValid) {
  EXPECT_NO_THROW(lmp::nn::validate(defaults()));
  for (const char* kind : {"sgd", "adam", "adamw"}) {
    OptimizerConfig c = defaults();
    c.kind = kind_named(kind);
    EXPECT_NO_THROW(lmp::nn::validate(c)) << kind;
  }
}

TEST(OptimizerValidate, UnknownNamesAreRefusedWhereNamesComeIn) {
  // Inside the core the kind is an enum; a name that is none of them can only
  // arrive as text, and the option table refuses it.
  for (const char* name : {"lion", "AdamW"}) {
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::train_options_from({{"model", "lstm"}, {"optimizer", name}}); },
                               lmp::ErrorKind::kInvalidInput, {"optimizer", name, "sgd, adam or adamw"}));
  }
}

TEST(OptimizerValidate, RejectsBadConfigsWithMessages) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  struct Bad {
    std::function<void(OptimizerConfig&)> change;
    std::vector<std::string> needles;
  };
  const std::vector<Bad> cases = {
      {[](OptimizerConfig& c) { c.lr = 0.0f; }, {"learning rate", "above 0"}},
      {[](OptimizerConfig& c) { c.lr = -1e-3f; }, {"learning rate"}},
      {[](OptimizerConfig& c) { c.lr = 10.5f; }, {"learning rate", "at most 10"}},
      {[nan](OptimizerConfig& c) { c.lr = nan; }, {"learning rate"}},
      {[](OptimizerConfig& c) { c.momentum = 1.0f; }, {"momentum", "below 1"}},
      {[](OptimizerConfig& c) { c.momentum = -0.1f; }, {"momentum"}},
      {[](OptimizerConfig& c) { c.beta1 = 1.0f; }, {"beta1"}},
      {[](OptimizerConfig& c) { c.beta1 = -0.5f; }, {"beta1"}},
      {[](OptimizerConfig& c) { c.beta2 = 1.0f; }, {"beta2"}},
      {[nan](OptimizerConfig& c) { c.beta2 = nan; }, {"beta2"}},
      {[](OptimizerConfig& c) { c.epsilon = 0.0f; }, {"epsilon"}},
      {[inf](OptimizerConfig& c) { c.epsilon = inf; }, {"epsilon"}},
      {[](OptimizerConfig& c) { c.weight_decay = -0.01f; }, {"weight decay", "-0.01"}},
      {[inf](OptimizerConfig& c) { c.weight_decay = inf; }, {"weight decay"}},
      {[](OptimizerConfig& c) { c.clip_norm = -1.0f; }, {"clipping"}},
      {[nan](OptimizerConfig& c) { c.clip_norm = nan; }, {"clipping"}},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    OptimizerConfig c = defaults();
    cases[i].change(c);
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::nn::validate(c); }, lmp::ErrorKind::kInvalidInput, cases[i].needles))
        << "case " << i;
    Parameters params = mixed_parameters();
    EXPECT_TRUE(ThrowsLmpError([&] { (void)Optimizer(c, params); }, lmp::ErrorKind::kInvalidInput))
        << "constructor, case " << i;
  }
}

// ---- Learning-rate schedule ----------------------------------------------------------

LrSchedule schedule(const std::string& kind, float lr, int warmup, int total, float min_ratio = 0.1f) {
  LrSchedule s;
  s.kind = kind == "cosine" ? lmp::nn::ScheduleKind::kCosine : lmp::nn::ScheduleKind::kConstant;
  s.lr = lr;
  s.warmup_steps = warmup;
  s.total_steps = total;
  s.min_lr_ratio = min_ratio;
  return s;
}

TEST(LrSchedule, CosineWarmupPeakMidpointEnd) {
  const double lr = static_cast<double>(0.01f), min = lr * static_cast<double>(0.1f);
  const LrSchedule s = schedule("cosine", 0.01f, 10, 110);
  // Warm-up: lr·(step+1)/10, the peak at step 9.
  EXPECT_FLOAT_EQ(lr_at(s, 0), static_cast<float>(lr * 0.1));
  EXPECT_FLOAT_EQ(lr_at(s, 4), static_cast<float>(lr * 0.5));
  EXPECT_FLOAT_EQ(lr_at(s, 9), static_cast<float>(lr));
  // The decay starts at the peak...
  EXPECT_FLOAT_EQ(lr_at(s, 10), static_cast<float>(lr));
  // ...a quarter of the way down the cosine: min + (lr − min)·½(1 + cos(π/4))...
  EXPECT_FLOAT_EQ(lr_at(s, 35), static_cast<float>(min + (lr - min) * 0.5 * (1 + std::cos(kPi / 4))));
  // ...halfway: (lr + min)/2...
  EXPECT_FLOAT_EQ(lr_at(s, 60), static_cast<float>((lr + min) / 2));
  // ...the end and after: min.
  EXPECT_FLOAT_EQ(lr_at(s, 110), static_cast<float>(min));
  EXPECT_FLOAT_EQ(lr_at(s, 111), static_cast<float>(min));
  EXPECT_FLOAT_EQ(lr_at(s, 100000), static_cast<float>(min));
  // Increasing through warm-up, non-increasing after.
  for (int step = 1; step < 10; ++step) EXPECT_GT(lr_at(s, step), lr_at(s, step - 1)) << step;
  for (int step = 11; step <= 120; ++step) EXPECT_LE(lr_at(s, step), lr_at(s, step - 1)) << step;
}

TEST(LrSchedule, CosineWithoutWarmupAndToZero) {
  const LrSchedule s = schedule("cosine", 0.5f, 0, 4, 0.0f);
  // 0.5·½(1 + cos(π·k/4)), k = 0..4.
  for (int k = 0; k <= 4; ++k) {
    EXPECT_FLOAT_EQ(lr_at(s, k), static_cast<float>(0.25 * (1 + std::cos(kPi * k / 4)))) << k;
  }
  EXPECT_EQ(lr_at(s, 5), 0.0f);
}

TEST(LrSchedule, TimeBudgetDrivesTheDecayWhenItIsFurtherAlong) {
  const double lr = static_cast<double>(0.01f), min = lr * static_cast<double>(0.1f);
  // A run limited by time: a step count far out of reach, so only the time can end the decay.
  const LrSchedule s = schedule("cosine", 0.01f, 10, 10000000);
  EXPECT_FLOAT_EQ(lr_at(s, 500, 0.0), static_cast<float>(min + (lr - min) * 0.5 * (1 + std::cos(kPi * 490 / 9999990.0))));
  EXPECT_FLOAT_EQ(lr_at(s, 500, 0.5), static_cast<float>((lr + min) / 2));
  EXPECT_FLOAT_EQ(lr_at(s, 500, 0.25), static_cast<float>(min + (lr - min) * 0.5 * (1 + std::cos(kPi / 4))));
  EXPECT_FLOAT_EQ(lr_at(s, 500, 1.0), static_cast<float>(min));
  EXPECT_FLOAT_EQ(lr_at(s, 500, 7.0), static_cast<float>(min));  // past the budget: still the floor
  // Warm-up is counted in steps whatever the time.
  EXPECT_FLOAT_EQ(lr_at(s, 4, 0.9), static_cast<float>(lr * 0.5));
  // Steps further along than time: steps decide.
  const LrSchedule short_run = schedule("cosine", 0.01f, 0, 100);
  EXPECT_FLOAT_EQ(lr_at(short_run, 50, 0.1), static_cast<float>((lr + min) / 2));
  // A constant schedule ignores time.
  EXPECT_EQ(lr_at(schedule("constant", 0.003f, 0, 0), 7, 0.8), 0.003f);
  EXPECT_TRUE(ThrowsLmpError([&] { lr_at(s, 20, -0.5); }, lmp::ErrorKind::kInvalidInput, {"time budget"}));
}

TEST(LrSchedule, ConstantWithAndWithoutWarmup) {
  const LrSchedule plain = schedule("constant", 0.003f, 0, 0);
  for (int step : {0, 1, 50, 1000000}) EXPECT_EQ(lr_at(plain, step), 0.003f) << step;
  const LrSchedule warm = schedule("constant", 0.003f, 4, 0);
  const double lr = static_cast<double>(0.003f);
  EXPECT_FLOAT_EQ(lr_at(warm, 0), static_cast<float>(lr / 4));
  EXPECT_FLOAT_EQ(lr_at(warm, 1), static_cast<float>(lr / 2));
  EXPECT_FLOAT_EQ(lr_at(warm, 2), static_cast<float>(lr * 3 / 4));
  for (int step : {3, 4, 100}) EXPECT_EQ(lr_at(warm, step), 0.003f) << step;
}

TEST(LrSchedule, ValidateRejectsBadSchedulesWithMessages) {
  const auto kInvalid = lmp::ErrorKind::kInvalidInput;
  EXPECT_NO_THROW(lmp::nn::validate(schedule("cosine", 0.01f, 10, 10)));
  EXPECT_TRUE(
      ThrowsLmpError([] { lmp::nn::validate(schedule("cosine", 0.01f, -1, 10)); }, kInvalid, {"warm-up", "-1"}));
  EXPECT_TRUE(ThrowsLmpError([] { lmp::nn::validate(schedule("constant", 0.01f, -1, 0)); }, kInvalid, {"warm-up"}));
  EXPECT_TRUE(
      ThrowsLmpError([] { lmp::nn::validate(schedule("cosine", 0.01f, 0, 0)); }, kInvalid, {"total number of steps"}));
  EXPECT_TRUE(ThrowsLmpError([] { lmp::nn::validate(schedule("cosine", 0.01f, 20, 10)); }, kInvalid,
                             {"warm-up steps (20)", "(10)"}));
  EXPECT_TRUE(ThrowsLmpError([] { lmp::nn::validate(schedule("cosine", 0.0f, 0, 10)); }, kInvalid, {"learning rate"}));
  EXPECT_TRUE(ThrowsLmpError([] { lmp::nn::validate(schedule("cosine", 0.01f, 0, 10, 1.5f)); }, kInvalid, {"ratio"}));
  EXPECT_TRUE(ThrowsLmpError([] { lmp::nn::validate(schedule("cosine", 0.01f, 0, 10, -0.1f)); }, kInvalid, {"ratio"}));
  EXPECT_TRUE(ThrowsLmpError([] { lr_at(schedule("cosine", 0.01f, 0, 10), -1); }, kInvalid, {"step"}));
  EXPECT_TRUE(ThrowsLmpError([] { lr_at(schedule("cosine", 0.01f, 0, 0), 3); }, kInvalid, {"total number of steps"}));
}

}  // namespace
