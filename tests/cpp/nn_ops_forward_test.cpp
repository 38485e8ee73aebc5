// Forward values of the ops against independent double-precision
// computations written out here, plus the properties the gradient check
// cannot see: numerical stability at extreme logits, ignored targets,
// dropout's statistics, the sparsity of embedding's gradient, reshape being a
// view, and shape errors naming the shapes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/rng.h"
#include "kernels/fast_math.h"
#include "nn/ops.h"
#include "test_helpers.h"

namespace {

namespace nn = lmp::nn;
namespace kernels = lmp::kernels;
using nn::Shape;
using nn::Tape;
using nn::Tensor;
using nn::Var;

// Owns the memory of tensors the test hands to a tape.
struct Buffer {
  std::vector<float> value, grad;
  Shape shape;
  Buffer(Shape s, std::vector<float> v) : value(std::move(v)), grad(value.size(), 0.0f), shape(s) {
    EXPECT_EQ(static_cast<std::int64_t>(value.size()), s.size());
  }
  Var param(Tape& t) { return t.parameter({value.data(), shape}, {grad.data(), shape}); }
  Var constant(Tape& t) { return t.constant({value.data(), shape}); }
};

std::vector<float> uniform(std::int64_t n, double lo, double hi, std::uint64_t seed) {
  lmp::Rng rng(seed);
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>(lo + (hi - lo) * rng.next_unit());
  return v;
}

std::vector<float> values_of(Tape& t, Var v) {
  const Tensor x = t.value(v);
  return std::vector<float>(x.data, x.data + x.size());
}

// Success if fn throws the core's internal error (a shape or index that cannot
// be) whose message contains every needle.
::testing::AssertionResult ThrowsInvalid(const std::function<void()>& fn, const std::vector<std::string>& needles) {
  return lmp_test::ThrowsLmpError(fn, lmp::ErrorKind::kInternal, needles);
}

// Softmax of one row, in double.
std::vector<double> softmax_ref(const float* x, int n) {
  double m = x[0];
  for (int j = 1; j < n; ++j) m = std::max(m, static_cast<double>(x[j]));
  std::vector<double> p(n);
  double s = 0;
  for (int j = 0; j < n; ++j) s += p[j] = std::exp(x[j] - m);
  for (double& v : p) v /= s;
  return p;
}

// ---- softmax family --------------------------------------------------------------------

TEST(NnOpsForward, SoftmaxRowsSumToOneAndMatchExpOverSum) {
  for (const Shape& s : {Shape{3, 7}, Shape{2, 3, 5}, Shape{1, 13}, Shape{4, 1}}) {
    Buffer x(s, uniform(s.size(), -4, 4, 7));
    Tape tape;
    const Var y = nn::softmax(tape, x.constant(tape));
    ASSERT_EQ(tape.value(y).shape, s);
    const int cols = s.cols();
    for (std::int64_t r = 0; r < s.rows(); ++r) {
      const std::vector<double> p = softmax_ref(x.value.data() + r * cols, cols);
      double total = 0;
      for (int j = 0; j < cols; ++j) {
        const float got = tape.value(y)[r * cols + j];
        EXPECT_NEAR(got, p[j], 1e-6) << s.str() << " row " << r << " col " << j;
        total += got;
      }
      EXPECT_NEAR(total, 1.0, 1e-5) << s.str() << " row " << r;
    }
  }
}

TEST(NnOpsForward, LogSoftmaxIsLogOfSoftmax) {
  const Shape s{4, 9};
  Buffer x(s, uniform(s.size(), -5, 5, 8));
  Tape tape;
  const Var y = nn::log_softmax(tape, x.constant(tape));
  for (int r = 0; r < 4; ++r) {
    const std::vector<double> p = softmax_ref(x.value.data() + r * 9, 9);
    for (int j = 0; j < 9; ++j) EXPECT_NEAR(tape.value(y)[r * 9 + j], std::log(p[j]), 1e-5);
  }
}

TEST(NnOpsForward, ExtremeLogitsStayFinite) {
  // Without the row max subtracted, exp(1000) is inf and inf/inf is NaN.
  Buffer x({2, 4}, {1000, -1000, 999, 0, -1000, -1000, -999, -1000});
  Tape tape;
  const Var logits = x.param(tape);
  const Var p = nn::softmax(tape, logits);
  const Var lp = nn::log_softmax(tape, logits);
  const Var ce = nn::cross_entropy(tape, logits, {1, 2});
  for (float v : values_of(tape, p)) EXPECT_TRUE(std::isfinite(v));
  for (float v : values_of(tape, lp)) EXPECT_TRUE(std::isfinite(v));
  const double e = std::exp(-1.0);
  EXPECT_NEAR(tape.value(p)[0], 1 / (1 + e), 1e-6);
  EXPECT_NEAR(tape.value(p)[2], e / (1 + e), 1e-6);
  EXPECT_EQ(tape.value(p)[1], 0.0f);
  EXPECT_NEAR(tape.value(lp)[1], -2000 - std::log1p(e), 1e-2);
  EXPECT_NEAR(tape.value(lp)[6], -std::log1p(3 * e), 1e-4);  // row 2: one -999 and three -1000
  // Row 1's target -1000 is 2000 below the max; row 2's target is the max.
  const double expected = ((2000 + std::log1p(e)) + std::log1p(3 * e)) / 2;
  EXPECT_NEAR(tape.value(ce)[0], expected, 1e-3);
  tape.backward(ce);
  for (float g : x.grad) EXPECT_TRUE(std::isfinite(g));
}

TEST(NnOpsForward, CrossEntropyIsMeanNegativeLogSoftmaxOverTargetsNotIgnored) {
  const int rows = 6, vocab = 11;
  Buffer x({rows, vocab}, uniform(rows * vocab, -3, 3, 9));
  const std::vector<std::int32_t> targets = {4, -1, 0, 10, -1, 7};
  Tape tape;
  const Var loss = nn::cross_entropy(tape, x.param(tape), targets);
  ASSERT_EQ(tape.value(loss).shape, Shape{1});
  double total = 0;
  int count = 0;
  std::vector<std::vector<double>> probs(rows);
  for (int r = 0; r < rows; ++r) {
    probs[r] = softmax_ref(x.value.data() + r * vocab, vocab);
    if (targets[r] < 0) continue;
    total -= std::log(probs[r][targets[r]]);
    ++count;
  }
  EXPECT_NEAR(tape.value(loss)[0], total / count, 1e-5);
  // The gradient: (softmax - onehot) / count on counted rows, nothing on ignored ones.
  tape.backward(loss);
  for (int r = 0; r < rows; ++r) {
    for (int j = 0; j < vocab; ++j) {
      const double expected = targets[r] < 0 ? 0.0 : (probs[r][j] - (j == targets[r])) / count;
      EXPECT_NEAR(x.grad[r * vocab + j], expected, 1e-6) << "row " << r << " col " << j;
    }
  }
}

TEST(NnOpsForward, CrossEntropyWithEveryTargetIgnoredIsZero) {
  Buffer x({3, 5}, uniform(15, -2, 2, 10));
  Tape tape;
  const Var loss = nn::cross_entropy(tape, x.param(tape), {-1, -1, -1});
  EXPECT_EQ(tape.value(loss)[0], 0.0f);
  tape.backward(loss);
  for (float g : x.grad) EXPECT_EQ(g, 0.0f);
}

TEST(NnOpsForward, CrossEntropyRefusesBadTargets) {
  Buffer x({3, 5}, uniform(15, -2, 2, 11));
  Tape tape;
  const Var logits = x.param(tape);
  EXPECT_TRUE(ThrowsInvalid([&] { nn::cross_entropy(tape, logits, {0, 5, 1}); }, {"5", "(3, 5)"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::cross_entropy(tape, logits, {0, -2, 1}); }, {"-2"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::cross_entropy(tape, logits, {0, 1}); }, {"(3, 5)", "2 targets"}));
  Buffer x3({1, 3, 5}, uniform(15, -2, 2, 11));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::cross_entropy(tape, x3.param(tape), {0, 1, 2}); }, {"(1, 3, 5)"}));
}

