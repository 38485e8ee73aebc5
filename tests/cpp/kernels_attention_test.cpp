// Every attention variant (gemm, the wasm-SIMD kernel in wasm, and
// attention_forward/backward, the build's choice) against the scalar
// reference: causal and not, head sizes and lengths that are not multiples of
// 4 (SIMD tails) or of the kernel's tiles and key blocks, one position, long
// rows (T = 300), large scores (stability), and gradients added to what is there.
//
// Then the KV-cache row (attention_row.h): its reference against the last row
// of causal attention, and its variants against its reference over a table of
// key counts 1..300, head sizes 1..64 and strides from d to 4d, the floats
// between rows NaN so a read past a row's d floats shows. Natively the row's
// choice is its reference, so that comparison skips there and runs in wasm.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "kernel_compare.h"
#include "kernels/dispatch.h"
#include "test_helpers.h"

namespace {

using lmp::kernels::AttentionRowShape;
using lmp::kernels::AttentionShape;

using lmp_test::ElementsNear;
using lmp_test::max_difference;
using lmp_test::random_floats;

struct Case {
  int time, head;
  bool causal;
  double spread;  // of q and k: 4 makes scores of tens, where a naive softmax overflows
};

using Forward = void (*)(const AttentionShape&, const float*, const float*, const float*, float*, float*);
using Backward = void (*)(const AttentionShape&, const float*, const float*, const float*, const float*, const float*,
                          const float*, float*, float*, float*);
struct Variant {
  const char* name;
  Forward forward;
  Backward backward;
};
const Variant kVariants[] = {
    {"gemm", lmp::kernels::attention_forward_gemm, lmp::kernels::attention_backward_gemm},
#if defined(__wasm_simd128__)
    {"4x8__wasmsimd", lmp::kernels::attention_forward_4x8__wasmsimd, lmp::kernels::attention_backward_4x8__wasmsimd},
#endif
    {"chosen", lmp::kernels::attention_forward, lmp::kernels::attention_backward},
};

void check_variant(const Case& c, const Variant& variant);

class AttentionKernel : public ::testing::TestWithParam<Case> {};

TEST_P(AttentionKernel, EveryVariantMatchesTheReference) {
  for (const Variant& variant : kVariants) {
    SCOPED_TRACE(variant.name);
    check_variant(GetParam(), variant);
  }
}

void check_variant(const Case& c, const Variant& variant) {
  const AttentionShape s{c.time, c.head, 1.0f / std::sqrt(static_cast<float>(c.head)), c.causal};
  const std::string name = variant.name;
  const std::size_t n = static_cast<std::size_t>(c.time) * c.head;
  const auto q = random_floats(n, c.spread, 1), k = random_floats(n, c.spread, 2), v = random_floats(n, 1, 3);
  const auto dout = random_floats(n, 1, 4);
  std::vector<float> out_ref(n), out(n), lse_ref(c.time), lse(c.time);
  lmp::kernels::attention_forward_reference(s, q.data(), k.data(), v.data(), out_ref.data(), lse_ref.data());
  variant.forward(s, q.data(), k.data(), v.data(), out.data(), lse.data());
  EXPECT_TRUE(ElementsNear(name + " forward out", out, out_ref, 1e-5, c.head));
  EXPECT_TRUE(ElementsNear(name + " forward lse", lse, lse_ref, 1e-5));
  // Gradients are added: start both from the same non-zero values.
  const auto start = random_floats(n, 1, 5);
  std::vector<float> dq_ref = start, dk_ref = start, dv_ref = start, dq = start, dk = start, dv = start;
  lmp::kernels::attention_backward_reference(s, q.data(), k.data(), v.data(), out_ref.data(), lse_ref.data(),
                                             dout.data(), dq_ref.data(), dk_ref.data(), dv_ref.data());
  variant.backward(s, q.data(), k.data(), v.data(), out.data(), lse.data(), dout.data(), dq.data(), dk.data(),
                   dv.data());
  EXPECT_TRUE(ElementsNear(name + " backward dq", dq, dq_ref, 2e-5, c.head));
  EXPECT_TRUE(ElementsNear(name + " backward dk", dk, dk_ref, 2e-5, c.head));
  EXPECT_TRUE(ElementsNear(name + " backward dv", dv, dv_ref, 2e-5, c.head));
  EXPECT_GT(max_difference(dv, start), 1e-3) << "the backward changed nothing";  // (dq is 0 for T = 1)
}

TEST(AttentionKernel, TheChoiceNamesTheFunctionsRun) {
  int named = 0;
  for (const Variant& variant : kVariants) {
    if (variant.name != std::string(lmp::kernels::attention_choice())) continue;
    ++named;
    EXPECT_EQ(variant.forward, &lmp::kernels::attention_forward) << variant.name;
    EXPECT_EQ(variant.backward, &lmp::kernels::attention_backward) << variant.name;
  }
  EXPECT_EQ(named, 1) << "attention_choice() is " << lmp::kernels::attention_choice();
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  const Case& c = info.param;
  return "T" + std::to_string(c.time) + "_d" + std::to_string(c.head) + (c.causal ? "_causal" : "_full") +
         (c.spread > 1 ? "_large" : "");
}

INSTANTIATE_TEST_SUITE_P(Shapes, AttentionKernel,
                         ::testing::Values(Case{1, 4, true, 1}, Case{5, 3, true, 1}, Case{7, 16, false, 1},
                                           Case{64, 16, true, 1}, Case{33, 32, true, 1}, Case{128, 64, true, 1},
                                           Case{300, 16, true, 1}, Case{64, 16, true, 4}, Case{19, 13, false, 4},
                                           Case{130, 20, false, 1}, Case{67, 6, true, 4}, Case{200, 64, false, 1}),
                         case_name);

// ---- The KV-cache row ---------------------------------------------------

using RowFn = void (*)(const AttentionRowShape&, const float*, const float*, const float*, float*, float*);

struct RowVariant {
  const char* name;
  RowFn fn;
};

void PrintTo(const RowVariant& v, std::ostream* os) { *os << v.name; }

std::vector<RowVariant> row_variants() {
  return {
#if defined(__wasm_simd128__)
      {"wasmsimd", lmp::kernels::attention_row__wasmsimd},
#endif
      {"chosen", lmp::kernels::attention_row},
  };
}

// n rows of `stride` floats, the first d of each uniform in [-spread, spread],
// the rest NaN: a kernel that reads past d spoils its output.
std::vector<float> strided_rows(int n, int d, int stride, double spread, std::uint64_t seed) {
  const std::vector<float> values = random_floats(static_cast<std::size_t>(n) * d, spread, seed);
  std::vector<float> rows(static_cast<std::size_t>(n) * stride, std::numeric_limits<float>::quiet_NaN());
  for (int j = 0; j < n; ++j) {
    std::copy(values.begin() + static_cast<std::ptrdiff_t>(j) * d, values.begin() + static_cast<std::ptrdiff_t>(j + 1) * d,
              rows.begin() + static_cast<std::ptrdiff_t>(j) * stride);
  }
  return rows;
}

// The output (d) and the weights (n) of `fn` for one query against n strided keys and values.
struct RowResult {
  std::vector<float> out, weights;
};
RowResult run_row(RowFn fn, const AttentionRowShape& s, const std::vector<float>& q, const std::vector<float>& k,
                  const std::vector<float>& v) {
  // Both must be written before they are read: start them as NaN.
  RowResult r{std::vector<float>(s.head, std::numeric_limits<float>::quiet_NaN()),
              std::vector<float>(s.keys, std::numeric_limits<float>::quiet_NaN())};
  fn(s, q.data(), k.data(), v.data(), r.weights.data(), r.out.data());
  return r;
}

class AttentionRowKernel : public ::testing::TestWithParam<RowVariant> {};

TEST_P(AttentionRowKernel, MatchesTheReference) {
  const RowVariant& variant = GetParam();
  if (variant.fn == &lmp::kernels::attention_row_reference) {
    GTEST_SKIP() << variant.name << " is attention_row_reference in this build (kernels/dispatch.h): nothing to "
                 << "compare; attention_row__wasmsimd is tested in the wasm build";
  }
  int failures = 0;
  std::uint64_t seed = 100;
  for (int n : {1, 2, 3, 4, 5, 7, 8, 13, 16, 63, 64, 65, 100, 255, 256, 300}) {
    for (int d : {1, 2, 3, 4, 5, 7, 8, 12, 15, 16, 17, 31, 32, 33, 64}) {
      for (int stride : {d, d + 3, 4 * d}) {
        const double spread = (n + d) % 2 ? 4.0 : 1.0;  // 4: scores of tens, where a naive softmax overflows
        const AttentionRowShape s{n, d, stride, 1.0f / std::sqrt(static_cast<float>(d))};
        const std::vector<float> q = random_floats(d, spread, seed++);
        const std::vector<float> k = strided_rows(n, d, stride, spread, seed++);
        const std::vector<float> v = strided_rows(n, d, stride, 1.0, seed++);
        const RowResult want = run_row(lmp::kernels::attention_row_reference, s, q, k, v);
        const RowResult got = run_row(variant.fn, s, q, k, v);
        const std::string where = std::string(variant.name) + " n=" + std::to_string(n) + " d=" + std::to_string(d) +
                                  " stride=" + std::to_string(stride) + " spread=" + std::to_string(spread);
        const ::testing::AssertionResult out = ElementsNear(where + " out", got.out, want.out, 1e-5);
        const ::testing::AssertionResult weights = ElementsNear(where + " weights", got.weights, want.weights, 1e-5);
        EXPECT_TRUE(out);
        EXPECT_TRUE(weights);
        if ((!out || !weights) && ++failures == 3) FAIL() << "(stopping after 3 failing sizes)";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, AttentionRowKernel, ::testing::ValuesIn(row_variants()),
                         [](const ::testing::TestParamInfo<RowVariant>& info) { return std::string(info.param.name); });

// What the row computes is one query's row of causal attention: the last row,
// whose query sees every key. Checked on the reference, so it runs in every build.
TEST(AttentionRow, ReferenceIsTheLastRowOfCausalAttention) {
  for (const auto& [T, d] : std::vector<std::pair<int, int>>{{1, 4}, {5, 3}, {17, 16}, {64, 16}, {130, 33}, {300, 64}}) {
    const std::size_t size = static_cast<std::size_t>(T) * d;
    const auto q = random_floats(size, 2, 7), k = random_floats(size, 2, 8), v = random_floats(size, 1, 9);
    const AttentionShape causal{T, d, 1.0f / std::sqrt(static_cast<float>(d)), true};
    std::vector<float> out(size), lse(T);
    lmp::kernels::attention_forward_reference(causal, q.data(), k.data(), v.data(), out.data(), lse.data());
    const std::vector<float> last(out.end() - d, out.end());
    for (int stride : {d, 3 * d + 1}) {
      std::vector<float> k_rows(static_cast<std::size_t>(T) * stride), v_rows(k_rows.size());
      for (int j = 0; j < T; ++j) {
        std::copy(k.begin() + j * d, k.begin() + (j + 1) * d, k_rows.begin() + j * stride);
        std::copy(v.begin() + j * d, v.begin() + (j + 1) * d, v_rows.begin() + j * stride);
      }
      const std::vector<float> query(q.end() - d, q.end());
      const RowResult row =
          run_row(lmp::kernels::attention_row_reference, AttentionRowShape{T, d, stride, causal.scale}, query, k_rows, v_rows);
      EXPECT_TRUE(ElementsNear("T=" + std::to_string(T) + " d=" + std::to_string(d) + " stride=" +
                                   std::to_string(stride) + " out",
                               row.out, last, 1e-5));
    }
  }
}

TEST(AttentionRow, TheChoiceNamesTheFunctionRun) {
  const bool reference = std::string(lmp::kernels::attention_row_choice()) == "reference";
  EXPECT_EQ(&lmp::kernels::attention_row == &lmp::kernels::attention_row_reference, reference)
      << lmp::kernels::attention_row_choice();
#if defined(__wasm_simd128__)
  EXPECT_EQ(&lmp::kernels::attention_row, &lmp::kernels::attention_row__wasmsimd);
#endif
}

}  // namespace
