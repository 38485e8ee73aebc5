// Matrix-product throughput (GFLOP/s) of the f32_gemm variants of this build.
// The same source builds natively (build/native/gemm_bench) and to wasm
// (build/wasm/gemm_bench.js, run with node); bench/gemm.js runs both side by
// side and prints the wasm/native ratios.
//
//   gemm_bench [--min-ms N] [--lockstep]
//
// Contestants: "reference" (f32_gemm_reference, the scalar triple loop),
// and every variant of gemm_variants() (gemm.h) in this build: "eigen" (Eigen's
// product, measured whatever f32_gemm picks) and the hand-written ones (e.g. 4x8__wasmsimd in wasm). Cases: FORM N, with C (N, N) = op(A) ·
// op(B), inner dimension N, C overwritten; FORM is AB (A·B, forward), ABt (A·Bᵀ,
// the input gradient) or AtB (Aᵀ·B, the weight gradient).
//
// One measurement: one untimed call (warm-up: caches, V8's tier-up to TurboFan),
// then as many calls as fill at least --min-ms (40 by default, counted from the
// warm-up call) timed together in wall time (steady_clock) and process CPU
// time. The first time a contestant runs a case, its C is checked against
// f32_gemm_reference (max |error| / max |C|) and hashed (FNV-1a of the float
// bits, to compare builds); the summary reports both.
//
// Without --lockstep it runs every contestant on every case a few times and
// prints a JSON summary. With --lockstep it prints one JSON line {"ready": true,
// "build", "contestants", "choice"}, then measures one request a line read from
// stdin ("CONTESTANT FORM N"), answering {"calls", "ms", "cpu_ms", "gflops",
// "cpu_gflops"}, until "quit" or end of input, then prints the summary:
// bench/gemm.js drives the native and the wasm build that way, turn by turn.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bench_common.h"
#include "kernels/dispatch.h"
#include "kernels/gemm.h"

