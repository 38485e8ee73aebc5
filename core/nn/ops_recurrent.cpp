// The LSTM and GRU cells as fused ops. Written with the generic ops, one time
// step of a cell is a dozen nodes (slices, gates, products, sums), each a
// pass over memory and a gradient buffer of its own; fused, it is one or two
// nodes whose loops read the pre-activations once and keep the activated
// gates for the backward. Both take the gate pre-activations in two parts,
// the input projection and the recurrent product, and add them here, which
// saves one more node and its gradient: both parts receive the same gradient.
#include <vector>

#include "kernels/fast_math.h"

#include "base/error.h"
#include "nn/ops.h"

namespace lmp::nn {

namespace {

void check_cell_shapes(const char* op, const Tensor& x_part, const Tensor& h_part, const Tensor& state, int gates) {
  const Shape& s = state.shape;
  const bool ok = s.rank == 2 && x_part.shape == h_part.shape && x_part.shape.rank == 2 &&
                  x_part.shape[0] == s[0] && x_part.shape[1] == gates * s[1];
  if (!ok) {
    throw internal_error(std::string(op) + ": pre-activations " + x_part.shape.str() + " and " +
                                h_part.shape.str() + " must both be (B, " + std::to_string(gates) +
                                "·H) for a state " + s.str());
  }
}

// Row loops, each simple enough (restrict pointers, one statement) for the
// compiler to vectorize whatever surrounds it.
void sum_into(const float* __restrict a, const float* __restrict b, float* __restrict out, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) out[i] = a[i] + b[i];
}
void sigmoid_in_place(float* p, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) p[i] = kernels::sigmoid_fast(p[i]);
}
void tanh_in_place(float* p, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) p[i] = kernels::tanh_fast(p[i]);
}
void add_to(const float* __restrict g, float* __restrict out, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) out[i] += g[i];
}

// Both parts of the pre-activations get the same gradient: adds `row` (n
// floats of gate gradients) at `offset` to each part that needs one.
struct PreGrad {
  float* x;
  float* h;
  void add(const float* row, std::int64_t offset, std::int64_t n) const {
    if (x) add_to(row, x + offset, n);
    if (h) add_to(row, h + offset, n);
  }
};

PreGrad pre_grad(Tape& t, Var x_part, Var h_part) {
  return {t.needs_grad(x_part) ? t.grad(x_part).data : nullptr, t.needs_grad(h_part) ? t.grad(h_part).data : nullptr};
}

}  // namespace

LstmState lstm_cell(Tape& tape, Var x_part, Var h_part, Var c) {
  const Tensor xv = tape.value(x_part);
  const Tensor hv = tape.value(h_part);
  const Tensor cv = tape.value(c);
  check_cell_shapes("lstm_cell", xv, hv, cv, 4);
  const std::int64_t batch = cv.shape[0];
  const std::int64_t H = cv.shape[1];
  const std::int64_t G = 4 * H;
  // The activated gates i, f, g, o, and tanh(c'), for both backwards.
  float* gates = tape.scratch({static_cast<int>(batch), static_cast<int>(G)}).data;
  float* tanh_c = tape.scratch(cv.shape).data;

  const Var c_next = tape.push(cv.shape, {x_part, h_part, c}, [=, y = tape.size()](Tape& t) {
    // c' = f c + i g:  di = dc' g σ'(i), df = dc' c σ'(f), dg = dc' i (1 - g²), dc = dc' f
    const float* dcn = t.grad(y).data;
    const float* cp = t.value(c).data;
    const PreGrad dpre = pre_grad(t, x_part, h_part);
    float* dc = t.needs_grad(c) ? t.grad(c).data : nullptr;
    std::vector<float> row_buffer(3 * H);
    float* __restrict row = row_buffer.data();
    for (std::int64_t b = 0; b < batch; ++b) {
      const float* i = gates + b * G;
      const float* f = i + H;
      const float* g = i + 2 * H;
      const float* d = dcn + b * H;
      const float* cb = cp + b * H;
      for (std::int64_t j = 0; j < H; ++j) {
        row[j] = d[j] * g[j] * i[j] * (1.0f - i[j]);
        row[H + j] = d[j] * cb[j] * f[j] * (1.0f - f[j]);
        row[2 * H + j] = d[j] * i[j] * (1.0f - g[j] * g[j]);
      }
      dpre.add(row, b * G, 3 * H);
      if (dc) {
        for (std::int64_t j = 0; j < H; ++j) dc[b * H + j] += d[j] * f[j];
      }
    }
  });
  const Var h_next = tape.push(cv.shape, {x_part, h_part, c_next}, [=, y = tape.size()](Tape& t) {
    // h' = o tanh(c'):  do = dh' tanh(c') σ'(o), dc' += dh' o (1 - tanh²(c'))
    const float* dh = t.grad(y).data;
    const PreGrad dpre = pre_grad(t, x_part, h_part);
    float* dcn = t.grad(c_next).data;
    std::vector<float> row_buffer(H);
    float* __restrict row = row_buffer.data();
    for (std::int64_t b = 0; b < batch; ++b) {
      const float* o = gates + b * G + 3 * H;
      const float* d = dh + b * H;
      const float* tc = tanh_c + b * H;
      float* dcb = dcn + b * H;
      for (std::int64_t j = 0; j < H; ++j) {
        row[j] = d[j] * tc[j] * o[j] * (1.0f - o[j]);
        dcb[j] += d[j] * o[j] * (1.0f - tc[j] * tc[j]);
      }
      dpre.add(row, b * G + 3 * H, H);
    }
  });

  float* cn = tape.value(c_next).data;
  float* hn = tape.value(h_next).data;
  for (std::int64_t b = 0; b < batch; ++b) {
    float* i = gates + b * G;
    sum_into(xv.data + b * G, hv.data + b * G, i, G);
    sigmoid_in_place(i, 2 * H);      // i, f
    tanh_in_place(i + 2 * H, H);     // g
    sigmoid_in_place(i + 3 * H, H);  // o
    const float* f = i + H;
    const float* g = i + 2 * H;
    const float* o = i + 3 * H;
    const float* cb = cv.data + b * H;
    float* cnb = cn + b * H;
    float* tcb = tanh_c + b * H;
    float* hnb = hn + b * H;
    for (std::int64_t j = 0; j < H; ++j) cnb[j] = f[j] * cb[j] + i[j] * g[j];
    for (std::int64_t j = 0; j < H; ++j) tcb[j] = kernels::tanh_fast(cnb[j]);
    for (std::int64_t j = 0; j < H; ++j) hnb[j] = o[j] * tcb[j];
  }
  return {h_next, c_next};
}

