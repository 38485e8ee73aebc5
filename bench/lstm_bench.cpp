// Training throughput of a character LSTM on a text file (Moby Dick in
// bench/lstm.js): embedding 32, one LSTM layer of 128, sequence length 64,
// batch 32, Adam at 3e-3 (no weight decay, no clipping, no warm-up: plain Adam,
// as TensorFlow.js does it), stream mode (the text as one stream, each of the
// 32 rows reading its own stretch window after window, the state carried from
// one window to the next). With --model gpt, the tiny GPT instead: d_model 64,
// 2 pre-LayerNorm blocks of 4 heads, context 64, batch 16, the same Adam. The
// same source builds natively (build/native/lstm_bench) and to wasm
// (build/wasm/lstm_bench.js, run with node, NODERAWFS so it reads the real
// file); bench/lstm.js runs both side by side with TensorFlow.js.
//
//   lstm_bench CORPUS [--model lstm|gpt] [--steps N] [--reps N] [--seed N] [--lockstep]
//
// Training goes through lmp::TrainingSession, the path of the page and the CLI.
// Without --lockstep: one untimed warm-up step, then `reps` runs of `steps`
// steps, and a summary. With --lockstep it prints "ready" once the session is
// set up, then for each line "train N" read from stdin runs N optimizer steps
// and answers {"ms", "cpu_ms", "tokens", "steps", "loss"} (wall and process CPU
// time, tokens trained, steps done so far, mean loss in nats per token over
// these N steps); at "quit" or end of input it prints the summary.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/trained_model.h"
#include "app/training_session.h"
#include "base/error.h"
#include "bench_common.h"

namespace {

struct Args {
  std::string corpus;
  std::string model = "lstm";  // lstm | gpt
  int steps = 20;
  int reps = 5;
  std::uint32_t seed = 1;
  bool lockstep = false;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "lstm_bench: " << problem << "\n"
            << "usage: lstm_bench CORPUS [--model lstm|gpt] [--steps N] [--reps N] [--seed N] [--lockstep]\n";
  std::exit(2);
}

Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--lockstep") {
      args.lockstep = true;
    } else if (arg.rfind("--", 0) == 0) {
      if (i + 1 >= argc) usage(arg + " needs a value");
      const char* value = argv[++i];
      if (arg == "--model") {
        args.model = value;
        if (args.model != "lstm" && args.model != "gpt") usage("--model is lstm or gpt");
      } else if (arg == "--steps") args.steps = bench::positive_int("lstm_bench", arg, value);
      else if (arg == "--reps") args.reps = bench::positive_int("lstm_bench", arg, value);
      else if (arg == "--seed") args.seed = static_cast<std::uint32_t>(bench::positive_int("lstm_bench", arg, value));
      else usage("unknown flag " + arg);
    } else if (args.corpus.empty()) {
      args.corpus = arg;
    } else {
      usage("more than one corpus given");
    }
  }
  if (args.corpus.empty()) usage("no corpus file given");
  return args;
}

using Clock = std::chrono::steady_clock;

// The benchmark's configurations, as the CLI would spell them:
//   lstm: --model lstm --embed 32 --hidden 128 --seq-len 64 --batch 32
//   gpt:  --model transformer --d-model 64 --layers 2 --heads 4 --context 64 --batch 16
//   both: --optimizer adam --lr 3e-3 --weight-decay 0 --clip 0 --warmup 0 --mode stream
//         --eval-every 0 --val-fraction 0
lmp::TrainOptions bench_options(const std::string& model, std::uint32_t seed) {
  lmp::TrainOptions o;
  if (model == "gpt") {
    o.model = lmp::ModelKind::kTransformer;
    o.embed = 64;
    o.layers = 2;
    o.heads = 4;
    o.batch = 16;
    o.context = 64;  // its window, and the windows it trains on
  } else {
    o.model = lmp::ModelKind::kLstm;
    o.embed = 32;
    o.hidden = 128;
    o.layers = 1;
    o.batch = 32;
    o.seq_len = 64;
  }
  o.optimizer = lmp::nn::OptimizerKind::kAdam;
  o.lr = 3e-3;
  o.weight_decay = 0;  // under "adam" it would be an L2 term; TensorFlow.js's Adam has none
  o.clip = 0;          // TensorFlow.js's Adam does not clip either
  o.warmup = 0;
  o.mode = lmp::nn::TrainMode::kStream;
  o.eval_every = 0;
  o.val_fraction = 0;
  o.steps = 10000000;  // far more than any run does: the cosine schedule stays at lr
  o.seed = seed;
  return o;
}

struct Run {
  double ms = 0;
  double cpu_ms = 0;
  double tokens = 0;
  int steps = 0;      // steps done so far, this run included
  double loss = 0;    // mean over this run's steps, nats per token
};

