// Open-addressing hash map from 64-bit keys to 32-bit values, linear probing,
// power-of-two capacity, at most half full. The n-gram model keeps millions of
// (context, token) keys; std::unordered_map would allocate a node for each.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lmp {

class FlatHashMap {
 public:
  static constexpr std::uint32_t kMissing = 0xFFFFFFFFu;

  FlatHashMap() { rehash(16); }

  std::uint32_t find(std::uint64_t key) const {
    for (std::size_t slot = home(key);; slot = (slot + 1) & mask_) {
      const Entry& e = slots_[slot];
      if (e.value == kMissing) return kMissing;
      if (e.key == key) return e.value;
    }
  }

  // Returns the value stored for key, storing `value_if_new` first if key is absent.
  std::uint32_t find_or_insert(std::uint64_t key, std::uint32_t value_if_new) {
    if (2 * (size_ + 1) > slots_.size()) rehash(2 * slots_.size());
    for (std::size_t slot = home(key);; slot = (slot + 1) & mask_) {
      Entry& e = slots_[slot];
      if (e.value == kMissing) {
        e = {key, value_if_new};
        ++size_;
        return value_if_new;
      }
      if (e.key == key) return e.value;
    }
  }

  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Entry); }
  // Memory the table would hold after inserting `more` keys (for limit checks before growing).
  std::size_t memory_bytes_after(std::size_t more) const {
    std::size_t capacity = slots_.size();
    while (2 * (size_ + more) > capacity) capacity *= 2;
    return capacity * sizeof(Entry);
  }

 private:
  struct Entry {
    std::uint64_t key;
    std::uint32_t value;
  };

  std::size_t home(std::uint64_t key) const {
    // Fibonacci hashing: the multiply spreads the (context, token) bits over the high bits.
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_) & mask_;
  }

  void rehash(std::size_t capacity) {
    std::vector<Entry> old = std::move(slots_);
    slots_.assign(capacity, Entry{0, kMissing});
    mask_ = capacity - 1;
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
    size_ = 0;
    for (const Entry& e : old) {
      if (e.value != kMissing) find_or_insert(e.key, e.value);
    }
  }

  std::vector<Entry> slots_;
  std::size_t mask_ = 0;
  int shift_ = 64;
  std::size_t size_ = 0;
};

}  // namespace lmp
