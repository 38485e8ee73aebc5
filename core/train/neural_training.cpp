#include "train/neural_training.h"

#include <cmath>
#include <limits>

#include "base/error.h"
#include "models/neural_model_kinds.h"
#include "nn/ops.h"

namespace lmp::nn {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::vector<TokenId>> encode_lines(const Tokenizer& tokenizer, const Corpus& corpus) {
  std::vector<std::vector<TokenId>> lines;
  for (const Line& line : corpus.lines) {
    if (!line.empty()) lines.push_back(tokenizer.encode_line(line));
  }
  return lines;
}

// Stream mode: <bos>, then every line's tokens (encode(line): the most
// probable segmentation, or one drawn) followed by <eol> (the newline), empty
// lines included.
template <typename Encode>
std::vector<TokenId> encode_stream(const Corpus& corpus, Encode encode) {
  std::vector<TokenId> stream = {Tokenizer::kBos};
  for (const Line& line : corpus.lines) {
    for (TokenId t : encode(line)) stream.push_back(t);
    stream.push_back(Tokenizer::kEol);
  }
  return stream;
}

// What the validation figures need from its tokens (lines framed or one
// stream): tokens other than <bos> and <eol>, and how many of those are <unk>.
struct PieceCount {
  double pieces = 0;
  double unk = 0;
  void add(const std::vector<TokenId>& tokens) {
    for (TokenId t : tokens) {
      pieces += t != Tokenizer::kBos && t != Tokenizer::kEol;
      unk += t == Tokenizer::kUnk;
    }
  }
};

Error too_large(std::size_t needed, std::size_t limit) {
  return resource_limit("this configuration needs about " + std::to_string(needed >> 20) +
                        " MB, more than the memory limit of " + std::to_string(limit >> 20) +
                        " MB; use a smaller batch, shorter sequences or a smaller model");
}

// Validation in stream mode reads this many contiguous stretches at once.
constexpr int kStreamValRows = 8;
constexpr int kLineValBatch = 64;

}  // namespace

void validate(const NeuralTrainConfig& c) {
  auto in_range = [](const char* what, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw invalid_input(std::string(what) + " must be between " + std::to_string(static_cast<long long>(lo)) +
                          " and " + std::to_string(static_cast<long long>(hi)));
    }
  };
  in_range("the sequence length", c.seq_len, 1, kMaxSeqLen);
  in_range("the batch size", c.batch, 1, kMaxBatch);
  in_range("the number of steps", c.steps, 1, kMaxSteps);
  in_range("the time budget", c.time_budget_s, 0, kMaxTimeBudgetS);
  in_range("the number of accumulated micro-batches", c.accumulate, 1, kMaxAccumulate);
  in_range("the evaluation interval", c.eval_every, 0, kMaxSteps);
  in_range("the warm-up", c.warmup, 0, kMaxSteps);
  validate(c.optimizer);
}

NeuralTraining::NeuralTraining(const Tokenizer& tokenizer, const Corpus& train, const Corpus& val,
                               const NeuralConfig& model_config, const NeuralTrainConfig& config)
    : model_((validate(config), make_neural_model(model_config, config.seed))),
      config_(config),
      optimizer_(config.optimizer, model_->parameters()),
      tape_(config.seed + 1),
      rng_(config.seed + 2) {
  schedule_.kind = config.schedule;
  schedule_.lr = config.optimizer.lr;
  schedule_.warmup_steps = config.warmup;
  schedule_.total_steps = config.steps;
  validate(schedule_);
  for (const Line& line : val.lines) {
    // Line mode skips empty lines; a stream keeps their newline.
    if (line.empty() && config.mode == TrainMode::kLine) continue;
    val_chars_ += static_cast<double>(line.size() + 1);
    ++val_line_ends_;
  }
  PieceCount val_count;
  if (config.subword_alpha > 0) {
    if (!tokenizer.can_sample()) {
      throw invalid_input("subword sampling needs a tokenizer that can sample (unigram), not " + std::string(to_string(tokenizer.kind())));
    }
    sampling_tokenizer_ = &tokenizer;
    for (const Line& line : train.lines) {
      if (!line.empty() || config.mode == TrainMode::kStream) sampled_train_.lines.push_back(line);
    }
    line_sampler_ = [this](int line, Rng& rng) {
      return Tokenizer::framed(sampling_tokenizer_->encode_sampled(sampled_train_.lines[line], config_.subword_alpha, rng));
    };
  }
  if (config.mode == TrainMode::kLine) {
    std::vector<std::vector<TokenId>> lines = encode_lines(tokenizer, train);
    for (const auto& line : lines) train_tokens_ += static_cast<double>(line.size() - 1);
    line_train_ = std::make_unique<LineBatcher>(std::move(lines), config.seq_len, config.batch);
    if (val.non_empty_lines() > 0) {
      std::vector<std::vector<TokenId>> val_lines = encode_lines(tokenizer, val);
      for (const auto& line : val_lines) val_count.add(line);
      line_val_ = std::make_unique<LineBatcher>(std::move(val_lines), config.seq_len);
      has_val_ = true;
    }
  } else {
    const auto encode = [&tokenizer](const Line& line) { return tokenizer.encode(line); };
    std::vector<TokenId> stream = encode_stream(train, encode);
    train_tokens_ = static_cast<double>(stream.size() - 1);
    stream_train_ = std::make_unique<StreamBatcher>(std::move(stream), config.seq_len, config.batch);
    if (val.non_empty_lines() > 0) {
      std::vector<TokenId> stream = encode_stream(val, encode);
      val_count.add(stream);
      const int rows = std::max<int>(1, std::min<int>(kStreamValRows, static_cast<int>(stream.size() - 1) / config.seq_len));
      stream_val_ = std::make_unique<StreamBatcher>(std::move(stream), config.seq_len, rows);
      has_val_ = true;
    }
  }
  val_pieces_ = val_count.pieces;
  val_unk_pieces_ = val_count.unk;
  progress_.total_steps = config.steps;
  const std::size_t estimate = estimated_memory_bytes(model_config, config, model_->parameters().count());
  if (estimate > config.memory_limit_bytes) throw too_large(estimate, config.memory_limit_bytes);
}