// ---- activations -----------------------------------------------------------------------

TEST(NnOpsForward, ActivationsMatchTheirFormulas) {
  const Shape s{5, 13};
  Buffer x(s, uniform(s.size(), -6, 6, 12));
  x.value[0] = 100.0f;  // exp overflows inside a naive sigmoid for -100
  x.value[1] = -100.0f;
  x.value[2] = 0.0f;
  Tape tape;
  const Var in = x.constant(tape);
  const Var g = nn::gelu(tape, in);
  const Var sg = nn::sigmoid(tape, in);
  const Var rl = nn::relu(tape, in);
  const Var th = nn::tanh(tape, in);
  const double kPi = 3.14159265358979323846;
  for (std::int64_t i = 0; i < s.size(); ++i) {
    const double v = x.value[i];
    const double gelu = 0.5 * v * (1 + std::tanh(std::sqrt(2 / kPi) * (v + 0.044715 * v * v * v)));
    EXPECT_NEAR(tape.value(g)[i], gelu, 1e-5 * std::max(1.0, std::fabs(gelu))) << "gelu(" << v << ")";
    EXPECT_NEAR(tape.value(sg)[i], 1 / (1 + std::exp(-v)), 1e-6) << "sigmoid(" << v << ")";
    EXPECT_EQ(tape.value(rl)[i], v > 0 ? static_cast<float>(v) : 0.0f);
    EXPECT_NEAR(tape.value(th)[i], std::tanh(v), 1e-6);
  }
}

