#include "tape.h"

#include <stdexcept>

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
  return push_view({arena_.allocate(shape.size()), shape}, inputs, std::move(backward));
}

Var Tape::push_view(Tensor value, std::initializer_list<Var> inputs, Backward backward) {
  bool needs = false;
  for (Var v : inputs) needs = needs || nodes_[v].needs_grad;
  nodes_.push_back({value, {}, needs, needs ? std::move(backward) : nullptr});
  return size() - 1;
}

const Tensor& Tape::grad(Var v) {
  Node& node = nodes_[v];
  if (node.grad.data == nullptr) node.grad = {arena_.allocate_zeroed(node.value.size()), node.value.shape};
  return node.grad;
}

void Tape::backward(Var loss) {
  if (nodes_[loss].value.size() != 1) throw std::logic_error("backward() needs a scalar loss");
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
