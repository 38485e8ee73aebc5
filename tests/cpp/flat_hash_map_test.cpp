// FlatHashMap against std::map on the key patterns the n-gram model uses
// ((node << 32) | token), through several rehashes.
#include "base/flat_hash_map.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>

#include "test_helpers.h"

namespace {

TEST(FlatHashMap, AgreesWithStdMap) {
  lmp::FlatHashMap map;
  std::map<std::uint64_t, std::uint32_t> reference;
  lmp_test::TestRandom random(7);
  for (std::uint32_t i = 0; i < 20000; ++i) {
    // Dense small nodes and tokens, like the model's keys, plus a few wide ones.
    const std::uint64_t node = random.below(i % 5 == 0 ? 1000000 : 600);
    const std::uint64_t key = (node << 32) | static_cast<std::uint32_t>(random.below(40));
    const auto [it, inserted] = reference.emplace(key, i);
    const std::uint32_t got = map.find_or_insert(key, i);
    ASSERT_EQ(got, it->second) << "key " << key << (inserted ? " (new)" : " (present)");
  }
  EXPECT_EQ(map.size(), reference.size());
  for (const auto& [key, value] : reference) ASSERT_EQ(map.find(key), value) << "key " << key;
  // Keys never inserted.
  for (std::uint64_t node = 0; node < 50; ++node) {
    const std::uint64_t key = (node << 32) | 1000u;
    EXPECT_EQ(map.find(key), lmp::FlatHashMap::kMissing);
  }
  EXPECT_GE(map.memory_bytes(), 2 * map.size() * (sizeof(std::uint64_t) + sizeof(std::uint32_t)));
}

TEST(FlatHashMap, KeyZeroIsAnOrdinaryKey) {
  lmp::FlatHashMap map;
  EXPECT_EQ(map.find(0), lmp::FlatHashMap::kMissing);
  EXPECT_EQ(map.find_or_insert(0, 5), 5u);
  EXPECT_EQ(map.find_or_insert(0, 9), 5u);
  EXPECT_EQ(map.find(0), 5u);
  EXPECT_EQ(map.size(), 1u);
}

}  // namespace