TEST(NnOpsForward, FastExpTanhSigmoidAreAccurateEverywhere) {
  // A dense sweep of [-100, 100] and the special values: relative error of exp
  // where it is representable, absolute error of tanh and sigmoid.
  double exp_error = 0, tanh_error = 0, sigmoid_error = 0;
  for (double v = -100; v <= 100; v += 1.0 / 1024 + 1e-7) {
    const float x = static_cast<float>(v);
    const double e = std::exp(static_cast<double>(x));
    if (x > -87.0f && x < 88.0f) exp_error = std::max(exp_error, std::fabs(kernels::exp_fast(x) - e) / e);
    tanh_error = std::max(tanh_error, std::fabs(kernels::tanh_fast(x) - std::tanh(static_cast<double>(x))));
    sigmoid_error = std::max(sigmoid_error, std::fabs(kernels::sigmoid_fast(x) - 1 / (1 + std::exp(-static_cast<double>(x)))));
  }
  EXPECT_LT(exp_error, 3e-7);
  EXPECT_LT(tanh_error, 3e-7);
  EXPECT_LT(sigmoid_error, 3e-7);
  // Near 0, tanh keeps its relative accuracy (no cancellation).
  for (float x : {1e-6f, -3e-4f, 0.01f, 0.19f, 0.21f}) {
    EXPECT_NEAR(kernels::tanh_fast(x) / std::tanh(static_cast<double>(x)), 1.0, 1e-6) << x;
  }
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(kernels::exp_fast(-inf), 0.0f);  // a -inf mask gives exactly 0
  EXPECT_EQ(kernels::exp_fast(0.0f), 1.0f);
  EXPECT_EQ(kernels::exp_fast(inf), inf);
  EXPECT_EQ(kernels::exp_fast(89.0f), inf);
  EXPECT_EQ(kernels::sigmoid_fast(inf), 1.0f);
  EXPECT_EQ(kernels::sigmoid_fast(-inf), 0.0f);
  EXPECT_EQ(kernels::tanh_fast(inf), 1.0f);
  EXPECT_EQ(kernels::tanh_fast(-inf), -1.0f);
  EXPECT_EQ(kernels::tanh_fast(0.0f), 0.0f);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(std::isnan(kernels::exp_fast(nan)));  // divergence must stay visible
  EXPECT_TRUE(std::isnan(kernels::tanh_fast(nan)));
  EXPECT_TRUE(std::isnan(kernels::sigmoid_fast(nan)));
}

TEST(NnOpsForward, FusedCellsMatchTheirFormulasInDouble) {
  const int B = 3, H = 5;
  Buffer xl({B, 4 * H}, uniform(B * 4 * H, -3, 3, 21)), hl({B, 4 * H}, uniform(B * 4 * H, -3, 3, 22));
  Buffer c({B, H}, uniform(B * H, -2, 2, 23));
  Buffer xg({B, 3 * H}, uniform(B * 3 * H, -3, 3, 24)), hg({B, 3 * H}, uniform(B * 3 * H, -3, 3, 25));
  Buffer bias({H}, uniform(H, -1, 1, 26)), h({B, H}, uniform(B * H, -1, 1, 27));
  Tape tape;
  const nn::LstmState lstm = nn::lstm_cell(tape, xl.constant(tape), hl.constant(tape), c.constant(tape));
  const Var gru = nn::gru_cell(tape, xg.constant(tape), hg.constant(tape), bias.constant(tape), h.constant(tape));
  auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
  for (int b = 0; b < B; ++b) {
    for (int j = 0; j < H; ++j) {
      auto pre = [&](int gate) { return static_cast<double>(xl.value[b * 4 * H + gate * H + j]) + hl.value[b * 4 * H + gate * H + j]; };
      const double cn = sig(pre(1)) * c.value[b * H + j] + sig(pre(0)) * std::tanh(pre(2));
      const double hn = sig(pre(3)) * std::tanh(cn);
      EXPECT_NEAR(tape.value(lstm.c)[b * H + j], cn, 1e-5) << b << "," << j;
      EXPECT_NEAR(tape.value(lstm.h)[b * H + j], hn, 1e-5) << b << "," << j;
      auto at = [&](const Buffer& x, int gate) { return static_cast<double>(x.value[b * 3 * H + gate * H + j]); };
      const double r = sig(at(xg, 0) + at(hg, 0));
      const double z = sig(at(xg, 1) + at(hg, 1));
      const double n = std::tanh(at(xg, 2) + r * (at(hg, 2) + bias.value[j]));
      EXPECT_NEAR(tape.value(gru)[b * H + j], (1 - z) * n + z * h.value[b * H + j], 1e-5) << b << "," << j;
    }
  }
  EXPECT_TRUE(ThrowsInvalid([&] { nn::lstm_cell(tape, xl.constant(tape), hg.constant(tape), c.constant(tape)); },
                            {"lstm_cell", "(3, 20)", "(3, 15)"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::gru_cell(tape, xg.constant(tape), hg.constant(tape), c.constant(tape), h.constant(tape)); },
                            {"gru_cell", "reset bias"}));
}

