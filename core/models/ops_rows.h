// Two shape ops the recurrent models need, on the leading (row) dimension:
// take the rows of one time step out of a time-major (T*B, C) tensor, and
// stack per-step outputs back into one. Both copy: B rows are contiguous, so
// the copy is one memcpy, and the backward adds the gradient back.
#pragma once
#include <vector>

#include "nn/tape.h"

namespace lmp::nn {

// x (R, C...) -> rows [first, first + count): (count, C...)
Var take_rows(Tape& tape, Var x, int first, int count);
// parts (R_i, C) with equal C -> (sum R_i, C)
Var stack_rows(Tape& tape, const std::vector<Var>& parts);

}  // namespace lmp::nn
