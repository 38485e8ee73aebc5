// Learning rate per step: a linear warm-up, then constant or a cosine decay.
//
//   warm-up (step < warmup_steps):  lr · (step + 1) / warmup_steps   (reaches lr at step warmup − 1)
//   constant:                       lr
//   cosine:                         min + (lr − min) · ½(1 + cos(π · p)),
//                                   p = (step − warmup) / (total − warmup), min = lr · min_lr_ratio;
//                                   min from step total_steps on.
// A run limited by time rather than steps passes the share of its time budget
// already spent: the decay then follows whichever of steps and time is further
// along, so a time-limited run still ends at the low end of the schedule.
// Steps count from 0. Computed in double, returned as float.
#pragma once

#include "nn/optimizer.h"

namespace lmp::nn {

// Cosine: most of the loss drop of a short run comes at the low end of the
// decay, so it beats a constant rate.
enum class ScheduleKind { kConstant, kCosine };

struct LrSchedule {
  ScheduleKind kind = ScheduleKind::kCosine;
  float lr = 0.0f;  // peak, reached at the end of the warm-up (OptimizerConfig::lr)
  // Steps of linear warm-up; 0 = none. Adam's first steps are large (v̂ is
  // still a poor estimate), so ramping up avoids an early blow-up.
  int warmup_steps = 0;
  int total_steps = 0;  // cosine: where the decay ends (> 0, >= warmup_steps); constant: unused
  // Cosine ends at lr · 0.1, not 0 (Chinchilla, nanoGPT): the last steps still learn.
  float min_lr_ratio = 0.1f;
};

// Throws lmp::Error (invalid input) naming the field and the allowed range.
void validate(const LrSchedule& schedule);

// The learning rate of step `step` (>= 0), with `time_spent` (0..1) the share
// of a time budget used so far (0 without one). Validates the schedule.
float lr_at(const LrSchedule& schedule, int step, double time_spent = 0.0);

}  // namespace lmp::nn
