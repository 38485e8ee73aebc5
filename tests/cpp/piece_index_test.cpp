// PieceIndex against std::map on random keys: ids in first-insertion order,
// lookups of present and absent keys, through many rehashes.
#include "tokenize/word/piece_index.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "test_helpers.h"

namespace {

using lmp::PieceIndex;

TEST(PieceIndex, MatchesAMapOfFirstInsertions) {
  lmp_test::TestRandom random(5);
  PieceIndex index;
  std::map<std::vector<char32_t>, std::uint32_t> expected;
  for (int n = 0; n < 20000; ++n) {
    std::vector<char32_t> key(random.below(4));  // the empty key too
    for (char32_t& c : key) c = random.below(3) == 0 ? 0x4E00 + random.below(50) : U'a' + random.below(6);
    const auto inserted = expected.emplace(key, static_cast<std::uint32_t>(expected.size())).first->second;
    ASSERT_EQ(index.insert(key.data(), key.size()), inserted);
  }
  ASSERT_EQ(index.size(), expected.size());
  for (const auto& [key, id] : expected) {
    EXPECT_EQ(index.find(key.data(), key.size()), id);
    ASSERT_EQ(index.length(id), key.size());
    EXPECT_EQ(std::vector<char32_t>(index.key(id), index.key(id) + index.length(id)), key);
  }
  const std::vector<char32_t> absent = {U'z', U'z'};
  EXPECT_EQ(index.find(absent.data(), absent.size()), PieceIndex::kMissing);
}

}  // namespace