// ---- elementwise and broadcasting ------------------------------------------------------

TEST(NnOpsForward, BroadcastRepeatsTheSecondOperandOverLeadingDimensions) {
  const Shape s{2, 3, 5};
  Buffer a(s, uniform(30, -1, 1, 13));
  Buffer bias({5}, uniform(5, -1, 1, 14));
  Buffer block({3, 5}, uniform(15, -1, 1, 15));
  Buffer same(s, uniform(30, -1, 1, 16));
  Tape tape;
  const Var av = a.constant(tape);
  const Var add = nn::add(tape, av, bias.constant(tape));
  const Var sub = nn::sub(tape, av, block.constant(tape));
  const Var mul = nn::mul(tape, av, block.constant(tape));
  const Var mul_same = nn::mul(tape, av, same.constant(tape));
  const Var scaled = nn::scale(tape, av, -1.5f);
  for (int i = 0; i < 30; ++i) {
    const double x = a.value[i];
    EXPECT_FLOAT_EQ(tape.value(add)[i], static_cast<float>(x + bias.value[i % 5]));
    EXPECT_FLOAT_EQ(tape.value(sub)[i], static_cast<float>(x - block.value[i % 15]));
    EXPECT_FLOAT_EQ(tape.value(mul)[i], static_cast<float>(x * block.value[i % 15]));
    EXPECT_FLOAT_EQ(tape.value(mul_same)[i], static_cast<float>(x * same.value[i]));
    EXPECT_FLOAT_EQ(tape.value(scaled)[i], static_cast<float>(-1.5 * x));
  }
}

TEST(NnOpsForward, BroadcastGradientIsSummedOverRepeats) {
  Buffer a({4, 3}, uniform(12, -1, 1, 17));
  Buffer b({3}, {0.5f, -2.0f, 3.0f});
  Tape tape;
  const Var loss = nn::sum(tape, nn::mul(tape, a.param(tape), b.param(tape)));
  tape.backward(loss);
  for (int j = 0; j < 3; ++j) {
    double column = 0;
    for (int r = 0; r < 4; ++r) column += a.value[r * 3 + j];
    EXPECT_NEAR(b.grad[j], column, 1e-6);
  }
  for (int i = 0; i < 12; ++i) EXPECT_EQ(a.grad[i], b.value[i % 3]);
}

// ---- layer_norm ------------------------------------------------------------------------

TEST(NnOpsForward, LayerNormRowsHaveMeanZeroVarianceOneBeforeGainAndBias) {
  const int rows = 6, cols = 13;
  Buffer x({2, 3, cols}, uniform(rows * cols, -3, 7, 18));  // far from mean 0, to catch a missing centring
  Buffer ones({cols}, std::vector<float>(cols, 1.0f));
  Buffer zeros({cols}, std::vector<float>(cols, 0.0f));
  Buffer gain({cols}, uniform(cols, 0.5, 2, 19));
  Buffer bias({cols}, uniform(cols, -1, 1, 20));
  // A large epsilon too, where putting it outside the sqrt would show.
  for (const float eps : {1e-5f, 0.5f}) {
    Tape tape;
    const Var in = x.constant(tape);
    const Var plain = nn::layer_norm(tape, in, ones.constant(tape), zeros.constant(tape), eps);
    const Var affine = nn::layer_norm(tape, in, gain.constant(tape), bias.constant(tape), eps);
    ASSERT_EQ(tape.value(plain).shape, (Shape{2, 3, cols}));
    for (int r = 0; r < rows; ++r) {
      const float* xr = x.value.data() + r * cols;
      double mu = 0, var = 0;
      for (int j = 0; j < cols; ++j) mu += xr[j];
      mu /= cols;
      for (int j = 0; j < cols; ++j) var += (xr[j] - mu) * (xr[j] - mu);
      var /= cols;  // biased
      double out_mean = 0, out_var = 0;
      for (int j = 0; j < cols; ++j) out_mean += tape.value(plain)[r * cols + j];
      out_mean /= cols;
      for (int j = 0; j < cols; ++j) out_var += std::pow(tape.value(plain)[r * cols + j] - out_mean, 2);
      out_var /= cols;
      EXPECT_NEAR(out_mean, 0.0, 1e-6) << "row " << r;
      EXPECT_NEAR(out_var, var / (var + eps), 1e-5) << "row " << r;  // epsilon inside the sqrt
      if (eps < 1e-3f) {
        EXPECT_NEAR(out_var, 1.0, 1e-4) << "row " << r;
      }
      for (int j = 0; j < cols; ++j) {
        const double xhat = (xr[j] - mu) / std::sqrt(var + eps);
        EXPECT_NEAR(tape.value(plain)[r * cols + j], xhat, 1e-5);
        EXPECT_NEAR(tape.value(affine)[r * cols + j], xhat * gain.value[j] + bias.value[j], 1e-5);
      }
    }
  }
}

