// The generation-cost meter: the context lengths it measures, one row per
// call in increasing n with positive timings, and options it refuses with the
// allowed range. Timings are not compared here (too noisy for a unit test);
// the JS API test checks the one gap large enough to be certain.
#include "app/generation_cost.h"

#include <gtest/gtest.h>

#include <vector>

#include "test_helpers.h"

namespace {

using lmp::GenerationCostMeter;
using lmp::GenerationCostOptions;
using lmp_test::ThrowsLmpError;

GenerationCostOptions options_of(int max_context, int tokens) {
  GenerationCostOptions options;
  options.max_context = max_context;
  options.tokens = tokens;
  return options;
}

TEST(GenerationCost, DoublesFromSixteenUpToTheLongestContext) {
  EXPECT_EQ(GenerationCostMeter::start(options_of(16, 1))->contexts(), std::vector<int>({16}));
  EXPECT_EQ(GenerationCostMeter::start(options_of(100, 1))->contexts(), std::vector<int>({16, 32, 64}));
  EXPECT_EQ(GenerationCostMeter::start(options_of(512, 1))->contexts(), std::vector<int>({16, 32, 64, 128, 256, 512}));
}

TEST(GenerationCost, OneRowPerContextThenFinished) {
  const auto meter = GenerationCostMeter::start(options_of(32, 2));
  std::vector<int> seen;
  while (!meter->finished()) {
    const lmp::GenerationCost row = meter->measure_next();
    seen.push_back(row.n);
    EXPECT_GT(row.kv_us, 0) << "n " << row.n;
    EXPECT_GT(row.recompute_us, 0) << "n " << row.n;
    EXPECT_GT(row.lstm_us, 0) << "n " << row.n;
  }
  EXPECT_EQ(seen, std::vector<int>({16, 32}));
  EXPECT_TRUE(ThrowsLmpError([&] { meter->measure_next(); }, lmp::ErrorKind::kInvalidInput, {"every context"}));
}

TEST(GenerationCost, RefusesOptionsOutOfRange) {
  struct Case {
    int max_context, tokens;
    const char* needle;
  };
  const Case cases[] = {
      {15, 32, "the longest context must be between 16 and 512 (got 15)"},
      {0, 32, "the longest context"},
      {513, 32, "the longest context"},
      {1 << 30, 32, "the longest context"},
      {256, 0, "the number of tokens timed must be between 1 and 64 (got 0)"},
      {256, -3, "the number of tokens timed"},
      {256, 65, "the number of tokens timed"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(ThrowsLmpError([&] { GenerationCostMeter::start(options_of(c.max_context, c.tokens)); },
                               lmp::ErrorKind::kInvalidInput, {c.needle}))
        << "max_context " << c.max_context << ", tokens " << c.tokens;
  }
}

}  // namespace
