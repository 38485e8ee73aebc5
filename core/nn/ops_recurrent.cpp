// The LSTM and GRU cells as fused ops. Written with the generic ops, one time
// step of a cell is a dozen nodes (slices, gates, products, sums), each a
// pass over memory and a gradient buffer of its own; fused, it is one or two
// nodes whose loops read the pre-activations once and keep the activated
// gates for the backward. Both take the gate pre-activations in two parts,
// the input projection and the recurrent product, and add them here, which
// saves one more node and its gradient: both parts receive the same gradient.
#include <stdexcept>

#include "fast_math.h"
#include "ops.h"

namespace lmp::nn {

namespace {

void check_cell_shapes(const char* op, const Tensor& x_part, const Tensor& h_part, const Tensor& state, int gates) {
  const Shape& s = state.shape;
  const bool ok = s.rank == 2 && x_part.shape == h_part.shape && x_part.shape.rank == 2 &&
                  x_part.shape[0] == s[0] && x_part.shape[1] == gates * s[1];
  if (!ok) {
    throw std::invalid_argument(std::string(op) + ": pre-activations " + x_part.shape.str() + " and " +
                                h_part.shape.str() + " must both be (B, " + std::to_string(gates) +
                                "·H) for a state " + s.str());
  }
}

// Adds g to the gradient of both halves of the pre-activations, where they need one.
struct PreGrad {
  float* x;
  float* h;
  void add(std::int64_t at, float g) const {
    if (x) x[at] += g;
    if (h) h[at] += g;
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
    for (std::int64_t b = 0; b < batch; ++b) {
      const float* gr = gates + b * G;
      for (std::int64_t j = 0; j < H; ++j) {
        const float i = gr[j], f = gr[H + j], g = gr[2 * H + j];
        const float d = dcn[b * H + j];
        dpre.add(b * G + j, d * g * i * (1.0f - i));
        dpre.add(b * G + H + j, d * cp[b * H + j] * f * (1.0f - f));
        dpre.add(b * G + 2 * H + j, d * i * (1.0f - g * g));
        if (dc) dc[b * H + j] += d * f;
      }
    }
  });
  const Var h_next = tape.push(cv.shape, {x_part, h_part, c_next}, [=, y = tape.size()](Tape& t) {
    // h' = o tanh(c'):  do = dh' tanh(c') σ'(o), dc' += dh' o (1 - tanh²(c'))
    const float* dh = t.grad(y).data;
    const PreGrad dpre = pre_grad(t, x_part, h_part);
    float* dcn = t.grad(c_next).data;
    for (std::int64_t b = 0; b < batch; ++b) {
      const float* o = gates + b * G + 3 * H;
      for (std::int64_t j = 0; j < H; ++j) {
        const float d = dh[b * H + j];
        const float tc = tanh_c[b * H + j];
        dpre.add(b * G + 3 * H + j, d * tc * o[j] * (1.0f - o[j]));
        dcn[b * H + j] += d * o[j] * (1.0f - tc * tc);
      }
    }
  });

  float* cn = tape.value(c_next).data;
  float* hn = tape.value(h_next).data;
  for (std::int64_t b = 0; b < batch; ++b) {
    const float* xr = xv.data + b * G;
    const float* hr = hv.data + b * G;
    float* gr = gates + b * G;
    for (std::int64_t j = 0; j < 2 * H; ++j) gr[j] = sigmoid_fast(xr[j] + hr[j]);  // i, f
    for (std::int64_t j = 2 * H; j < 3 * H; ++j) gr[j] = tanh_fast(xr[j] + hr[j]);  // g
    for (std::int64_t j = 3 * H; j < G; ++j) gr[j] = sigmoid_fast(xr[j] + hr[j]);  // o
    for (std::int64_t j = 0; j < H; ++j) {
      const std::int64_t at = b * H + j;
      cn[at] = gr[H + j] * cv.data[at] + gr[j] * gr[2 * H + j];
      tanh_c[at] = tanh_fast(cn[at]);
      hn[at] = gr[3 * H + j] * tanh_c[at];
    }
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
    throw std::invalid_argument("gru_cell: the reset bias " + bv.shape.str() + " must be (H) for a state " +
                                sv.shape.str());
  }
  const std::int64_t batch = sv.shape[0];
  const std::int64_t H = sv.shape[1];
  const std::int64_t G = 3 * H;
  // r, z, n and the reset gate's operand h_n + b_hn, for the backward.
  float* saved = tape.scratch({static_cast<int>(batch), static_cast<int>(4 * H)}).data;

  const Var h_next = tape.push(sv.shape, {x_part, h_part, b_hn, h}, [=, y = tape.size()](Tape& t) {
    // h' = n + z (h - n), n = tanh(x_n + r m), m = h_n + b_hn:
    //   dz = dh' (h - n), dn = dh' (1 - z), dh += dh' z,
    //   da = dn (1 - n²) (the pre-activation of n): dx_n += da, dh_n += da r, db += da r, dr = da m
    const float* dy = t.grad(y).data;
    const float* hp = t.value(h).data;
    const PreGrad dpre = pre_grad(t, x_part, h_part);
    float* db = t.needs_grad(b_hn) ? t.grad(b_hn).data : nullptr;
    float* dh = t.needs_grad(h) ? t.grad(h).data : nullptr;
    for (std::int64_t b = 0; b < batch; ++b) {
      const float* s = saved + b * 4 * H;
      for (std::int64_t j = 0; j < H; ++j) {
        const float r = s[j], z = s[H + j], n = s[2 * H + j], m = s[3 * H + j];
        const float d = dy[b * H + j];
        const float hj = hp[b * H + j];
        const float da = d * (1.0f - z) * (1.0f - n * n);
        dpre.add(b * G + j, da * m * r * (1.0f - r));
        dpre.add(b * G + H + j, d * (hj - n) * z * (1.0f - z));
        if (dpre.x) dpre.x[b * G + 2 * H + j] += da;
        if (dpre.h) dpre.h[b * G + 2 * H + j] += da * r;
        if (db) db[j] += da * r;
        if (dh) dh[b * H + j] += d * z;
      }
    }
  });

  float* out = tape.value(h_next).data;
  for (std::int64_t b = 0; b < batch; ++b) {
    const float* xr = xv.data + b * G;
    const float* hr = hv.data + b * G;
    float* s = saved + b * 4 * H;
    for (std::int64_t j = 0; j < 2 * H; ++j) s[j] = sigmoid_fast(xr[j] + hr[j]);  // r, z
    for (std::int64_t j = 0; j < H; ++j) {
      const float m = hr[2 * H + j] + bv.data[j];
      const float n = tanh_fast(xr[2 * H + j] + s[j] * m);
      s[2 * H + j] = n;
      s[3 * H + j] = m;
      out[b * H + j] = n + s[H + j] * (sv.data[b * H + j] - n);
    }
  }
  return h_next;
}

}  // namespace lmp::nn