TEST(NnOpsForward, LayerNormGainAndBiasGradientsAreSummedOverRows) {
  const int rows = 5, cols = 7;
  Buffer x({rows, cols}, uniform(rows * cols, -2, 2, 21));
  Buffer gain({cols}, uniform(cols, 0.5, 1.5, 22));
  Buffer bias({cols}, uniform(cols, -1, 1, 23));
  Tape tape;
  const Var y = nn::layer_norm(tape, x.param(tape), gain.param(tape), bias.param(tape));
  tape.backward(nn::sum(tape, y));
  for (int j = 0; j < cols; ++j) {
    double xhat_sum = 0;
    for (int r = 0; r < rows; ++r) {
      const float* xr = x.value.data() + r * cols;
      double mu = 0, var = 0;
      for (int k = 0; k < cols; ++k) mu += xr[k];
      mu /= cols;
      for (int k = 0; k < cols; ++k) var += (xr[k] - mu) * (xr[k] - mu);
      var /= cols;
      xhat_sum += (xr[j] - mu) / std::sqrt(var + 1e-5);
    }
    EXPECT_NEAR(gain.grad[j], xhat_sum, 1e-5);
    EXPECT_EQ(bias.grad[j], static_cast<float>(rows));
  }
  // Adding a constant to a row leaves x̂ unchanged, so each row of dx sums to 0 (for any dy).
  for (int r = 0; r < rows; ++r) {
    double row = 0;
    for (int j = 0; j < cols; ++j) row += x.grad[r * cols + j];
    EXPECT_NEAR(row, 0.0, 1e-5);
  }
}

// ---- dropout ---------------------------------------------------------------------------

TEST(NnOpsForward, DropoutIsTheIdentityWhenNotTrainingOrPIsZero) {
  Buffer x({3, 7}, uniform(21, -1, 1, 24));
  Tape tape;
  tape.training = false;
  const Var in = x.param(tape);
  const Var off = nn::dropout(tape, in, 0.5f);
  EXPECT_EQ(values_of(tape, off), x.value);
  tape.training = true;
  const Var zero = nn::dropout(tape, in, 0.0f);
  EXPECT_EQ(values_of(tape, zero), x.value);
  tape.backward(nn::sum(tape, nn::add(tape, off, zero)));
  for (float g : x.grad) EXPECT_EQ(g, 2.0f);
}

TEST(NnOpsForward, DropoutZeroesAboutPAndScalesTheRest) {
  const int n = 100003;
  Buffer x({n}, uniform(n, 0.5, 1.5, 25));  // no zeros of its own
  for (const float p : {0.1f, 0.3f, 0.75f}) {
    Tape tape(42);
    tape.training = true;
    const Var y = nn::dropout(tape, x.constant(tape), p);
    int zeros = 0;
    for (int i = 0; i < n; ++i) {
      const float v = tape.value(y)[i];
      if (v == 0.0f) {
        ++zeros;
      } else {
        EXPECT_FLOAT_EQ(v, static_cast<float>(x.value[i] / (1.0 - p)));
      }
    }
    // Binomial: standard deviation sqrt(p (1 - p) / n) < 0.0016; allow 6 of them.
    const double sd = std::sqrt(p * (1.0 - p) / n);
    EXPECT_NEAR(static_cast<double>(zeros) / n, p, 6 * sd) << "p = " << p;
  }
}

TEST(NnOpsForward, DropoutMaskIsReproducibleFromTheSeedAndFreshEachCall) {
  Buffer x({64}, uniform(64, 0.5, 1.5, 26));
  Tape a(7), b(7);
  const Var ya = nn::dropout(a, x.constant(a), 0.5f);
  const Var yb = nn::dropout(b, x.constant(b), 0.5f);
  EXPECT_EQ(values_of(a, ya), values_of(b, yb));
  const Var ya2 = nn::dropout(a, x.constant(a), 0.5f);
  EXPECT_NE(values_of(a, ya), values_of(a, ya2));
}

