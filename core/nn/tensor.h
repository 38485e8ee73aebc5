// Tensors for the neural engine: float32, row-major, contiguous.
//
// A Tensor does not own memory: it points into a Tape's arena (activations,
// gradients) or into a ParameterBlock (weights). Reshaping and taking a run of
// leading rows are views (no copy). Anything that would need strides
// (a transpose) is materialized by its op once, because every kernel below
// wants contiguous rows and a strided view would only move the copy there.
//
// Shape legend used in comments across core/nn: B batch, T time, C channels,
// V vocabulary, H hidden, N rows of a matrix product, K its inner size.
#pragma once
#include <Eigen/Core>
#include <array>
#include <cassert>
#include <cstdint>
#include <initializer_list>
#include <string>

namespace lmp::nn {

constexpr int kMaxRank = 4;

struct Shape {
  std::array<int, kMaxRank> dims{};
  int rank = 0;

  Shape() = default;
  Shape(std::initializer_list<int> list) {
    assert(list.size() <= kMaxRank);
    for (int d : list) dims[rank++] = d;
  }
  int operator[](int i) const { return dims[i < 0 ? rank + i : i]; }
  std::int64_t size() const {
    std::int64_t n = 1;
    for (int i = 0; i < rank; ++i) n *= dims[i];
    return n;
  }
  // Rows of the 2-D view: every dimension but the last.
  std::int64_t rows() const { return rank == 0 ? 1 : size() / dims[rank - 1]; }
  int cols() const { return rank == 0 ? 1 : dims[rank - 1]; }
  bool operator==(const Shape& o) const {
    if (rank != o.rank) return false;
    for (int i = 0; i < rank; ++i) if (dims[i] != o.dims[i]) return false;
    return true;
  }
  bool operator!=(const Shape& o) const { return !(*this == o); }
  std::string str() const;
};

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<RowMatrix>;
using VectorMap = Eigen::Map<Eigen::VectorXf>;

struct Tensor {
  float* data = nullptr;
  Shape shape;

  std::int64_t size() const { return shape.size(); }
  float& operator[](std::int64_t i) const { return data[i]; }
  // The tensor as a (rows, last dimension) matrix, for Eigen.
  MatrixMap matrix() const { return MatrixMap(data, shape.rows(), shape.cols()); }
  VectorMap vector() const { return VectorMap(data, size()); }
  Tensor reshaped(Shape s) const {
    assert(s.size() == size());
    return {data, s};
  }
  // Rows [first, first + count) of the leading dimension, as a view.
  Tensor rows(int first, int count) const {
    Shape s = shape;
    const std::int64_t row = size() / shape[0];
    s.dims[0] = count;
    return {data + first * row, s};
  }
  void fill(float v) const { vector().setConstant(v); }
};

}  // namespace lmp::nn
