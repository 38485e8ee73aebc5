// Ops that move data without arithmetic. Their backwards add the output
// gradient back to where each element came from: the transpose of the move.
// Index lists (embedding ids, concat parts) are saved in tape.scratch as raw
// int32 bits rather than captured as vectors, so recording an op allocates
// nothing outside the arena.
#include <cstring>

#include "nn/ops.h"

#include "base/error.h"

namespace lmp::nn {

namespace {

void save_ints(float* dst, const std::int32_t* src, std::int64_t count) {
  if (count > 0) std::memcpy(dst, src, sizeof(std::int32_t) * count);
}

using ConstMatrixMap = Eigen::Map<const RowMatrix>;

std::int32_t load_int(const float* src, std::int64_t i) {
  std::int32_t v;
  std::memcpy(&v, src + i, sizeof v);
  return v;
}

}  // namespace

Var embedding(Tape& tape, Var table, const std::vector<std::int32_t>& ids, Shape ids_shape) {
  const Tensor tv = tape.value(table);
  if (tv.shape.rank != 2) throw internal_error("embedding: table " + tv.shape.str() + " is not (V, C)");
  if (ids_shape.size() != static_cast<std::int64_t>(ids.size()) || ids_shape.rank >= kMaxRank) {
    throw internal_error("embedding: " + std::to_string(ids.size()) + " ids do not fill shape " +
                                ids_shape.str() + " (at most rank " + std::to_string(kMaxRank - 1) + ")");
  }
  const int vocab = tv.shape[0];
  const int width = tv.shape[1];
  for (std::int32_t id : ids) {
    if (id < 0 || id >= vocab) {
      throw internal_error("embedding: id " + std::to_string(id) + " is outside [0, " + std::to_string(vocab) +
                                  ") for table " + tv.shape.str());
    }
  }
  const auto count = static_cast<std::int64_t>(ids.size());
  Shape out_shape = ids_shape;
  out_shape.dims[out_shape.rank++] = width;
  const Tensor saved_ids = tape.scratch({static_cast<int>(count)});
  save_ints(saved_ids.data, ids.data(), count);
  const Var y = tape.push(out_shape, {table}, [table, y = tape.size(), count, width, saved_ids](Tape& t) {
    const float* dy = t.grad(y).data;
    float* dt = t.grad(table).data;
    // dtable[id] += dy[p] for every position p that looked up id; other rows are never touched.
    for (std::int64_t p = 0; p < count; ++p) {
      float* row = dt + static_cast<std::int64_t>(load_int(saved_ids.data, p)) * width;
      const float* dyp = dy + p * width;
      for (int j = 0; j < width; ++j) row[j] += dyp[j];
    }
  });
  float* out = tape.value(y).data;
  for (std::int64_t p = 0; p < count; ++p) {
    std::memcpy(out + p * width, tv.data + static_cast<std::int64_t>(ids[p]) * width, sizeof(float) * width);
  }
  return y;
}

Var concat(Tape& tape, const std::vector<Var>& parts) {
  if (parts.empty()) throw internal_error("concat: no parts");
  const Shape first = tape.value(parts[0]).shape;
  if (first.rank < 1) throw internal_error("concat: part " + first.str() + " has no last dimension");
  Shape out_shape = first;
  out_shape.dims[first.rank - 1] = 0;
  const auto n = static_cast<std::int64_t>(parts.size());
  // Saved for backward: each part's Var and width.
  const Tensor saved = tape.scratch({static_cast<int>(2 * n)});
  for (std::int64_t k = 0; k < n; ++k) {
    const Shape s = tape.value(parts[k]).shape;
    bool ok = s.rank == first.rank;
    for (int i = 0; ok && i + 1 < s.rank; ++i) ok = s[i] == first[i];
    if (!ok) {
      throw internal_error("concat: part " + s.str() + " does not match part " + first.str() +
                                  " in all but the last dimension");
    }
    const std::int32_t entry[2] = {parts[k], s[-1]};
    save_ints(saved.data + 2 * k, entry, 2);
    out_shape.dims[first.rank - 1] += s[-1];
  }
  const std::int64_t rows = out_shape.rows();
  const int total = out_shape.cols();
  const Var y = tape.push(out_shape, parts, [y = tape.size(), n, rows, total, saved](Tape& t) {
    const float* dy = t.grad(y).data;
    int offset = 0;
    for (std::int64_t k = 0; k < n; ++k) {
      const Var part = load_int(saved.data, 2 * k);
      const int w = load_int(saved.data, 2 * k + 1);
      if (t.needs_grad(part)) {
        // dpart[r, :] += dy[r, offset : offset + w]
        float* dp = t.grad(part).data;
        for (std::int64_t r = 0; r < rows; ++r) {
          const float* src = dy + r * total + offset;
          float* dst = dp + r * w;
          for (int j = 0; j < w; ++j) dst[j] += src[j];
        }
      }
      offset += w;
    }
  });
  float* out = tape.value(y).data;
  int offset = 0;
  for (Var part : parts) {
    const Tensor pv = tape.value(part);
    const int w = pv.shape.cols();
    for (std::int64_t r = 0; r < rows; ++r) std::memcpy(out + r * total + offset, pv.data + r * w, sizeof(float) * w);
    offset += w;
  }
  return y;
}

Var slice(Tape& tape, Var x, int begin, int end) {
  const Tensor xv = tape.value(x);
  if (xv.shape.rank < 1 || begin < 0 || end <= begin || end > xv.shape[-1]) {
    throw internal_error("slice: [" + std::to_string(begin) + ", " + std::to_string(end) +
                                ") is not a non-empty range of the last dimension of " + xv.shape.str());
  }
  const int cols = xv.shape.cols();
  const int w = end - begin;
  const std::int64_t rows = xv.shape.rows();
  Shape out_shape = xv.shape;
  out_shape.dims[out_shape.rank - 1] = w;
  const Var y = tape.push(out_shape, {x}, [x, y = tape.size(), rows, cols, begin, w](Tape& t) {
    const float* dy = t.grad(y).data;
    float* dx = t.grad(x).data;
    // dx[r, begin : end] += dy[r, :]; the rest of dx gets nothing.
    for (std::int64_t r = 0; r < rows; ++r) {
      const float* src = dy + r * w;
      float* dst = dx + r * cols + begin;
      for (int j = 0; j < w; ++j) dst[j] += src[j];
    }
  });
  float* out = tape.value(y).data;
  for (std::int64_t r = 0; r < rows; ++r) std::memcpy(out + r * w, xv.data + r * cols + begin, sizeof(float) * w);
  return y;
}

Var reshape(Tape& tape, Var x, Shape shape) {
  const Tensor xv = tape.value(x);
  if (shape.size() != xv.size()) {
    throw internal_error("reshape: " + xv.shape.str() + " cannot become " + shape.str() +
                                " (sizes differ)");
  }
  const std::int64_t n = xv.size();
  // A view: the value is x's memory. The gradient is the node's own buffer,
  // added to x's as is (same elements, same order): dx += dy.
  return tape.push_view(xv.reshaped(shape), {x}, [x, y = tape.size(), n](Tape& t) {
    const float* dy = t.grad(y).data;
    float* dx = t.grad(x).data;
    for (std::int64_t i = 0; i < n; ++i) dx[i] += dy[i];
  });
}

Var transpose(Tape& tape, Var x) {
  const Tensor xv = tape.value(x);
  if (xv.shape.rank < 2) throw internal_error("transpose: " + xv.shape.str() + " has fewer than two dimensions");
  const int n = xv.shape[-2];
  const int m = xv.shape[-1];
  const std::int64_t block = static_cast<std::int64_t>(n) * m;
  const std::int64_t batch = block == 0 ? 0 : xv.size() / block;
  Shape out_shape = xv.shape;
  out_shape.dims[out_shape.rank - 2] = m;
  out_shape.dims[out_shape.rank - 1] = n;
  const Var y = tape.push(out_shape, {x}, [x, y = tape.size(), n, m, block, batch](Tape& t) {
    const float* dy = t.grad(y).data;
    float* dx = t.grad(x).data;
    // dx (N, M) += dyᵀ, dy being (M, N), block by block.
    for (std::int64_t b = 0; b < batch; ++b) {
      MatrixMap(dx + b * block, n, m) += ConstMatrixMap(dy + b * block, m, n).transpose();
    }
  });
  float* out = tape.value(y).data;
  for (std::int64_t b = 0; b < batch; ++b) {
    MatrixMap(out + b * block, m, n) = ConstMatrixMap(xv.data + b * block, n, m).transpose();
  }
  return y;
}

}  // namespace lmp::nn
