// What every benchmark program shares: which build it is, the process's CPU
// clock, reading a positive whole-number flag, and reading a whole file. Each
// *_bench.cpp includes this once (it defines functions, so it is not for libraries).
#pragma once
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace bench {

// The file's bytes, or a one-line complaint naming the program and exit 1.
inline std::string read_file(const char* program, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << program << ": cannot read " << path << "\n";
    std::exit(1);
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

#ifdef __EMSCRIPTEN__
constexpr const char* kBuild = "wasm";
#else
constexpr const char* kBuild = "native";
#endif

// CPU time of this process: leaves out the time spent waiting for a core while
// other jobs run, so ratios between builds on a busy machine are steadier in it.
#ifdef __EMSCRIPTEN__
// Emscripten's clock_gettime has no CPU-time clocks; node's process.cpuUsage
// counts all threads of the process (V8's compiler and GC threads are idle
// during a warm run).
EM_JS(double, process_cpu_ms, (), {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
});
#else
inline double process_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}
#endif

// The flag's value as a positive int, or a one-line complaint and exit 2.
inline int positive_int(const char* program, const std::string& flag, const char* value) {
  char* end = nullptr;
  const long n = std::strtol(value, &end, 10);
  if (end == value || *end != '\0' || n < 1 || n > 100000000) {
    std::cerr << program << ": " << flag << " needs a positive integer, got '" << value << "'\n";
    std::exit(2);
  }
  return static_cast<int>(n);
}

// Reads `--name N` pairs into the ints named in `flags`, each a positive whole
// number; an unknown flag or one without a value is a one-line complaint and exit 2.
inline void int_flags(const char* program, int argc, char** argv,
                      std::initializer_list<std::pair<const char*, int*>> flags) {
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    int* target = nullptr;
    for (const auto& [name, value] : flags) {
      if (flag == name) target = value;
    }
    if (target == nullptr || i + 1 >= argc) {
      std::cerr << program << ": " << (target ? flag + " needs a value" : "unknown flag " + flag) << "\n";
      std::exit(2);
    }
    *target = positive_int(program, flag, argv[i + 1]);
  }
}

}  // namespace bench