Var gru_cell(Tape& tape, Var x_part, Var h_part, Var b_hn, Var h) {
  const Tensor xv = tape.value(x_part);
  const Tensor hv = tape.value(h_part);
  const Tensor bv = tape.value(b_hn);
  const Tensor sv = tape.value(h);
  check_cell_shapes("gru_cell", xv, hv, sv, 3);
  if (bv.shape.rank != 1 || bv.shape[0] != sv.shape[1]) {
    throw internal_error("gru_cell: the reset bias " + bv.shape.str() + " must be (H) for a state " +
                                sv.shape.str());
  }
  const std::int64_t batch = sv.shape[0];
  const std::int64_t H = sv.shape[1];
  const std::int64_t G = 3 * H;
  // r, z, n and the reset gate's operand m = h_n + b_hn, for the backward.
  float* saved = tape.scratch({static_cast<int>(batch), static_cast<int>(4 * H)}).data;

  const Var h_next = tape.push(sv.shape, {x_part, h_part, b_hn, h}, [=, y = tape.size()](Tape& t) {
    // h' = n + z (h - n), n = tanh(a), a = x_n + r m:
    //   dz = dh' (h - n), dh += dh' z, da = dh' (1 - z)(1 - n²),
    //   dx_n += da, dh_n += da r, db += da r, dr = da m
    const float* dy = t.grad(y).data;
    const float* hp = t.value(h).data;
    const PreGrad dpre = pre_grad(t, x_part, h_part);
    float* db = t.needs_grad(b_hn) ? t.grad(b_hn).data : nullptr;
    float* dh = t.needs_grad(h) ? t.grad(h).data : nullptr;
    std::vector<float> buffer(4 * H);
    float* __restrict row = buffer.data();
    float* __restrict da = row + 2 * H;
    float* __restrict da_r = row + 3 * H;
    for (std::int64_t b = 0; b < batch; ++b) {
      const float* r = saved + b * 4 * H;
      const float* z = r + H;
      const float* n = r + 2 * H;
      const float* m = r + 3 * H;
      const float* d = dy + b * H;
      const float* hb = hp + b * H;
      for (std::int64_t j = 0; j < H; ++j) {
        da[j] = d[j] * (1.0f - z[j]) * (1.0f - n[j] * n[j]);
        da_r[j] = da[j] * r[j];
        row[j] = da[j] * m[j] * r[j] * (1.0f - r[j]);
        row[H + j] = d[j] * (hb[j] - n[j]) * z[j] * (1.0f - z[j]);
      }
      dpre.add(row, b * G, 2 * H);
      if (dpre.x) add_to(da, dpre.x + b * G + 2 * H, H);
      if (dpre.h) add_to(da_r, dpre.h + b * G + 2 * H, H);
      if (db) add_to(da_r, db, H);
      if (dh) {
        for (std::int64_t j = 0; j < H; ++j) dh[b * H + j] += d[j] * z[j];
      }
    }
  });

  float* out = tape.value(h_next).data;
  for (std::int64_t b = 0; b < batch; ++b) {
    const float* xr = xv.data + b * G;
    const float* hr = hv.data + b * G;
    float* r = saved + b * 4 * H;
    float* z = r + H;
    float* n = r + 2 * H;
    float* m = r + 3 * H;
    sum_into(xr, hr, r, 2 * H);
    sigmoid_in_place(r, 2 * H);  // r, z
    sum_into(hr + 2 * H, bv.data, m, H);
    for (std::int64_t j = 0; j < H; ++j) n[j] = xr[2 * H + j] + r[j] * m[j];
    tanh_in_place(n, H);
    const float* hb = sv.data + b * H;
    for (std::int64_t j = 0; j < H; ++j) out[b * H + j] = n[j] + z[j] * (hb[j] - n[j]);
  }
  return h_next;
}

}  // namespace lmp::nn
