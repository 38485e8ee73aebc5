// Every differentiable op against central finite differences, as a table:
// one row per op and shape, sizes chosen to include ones that are not
// multiples of 4 (where SIMD kernels have tails). Failures print the op,
// the worst element and both values.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

#include "gradcheck.h"
#include "nn/ops.h"

namespace {

using lmp::nn::Shape;
using lmp::nn::Tape;
using lmp::nn::Var;
using Inputs = std::vector<Var>;

struct OpCase {
  std::string name;
  std::vector<lmp_test::GradInput> inputs;
  lmp_test::OpBuilder build;
  double tolerance = 2e-2;  // relative to max(1, |numeric|); float forward, step 1e-2
  std::uint64_t seed = 1;   // input values, projection and the tape's generator (dropout's mask)
};

namespace nn = lmp::nn;

// A table for ops with one input of several shapes.
template <typename F>
void unary_rows(std::vector<OpCase>& cases, const char* name, F op, std::initializer_list<Shape> shapes,
                std::uint64_t seed = 1) {
  for (const Shape& s : shapes) {
    cases.push_back({std::string(name) + " " + s.str(), {{s}}, [op](Tape& t, const Inputs& v) { return op(t, v[0]); },
                     2e-2, seed});
  }
}

std::vector<OpCase> op_cases() {
  std::vector<OpCase> cases = {
      {"matmul (5,7)x(7,3)", {{{5, 7}}, {{7, 3}}}, [](Tape& t, const Inputs& v) { return lmp::nn::matmul(t, v[0], v[1]); }},
      {"matmul (2,3,5)x(5,6)", {{{2, 3, 5}}, {{5, 6}}}, [](Tape& t, const Inputs& v) { return lmp::nn::matmul(t, v[0], v[1]); }},
      {"batched_matmul (2,3,5)x(2,5,4)", {{{2, 3, 5}}, {{2, 5, 4}}},
       [](Tape& t, const Inputs& v) { return lmp::nn::batched_matmul(t, v[0], v[1]); }},
      {"batched_matmul b transposed (3,4,5)x(3,6,5)", {{{3, 4, 5}}, {{3, 6, 5}}},
       [](Tape& t, const Inputs& v) { return lmp::nn::batched_matmul(t, v[0], v[1], true); }},
      {"tanh (3,7)", {{{3, 7}}}, [](Tape& t, const Inputs& v) { return lmp::nn::tanh(t, v[0]); }},

      // ---- elementwise: equal shapes, a bias over rows, a (T, C) block over a batch
      {"add (3,7)+(3,7)", {{{3, 7}}, {{3, 7}}}, [](Tape& t, const Inputs& v) { return nn::add(t, v[0], v[1]); }},
      {"add (5,9)+(9)", {{{5, 9}}, {{9}}}, [](Tape& t, const Inputs& v) { return nn::add(t, v[0], v[1]); }},
      {"add (2,3,5)+(3,5)", {{{2, 3, 5}}, {{3, 5}}}, [](Tape& t, const Inputs& v) { return nn::add(t, v[0], v[1]); }},
      {"add (2,3,5)+(5)", {{{2, 3, 5}}, {{5}}}, [](Tape& t, const Inputs& v) { return nn::add(t, v[0], v[1]); }},
      {"sub (3,7)-(3,7)", {{{3, 7}}, {{3, 7}}}, [](Tape& t, const Inputs& v) { return nn::sub(t, v[0], v[1]); }},
      {"sub (5,9)-(9)", {{{5, 9}}, {{9}}}, [](Tape& t, const Inputs& v) { return nn::sub(t, v[0], v[1]); }},
      {"sub (2,3,5)-(3,5)", {{{2, 3, 5}}, {{3, 5}}}, [](Tape& t, const Inputs& v) { return nn::sub(t, v[0], v[1]); }},
      {"mul (3,7)*(3,7)", {{{3, 7}}, {{3, 7}}}, [](Tape& t, const Inputs& v) { return nn::mul(t, v[0], v[1]); }},
      {"mul (5,9)*(9)", {{{5, 9}}, {{9}}}, [](Tape& t, const Inputs& v) { return nn::mul(t, v[0], v[1]); }},
      {"mul (2,3,5)*(3,5)", {{{2, 3, 5}}, {{3, 5}}}, [](Tape& t, const Inputs& v) { return nn::mul(t, v[0], v[1]); }},
      {"mul (2,3,5)*(5)", {{{2, 3, 5}}, {{5}}}, [](Tape& t, const Inputs& v) { return nn::mul(t, v[0], v[1]); }},
      {"mul x*x (4,5): one input twice", {{{4, 5}}}, [](Tape& t, const Inputs& v) { return nn::mul(t, v[0], v[0]); }},

      // ---- softmax family
      {"cross_entropy (6,7)", {{{6, 7}}},
       [](Tape& t, const Inputs& v) { return nn::cross_entropy(t, v[0], {3, 0, 6, 6, 1, 2}); }},
      {"cross_entropy (5,13) with ignored rows", {{{5, 13}}},
       [](Tape& t, const Inputs& v) { return nn::cross_entropy(t, v[0], {12, -1, 0, -1, 7}); }},
      {"cross_entropy (1,3)", {{{1, 3}}}, [](Tape& t, const Inputs& v) { return nn::cross_entropy(t, v[0], {1}); }},
      {"cross_entropy (4,5) all ignored", {{{4, 5}}},
       [](Tape& t, const Inputs& v) { return nn::cross_entropy(t, v[0], {-1, -1, -1, -1}); }},
      {"cross_entropy scaled loss (3,6)", {{{3, 6}}},
       [](Tape& t, const Inputs& v) { return nn::scale(t, nn::cross_entropy(t, v[0], {5, -1, 2}), 3.0f); }},

      // ---- layer_norm: x, gain and bias all checked
      {"layer_norm (4,7)", {{{4, 7}}, {{7}}, {{7}}},
       [](Tape& t, const Inputs& v) { return nn::layer_norm(t, v[0], v[1], v[2]); }},
      {"layer_norm (2,3,5)", {{{2, 3, 5}}, {{5}}, {{5}}},
       [](Tape& t, const Inputs& v) { return nn::layer_norm(t, v[0], v[1], v[2]); }},
      {"layer_norm (3,12)", {{{3, 12}}, {{12}}, {{12}}},
       [](Tape& t, const Inputs& v) { return nn::layer_norm(t, v[0], v[1], v[2]); }},

      // ---- dropout: the tape is rebuilt with the same seed at each evaluation, so the mask is fixed
      {"dropout p=0.3 (5,9)", {{{5, 9}}}, [](Tape& t, const Inputs& v) { return nn::dropout(t, v[0], 0.3f); }},
      {"dropout p=0.3 (2,3,7)", {{{2, 3, 7}}}, [](Tape& t, const Inputs& v) { return nn::dropout(t, v[0], 0.3f); }},
      {"dropout p=0.3 then tanh (4,5)", {{{4, 5}}},
       [](Tape& t, const Inputs& v) { return nn::tanh(t, nn::dropout(t, v[0], 0.3f)); }},

      // ---- shape ops
      {"embedding (7,5) ids (2,4) repeated", {{{7, 5}}},
       [](Tape& t, const Inputs& v) { return nn::embedding(t, v[0], {3, 1, 3, 6, 0, 3, 1, 1}, {2, 4}); }},
      {"embedding (4,3) ids (5) repeated", {{{4, 3}}},
       [](Tape& t, const Inputs& v) { return nn::embedding(t, v[0], {2, 2, 0, 2, 3}, {5}); }},
      {"embedding (9,6) ids (2,2,3)", {{{9, 6}}},
       [](Tape& t, const Inputs& v) { return nn::embedding(t, v[0], {8, 0, 4, 4, 1, 8, 2, 2, 2, 5, 7, 0}, {2, 2, 3}); }},
      {"concat 3 parts (3,2)(3,5)(3,1)", {{{3, 2}}, {{3, 5}}, {{3, 1}}},
       [](Tape& t, const Inputs& v) { return nn::concat(t, {v[0], v[1], v[2]}); }},
      {"concat 3 parts (2,3,4)(2,3,3)(2,3,6)", {{{2, 3, 4}}, {{2, 3, 3}}, {{2, 3, 6}}},
       [](Tape& t, const Inputs& v) { return nn::concat(t, {v[0], v[1], v[2]}); }},
      {"concat a part twice (3,5)(3,2)(3,5)", {{{3, 5}}, {{3, 2}}},
       [](Tape& t, const Inputs& v) { return nn::concat(t, {v[0], v[1], v[0]}); }},
      {"slice (4,9)[2,7)", {{{4, 9}}}, [](Tape& t, const Inputs& v) { return nn::slice(t, v[0], 2, 7); }},
      {"slice (2,3,7)[0,3)", {{{2, 3, 7}}}, [](Tape& t, const Inputs& v) { return nn::slice(t, v[0], 0, 3); }},
      {"slice (3,6)[5,6)", {{{3, 6}}}, [](Tape& t, const Inputs& v) { return nn::slice(t, v[0], 5, 6); }},
      {"slices of one input, recombined (3,9)", {{{3, 9}}},
       [](Tape& t, const Inputs& v) {
         return nn::mul(t, nn::slice(t, v[0], 0, 3), nn::tanh(t, nn::slice(t, v[0], 5, 8)));
       }},
      {"reshape (3,4)->(2,6) then tanh", {{{3, 4}}},
       [](Tape& t, const Inputs& v) { return nn::tanh(t, nn::reshape(t, v[0], {2, 6})); }},
      {"reshape (2,3,5)->(6,5)->(30) view of a view", {{{2, 3, 5}}},
       [](Tape& t, const Inputs& v) { return nn::sigmoid(t, nn::reshape(t, nn::reshape(t, v[0], {6, 5}), {30})); }},
      {"reshape (5,3)->(3,5) used twice", {{{5, 3}}},
       [](Tape& t, const Inputs& v) {
         const Var r = nn::reshape(t, v[0], {3, 5});
         return nn::reshape(t, nn::add(t, nn::mul(t, r, r), nn::tanh(t, r)), {15});
       }},
      {"transpose (3,5)", {{{3, 5}}}, [](Tape& t, const Inputs& v) { return nn::transpose(t, v[0]); }},
      {"transpose (2,3,7)", {{{2, 3, 7}}}, [](Tape& t, const Inputs& v) { return nn::transpose(t, v[0]); }},
      {"transpose (2,2,3,5) then matmul", {{{2, 2, 3, 5}}, {{3, 4}}},
       [](Tape& t, const Inputs& v) { return nn::matmul(t, nn::transpose(t, v[0]), v[1]); }},
      {"take_rows (6,4)[1,4)", {{{6, 4}}}, [](Tape& t, const Inputs& v) { return nn::take_rows(t, v[0], 1, 3); }},
      {"take_rows (4,2,3)[3,4) then tanh", {{{4, 2, 3}}},
       [](Tape& t, const Inputs& v) { return nn::tanh(t, nn::take_rows(t, v[0], 3, 1)); }},
      {"take_rows of one input, rows overlapping (5,3)", {{{5, 3}}},
       [](Tape& t, const Inputs& v) {
         return nn::mul(t, nn::take_rows(t, v[0], 0, 3), nn::take_rows(t, v[0], 2, 3));
       }},
      {"stack_rows (2,5)(3,5)(1,5)", {{{2, 5}}, {{3, 5}}, {{1, 5}}},
       [](Tape& t, const Inputs& v) { return nn::stack_rows(t, {v[0], v[1], v[2]}); }},
      {"stack_rows a part twice (2,4)(1,4)", {{{2, 4}}, {{1, 4}}},
       [](Tape& t, const Inputs& v) { return nn::sigmoid(t, nn::stack_rows(t, {v[0], v[1], v[0]})); }},
      {"take_rows of stack_rows: time steps out and back (6,3)", {{{6, 3}}},
       [](Tape& t, const Inputs& v) {
         return nn::stack_rows(t, {nn::tanh(t, nn::take_rows(t, v[0], 4, 2)), nn::take_rows(t, v[0], 0, 2)});
       }},

      // ---- reductions
      {"sum (3,7)", {{{3, 7}}}, [](Tape& t, const Inputs& v) { return nn::sum(t, v[0]); }},
      {"sum (2,3,5) of squares", {{{2, 3, 5}}}, [](Tape& t, const Inputs& v) { return nn::sum(t, nn::mul(t, v[0], v[0])); }},
      {"mean (5,9)", {{{5, 9}}}, [](Tape& t, const Inputs& v) { return nn::mean(t, v[0]); }},
      {"mean (13) of tanh", {{{13}}}, [](Tape& t, const Inputs& v) { return nn::mean(t, nn::tanh(t, v[0])); }},

      // ---- fused recurrent cells: H = 3 and 5 (not multiples of 4), both outputs checked
      {"lstm_cell B=2 H=3 (h and c)", {{{2, 12}}, {{2, 12}}, {{2, 3}}},
       [](Tape& t, const Inputs& v) {
         const nn::LstmState s = nn::lstm_cell(t, v[0], v[1], v[2]);
         return nn::concat(t, {s.h, s.c});
       }},
      {"lstm_cell B=3 H=5, two steps", {{{3, 20}}, {{3, 20}}, {{3, 5}}},
       [](Tape& t, const Inputs& v) {
         const nn::LstmState s1 = nn::lstm_cell(t, v[0], v[1], v[2]);
         const nn::LstmState s2 = nn::lstm_cell(t, v[1], v[0], s1.c);
         return nn::concat(t, {s1.h, s2.h, s2.c});
       }},
      {"gru_cell B=2 H=3", {{{2, 9}}, {{2, 9}}, {{3}}, {{2, 3}}},
       [](Tape& t, const Inputs& v) { return nn::gru_cell(t, v[0], v[1], v[2], v[3]); }},
      {"gru_cell B=3 H=5, two steps", {{{3, 15}}, {{3, 15}}, {{5}}, {{3, 5}}},
       [](Tape& t, const Inputs& v) {
         const Var h1 = nn::gru_cell(t, v[0], v[1], v[2], v[3]);
         return nn::gru_cell(t, v[1], v[0], v[2], h1);
       }},

      // ---- attention's moves and mask (the mask under a softmax: a -inf output has no finite difference)
      {"swap_axes (2,3,4,5)", {{{2, 3, 4, 5}}},
       [](Tape& t, const Inputs& v) { return nn::swap_axes(t, v[0], 2, 3, 4, 5); }},
      {"swap_axes outer 1 (3,7,2)", {{{3, 7, 2}}},
       [](Tape& t, const Inputs& v) { return nn::swap_axes(t, v[0], 1, 3, 7, 2); }},
      {"attention causal (2,5,3)", {{{2, 5, 3}}, {{2, 5, 3}}, {{2, 5, 3}}},
       [](Tape& t, const Inputs& v) { return nn::attention(t, v[0], v[1], v[2], true); }},
      {"attention without mask (3,4,2)", {{{3, 4, 2}}, {{3, 4, 2}}, {{3, 4, 2}}},
       [](Tape& t, const Inputs& v) { return nn::attention(t, v[0], v[1], v[2], false); }},
      {"attention of one input three times (1,6,5)", {{{1, 6, 5}}},
       [](Tape& t, const Inputs& v) { return nn::attention(t, v[0], v[0], v[0], true); }},
      {"softmax of causal_mask (3,5,5)", {{{3, 5, 5}}},
       [](Tape& t, const Inputs& v) { return nn::softmax(t, nn::causal_mask(t, v[0])); }},

      // ---- a small model end to end: every gradient flows through several ops
      {"layer_norm -> matmul + bias -> gelu -> cross_entropy", {{{5, 6}}, {{6}}, {{6}}, {{6, 7}}, {{7}}},
       [](Tape& t, const Inputs& v) {
         const Var h = nn::layer_norm(t, v[0], v[1], v[2]);
         const Var logits = nn::gelu(t, nn::add(t, nn::matmul(t, h, v[3]), v[4]));
         return nn::cross_entropy(t, logits, {6, 0, -1, 3, 3});
       }},
  };
  unary_rows(cases, "sigmoid", [](Tape& t, Var x) { return nn::sigmoid(t, x); }, {{3, 7}, {2, 3, 5}, {13}});
  // relu has a kink at 0, where a central difference is meaningless: with seed 1
  // no input of these shapes lies within one step of it (if a new shape or
  // seed fails here, look at the worst element's value before at the op).
  unary_rows(cases, "relu", [](Tape& t, Var x) { return nn::relu(t, x); }, {{3, 7}, {2, 3, 5}, {13}}, 1);
  unary_rows(cases, "gelu", [](Tape& t, Var x) { return nn::gelu(t, x); }, {{3, 7}, {2, 3, 5}, {13}});
  // On (-1, 1) the cubic term is too small for the check to see a mistake in
  // its derivative; on (-3, 3) it is not.
  unary_rows(cases, "gelu of 3x", [](Tape& t, Var x) { return nn::gelu(t, nn::scale(t, x, 3.0f)); }, {{3, 7}, {2, 3, 5}});
  unary_rows(cases, "tanh", [](Tape& t, Var x) { return nn::tanh(t, x); }, {{2, 3, 5}, {13}});
  unary_rows(cases, "scale by -2.5", [](Tape& t, Var x) { return nn::scale(t, x, -2.5f); }, {{3, 7}, {2, 3, 5}});
  unary_rows(cases, "softmax", [](Tape& t, Var x) { return nn::softmax(t, x); }, {{3, 7}, {2, 3, 5}, {1, 13}, {4, 1}});
  unary_rows(cases, "log_softmax", [](Tape& t, Var x) { return nn::log_softmax(t, x); }, {{3, 7}, {2, 3, 5}, {1, 13}});
  return cases;
}

void PrintTo(const OpCase& c, std::ostream* os) { *os << c.name; }

class OpGradient : public ::testing::TestWithParam<OpCase> {};

TEST_P(OpGradient, MatchesFiniteDifferences) {
  const OpCase& c = GetParam();
  const lmp_test::GradCheckResult r = lmp_test::check_gradients(c.inputs, c.build, c.seed);
  EXPECT_LT(r.max_rel_error, c.tolerance) << c.name << ": worst at " << r.worst;
}

std::string case_name(const ::testing::TestParamInfo<OpCase>& info) {
  std::string name;
  for (char ch : info.param.name) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return name + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(AllOps, OpGradient, ::testing::ValuesIn(op_cases()), case_name);

}  // namespace
