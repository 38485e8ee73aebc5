// Order-5 Kneser-Ney on a text file: times training and sampling, and prints
// one JSON object on stdout. The same source builds natively
// (build/native/ngram_bench) and to wasm (build/wasm/ngram_bench.js, run with
// node, NODERAWFS so it reads the real file); bench/ngram.js runs both side by
// side and prints the wasm/native ratios.
//
//   ngram_bench CORPUS [--order N] [--chars N] [--reps N] [--seed N] [--batch N] [--lockstep]
//
// Prints {"build": "native"|"wasm", corpus, model, val, sample, and per phase
// best, median and all runs in ms of wall time (steady_clock) and of process
// CPU time}. With --lockstep it prints "ready", then runs one phase per line
// read from stdin (train_full, train_val, sample), answers {"phase", "ms",
// "cpu_ms"} for each, and prints the summary at "quit" or end of input:
// bench/ngram.js drives the native and the wasm build that way, turn by turn.
//
// Each repetition times, in this order (so slow spells hit every phase):
//   train_full  train_model(text, {order, kn, val_fraction 0}): the whole
//               text, parsing included; the "training on the whole novel" figure.
//   train_val   the same with val_fraction 0.1, tail split: training on 90 % and
//               evaluating the last 10 % (perplexity and unseen shares), what the
//               page and the CLI do by default.
//   sample      samples from the train_full model, temperature 1, no top-k/p,
//               max_tokens 1000 per sample (a sample ends at end of line), in
//               calls of `batch` samples with seed, seed + 1, ... until `chars`
//               code points were produced (newlines not counted). bench/ngram.js
//               makes the same calls through the JS API; the text hash checks
//               that all builds draw the same samples.
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
#include <stdexcept>
#include <string>
#include <vector>

#include "app/trained_model.h"
#include "app/training_session.h"
#include "base/error.h"
#include "bench_common.h"

