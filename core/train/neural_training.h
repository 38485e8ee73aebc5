// Training a neural model, one slice at a time. The page's worker and the
// CLI call run() repeatedly (a few hundred milliseconds each) so they can show
// progress, pause, stop, and stay responsive in a single-threaded wasm module.
//
// One seed fixes initialization, batch order and dropout, so the same seed
// gives the same loss curve in the same build.
#pragma once
#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/enum_names.h"
#include "lm/evaluate.h"
#include "models/neural_model.h"
#include "nn/lr_schedule.h"
#include "nn/optimizer.h"
#include "text/corpus.h"
#include "train/batches.h"

namespace lmp::nn {

// line: one sequence per non-empty line; stream: the text as one stream.
enum class TrainMode { kLine, kStream };
inline constexpr std::array<const char*, 2> kTrainModeNames = {"line", "stream"};
inline const char* to_string(TrainMode mode) { return enum_name(mode, kTrainModeNames); }

// Bounds of a run (the option table's ranges).
inline constexpr int kMaxSeqLen = 4096;
inline constexpr int kMaxBatch = 4096;
inline constexpr int kMaxSteps = 10'000'000;
inline constexpr double kMaxTimeBudgetS = 86'400;  // a day
inline constexpr int kMaxAccumulate = 1024;

// Filled from the training options (app/option_table.cpp holds their
// defaults, ranges and reasons).
struct NeuralTrainConfig {
  TrainMode mode = TrainMode::kLine;
  int seq_len = 0;            // T: tokens per window (truncated back-propagation length)
  int batch = 0;              // B: windows per step
  int steps = 0;              // optimizer steps (after accumulation)
  double time_budget_s = 0;   // stop after this many seconds of training; 0 = no limit
  int accumulate = 1;         // micro-batches per optimizer step
  int eval_every = 0;         // steps between validation evaluations; 0 = only at the end
  int warmup = 0;             // steps of linear learning-rate warm-up
  ScheduleKind schedule = ScheduleKind::kCosine;
  OptimizerConfig optimizer;
  std::uint64_t seed = 1;
  std::size_t memory_limit_bytes = std::size_t{1024} << 20;
  // Subword regularization: > 0 draws a new segmentation of a line (line mode)
  // or of the whole text (stream mode, once per pass) with probability
  // proportional to p^alpha; needs a tokenizer that can sample.
  double subword_alpha = 0;
};

void validate(const NeuralTrainConfig& config);

// What training this configuration will hold in memory, estimated before any
// of it is allocated, so a configuration too large is refused up front.
std::size_t estimated_memory_bytes(const NeuralConfig& model, const NeuralTrainConfig& config, std::int64_t parameters);

struct TrainingProgress {
  int step = 0;
  int total_steps = 0;
  double train_loss = 0;      // nats per token, mean of the steps since the last report
  double val_loss = -1;       // nats per token at the last evaluation; -1 before the first
  double tokens_per_s = 0;
  double elapsed_s = 0;
  bool finished = false;
  std::string stopped;        // why training ended early (divergence), empty otherwise
};

class NeuralTraining {
 public:
  // train / val: lines of the split (val may be empty: no validation).
  NeuralTraining(const Tokenizer& tokenizer, const Corpus& train, const Corpus& val, const NeuralConfig& model,
                 const NeuralTrainConfig& config);

  // Trains until max_steps more steps are done, max_seconds have passed, or training ends.
  TrainingProgress run(int max_steps, double max_seconds);
  bool finished() const { return finished_; }
  const TrainingProgress& progress() const { return progress_; }

  // Exact NLL over the validation lines (or stream), dropout off.
  EvalReport evaluate_validation();
  const NeuralModel& model() const { return *model_; }
  std::unique_ptr<NeuralModel> release_model() { return std::move(model_); }
  std::size_t memory_bytes() const;
  // Tokens a pass over the training text predicts (<eol> included).
  double train_tokens() const { return train_tokens_; }

 private:
  double train_step(double elapsed_s);  // elapsed_s: training time before this step
  Batch next_batch();
  double batch_nll(Tape& tape, const Batch& batch, RecurrentState* carry) const;  // sum over real targets

  std::unique_ptr<NeuralModel> model_;
  NeuralTrainConfig config_;
  std::unique_ptr<LineBatcher> line_train_, line_val_;
  std::unique_ptr<StreamBatcher> stream_train_, stream_val_;
  // Subword sampling: the tokenizer (owned by the caller, who outlives this
  // training) and the training text it segments again.
  const Tokenizer* sampling_tokenizer_ = nullptr;
  Corpus sampled_train_;
  LineSampler line_sampler_;
  bool resample_stream_ = false;  // the last batch ended a pass: segment the text anew
  RecurrentState carry_;
  Optimizer optimizer_;
  LrSchedule schedule_;
  Tape tape_;
  Rng rng_;
  double val_chars_ = 0;        // characters + one per line end (line mode: non-empty lines; stream: all)
  double val_pieces_ = 0;       // tokens of the val text, line ends excluded
  double val_unk_pieces_ = 0;
  double val_line_ends_ = 0;
  double train_tokens_ = 0;
  bool has_val_ = false;

  TrainingProgress progress_;
  bool finished_ = false;
  double loss_sum_ = 0;
  int loss_count_ = 0;
  double tokens_ = 0;
  double seconds_ = 0;
};

}  // namespace lmp::nn
