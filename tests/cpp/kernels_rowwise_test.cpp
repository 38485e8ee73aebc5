// The row kernels (softmax family, layer normalization, GELU) against their
// scalar references: in wasm the f32x4 variants (the only place they run);
// natively the build's choice is the reference itself (kernels/dispatch.h), so
// those comparisons skip there, as the gemm test skips what a build lacks. Rows of
// every length mod 4 (the SIMD tails), long rows, logits far from 0, masked
// (-inf) entries, and gradients added to what is already there. In wasm also
// the f32x4 exp and tanh, lane for lane against the scalar functions, bit for bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "kernel_compare.h"
#include "kernels/dispatch.h"
#include "kernels/fast_math.h"
#include "test_helpers.h"

#if defined(__wasm_simd128__)
#include "kernels/simd_math.h"
#endif

namespace {

namespace k = lmp::kernels;

using lmp_test::ElementsNear;
using lmp_test::max_difference;
using lmp_test::random_floats;

// A row sum in four lanes and one in order differ by rounding that grows with
// the row; a wrong kernel is off by whole units.
constexpr double kRowSumRounding = 5e-6;

struct Row {
  int n;
  double spread;
};

class RowKernels : public ::testing::TestWithParam<Row> {};

constexpr const char* kRunsTheReference =
    "this build runs the references themselves (kernels/dispatch.h): nothing to compare; the f32x4 variants are "
    "tested in the wasm build";

const std::vector<int> kLengths = {1, 2, 3, 4, 5, 7, 8, 13, 64, 85, 257, 1000};

std::vector<Row> rows() {
  std::vector<Row> all;
  for (int n : kLengths) {
    all.push_back({n, 3.0});
    all.push_back({n, 60.0});  // logits of tens: a softmax without its max subtracted overflows
  }
  return all;
}

std::string row_name(const ::testing::TestParamInfo<Row>& info) {
  return "n" + std::to_string(info.param.n) + (info.param.spread > 10 ? "_large" : "");
}

TEST_P(RowKernels, SoftmaxFamilyMatchesTheReference) {
  if (&k::log_sum_exp == &k::log_sum_exp_reference && &k::softmax_row == &k::softmax_row_reference &&
      &k::log_softmax_row == &k::log_softmax_row_reference && &k::softmax_backward == &k::softmax_backward_reference &&
      &k::log_softmax_backward == &k::log_softmax_backward_reference &&
      &k::add_scaled_exp == &k::add_scaled_exp_reference) {
    GTEST_SKIP() << kRunsTheReference;
  }
  const auto [n, spread] = GetParam();
  std::vector<float> x = random_floats(n, spread, 1);
  if (n > 2) x[n / 2] = -std::numeric_limits<float>::infinity();  // a masked score
  const std::vector<float> dy = random_floats(n, 1, 2), start = random_floats(n, 1, 3);
  EXPECT_NEAR(k::log_sum_exp(n, x.data()), k::log_sum_exp_reference(n, x.data()),
              1e-6 * std::max(1.0f, std::fabs(k::log_sum_exp_reference(n, x.data()))));

  std::vector<float> y(n), y_ref(n);
  k::softmax_row(n, x.data(), y.data());
  k::softmax_row_reference(n, x.data(), y_ref.data());
  EXPECT_TRUE(ElementsNear("softmax_row", y, y_ref, 1e-6));
  if (n > 2) {
    EXPECT_EQ(y[n / 2], 0.0f) << "a -inf score gets exactly no weight";
  }
  std::vector<float> dx = start, dx_ref = start;
  k::softmax_backward(n, y_ref.data(), dy.data(), dx.data());
  k::softmax_backward_reference(n, y_ref.data(), dy.data(), dx_ref.data());
  EXPECT_TRUE(ElementsNear("softmax_backward", dx, dx_ref, kRowSumRounding));

  std::vector<float> lx = random_floats(n, spread, 4);  // log-softmax outputs must be finite for the backward
  const float lse = k::log_sum_exp_reference(n, lx.data());
  // y = x - lse: a few units in the last place of lse, whatever the size of y.
  const double lse_rounding = 1e-6 * std::max(1.0f, std::fabs(lse));
  k::log_softmax_row(n, lx.data(), y.data());
  k::log_softmax_row_reference(n, lx.data(), y_ref.data());
  EXPECT_TRUE(ElementsNear("log_softmax_row", y, y_ref, lse_rounding));
  dx = dx_ref = start;
  k::log_softmax_backward(n, y_ref.data(), dy.data(), dx.data());
  k::log_softmax_backward_reference(n, y_ref.data(), dy.data(), dx_ref.data());
  EXPECT_TRUE(ElementsNear("log_softmax_backward", dx, dx_ref, kRowSumRounding));

  dx = dx_ref = start;
  k::add_scaled_exp(n, lx.data(), lse, 0.37f, dx.data());
  k::add_scaled_exp_reference(n, lx.data(), lse, 0.37f, dx_ref.data());
  EXPECT_TRUE(ElementsNear("add_scaled_exp", dx, dx_ref, 1e-6));
  EXPECT_GT(max_difference(dx, start), 1e-4) << "the backward changed nothing";
}

TEST_P(RowKernels, LayerNormMatchesTheReference) {
  if (&k::layer_norm_row == &k::layer_norm_row_reference && &k::layer_norm_backward == &k::layer_norm_backward_reference) {
    GTEST_SKIP() << kRunsTheReference;
  }
  const auto [n, spread] = GetParam();
  std::vector<float> x = random_floats(n, spread, 5);
  for (float& v : x) v += 100.0f;  // a row far from 0: the two-pass variance matters
  const std::vector<float> gain = random_floats(n, 2, 6), bias = random_floats(n, 1, 7);
  const std::vector<float> dy = random_floats(n, 1, 8), start = random_floats(n, 1, 9);
  std::vector<float> y(n), y_ref(n);
  const k::RowMoments m = k::layer_norm_row(n, x.data(), gain.data(), bias.data(), 1e-5f, y.data());
  const k::RowMoments m_ref = k::layer_norm_row_reference(n, x.data(), gain.data(), bias.data(), 1e-5f, y_ref.data());
  EXPECT_NEAR(m.mean, m_ref.mean, 1e-5 * std::fabs(m_ref.mean));
  EXPECT_NEAR(m.rstd, m_ref.rstd, 1e-5 * m_ref.rstd);
  // The mean of an offset row is summed in another order: a few ulps of it per
  // sqrt(n), seen through rstd and gains of up to 2.
  const double mean_rounding = 1e-6 * (1.0 + std::sqrt(n) * std::fabs(m_ref.mean) * m_ref.rstd * 2.0);
  EXPECT_TRUE(ElementsNear("layer_norm_row", y, y_ref, mean_rounding));
  std::vector<float> dx = start, dg = start, db = start, dx_ref = start, dg_ref = start, db_ref = start;
  k::layer_norm_backward(n, x.data(), gain.data(), dy.data(), m_ref, dx.data(), dg.data(), db.data());
  k::layer_norm_backward_reference(n, x.data(), gain.data(), dy.data(), m_ref, dx_ref.data(), dg_ref.data(),
                                   db_ref.data());
  EXPECT_TRUE(ElementsNear("layer_norm_backward dgain", dg, dg_ref, mean_rounding));
  EXPECT_TRUE(ElementsNear("layer_norm_backward dbias", db, db_ref, 1e-6));
  EXPECT_TRUE(ElementsNear("layer_norm_backward dx", dx, dx_ref, mean_rounding + kRowSumRounding * m_ref.rstd));
  EXPECT_GT(max_difference(db, start), 1e-4) << "the backward changed nothing";
  // Parts whose pointer is null are left out; the others come out the same.
  std::vector<float> only_dx = start;
  k::layer_norm_backward(n, x.data(), gain.data(), dy.data(), m_ref, only_dx.data(), nullptr, nullptr);
  EXPECT_EQ(only_dx, dx);
}

TEST_P(RowKernels, GeluMatchesTheReference) {
  if (&k::gelu_forward == &k::gelu_forward_reference && &k::gelu_backward == &k::gelu_backward_reference) {
    GTEST_SKIP() << kRunsTheReference;
  }
  const auto [n, spread] = GetParam();
  std::vector<float> x = random_floats(n, spread / 3, 10);  // both branches of tanh, and its saturation
  if (n > 3) x[1] = 0.01f, x[2] = -0.15f;                   // the series branch, |u| < 0.2
  const std::vector<float> dy = random_floats(n, 1, 11), start = random_floats(n, 1, 12);
  std::vector<float> y(n), th(n), y_ref(n), th_ref(n);
  k::gelu_forward(n, x.data(), y.data(), th.data());
  k::gelu_forward_reference(n, x.data(), y_ref.data(), th_ref.data());
  EXPECT_TRUE(ElementsNear("gelu_forward th", th, th_ref, 1e-6));
  EXPECT_TRUE(ElementsNear("gelu_forward y", y, y_ref, 1e-6));
  std::vector<float> dx = start, dx_ref = start;
  k::gelu_backward(n, x.data(), th_ref.data(), dy.data(), dx.data());
  k::gelu_backward_reference(n, x.data(), th_ref.data(), dy.data(), dx_ref.data());
  EXPECT_TRUE(ElementsNear("gelu_backward", dx, dx_ref, 1e-6));
}

INSTANTIATE_TEST_SUITE_P(Lengths, RowKernels, ::testing::ValuesIn(rows()), row_name);

TEST(RowKernels, NanInTheRowComesOutAsNan) {
  // A diverging run must be seen, not hidden by a max or a clamp that drops NaN.
  std::vector<float> x = random_floats(9, 1, 13);
  x[5] = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> y(9), th(9);
  EXPECT_TRUE(std::isnan(k::log_sum_exp(9, x.data())));
  k::softmax_row(9, x.data(), y.data());
  EXPECT_TRUE(std::isnan(y[0]));
  k::layer_norm_row(9, x.data(), x.data(), x.data(), 1e-5f, y.data());
  EXPECT_TRUE(std::isnan(y[0]));
  k::gelu_forward(9, x.data(), y.data(), th.data());
  EXPECT_TRUE(std::isnan(y[5]));
  EXPECT_FALSE(std::isnan(y[4]));
}

TEST(RowKernels, TheChoiceNamesTheFunctionsRun) {
  const bool reference = std::string(k::row_kernels_choice()) == "reference";
  EXPECT_EQ(&k::softmax_row == &k::softmax_row_reference, reference) << k::row_kernels_choice();
  EXPECT_EQ(&k::log_sum_exp == &k::log_sum_exp_reference, reference) << k::row_kernels_choice();
  EXPECT_EQ(&k::layer_norm_row == &k::layer_norm_row_reference, reference) << k::row_kernels_choice();
  EXPECT_EQ(&k::gelu_forward == &k::gelu_forward_reference, reference) << k::row_kernels_choice();
}

#if defined(__wasm_simd128__)
std::uint32_t bits(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

TEST(SimdMath, ExpAndTanhGiveTheScalarBitsInEveryLane) {
  std::vector<float> xs = {0.0f, -0.0f, 1e-30f, -1e-30f, 0.1999f, 0.2f, -0.2001f, 1.0f, -1.0f, 10.0f, -87.0f,
                           -87.5f, 88.0f, 88.5f, 200.0f, -200.0f, std::numeric_limits<float>::infinity(),
                           -std::numeric_limits<float>::infinity()};
  const std::vector<float> sweep = random_floats(4000, 100, 14);
  xs.insert(xs.end(), sweep.begin(), sweep.end());
  while (xs.size() % 4) xs.push_back(0.5f);
  int checked = 0;
  for (std::size_t i = 0; i < xs.size(); i += 4) {
    float e[4], t[4];
    wasm_v128_store(e, k::f32x4_exp(wasm_v128_load(&xs[i])));
    wasm_v128_store(t, k::f32x4_tanh(wasm_v128_load(&xs[i])));
    for (int lane = 0; lane < 4; ++lane) {
      const float x = xs[i + lane];
      ASSERT_EQ(bits(e[lane]), bits(lmp::kernels::exp_fast(x))) << "exp(" << x << ")";
      ASSERT_EQ(bits(t[lane]), bits(lmp::kernels::tanh_fast(x))) << "tanh(" << x << ")";
      ++checked;
    }
  }
  float nan4[4] = {std::nanf(""), 1.0f, std::nanf(""), -1.0f}, out[4];
  wasm_v128_store(out, k::f32x4_exp(wasm_v128_load(nan4)));
  EXPECT_TRUE(std::isnan(out[0]) && std::isnan(out[2]));
  EXPECT_EQ(out[1], lmp::kernels::exp_fast(1.0f));
  EXPECT_GT(checked, 4000);
}

TEST(RowKernels, TheWasmBuildRunsTheSimdVariants) {
  EXPECT_EQ(&k::softmax_row, &k::softmax_row__wasmsimd);
  EXPECT_EQ(&k::log_sum_exp, &k::log_sum_exp__wasmsimd);
  EXPECT_EQ(&k::layer_norm_row, &k::layer_norm_row__wasmsimd);
  EXPECT_EQ(&k::layer_norm_backward, &k::layer_norm_backward__wasmsimd);
  EXPECT_EQ(&k::gelu_forward, &k::gelu_forward__wasmsimd);
  EXPECT_EQ(&k::gelu_backward, &k::gelu_backward__wasmsimd);
}
#endif

}  // namespace
