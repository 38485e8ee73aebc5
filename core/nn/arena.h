// Memory for one training step: activations, gradients and values saved for
// backward all come from here and are released together by reset(). The
// blocks stay reserved, so from the second step on a step allocates nothing.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace lmp::nn {

class Arena {
 public:
  // count floats, 16-byte aligned (wasm SIMD and SSE load 4 floats at once); not zeroed.
  float* allocate(std::int64_t count);
  float* allocate_zeroed(std::int64_t count);
  void reset();
  std::size_t bytes_reserved() const { return reserved_floats_ * sizeof(float); }

 private:
  struct Block {
    std::unique_ptr<float[]> data;
    std::int64_t capacity = 0;
  };
  std::vector<Block> blocks_;
  std::size_t current_ = 0;   // block being filled
  std::int64_t used_ = 0;     // floats used in it
  std::int64_t reserved_floats_ = 0;
};

}  // namespace lmp::nn