TEST(NnOpsForward, DropoutRefusesPOutsideZeroToOne) {
  Buffer x({4}, {1, 2, 3, 4});
  Tape tape;
  const Var in = x.constant(tape);
  EXPECT_TRUE(ThrowsInvalid([&] { nn::dropout(tape, in, 1.0f); }, {"p"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::dropout(tape, in, -0.1f); }, {"p"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::dropout(tape, in, std::numeric_limits<float>::quiet_NaN()); }, {"p"}));
  tape.training = false;  // refused whether or not it would act
  EXPECT_TRUE(ThrowsInvalid([&] { nn::dropout(tape, in, 1.5f); }, {"p"}));
}

// ---- shape ops -------------------------------------------------------------------------

TEST(NnOpsForward, EmbeddingLooksUpRowsAndItsGradientTouchesOnlyThoseRows) {
  const int vocab = 9, width = 5;
  Buffer table({vocab, width}, uniform(vocab * width, -1, 1, 27));
  const std::vector<std::int32_t> ids = {2, 7, 2, 0, 7, 2};
  Tape tape;
  const Var y = nn::embedding(tape, table.param(tape), ids, {2, 3});
  ASSERT_EQ(tape.value(y).shape, (Shape{2, 3, width}));
  for (int p = 0; p < 6; ++p) {
    for (int j = 0; j < width; ++j) EXPECT_EQ(tape.value(y)[p * width + j], table.value[ids[p] * width + j]);
  }
  // Mark the other rows' gradient with -0.0: clearing it or adding a computed
  // +0.0 to it (a dense backward) both leave +0.0, so any write to them shows.
  for (int r = 0; r < vocab; ++r) {
    if (r == 0 || r == 2 || r == 7) continue;
    for (int j = 0; j < width; ++j) table.grad[r * width + j] = -0.0f;
  }
  Buffer weights({2, 3, width}, uniform(6 * width, -1, 1, 28));
  tape.backward(nn::sum(tape, nn::mul(tape, y, weights.constant(tape))));
  for (int r = 0; r < vocab; ++r) {
    for (int j = 0; j < width; ++j) {
      double expected = 0;
      for (int p = 0; p < 6; ++p) if (ids[p] == r) expected += weights.value[p * width + j];
      if (r != 0 && r != 2 && r != 7) {
        EXPECT_TRUE(table.grad[r * width + j] == 0.0f && std::signbit(table.grad[r * width + j]))
            << "row " << r << " was touched";
      } else {
        EXPECT_NEAR(table.grad[r * width + j], expected, 1e-6) << "row " << r;
      }
    }
  }
}

TEST(NnOpsForward, EmbeddingRefusesIdsOutsideTheTable) {
  Buffer table({4, 3}, uniform(12, -1, 1, 29));
  Tape tape;
  const Var t = table.param(tape);
  EXPECT_TRUE(ThrowsInvalid([&] { nn::embedding(tape, t, {0, 4}, {2}); }, {"4", "(4, 3)"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::embedding(tape, t, {-1, 0}, {2}); }, {"-1", "(4, 3)"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::embedding(tape, t, {0, 1, 2}, {2, 2}); }, {"(2, 2)"}));
}

