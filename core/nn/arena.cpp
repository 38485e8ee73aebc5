#include "nn/arena.h"

#include <algorithm>
#include <cstring>

namespace lmp::nn {

namespace {
constexpr std::int64_t kBlockFloats = 1 << 20;  // 4 MB: few blocks for small models, no waste to speak of
constexpr std::int64_t kAlignFloats = 4;
}  // namespace

float* Arena::allocate(std::int64_t count) {
  const std::int64_t padded = (count + kAlignFloats - 1) / kAlignFloats * kAlignFloats;
  while (current_ < blocks_.size() && used_ + padded > blocks_[current_].capacity) {
    ++current_;
    used_ = 0;
  }
  if (current_ == blocks_.size()) {
    const std::int64_t capacity = std::max(kBlockFloats, padded);
    // new[] of float is aligned to at least 16 bytes on every target we build for.
    blocks_.push_back({std::unique_ptr<float[]>(new float[capacity]), capacity});
    reserved_floats_ += capacity;
    used_ = 0;
  }
  float* p = blocks_[current_].data.get() + used_;
  used_ += padded;
  return p;
}

float* Arena::allocate_zeroed(std::int64_t count) {
  float* p = allocate(count);
  std::memset(p, 0, sizeof(float) * count);
  return p;
}

void Arena::reset() {
  current_ = 0;
  used_ = 0;
}

}  // namespace lmp::nn