std::size_t estimated_memory_bytes(const NeuralConfig& m, const NeuralTrainConfig& t, std::int64_t parameters) {
  // Floats the tape holds per token of a batch (counted from the ops each
  // model records; measured within ~15%). A recurrent layer holds 4 gate-sized
  // tensors per step, value and gradient (projection, bias sum, the step's
  // rows, h·U); its cell adds hidden-sized ones: the fused LSTM cell its 4
  // gates, tanh(c'), c' and h' with gradients, the GRU its 4 saved vectors
  // and h', the RNN's sum and tanh; and the stacked outputs.
  const double gates = m.kind == ModelKind::kLstm ? 4 : m.kind == ModelKind::kGru ? 3 : 1;
  const double cell = m.kind == ModelKind::kLstm ? 11.0 : m.kind == ModelKind::kGru ? 8.0 : 6.0;
  // A Transformer block holds about 84 d_model-sized floats per token (the
  // q/k/v split and merge copies, projections, the 4x MLP, norms, residuals);
  // with dropout its attention is composed and adds 10 per key of every head
  // (scores, scaled, masked, softmax, dropout), fused (no dropout) it keeps
  // no weights at all.
  double per_token = 0;
  if (m.kind == ModelKind::kMlp) {
    per_token = 2.0 * (2.0 * m.context * m.embed + 4.0 * m.hidden + 2.0 * m.vocab);
  } else if (m.kind == ModelKind::kTransformer) {
    const double per_key = m.dropout > 0 ? 10.0 : 0.0;
    per_token = 6.0 * (m.embed + m.vocab) + m.layers * (84.0 * m.embed + per_key * m.heads * t.seq_len);
  } else {
    per_token = 2.0 * (m.embed + 2.0 * m.vocab) + m.layers * (8.0 * gates + cell) * m.hidden;
  }
  const double tokens = static_cast<double>(t.seq_len) * t.batch;
  // Values, gradients and up to two optimizer moments per parameter.
  const double floats = tokens * per_token + 4.0 * static_cast<double>(parameters);
  return static_cast<std::size_t>(floats * sizeof(float));
}

std::size_t NeuralTraining::memory_bytes() const {
  // values, gradients and up to two optimizer moments, plus this step's activations
  return static_cast<std::size_t>(model_->parameters().count()) * sizeof(float) * 4 + tape_.bytes_reserved();
}

Batch NeuralTraining::next_batch() {
  if (line_train_) return line_train_->random(config_.batch, rng_, line_sampler_);
  if (resample_stream_) {
    // A new pass reads a new segmentation of the whole text.
    resample_stream_ = false;
    std::vector<TokenId> stream = encode_stream(sampled_train_, [this](const Line& line) {
      return sampling_tokenizer_->encode_sampled(line, config_.subword_alpha, rng_);
    });
    stream_train_ = std::make_unique<StreamBatcher>(std::move(stream), config_.seq_len, config_.batch);
    carry_ = RecurrentState{};  // the rows now start elsewhere in the text
  }
  bool wrapped = false;
  Batch b = stream_train_->next(&wrapped);
  resample_stream_ = wrapped && sampling_tokenizer_ != nullptr;
  return b;
}

double count_unknown(const Batch& b) {
  double n = 0;
  for (std::int32_t t : b.targets) n += t == Tokenizer::kUnk;
  return n;
}

double NeuralTraining::batch_nll(Tape& tape, const Batch& b, RecurrentState* carry) const {
  const Var logits = model_->forward(tape, b.inputs, b.time, b.batch, carry);
  // <bos> is never predicted: leave it out of the softmax, as the model does
  // when it scores a text token by token (NeuralLanguageModel), so the report
  // and `lmp eval` of the same text agree.
  const Tensor values = tape.value(logits);
  const int vocab = model_->config().vocab;
  for (std::int64_t row = 0; row < values.size() / vocab; ++row) {
    values.data[row * vocab + Tokenizer::kBos] = -std::numeric_limits<float>::infinity();
  }
  const Var loss = cross_entropy(tape, logits, b.targets);
  return static_cast<double>(tape.value(loss)[0]) * b.real_tokens();
}