TEST(NnOpsForward, ConcatSliceAndTransposeMoveTheRightElements) {
  Buffer a({2, 2}, {1, 2, 3, 4});
  Buffer b({2, 3}, {5, 6, 7, 8, 9, 10});
  Buffer c({2, 1}, {11, 12});
  Tape tape;
  const Var joined = nn::concat(tape, {a.constant(tape), b.constant(tape), c.constant(tape)});
  ASSERT_EQ(tape.value(joined).shape, (Shape{2, 6}));
  EXPECT_EQ(values_of(tape, joined), (std::vector<float>{1, 2, 5, 6, 7, 11, 3, 4, 8, 9, 10, 12}));
  const Var middle = nn::slice(tape, joined, 1, 4);
  ASSERT_EQ(tape.value(middle).shape, (Shape{2, 3}));
  EXPECT_EQ(values_of(tape, middle), (std::vector<float>{2, 5, 6, 4, 8, 9}));
  const Var flipped = nn::transpose(tape, middle);
  ASSERT_EQ(tape.value(flipped).shape, (Shape{3, 2}));
  EXPECT_EQ(values_of(tape, flipped), (std::vector<float>{2, 4, 5, 8, 6, 9}));
  Buffer batch({2, 2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  const Var bt = nn::transpose(tape, batch.constant(tape));
  ASSERT_EQ(tape.value(bt).shape, (Shape{2, 3, 2}));
  EXPECT_EQ(values_of(tape, bt), (std::vector<float>{1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12}));
}

TEST(NnOpsForward, SwapAxesMovesEachElementAndCausalMaskHidesTheFuture) {
  const int O = 2, A = 3, B = 4, C = 5;
  std::vector<float> v(O * A * B * C);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i);
  Buffer x({O, A, B, C}, v);
  Tape tape;
  const Var y = nn::swap_axes(tape, x.constant(tape), O, A, B, C);
  EXPECT_EQ(tape.value(y).shape, (Shape{O, B, A, C}));
  for (int o = 0; o < O; ++o)
    for (int a = 0; a < A; ++a)
      for (int b = 0; b < B; ++b)
        for (int c = 0; c < C; ++c)
          ASSERT_EQ(tape.value(y)[((o * B + b) * A + a) * C + c], v[((o * A + a) * B + b) * C + c]);
  EXPECT_TRUE(ThrowsInvalid([&] { nn::swap_axes(tape, x.constant(tape), 2, 3, 4, 6); }, {"swap_axes", "(2, 3, 4, 6)"}));

  Buffer scores({2, 4, 4}, uniform(32, -3, 3, 31));
  const Var p = nn::softmax(tape, nn::causal_mask(tape, scores.constant(tape)));
  for (int n = 0; n < 2; ++n) {
    for (int i = 0; i < 4; ++i) {
      double total = 0;
      for (int j = 0; j < 4; ++j) {
        const float w = tape.value(p)[(n * 4 + i) * 4 + j];
        if (j > i) EXPECT_EQ(w, 0.0f) << n << "," << i << "," << j;  // exactly nothing from the future
        total += w;
      }
      EXPECT_NEAR(total, 1.0, 1e-6);
    }
    EXPECT_FLOAT_EQ(tape.value(p)[n * 16], 1.0f);  // the first query sees only itself
  }
  Buffer wide({2, 3}, uniform(6, -1, 1, 32));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::causal_mask(tape, wide.constant(tape)); }, {"causal_mask", "(2, 3)"}));
}

TEST(NnOpsForward, FusedAttentionEqualsSoftmaxOfMaskedScoresTimesValues) {
  for (const bool causal : {true, false}) {
    const int N = 3, T = 7, d = 5;
    Buffer q({N, T, d}, uniform(N * T * d, -2, 2, 41)), k({N, T, d}, uniform(N * T * d, -2, 2, 42));
    Buffer v({N, T, d}, uniform(N * T * d, -2, 2, 43));
    Tape tape;
    const Var fused = nn::attention(tape, q.constant(tape), k.constant(tape), v.constant(tape), causal);
    Var scores = nn::scale(tape, nn::batched_matmul(tape, q.constant(tape), k.constant(tape), true),
                           1.0f / std::sqrt(static_cast<float>(d)));
    if (causal) scores = nn::causal_mask(tape, scores);
    const Var composed = nn::batched_matmul(tape, nn::softmax(tape, scores), v.constant(tape));
    for (std::int64_t i = 0; i < N * T * d; ++i) {
      ASSERT_NEAR(tape.value(fused)[i], tape.value(composed)[i], 1e-5) << "causal " << causal << ", element " << i;
    }
    // With the mask, the first query sees only the first key: its output is that value row.
    if (causal) {
      for (int c = 0; c < d; ++c) EXPECT_FLOAT_EQ(tape.value(fused)[c], v.value[c]);
    }
  }
  Tape tape;
  Buffer a({2, 3, 4}, uniform(24, -1, 1, 44)), b({2, 4, 4}, uniform(32, -1, 1, 45));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::attention(tape, a.constant(tape), b.constant(tape), a.constant(tape), true); },
                            {"attention", "(2, 3, 4)", "(2, 4, 4)"}));
}

TEST(NnOpsForward, ReshapeSharesStorage) {
  Buffer x({2, 3, 4}, uniform(24, -1, 1, 30));
  Tape tape;
  const Var in = x.param(tape);
  const Var r = nn::reshape(tape, in, {6, 4});
  const Var rr = nn::reshape(tape, r, {24});
  EXPECT_EQ(tape.value(r).data, x.value.data());
  EXPECT_EQ(tape.value(rr).data, x.value.data());
  EXPECT_EQ(tape.value(r).shape, (Shape{6, 4}));
  EXPECT_EQ(tape.value(rr).shape, (Shape{24}));
  // The gradient reaches x through both views, and x's own use adds to it.
  tape.backward(nn::add(tape, nn::sum(tape, rr), nn::sum(tape, in)));
  for (float g : x.grad) EXPECT_EQ(g, 2.0f);
  EXPECT_TRUE(ThrowsInvalid([&] { nn::reshape(tape, in, {5, 5}); }, {"(2, 3, 4)", "(5, 5)"}));
}

