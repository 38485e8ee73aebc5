// A small seeded generator (xorshift64*) so that the same seed gives the same
// samples in every build, native or wasm: no std:: distribution is involved,
// since their algorithms differ between standard libraries.
#pragma once
#include <cstdint>

namespace lmp {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    // splitmix64 turns any seed, 0 included, into a well-mixed non-zero state.
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    state_ = (z ^ (z >> 31)) | 1;
  }

  std::uint64_t next_u64() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1Dull;
  }

  // Uniform in [0, 1) with 53 random bits.
  double next_unit() { return static_cast<double>(next_u64() >> 11) * (1.0 / 9007199254740992.0); }

 private:
  std::uint64_t state_;
};

}  // namespace lmp