double NeuralTraining::train_step(double elapsed_s) {
  model_->parameters().zero_grads();
  double nll = 0;
  double tokens = 0;
  for (int micro = 0; micro < config_.accumulate; ++micro) {
    const Batch b = next_batch();
    tape_.reset();
    tape_.training = true;
    const Var logits = model_->forward(tape_, b.inputs, b.time, b.batch, stream_train_ ? &carry_ : nullptr);
    const Var loss = cross_entropy(tape_, logits, b.targets);
    tape_.backward(loss);
    nll += static_cast<double>(tape_.value(loss)[0]) * b.real_tokens();
    tokens += b.real_tokens();
  }
  if (memory_bytes() > config_.memory_limit_bytes) throw too_large(memory_bytes(), config_.memory_limit_bytes);
  const double time_spent = config_.time_budget_s > 0 ? elapsed_s / config_.time_budget_s : 0.0;
  const float lr = lr_at(schedule_, progress_.step, time_spent);
  const StepReport report = optimizer_.step(model_->parameters(), lr, 1.0f / static_cast<float>(config_.accumulate));
  const double mean = tokens > 0 ? nll / tokens : 0.0;
  if (!std::isfinite(mean) || !report.finite) {
    finished_ = true;
    progress_.finished = true;
    progress_.stopped = "training diverged at step " + std::to_string(progress_.step + 1) +
                        " (the loss became " + (std::isnan(mean) ? "NaN" : "infinite") +
                        "); the weights of the last good step are kept; lower the learning rate and train again";
    return mean;
  }
  tokens_ += tokens;
  ++progress_.step;
  return mean;
}

TrainingProgress NeuralTraining::run(int max_steps, double max_seconds) {
  const Clock::time_point start = Clock::now();
  for (int done = 0; done < max_steps && !finished_; ++done) {
    const double loss = train_step(seconds_ + seconds_since(start));
    if (finished_) break;
    loss_sum_ += loss;
    ++loss_count_;
    const double elapsed = seconds_ + seconds_since(start);
    const bool out_of_time = config_.time_budget_s > 0 && elapsed >= config_.time_budget_s;
    if (progress_.step >= config_.steps || out_of_time) finished_ = true;
    const bool evaluate_now = has_val_ && config_.eval_every > 0 && progress_.step % config_.eval_every == 0;
    if (evaluate_now && !finished_) progress_.val_loss = evaluate_validation().nll_per_token;
    if (seconds_since(start) >= max_seconds) break;
  }
  seconds_ += seconds_since(start);
  if (finished_ && has_val_ && progress_.stopped.empty()) progress_.val_loss = evaluate_validation().nll_per_token;
  progress_.finished = finished_;
  progress_.elapsed_s = seconds_;
  progress_.tokens_per_s = seconds_ > 0 ? tokens_ / seconds_ : 0;
  if (loss_count_ > 0) progress_.train_loss = loss_sum_ / loss_count_;
  loss_sum_ = 0;
  loss_count_ = 0;
  return progress_;
}

EvalReport NeuralTraining::evaluate_validation() {
  EvalReport r;
  if (!has_val_) return r;
  Tape tape(config_.seed + 3);
  tape.training = false;
  if (line_val_) {
    // A Transformer sees at most its positions; recurrent models and the MLP take whole lines.
    const int window = model_->config().kind == ModelKind::kTransformer ? model_->config().context : 0;
    for (const Batch& b : line_val_->all(kLineValBatch, window)) {
      tape.reset();
      r.nll_total += batch_nll(tape, b, nullptr);
      r.tokens += b.real_tokens();
      r.unk += count_unknown(b);
    }
    r.chars = val_chars_;
  } else {
    // The windows of a pass may leave the stream's last tokens out: count the
    // characters of what was predicted (all of them for characters).
    const double stream_tokens = val_pieces_ + val_line_ends_;
    RecurrentState carry;
    for (int w = 0; w < stream_val_->windows_per_pass(); ++w) {
      const Batch b = stream_val_->next();
      tape.reset();
      r.nll_total += batch_nll(tape, b, &carry);
      r.tokens += b.real_tokens();
      r.unk += count_unknown(b);
    }
    r.chars = val_chars_ * r.tokens / stream_tokens;
  }
  set_tokenizer_figures(r, val_pieces_, val_unk_pieces_, val_chars_ - val_line_ends_);
  r.nll_per_token = r.nll_total / r.tokens;
  r.ppl = std::exp(r.nll_per_token);
  r.bpc = r.nll_total / std::log(2.0) / r.chars;
  return r;
}

}  // namespace lmp::nn
