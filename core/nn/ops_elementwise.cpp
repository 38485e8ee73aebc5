// Elementwise arithmetic with the narrow broadcasting of ops.h: b is either a's
// shape or a's trailing dimensions. Either way a is `outer` consecutive blocks
// of `inner` = b.size() floats and b lines up with each block, so every op is a
// loop over blocks around a contiguous inner loop, and the gradient of a
// broadcast b is the sum of the output gradient over the blocks.

#include "nn/ops.h"

#include "base/error.h"

namespace lmp::nn {

namespace {

// The size of one broadcast block (= b's size); throws unless b's shape is a suffix of a's.
std::int64_t broadcast_inner(const char* op, const Shape& a, const Shape& b) {
  bool ok = b.rank <= a.rank;
  for (int i = 1; ok && i <= b.rank; ++i) ok = a[-i] == b[-i];
  if (!ok) {
    throw internal_error(std::string(op) + ": b " + b.str() + " is neither a " + a.str() +
                                " nor its trailing dimensions");
  }
  return b.size();
}

enum class Kind { kAdd, kSub, kMul };

Var binary(Tape& tape, Var a, Var b, Kind kind, const char* name) {
  const Tensor av = tape.value(a);
  const Tensor bv = tape.value(b);
  const std::int64_t inner = broadcast_inner(name, av.shape, bv.shape);
  const std::int64_t outer = inner == 0 ? 0 : av.size() / inner;
  const Var y = tape.push(av.shape, {a, b}, [a, b, y = tape.size(), inner, outer, kind](Tape& t) {
    const float* dy = t.grad(y).data;
    // a + b, a - b: da += dy.   a * b: da += dy * b.
    if (t.needs_grad(a)) {
      float* da = t.grad(a).data;
      if (kind == Kind::kMul) {
        const float* bp = t.value(b).data;
        for (std::int64_t r = 0; r < outer; ++r) {
          const float* dyr = dy + r * inner;
          float* dar = da + r * inner;
          for (std::int64_t i = 0; i < inner; ++i) dar[i] += dyr[i] * bp[i];
        }
      } else {
        for (std::int64_t i = 0; i < outer * inner; ++i) da[i] += dy[i];
      }
    }
    // db += Σ_blocks dy (add), -Σ dy (sub), Σ dy * a (mul): b was used once per block.
    if (t.needs_grad(b)) {
      float* db = t.grad(b).data;
      const float* ap = t.value(a).data;
      for (std::int64_t r = 0; r < outer; ++r) {
        const float* dyr = dy + r * inner;
        const float* ar = ap + r * inner;
        switch (kind) {
          case Kind::kAdd: for (std::int64_t i = 0; i < inner; ++i) db[i] += dyr[i]; break;
          case Kind::kSub: for (std::int64_t i = 0; i < inner; ++i) db[i] -= dyr[i]; break;
          case Kind::kMul: for (std::int64_t i = 0; i < inner; ++i) db[i] += dyr[i] * ar[i]; break;
        }
      }
    }
  });
  float* out = tape.value(y).data;
  for (std::int64_t r = 0; r < outer; ++r) {
    const float* ar = av.data + r * inner;
    float* yr = out + r * inner;
    const float* bp = bv.data;
    switch (kind) {
      case Kind::kAdd: for (std::int64_t i = 0; i < inner; ++i) yr[i] = ar[i] + bp[i]; break;
      case Kind::kSub: for (std::int64_t i = 0; i < inner; ++i) yr[i] = ar[i] - bp[i]; break;
      case Kind::kMul: for (std::int64_t i = 0; i < inner; ++i) yr[i] = ar[i] * bp[i]; break;
    }
  }
  return y;
}

}  // namespace

Var add(Tape& tape, Var a, Var b) { return binary(tape, a, b, Kind::kAdd, "add"); }
Var sub(Tape& tape, Var a, Var b) { return binary(tape, a, b, Kind::kSub, "sub"); }
Var mul(Tape& tape, Var a, Var b) { return binary(tape, a, b, Kind::kMul, "mul"); }

Var scale(Tape& tape, Var a, float factor) {
  const Tensor av = tape.value(a);
  const std::int64_t n = av.size();
  const Var y = tape.push(av.shape, {a}, [a, y = tape.size(), n, factor](Tape& t) {
    const float* dy = t.grad(y).data;
    float* da = t.grad(a).data;
    for (std::int64_t i = 0; i < n; ++i) da[i] += factor * dy[i];  // da += factor * dy
  });
  float* out = tape.value(y).data;
  for (std::int64_t i = 0; i < n; ++i) out[i] = factor * av.data[i];
  return y;
}

}  // namespace lmp::nn