namespace {

using lmp::kernels::GemmFn;

// ---- clocks -------------------------------------------------------------------------
using Clock = std::chrono::steady_clock;

// ---- cases and contestants ----------------------------------------------------------------
struct Form {
  const char* name;
  bool transpose_a;
  bool transpose_b;
};
constexpr Form kForms[] = {{"AB", false, false}, {"ABt", false, true}, {"AtB", true, false}};

const Form* find_form(const std::string& name) {
  for (const Form& f : kForms) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

struct Contestant {
  std::string name;
  GemmFn fn;
};

std::vector<Contestant> contestants() {
  std::vector<Contestant> list = {{"reference", lmp::kernels::f32_gemm_reference}};
  for (const lmp::kernels::GemmVariant& v : lmp::kernels::gemm_variants()) list.push_back({v.name, v.fn});
  return list;
}

// Inputs of one size, the same in every build: a fixed linear congruential
// sequence in [-1, 1).
struct Operands {
  std::vector<float> a, b, c;
  explicit Operands(int n) : a(static_cast<std::size_t>(n) * n), b(a.size()), c(a.size()) {
    std::uint32_t state = 12345u + static_cast<std::uint32_t>(n);
    auto next = [&state] {
      state = state * 1664525u + 1013904223u;
      return static_cast<float>(state >> 8) / 8388608.0f - 1.0f;
    };
    for (float& x : a) x = next();
    for (float& x : b) x = next();
  }
};

struct Measurement {
  int calls = 0;
  double ms = 0;
  double cpu_ms = 0;
  double gflops = 0;      // from wall time
  double cpu_gflops = 0;  // from CPU time
};

class Bench {
 public:
  explicit Bench(double min_ms) : min_ms_(min_ms), contestants_(contestants()) {}

  const std::vector<Contestant>& list() const { return contestants_; }

  const Contestant* find(const std::string& name) const {
    for (const Contestant& c : contestants_) {
      if (c.name == name) return &c;
    }
    return nullptr;
  }

  Measurement run(const Contestant& who, const Form& form, int n) {
    Operands& in = operands(n);
    auto call = [&] { who.fn(form.transpose_a, form.transpose_b, n, n, n, in.a.data(), in.b.data(), in.c.data(), false); };
    const auto warm_start = Clock::now();
    call();
    const double warm_ms = std::chrono::duration<double, std::milli>(Clock::now() - warm_start).count();
    Measurement m;
    m.calls = static_cast<int>(std::clamp(std::ceil(min_ms_ / std::max(warm_ms, 1e-3)), 1.0, 1e6));
    const double cpu_start = bench::process_cpu_ms();
    const auto start = Clock::now();
    for (int i = 0; i < m.calls; ++i) call();
    m.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    m.cpu_ms = bench::process_cpu_ms() - cpu_start;
    const double flops = 2.0 * n * n * static_cast<double>(n) * m.calls;
    m.gflops = flops / (m.ms * 1e6);
    m.cpu_gflops = m.cpu_ms > 0 ? flops / (m.cpu_ms * 1e6) : 0.0;
    check(who, form, n, in.c);
    runs_[who.name + " " + form.name + " " + std::to_string(n)].push_back(m);
    return m;
  }

  std::string summary() const {
    std::ostringstream out;
    out.precision(6);
    out << "{\"build\": \"" << bench::kBuild << "\", \"choice\": \"" << lmp::kernels::f32_gemm_choice() << "\",\n"
        << " \"max_rel_error\": {";
    bool first = true;
    for (const auto& [key, error] : errors_) {
      out << (first ? "" : ", ") << "\"" << key << "\": " << error;
      first = false;
    }
    out << "},\n \"hashes\": {";
    first = true;
    for (const auto& [key, hash] : hashes_) {
      out << (first ? "" : ", ") << "\"" << key << "\": \"" << hash << "\"";
      first = false;
    }
    out << "},\n \"best_gflops\": {";
    first = true;
    for (const auto& [key, runs] : runs_) {
      double best = 0;
      for (const Measurement& m : runs) best = std::max(best, m.gflops);
      out << (first ? "" : ", ") << "\"" << key << "\": " << best;
      first = false;
    }
    out << "}}\n";
    return out.str();
  }

 private:
  Operands& operands(int n) {
    auto it = operands_.find(n);
    if (it == operands_.end()) it = operands_.emplace(n, Operands(n)).first;
    return it->second;
  }

  // The first run of a contestant on a case: compare with the reference.
  void check(const Contestant& who, const Form& form, int n, const std::vector<float>& c) {
    const std::string key = who.name + " " + form.name + " " + std::to_string(n);
    if (errors_.count(key)) return;
    const std::string ref_key = std::string(form.name) + " " + std::to_string(n);
    auto it = expected_.find(ref_key);
    if (it == expected_.end()) {
      Operands& in = operands(n);
      std::vector<float> want(c.size());
      lmp::kernels::f32_gemm_reference(form.transpose_a, form.transpose_b, n, n, n, in.a.data(), in.b.data(),
                                       want.data(), false);
      it = expected_.emplace(ref_key, std::move(want)).first;
    }
    double max_error = 0, max_value = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
      max_error = std::max(max_error, std::fabs(static_cast<double>(c[i]) - it->second[i]));
      max_value = std::max(max_value, std::fabs(static_cast<double>(it->second[i])));
    }
    const double error = max_error / std::max(max_value, 1e-30);
    errors_[key] = std::isnan(error) ? 1.0 : error;
    std::uint64_t hash = 0xCBF29CE484222325ull;
    for (float x : c) {
      std::uint32_t bits;
      std::memcpy(&bits, &x, sizeof bits);
      for (int byte = 0; byte < 4; ++byte) hash = (hash ^ ((bits >> (8 * byte)) & 0xFFu)) * 0x100000001B3ull;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    hashes_[key] = hex;
  }

  double min_ms_;
  std::vector<Contestant> contestants_;
  std::map<int, Operands> operands_;
  std::map<std::string, std::vector<float>> expected_;
  std::map<std::string, double> errors_;
  std::map<std::string, std::string> hashes_;
  std::map<std::string, std::vector<Measurement>> runs_;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "gemm_bench: " << problem << "\nusage: gemm_bench [--min-ms N] [--lockstep]\n";
  std::exit(2);
}

std::string json_string_list(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", \"" : "\"") + v[i] + "\"";
  return s + "]";
}

int lockstep(Bench& bench) {
  std::vector<std::string> names;
  for (const Contestant& c : bench.list()) names.push_back(c.name);
  std::cout << "{\"ready\": true, \"build\": \"" << bench::kBuild << "\", \"choice\": \"" << lmp::kernels::f32_gemm_choice()
            << "\", \"contestants\": " << json_string_list(names) << "}" << std::endl;
  std::string line;
  while (std::getline(std::cin, line) && line != "quit") {
    std::istringstream request(line);
    std::string name, form_name;
    int n = 0;
    request >> name >> form_name >> n;
    const Contestant* who = bench.find(name);
    const Form* form = find_form(form_name);
    if (!who || !form || n < 1 || n > 4096) {
      std::cerr << "gemm_bench: bad request '" << line << "'; use CONTESTANT FORM N (forms AB, ABt, AtB) or quit\n";
      return 2;
    }
    const Measurement m = bench.run(*who, *form, n);
    std::cout << "{\"calls\": " << m.calls << ", \"ms\": " << m.ms << ", \"cpu_ms\": " << m.cpu_ms
              << ", \"gflops\": " << m.gflops << ", \"cpu_gflops\": " << m.cpu_gflops << "}" << std::endl;
  }
  std::cout << bench.summary();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  double min_ms = 40;
  bool lock = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--lockstep") {
      lock = true;
    } else if (arg == "--min-ms" && i + 1 < argc) {
      char* end = nullptr;
      min_ms = std::strtod(argv[++i], &end);
      if (*end != '\0' || !(min_ms > 0 && min_ms <= 60000)) usage("--min-ms needs a number of ms in (0, 60000]");
    } else {
      usage("unknown argument " + arg);
    }
  }
  Bench bench(min_ms);
  if (lock) return lockstep(bench);
  // Stand-alone: three rounds over every case; the summary keeps the best.
  for (int round = 0; round < 3; ++round) {
    for (int n : {64, 128, 256, 512}) {
      for (const Form& form : kForms) {
        if (form.transpose_a != form.transpose_b && n != 256) continue;
        for (const Contestant& c : bench.list()) {
          if (c.name == "reference" && n > 128) continue;
          const Measurement m = bench.run(c, form, n);
          if (round == 2) std::fprintf(stderr, "%-16s %-4s %4d  %7.2f GFLOP/s\n", c.name.c_str(), form.name, n, m.gflops);
        }
      }
    }
  }
  std::cout << bench.summary();
  return 0;
}
