#include "nn/tape.h"

#include "base/error.h"

namespace lmp::nn {

Var Tape::constant(Tensor value) {
  nodes_.push_back({value, {}, false, nullptr});
  return size() - 1;
}

Var Tape::parameter(Tensor value, Tensor grad) {
  nodes_.push_back({value, grad, true, nullptr});
  return size() - 1;
}

Var Tape::push(Shape shape, std::initializer_list<Var> inputs, Backward backward) {
  return record({arena_.allocate(shape.size()), shape}, inputs.begin(), inputs.size(), std::move(backward));
}

Var Tape::push(Shape shape, const std::vector<Var>& inputs, Backward backward) {
  return record({arena_.allocate(shape.size()), shape}, inputs.data(), inputs.size(), std::move(backward));
}

Var Tape::push_view(Tensor value, std::initializer_list<Var> inputs, Backward backward) {
  return record(value, inputs.begin(), inputs.size(), std::move(backward));
}

// A node needs a gradient when any input does; otherwise its backward is dropped.
Var Tape::record(Tensor value, const Var* inputs, std::size_t count, Backward backward) {
  bool needs = false;
  for (std::size_t i = 0; i < count; ++i) needs = needs || nodes_[inputs[i]].needs_grad;
  nodes_.push_back({value, {}, needs, needs ? std::move(backward) : nullptr});
  return size() - 1;
}

const Tensor& Tape::grad(Var v) {
  Node& node = nodes_[v];
  if (node.grad.data == nullptr) node.grad = {arena_.allocate_zeroed(node.value.size()), node.value.shape};
  return node.grad;
}

void Tape::backward(Var loss) {
  if (nodes_[loss].value.size() != 1) throw internal_error("backward() needs a scalar loss");
  grad(loss).fill(1.0f);
  backward_from(loss);
}

void Tape::backward_from(Var output) {
  for (Var v = output; v >= 0; --v) {
    // A node nothing flowed into (unused, or constant) has nothing to pass on.
    if (nodes_[v].backward && nodes_[v].grad.data != nullptr) nodes_[v].backward(*this);
  }
}

void Tape::reset() {
  nodes_.clear();
  arena_.reset();
}

}  // namespace lmp::nn
