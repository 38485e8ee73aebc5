#include "nn/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/error.h"

namespace lmp::nn {

namespace {

constexpr double kPi = 3.14159265358979323846;

std::string show(float v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(v));
  return buffer;
}

}  // namespace

void validate(const LrSchedule& schedule) {
  const bool cosine = schedule.kind == ScheduleKind::kCosine;
  if (!(std::isfinite(schedule.lr) && schedule.lr > 0.0f && schedule.lr <= kMaxLearningRate)) {
    throw invalid_input("learning rate must be above 0 and at most 10 (got " + show(schedule.lr) + ")");
  }
  if (schedule.warmup_steps < 0) {
    throw invalid_input("warm-up steps must be 0 (none) or a positive count (got " +
                        std::to_string(schedule.warmup_steps) + ")");
  }
  if (cosine) {
    if (schedule.total_steps <= 0) {
      throw invalid_input("a cosine schedule needs the total number of steps (got " +
                          std::to_string(schedule.total_steps) + ")");
    }
    if (schedule.warmup_steps > schedule.total_steps) {
      throw invalid_input("warm-up steps (" + std::to_string(schedule.warmup_steps) +
                          ") cannot exceed the total number of steps (" + std::to_string(schedule.total_steps) + ")");
    }
  }
  if (!(std::isfinite(schedule.min_lr_ratio) && schedule.min_lr_ratio >= 0.0f && schedule.min_lr_ratio <= 1.0f)) {
    throw invalid_input("minimum learning-rate ratio must be between 0 and 1 (got " + show(schedule.min_lr_ratio) +
                        ")");
  }
}

float lr_at(const LrSchedule& schedule, int step, double time_spent) {
  validate(schedule);
  if (step < 0) throw invalid_input("learning-rate step must be 0 or more (got " + std::to_string(step) + ")");
  if (!(time_spent >= 0.0)) throw invalid_input("the share of the time budget spent must be 0 or more");
  const double lr = schedule.lr;
  const int warmup = schedule.warmup_steps;
  if (step < warmup) return static_cast<float>(lr * (step + 1) / warmup);
  if (schedule.kind == ScheduleKind::kConstant) return schedule.lr;
  const double min = lr * static_cast<double>(schedule.min_lr_ratio);
  const double by_steps = step >= schedule.total_steps
      ? 1.0 : static_cast<double>(step - warmup) / static_cast<double>(schedule.total_steps - warmup);
  const double progress = std::max(by_steps, time_spent);
  if (progress >= 1.0) return static_cast<float>(min);
  return static_cast<float>(min + (lr - min) * 0.5 * (1.0 + std::cos(kPi * progress)));
}

}  // namespace lmp::nn