class Bench {
 public:
  Bench(const std::string& text, const std::string& model, std::uint32_t seed)
      : options_(bench_options(model, seed)), session_(lmp::TrainingSession::start(text, options_)) {}

  Run train(int steps) {
    const int before = step_;
    const Clock::time_point wall = Clock::now();
    const double cpu = bench::process_cpu_ms();
    const lmp::TrainingProgress progress = session_->run(steps, 1e9);
    Run run;
    run.cpu_ms = bench::process_cpu_ms() - cpu;
    run.ms = std::chrono::duration<double, std::milli>(Clock::now() - wall).count();
    if (!progress.stopped.empty()) throw std::runtime_error(progress.stopped);
    step_ = progress.step;
    run.steps = step_;
    run.tokens = static_cast<double>(step_ - before) * window() * options_.batch;
    run.loss = progress.train_loss;
    last_ = progress;
    runs_.push_back(run);
    return run;
  }

  std::string summary(const std::string& text) {
    const std::unique_ptr<lmp::TrainedModel> model = session_->finish();
    const lmp::TrainReport& report = model->report();
    std::size_t chars = 0;
    for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
    std::ostringstream out;
    out.precision(8);
    out << "{\"build\": \"" << bench::kBuild << "\", \"model\": \"" << report.model << "\", \"params\": " << report.params
        << ", \"vocab_size\": " << model->vocab_size() << ",\n"
        << " \"config\": {\"embed\": " << options_.embed << ", \"hidden\": " << options_.hidden
        << ", \"seq_len\": " << window() << ", \"batch\": " << options_.batch << ", \"optimizer\": \""
        << lmp::nn::to_string(options_.optimizer) << "\", \"lr\": " << options_.lr << ", \"mode\": \""
        << lmp::nn::to_string(options_.mode) << "\"},\n"
        << " \"corpus\": {\"bytes\": " << text.size() << ", \"chars\": " << chars << "},\n"
        << " \"steps\": " << step_ << ", \"train_loss\": " << report.train_loss
        << ", \"session_tokens_per_s\": " << last_.tokens_per_s << ",\n \"runs\": [";
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      const Run& r = runs_[i];
      out << (i ? ", " : "") << "{\"ms\": " << r.ms << ", \"cpu_ms\": " << r.cpu_ms << ", \"tokens\": " << r.tokens
          << ", \"loss\": " << r.loss << "}";
    }
    out << "]}\n";
    return out.str();
  }

 private:
  // Tokens per training window: the Transformer trains on windows of its context.
  int window() const { return options_.model == lmp::ModelKind::kTransformer ? options_.context : options_.seq_len; }

  lmp::TrainOptions options_;
  std::unique_ptr<lmp::TrainingSession> session_;
  int step_ = 0;
  lmp::TrainingProgress last_;
  std::vector<Run> runs_;
};

std::string json(const Run& r) {
  std::ostringstream out;
  out.precision(8);
  out << "{\"ms\": " << r.ms << ", \"cpu_ms\": " << r.cpu_ms << ", \"tokens\": " << r.tokens
      << ", \"steps\": " << r.steps << ", \"loss\": " << r.loss << "}";
  return out.str();
}

int run(const Args& args) {
  const std::string text = bench::read_file("lstm_bench", args.corpus);
  Bench bench(text, args.model, args.seed);
  if (!args.lockstep) {
    bench.train(1);  // warm-up: first allocations of the step arena, wasm tier-up
    for (int rep = 0; rep < args.reps; ++rep) {
      const Run r = bench.train(args.steps);
      std::cerr << "lstm_bench: " << args.steps << " steps, " << r.ms << " ms, "
                << static_cast<long long>(r.tokens / (r.ms / 1e3)) << " tokens/s, loss " << r.loss << "\n";
    }
    std::cout << bench.summary(text);
    return 0;
  }
  // Lockstep: bench/lstm.js asks for N steps a line and waits for the answer, so
  // that the contestants take turns and share the noise of a busy machine.
  std::cout << "ready" << std::endl;
  std::string line;
  while (std::getline(std::cin, line) && line != "quit") {
    std::istringstream request(line);
    std::string verb;
    int steps = 0;
    if (!(request >> verb >> steps) || verb != "train" || steps < 1) {
      std::cerr << "lstm_bench: unknown request '" << line << "'; use 'train N' or quit\n";
      return 2;
    }
    std::cout << json(bench.train(steps)) << std::endl;
  }
  std::cout << bench.summary(text);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  try {
    return run(args);
  } catch (const lmp::Error& e) {
    std::cerr << "lstm_bench: " << e.what() << "\n";
    return 1;
  } catch (const std::runtime_error& e) {
    std::cerr << "lstm_bench: " << e.what() << "\n";
    return 1;
  }
}
