// Scratch for packed matrix panels, shared by the gemm variants: grow-only and
// 64-byte aligned, so a kernel reuses it call after call without allocating.
#pragma once
#include <cstddef>
#include <memory>
#include <new>

namespace lmp::kernels {

// The depth of a packed block. Every variant blocks k the same way, so each
// element of C is summed in the same order and the builds agree to the bit.
constexpr int kGemmDepthBlock = 256;

class PackBuffer {
 public:
  float* get(std::size_t floats) {
    if (floats > capacity_) {
      data_.reset(static_cast<float*>(::operator new[](floats * sizeof(float), std::align_val_t{64})));
      capacity_ = floats;
    }
    return data_.get();
  }

 private:
  struct Free {
    void operator()(float* p) const { ::operator delete[](p, std::align_val_t{64}); }
  };
  std::unique_ptr<float, Free> data_;
  std::size_t capacity_ = 0;
};

}  // namespace lmp::kernels