TEST(NnOpsForward, SumAndMeanAreScalars) {
  Buffer x({3, 7}, uniform(21, -1, 1, 31));
  Tape tape;
  const Var s = nn::sum(tape, x.constant(tape));
  const Var m = nn::mean(tape, x.constant(tape));
  ASSERT_EQ(tape.value(s).shape, Shape{1});
  ASSERT_EQ(tape.value(m).shape, Shape{1});
  double total = 0;
  for (float v : x.value) total += v;
  EXPECT_NEAR(tape.value(s)[0], total, 1e-5);
  EXPECT_NEAR(tape.value(m)[0], total / 21, 1e-6);
}

TEST(NnOpsForward, ShapeErrorsNameTheShapes) {
  Tape tape;
  Buffer a({2, 3}, std::vector<float>(6, 1.0f));
  Buffer b({2, 4}, std::vector<float>(8, 1.0f));
  Buffer row({3, 2}, std::vector<float>(6, 1.0f));
  Buffer v2({2}, {1, 1});
  Buffer v3({3}, {1, 1, 1});
  Buffer big({1, 2, 3}, std::vector<float>(6, 1.0f));
  const Var av = a.param(tape), bv = b.param(tape), rowv = row.param(tape), v2v = v2.param(tape),
            v3v = v3.param(tape), bigv = big.param(tape);
  EXPECT_TRUE(ThrowsInvalid([&] { nn::add(tape, av, bv); }, {"add", "(2, 3)", "(2, 4)"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::sub(tape, av, rowv); }, {"sub", "(2, 3)", "(3, 2)"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::mul(tape, av, v2v); }, {"mul", "(2, 3)", "(2)"}));  // a leading, not trailing, match
  EXPECT_TRUE(ThrowsInvalid([&] { nn::add(tape, av, bigv); }, {"(2, 3)", "(1, 2, 3)"}));  // b larger than a
  EXPECT_TRUE(ThrowsInvalid([&] { nn::add(tape, v3v, av); }, {"(3)", "(2, 3)"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::layer_norm(tape, av, v2v, v3v); }, {"(2, 3)", "(2)", "(3)"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::concat(tape, {av, rowv}); }, {"(2, 3)", "(3, 2)"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::concat(tape, {}); }, {"concat"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::slice(tape, av, 1, 4); }, {"(2, 3)", "[1, 4)"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::slice(tape, av, 2, 2); }, {"(2, 3)"}));
  EXPECT_TRUE(ThrowsInvalid([&] { nn::transpose(tape, v3v); }, {"(3)"}));
  // add with b of a's shape or its trailing dimensions is fine.
  EXPECT_NO_THROW(nn::add(tape, av, v3v));
  EXPECT_NO_THROW(nn::add(tape, bigv, av));
}

TEST(NnOpsForward, AResetTapeRecordsTheSameStepAgainWithoutGrowing) {
  Buffer x({8, 13}, uniform(104, -1, 1, 32));
  Buffer table({11, 13}, uniform(143, -1, 1, 33));
  Buffer gain({13}, std::vector<float>(13, 1.0f));
  Buffer bias({13}, std::vector<float>(13, 0.0f));
  Tape tape;
  std::size_t reserved = 0;
  float first_loss = 0;
  for (int step = 0; step < 3; ++step) {
    tape.reset();
    tape.training = step == 0;  // later steps without dropout, so their losses must agree exactly
    const Var e = nn::embedding(tape, table.param(tape), {1, 2, 3, 4, 5, 6, 7, 8}, {8});
    const Var h = nn::layer_norm(tape, nn::add(tape, e, x.param(tape)), gain.param(tape), bias.param(tape));
    const Var d = nn::dropout(tape, nn::gelu(tape, h), 0.2f);
    const Var logits = nn::reshape(tape, nn::slice(tape, nn::concat(tape, {d, d}), 3, 14), {8, 11});
    const Var loss = nn::cross_entropy(tape, logits, {0, 1, -1, 3, 4, 5, 6, 10});
    tape.backward(loss);
    EXPECT_TRUE(std::isfinite(tape.value(loss)[0]));
    if (step == 0) reserved = tape.bytes_reserved();
    if (step == 1) first_loss = tape.value(loss)[0];
    if (step == 2) {
      EXPECT_EQ(tape.value(loss)[0], first_loss);
    }
    EXPECT_EQ(tape.bytes_reserved(), reserved) << "step " << step;
  }
}

}  // namespace
