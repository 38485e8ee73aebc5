// Reverse-mode automatic differentiation on a tape (micrograd's idea, ggml's
// shape). Every op appends a node holding its output value and a closure that,
// given the output's gradient, adds to its inputs' gradients. Nodes are
// recorded in forward order, which is a topological order, so backward() is
// one reverse loop. Gradients accumulate with +=; a node's gradient is
// allocated (zeroed) the first time something adds to it.
//
// A tape lives for one step: reset() forgets the nodes and recycles memory.
#pragma once
#include <functional>
#include <vector>

#include "base/rng.h"
#include "nn/arena.h"
#include "nn/tensor.h"

namespace lmp::nn {

using Var = int;  // a node on the tape

class Tape;
using Backward = std::function<void(Tape&)>;

class Tape {
 public:
  explicit Tape(std::uint64_t seed = 1) : rng_(seed) {}

  // A value no gradient flows into (token ids as floats, targets, masks).
  Var constant(Tensor value);
  // A parameter: its gradient is the caller's tensor (a ParameterBlock view), added to.
  Var parameter(Tensor value, Tensor grad);
  // For ops: a node with fresh storage for its value. `backward` is kept only
  // if some input needs a gradient.
  Var push(Shape shape, std::initializer_list<Var> inputs, Backward backward);
  // The same for a number of inputs known only at run time (concat, stacking).
  Var push(Shape shape, const std::vector<Var>& inputs, Backward backward);
  // For views (reshape): a node whose value aliases memory that already exists
  // (an input's value), so no copy is made. Its gradient is still its own
  // zeroed buffer on first use, and `backward` adds it to the input's, so
  // accumulation works exactly as for any other node.
  Var push_view(Tensor value, std::initializer_list<Var> inputs, Backward backward);

 private:
  Var record(Tensor value, const Var* inputs, std::size_t count, Backward backward);

 public:

  const Tensor& value(Var v) const { return nodes_[v].value; }
  bool needs_grad(Var v) const { return nodes_[v].needs_grad; }
  // The gradient of v, allocated zeroed on first use. Only for nodes that need one.
  // (Copy the Tensor; a reference is only good until the next push.)
  const Tensor& grad(Var v);
  // Arena memory for values an op saves for its backward (masks, statistics).
  Tensor scratch(Shape shape) { return {arena_.allocate(shape.size()), shape}; }

  // d loss / d loss = 1, then every recorded backward in reverse order.
  void backward(Var scalar_loss);
  // The same from a node whose gradient the caller has already set (any shape).
  void backward_from(Var output);
  void reset();

  int size() const { return static_cast<int>(nodes_.size()); }
  std::size_t bytes_reserved() const { return arena_.bytes_reserved(); }

  bool training = true;  // dropout is active only while training
  Rng& rng() { return rng_; }

 private:
  struct Node {
    Tensor value;
    Tensor grad;  // data == nullptr until first used
    bool needs_grad = false;
    Backward backward;
  };
  std::vector<Node> nodes_;
  Arena arena_;
  Rng rng_;
};

}  // namespace lmp::nn
