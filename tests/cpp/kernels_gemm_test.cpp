// Every f32_gemm variant of this build (gemm_variants() in gemm.h), and f32_gemm itself,
// against f32_gemm_reference: all four transpose combinations, accumulate off
// and on, odd sizes (tails of the 4x8 register tile and of the 4-wide packing
// transposes), rectangular shapes, shapes that cross the cache blocks (k > 256,
// m > 128, n > 1024), matrix-vector shapes (m or n = 1), k = 0, empty outputs
// and non-finite inputs. Failures print the variant, the flags, (m, n, k) and,
// through kernel_compare.h, the first element out of tolerance with both
// values, and how many failed. The SIMD kernels of the two
// builds must also give the same bits (a hash of their outputs).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "kernel_compare.h"
#include "kernels/dispatch.h"
#include "kernels/gemm.h"
#include "test_helpers.h"

namespace {

using lmp::kernels::GemmVariant;

struct Shape {
  int m, n, k;
};

std::vector<GemmVariant> variants_under_test() {
  std::vector<GemmVariant> all = lmp::kernels::gemm_variants();
  all.push_back({"f32_gemm", lmp::kernels::f32_gemm});
  return all;
}

std::vector<Shape> shapes() {
  std::vector<Shape> list;
  for (int s : {1, 3, 5, 7, 13, 17, 31, 33, 63, 65, 100, 127, 129}) list.push_back({s, s, s});
  const std::vector<Shape> rectangular = {
      {1, 1, 7},     {1, 9, 4},     {9, 1, 4},    {2, 3, 4},    {3, 5, 7},   {7, 3, 5},    {5, 7, 3},
      {13, 17, 31},  {31, 13, 17},  {17, 31, 13}, {33, 1, 65},  {1, 65, 33}, {65, 33, 1},  {4, 8, 16},
      {8, 4, 3},     {100, 7, 129}, {7, 129, 100}, {129, 100, 3}, {5, 127, 63}, {63, 5, 127},
      {17, 33, 513},   // three blocks along k (256 + 256 + 1)
      {260, 9, 17},    // three row blocks (128 rows in wasm, 126 natively)
      {3, 1030, 5},    // two column blocks (1024 + 6)
      {131, 37, 300},  // all blocks with tails at once
      // matrix times vector (the GEMV paths): tails of 16 and 4 columns, of 4 rows, of 4 along k
      {1, 37, 300}, {300, 1, 37}, {1, 1, 300}, {1, 20, 3}, {20, 1, 3}, {1, 1030, 2}, {1030, 1, 2},
  };
  list.insert(list.end(), rectangular.begin(), rectangular.end());
  return list;
}

std::vector<float> random_floats(lmp_test::TestRandom& random, std::size_t count) {
  std::vector<float> v(count);
  for (float& x : v) x = static_cast<float>(2.0 * random.unit() - 1.0);
  return v;
}

std::string describe(const char* variant, bool ta, bool tb, bool accumulate, int m, int n, int k) {
  std::ostringstream out;
  out << variant << " transpose_a=" << ta << " transpose_b=" << tb << " accumulate=" << accumulate << " (m,n,k)=(" << m
      << "," << n << "," << k << ")";
  return out.str();
}

// Runs `variant` and the reference on the same random data and compares every
// element within a float error bound: the summation error of k products grows
// like sqrt(k) for random data, relative to sum_p |a_ip * b_pj|.
::testing::AssertionResult MatchesReference(const GemmVariant& variant, bool ta, bool tb, bool accumulate, int m,
                                            int n, int k, std::uint64_t seed) {
  lmp_test::TestRandom random(seed);
  const std::vector<float> a = random_floats(random, static_cast<std::size_t>(m) * k);
  const std::vector<float> b = random_floats(random, static_cast<std::size_t>(k) * n);
  std::vector<float> c0 = random_floats(random, static_cast<std::size_t>(m) * n);
  if (!accumulate) c0.assign(c0.size(), std::numeric_limits<float>::quiet_NaN());  // must be overwritten, not read
  std::vector<float> expected = c0;
  std::vector<float> got = c0;
  lmp::kernels::f32_gemm_reference(ta, tb, m, n, k, a.data(), b.data(), expected.data(), accumulate);
  variant.fn(ta, tb, m, n, k, a.data(), b.data(), got.data(), accumulate);

  constexpr double kEps = std::numeric_limits<float>::epsilon();
  const auto tolerance = [&](std::size_t index) {
    const int i = static_cast<int>(index / n), j = static_cast<int>(index % n);
    double magnitude = 0.0;
    for (int p = 0; p < k; ++p) {
      const double x = ta ? a[static_cast<std::size_t>(p) * m + i] : a[static_cast<std::size_t>(i) * k + p];
      const double y = tb ? b[static_cast<std::size_t>(j) * k + p] : b[static_cast<std::size_t>(p) * n + j];
      magnitude += std::fabs(x * y);
    }
    const double old = accumulate ? std::fabs(c0[index]) : 0.0;
    return 4.0 * kEps * (std::sqrt(static_cast<double>(k)) * magnitude + old) + 1e-30;
  };
  return lmp_test::ElementsNear(describe(variant.name, ta, tb, accumulate, m, n, k) + ": C", got, expected, tolerance, n);
}

struct Case {
  GemmVariant variant;
  bool transpose_a;
  bool transpose_b;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.variant.name << (c.transpose_a ? " Aᵀ" : " A") << (c.transpose_b ? "·Bᵀ" : "·B");
}

std::vector<Case> cases() {
  std::vector<Case> list;
  for (const GemmVariant& v : variants_under_test()) {
    for (int t = 0; t < 4; ++t) list.push_back({v, (t & 1) != 0, (t & 2) != 0});
  }
  return list;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name;
  for (const char* p = info.param.variant.name; *p; ++p) name += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
  return name + (info.param.transpose_a ? "_AT" : "_A") + (info.param.transpose_b ? "_BT" : "_B");
}

class GemmVariantTest : public ::testing::TestWithParam<Case> {};

TEST_P(GemmVariantTest, MatchesReferenceOnRandomInputs) {
  const Case& c = GetParam();
  std::uint64_t seed = 1;
  int failures = 0;
  for (const Shape& s : shapes()) {
    for (bool accumulate : {false, true}) {
      const ::testing::AssertionResult r =
          MatchesReference(c.variant, c.transpose_a, c.transpose_b, accumulate, s.m, s.n, s.k, seed++);
      EXPECT_TRUE(r);
      if (!r && ++failures == 3) {
        FAIL() << "(stopping this variant and transpose combination after 3 failing shapes)";
      }
    }
  }
}

TEST_P(GemmVariantTest, EmptyInnerDimensionGivesZeroOrLeavesC) {
  const Case& c = GetParam();
  for (const Shape& s : std::vector<Shape>{{1, 1, 0}, {5, 9, 0}, {13, 33, 0}}) {
    const std::vector<float> unused = {std::numeric_limits<float>::quiet_NaN()};
    std::vector<float> out(static_cast<std::size_t>(s.m) * s.n, std::numeric_limits<float>::quiet_NaN());
    c.variant.fn(c.transpose_a, c.transpose_b, s.m, s.n, 0, unused.data(), unused.data(), out.data(), false);
    for (std::size_t i = 0; i < out.size(); ++i) {
      ASSERT_EQ(out[i], 0.0f) << describe(c.variant.name, c.transpose_a, c.transpose_b, false, s.m, s.n, 0)
                              << ": index " << i;
    }
    std::vector<float> kept(out.size());
    for (std::size_t i = 0; i < kept.size(); ++i) kept[i] = static_cast<float>(i) - 7.5f;
    const std::vector<float> before = kept;
    c.variant.fn(c.transpose_a, c.transpose_b, s.m, s.n, 0, unused.data(), unused.data(), kept.data(), true);
    for (std::size_t i = 0; i < kept.size(); ++i) {
      ASSERT_EQ(kept[i], before[i]) << describe(c.variant.name, c.transpose_a, c.transpose_b, true, s.m, s.n, 0)
                                    << ": index " << i;
    }
  }
}

TEST_P(GemmVariantTest, EmptyOutputWritesNothing) {
  const Case& c = GetParam();
  const std::vector<float> in(64, 1.0f);
  for (const Shape& s : std::vector<Shape>{{0, 5, 3}, {5, 0, 3}, {0, 0, 0}}) {
    std::vector<float> guard(4, 42.0f);
    for (bool accumulate : {false, true}) {
      c.variant.fn(c.transpose_a, c.transpose_b, s.m, s.n, s.k, in.data(), in.data(), guard.data(), accumulate);
      for (float g : guard) {
        ASSERT_EQ(g, 42.0f) << describe(c.variant.name, c.transpose_a, c.transpose_b, accumulate, s.m, s.n, s.k);
      }
    }
  }
}

// An Inf in A and a NaN in B spoil exactly the outputs they spoil in the
// reference (the same products are summed), and nothing in padded lanes leaks.
TEST_P(GemmVariantTest, NonFiniteInputsPropagateLikeTheReference) {
  const Case& c = GetParam();
  const int m = 6, n = 11, k = 9;  // tails in both tile directions
  lmp_test::TestRandom random(77);
  std::vector<float> a = random_floats(random, m * k);
  std::vector<float> b = random_floats(random, k * n);
  // op(A)[2][4] = +Inf, op(B)[6][9] = NaN.
  a[c.transpose_a ? 4 * m + 2 : 2 * k + 4] = std::numeric_limits<float>::infinity();
  b[c.transpose_b ? 9 * k + 6 : 6 * n + 9] = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> expected(m * n), got(m * n);
  lmp::kernels::f32_gemm_reference(c.transpose_a, c.transpose_b, m, n, k, a.data(), b.data(), expected.data(), false);
  c.variant.fn(c.transpose_a, c.transpose_b, m, n, k, a.data(), b.data(), got.data(), false);
  for (int i = 0; i < m * n; ++i) {
    const std::string where = describe(c.variant.name, c.transpose_a, c.transpose_b, false, m, n, k) + ": index " +
                              std::to_string(i) + " is " + std::to_string(got[i]) + ", the reference gives " +
                              std::to_string(expected[i]);
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << where;
    } else if (std::isinf(expected[i])) {
      EXPECT_EQ(got[i], expected[i]) << where;
    } else {
      EXPECT_NEAR(got[i], expected[i], 1e-5) << where;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllVariants, GemmVariantTest, ::testing::ValuesIn(cases()), case_name);

// Calls of different sizes in a row reuse (and grow) the packing buffers.
TEST(GemmKernel, SizesGrowingAndShrinkingBetweenCalls) {
  std::uint64_t seed = 1000;
  for (const GemmVariant& v : variants_under_test()) {
    for (const Shape& s : std::vector<Shape>{{3, 5, 7}, {200, 300, 260}, {2, 2, 2}, {129, 1100, 9}, {5, 3, 1}}) {
      EXPECT_TRUE(MatchesReference(v, false, false, true, s.m, s.n, s.k, seed++));
    }
  }
}

// The SIMD kernels sum every element of C in the same order (gemm_sse.cpp,
// gemm_wasmsimd.cpp), so they give the same bits natively and in wasm: a hash
// of their outputs over shapes that take every path (GEMV, tails, several k
// blocks, accumulate) is one constant in both builds.
std::uint64_t output_hash(lmp::kernels::GemmFn fn) {
  const std::vector<Shape> golden = {{1, 37, 300}, {300, 1, 37}, {1, 1, 300}, {7, 9, 5},
                                     {33, 65, 17}, {13, 17, 513}, {129, 100, 3}, {65, 31, 260}};
  std::uint64_t hash = 0xCBF29CE484222325ull;
  lmp_test::TestRandom random(2024);
  for (const Shape& s : golden) {
    for (int flags = 0; flags < 8; ++flags) {
      const bool ta = flags & 1, tb = flags & 2, accumulate = flags & 4;
      const std::vector<float> a = random_floats(random, static_cast<std::size_t>(s.m) * s.k);
      const std::vector<float> b = random_floats(random, static_cast<std::size_t>(s.k) * s.n);
      std::vector<float> c = random_floats(random, static_cast<std::size_t>(s.m) * s.n);
      fn(ta, tb, s.m, s.n, s.k, a.data(), b.data(), c.data(), accumulate);
      for (float x : c) {
        std::uint32_t bits;
        std::memcpy(&bits, &x, sizeof bits);
        for (int byte = 0; byte < 4; ++byte) hash = (hash ^ ((bits >> (8 * byte)) & 0xFF)) * 0x100000001B3ull;
      }
    }
  }
  return hash;
}

constexpr std::uint64_t kSimdOutputHash = 0x79e390560ad90972ull;

TEST(GemmKernel, SimdKernelsGiveTheSameBitsInEveryBuild) {
  bool any = false;
  for (const GemmVariant& v : lmp::kernels::gemm_variants()) {
    const std::string name = v.name;
    if (name != "4x8__wasmsimd" && name != "6x8__sse") continue;
    any = true;
    const std::uint64_t hash = output_hash(v.fn);
    EXPECT_EQ(hash, kSimdOutputHash) << std::hex << name << " gives hash 0x" << hash << ", not 0x" << kSimdOutputHash
                                     << ": its sums are not in the order of the other build's SIMD kernel any more";
  }
  if (!any) GTEST_SKIP() << "no SIMD gemm kernel in this build";
}

TEST(GemmKernel, BuildHasItsVariants) {
  std::vector<std::string> names;
  for (const GemmVariant& v : lmp::kernels::gemm_variants()) names.push_back(v.name);
  EXPECT_NE(std::find(names.begin(), names.end(), "eigen"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), lmp::kernels::f32_gemm_choice()), names.end())
      << "f32_gemm runs " << lmp::kernels::f32_gemm_choice() << ", which is not in gemm_variants()";
  for (const GemmVariant& v : lmp::kernels::gemm_variants()) {
    EXPECT_EQ(v.fn == &lmp::kernels::f32_gemm, v.name == std::string(lmp::kernels::f32_gemm_choice()))
        << v.name << ": f32_gemm_choice() (dispatch.h) does not name the function f32_gemm runs";
  }
#if defined(__wasm_simd128__)
  EXPECT_NE(std::find(names.begin(), names.end(), "4x8__wasmsimd"), names.end());
#endif
}

}  // namespace
