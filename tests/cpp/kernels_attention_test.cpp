// Every attention variant (gemm, the wasm-SIMD kernel in wasm, and
// attention_forward/backward, the build's choice) against the scalar
// reference: causal and not, head sizes and lengths that are not multiples of
// 4 (SIMD tails) or of the kernel's tiles and key blocks, one position, long
// rows (T = 300), large scores (stability), and gradients added to what is there.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kernel_compare.h"
#include "kernels/dispatch.h"
#include "test_helpers.h"

namespace {

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

}  // namespace
