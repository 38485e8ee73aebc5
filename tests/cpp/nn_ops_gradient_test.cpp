// Every differentiable op against central finite differences, as a table:
// one row per op and shape, sizes chosen to include ones that are not
// multiples of 4 (where SIMD kernels have tails). Failures print the op,
// the worst element and both values.
#include <gtest/gtest.h>

#include "gradcheck.h"
#include "nn/ops.h"

namespace {

using lmp::nn::Shape;
using lmp::nn::Tape;
using lmp::nn::Var;
using Inputs = std::vector<Var>;

struct OpCase {
  const char* name;
  std::vector<lmp_test::GradInput> inputs;
  lmp_test::OpBuilder build;
  double tolerance = 2e-2;  // relative to max(1, |numeric|); float forward, step 1e-2
};

std::vector<OpCase> op_cases() {
  return {
      {"matmul (5,7)x(7,3)", {{{5, 7}}, {{7, 3}}}, [](Tape& t, const Inputs& v) { return lmp::nn::matmul(t, v[0], v[1]); }},
      {"matmul (2,3,5)x(5,6)", {{{2, 3, 5}}, {{5, 6}}}, [](Tape& t, const Inputs& v) { return lmp::nn::matmul(t, v[0], v[1]); }},
      {"batched_matmul (2,3,5)x(2,5,4)", {{{2, 3, 5}}, {{2, 5, 4}}},
       [](Tape& t, const Inputs& v) { return lmp::nn::batched_matmul(t, v[0], v[1]); }},
      {"batched_matmul b transposed (3,4,5)x(3,6,5)", {{{3, 4, 5}}, {{3, 6, 5}}},
       [](Tape& t, const Inputs& v) { return lmp::nn::batched_matmul(t, v[0], v[1], true); }},
      {"tanh (3,7)", {{{3, 7}}}, [](Tape& t, const Inputs& v) { return lmp::nn::tanh(t, v[0]); }},
  };
}

void PrintTo(const OpCase& c, std::ostream* os) { *os << c.name; }

class OpGradient : public ::testing::TestWithParam<OpCase> {};

TEST_P(OpGradient, MatchesFiniteDifferences) {
  const OpCase& c = GetParam();
  const lmp_test::GradCheckResult r = lmp_test::check_gradients(c.inputs, c.build);
  EXPECT_LT(r.max_rel_error, c.tolerance) << c.name << ": worst at " << r.worst;
}

std::string case_name(const ::testing::TestParamInfo<OpCase>& info) {
  std::string name;
  for (const char* p = info.param.name; *p; ++p) name += std::isalnum(static_cast<unsigned char>(*p)) ? *p : '_';
  return name + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(AllOps, OpGradient, ::testing::ValuesIn(op_cases()), case_name);

}  // namespace