namespace {

struct Args {
  std::string corpus;
  int order = 5;
  int chars = 10000;
  int reps = 5;
  std::uint32_t seed = 1;
  int batch = 8;
  int max_tokens = 1000;
  bool lockstep = false;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "ngram_bench: " << problem << "\n"
            << "usage: ngram_bench CORPUS [--order N] [--chars N] [--reps N] [--seed N] [--batch N] [--lockstep]\n";
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
      if (arg == "--order") args.order = bench::positive_int("ngram_bench", arg, value);
      else if (arg == "--chars") args.chars = bench::positive_int("ngram_bench", arg, value);
      else if (arg == "--reps") args.reps = bench::positive_int("ngram_bench", arg, value);
      else if (arg == "--seed") args.seed = static_cast<std::uint32_t>(bench::positive_int("ngram_bench", arg, value));
      else if (arg == "--batch") args.batch = bench::positive_int("ngram_bench", arg, value);
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

std::size_t code_points(const std::string& utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

// FNV-1a over the sampled text: equal hashes mean equal samples across builds.
std::uint64_t fnv1a(const std::string& bytes, std::uint64_t hash) {
  for (unsigned char c : bytes) hash = (hash ^ c) * 0x100000001B3ull;
  return hash;
}

using Clock = std::chrono::steady_clock;

struct Timing {
  double wall_ms = 0;
  double cpu_ms = 0;
};

class Timer {
 public:
  Timer() : wall_(Clock::now()), cpu_ms_(bench::process_cpu_ms()) {}
  Timing elapsed() const {
    return {std::chrono::duration<double, std::milli>(Clock::now() - wall_).count(), bench::process_cpu_ms() - cpu_ms_};
  }

 private:
  Clock::time_point wall_;
  double cpu_ms_;
};

struct Series {
  std::vector<double> ms;      // wall
  std::vector<double> cpu_ms;
  void add(const Timing& t) {
    ms.push_back(t.wall_ms);
    cpu_ms.push_back(t.cpu_ms);
  }
  static double best(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }
  static double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
};

struct SampleRun {
  std::size_t chars = 0;
  std::size_t samples = 0;
  int calls = 0;
  std::uint64_t hash = 0xCBF29CE484222325ull;
};

SampleRun sample_chars(const lmp::TrainedModel& model, const Args& args) {
  const lmp::SamplingConfig config;  // temperature 1, no top-k, no top-p
  SampleRun run;
  while (run.chars < static_cast<std::size_t>(args.chars)) {
    const auto samples = model.sample("", config, args.max_tokens, args.seed + run.calls, args.batch);
    ++run.calls;
    for (const std::string& s : samples) {
      run.chars += code_points(s);
      run.hash = fnv1a(s + "\n", run.hash);
      ++run.samples;
    }
  }
  return run;
}

std::string json_list(const std::vector<double>& v) {
  std::ostringstream out;
  out.precision(6);
  out << "[";
  for (std::size_t i = 0; i < v.size(); ++i) out << (i ? ", " : "") << v[i];
  out << "]";
  return out.str();
}

std::string json_series(const Series& s) {
  if (s.ms.empty()) return "{\"best_ms\": null, \"median_ms\": null, \"runs_ms\": [], \"cpu_runs_ms\": []}";
  std::ostringstream out;
  out.precision(6);
  out << "{\"best_ms\": " << Series::best(s.ms) << ", \"median_ms\": " << Series::median(s.ms)
      << ", \"cpu_best_ms\": " << Series::best(s.cpu_ms) << ", \"cpu_median_ms\": " << Series::median(s.cpu_ms)
      << ",\n   \"runs_ms\": " << json_list(s.ms) << ",\n   \"cpu_runs_ms\": " << json_list(s.cpu_ms) << "}";
  return out.str();
}

std::string hex(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

class Bench {
 public:
  Bench(const Args& args, std::string text) : args_(args), text_(std::move(text)) {
    full_options_.order = args.order;
    full_options_.smoothing = lmp::Smoothing::kKneserNey;
    full_options_.val_fraction = 0.0;
    val_options_ = full_options_;
    val_options_.val_fraction = 0.1;
    val_options_.val_split = lmp::ValSplit::kTail;
  }

  // Runs one phase once and gives its times. false: no such phase.
  bool run(const std::string& phase, Timing& time) {
    if (phase == "train_full") {
      full_model_.reset();  // free the previous model first, as a fresh train would find memory
      const Timer timer;
      full_model_ = lmp::train_model(text_, full_options_);
      time = timer.elapsed();
      train_full_.add(time);
    } else if (phase == "train_val") {
      val_model_.reset();
      const Timer timer;
      val_model_ = lmp::train_model(text_, val_options_);
      time = timer.elapsed();
      train_val_.add(time);
    } else if (phase == "sample") {
      if (!full_model_) full_model_ = lmp::train_model(text_, full_options_);  // untimed
      const Timer timer;
      const SampleRun run = sample_chars(*full_model_, args_);
      time = timer.elapsed();
      sample_.add(time);
      if (sample_.ms.size() > 1 && run.hash != sampled_.hash) {
        throw std::runtime_error("sampling with the same seeds gave different text");
      }
      sampled_ = run;
    } else {
      return false;
    }
    return true;
  }

  std::string summary() {
    if (!full_model_) full_model_ = lmp::train_model(text_, full_options_);
    if (!val_model_) val_model_ = lmp::train_model(text_, val_options_);
    if (sample_.ms.empty()) sampled_ = sample_chars(*full_model_, args_);
    const lmp::TrainReport& full = full_model_->report();
    const lmp::TrainReport& val = val_model_->report();
    std::ostringstream out;
    out.precision(10);
    out << "{\"build\": \"" << bench::kBuild << "\", \"order\": " << args_.order << ", \"smoothing\": \"kn\", \"reps\": "
        << args_.reps << ",\n"
        << " \"corpus\": {\"bytes\": " << text_.size() << ", \"chars\": " << code_points(text_)
        << ", \"train_tokens\": " << full.train_tokens << ", \"vocab_size\": " << full_model_->vocab_size() << "},\n"
        << " \"model\": {\"name\": \"" << full.model << "\", \"stored_ngrams\": " << full.params
        << ", \"memory_bytes\": " << full_model_->memory_bytes() << "},\n"
        << " \"val\": {\"train_tokens\": " << val.train_tokens << ", \"val_tokens\": " << val.val_tokens
        << ", \"bpc\": " << val.val.bpc << ", \"ppl\": " << val.val.ppl << ", \"stored_ngrams\": " << val.params << "},\n"
        << " \"sample\": {\"chars\": " << sampled_.chars << ", \"samples\": " << sampled_.samples
        << ", \"calls\": " << sampled_.calls << ", \"batch\": " << args_.batch << ", \"max_tokens\": " << args_.max_tokens
        << ", \"seed\": " << args_.seed << ", \"hash\": \"" << hex(sampled_.hash) << "\"},\n"
        << " \"train_full\": " << json_series(train_full_) << ",\n"
        << " \"train_val\": " << json_series(train_val_) << ",\n"
        << " \"sample_chars\": " << json_series(sample_) << "}\n";
    return out.str();
  }

 private:
  const Args& args_;
  const std::string text_;
  lmp::TrainOptions full_options_, val_options_;
  std::unique_ptr<lmp::TrainedModel> full_model_, val_model_;
  Series train_full_, train_val_, sample_;
  SampleRun sampled_;
};

int run(const Args& args) {
  Bench bench(args, bench::read_file("ngram_bench", args.corpus));
  Timing time;
  if (!args.lockstep) {
    // Phases alternate within each repetition so that slow spells of the machine hit all of them.
    for (int rep = 0; rep < args.reps; ++rep) {
      for (const char* phase : {"train_full", "train_val", "sample"}) bench.run(phase, time);
    }
    std::cout << bench.summary();
    return 0;
  }
  // Lockstep: bench/ngram.js names one phase a line and waits for its time, so
  // that native, wasm and the JS API take turns phase by phase.
  std::cout << "ready" << std::endl;
  std::string phase;
  while (std::getline(std::cin, phase) && phase != "quit") {
    if (!bench.run(phase, time)) {
      std::cerr << "ngram_bench: unknown phase '" << phase << "'; use train_full, train_val, sample or quit\n";
      return 2;
    }
    std::cout << "{\"phase\": \"" << phase << "\", \"ms\": " << time.wall_ms << ", \"cpu_ms\": " << time.cpu_ms << "}"
              << std::endl;
  }
  std::cout << bench.summary();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  try {
    return run(args);
  } catch (const lmp::Error& e) {
    std::cerr << "ngram_bench: " << e.what() << "\n";
    return 1;
  } catch (const std::runtime_error& e) {  // the bench's own checks
    std::cerr << "ngram_bench: " << e.what() << "\n";
    return 1;
  }
}
