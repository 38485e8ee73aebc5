// Cross-build determinism fingerprint: the same training text, sampling
// settings and seeds must give the same samples and the same probabilities
// (to the last bit, printed with %.17g) natively and in wasm. This test writes
// test-output/cross-build-samples-{native,wasm}.txt when that directory exists
// (the test runner creates it and runs from the repository root); a node test
// compares the two files.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/trained_model.h"
#include "app/training_session.h"
#include "test_helpers.h"

namespace {

#ifdef __EMSCRIPTEN__
constexpr const char* kBuild = "wasm";
#else
constexpr const char* kBuild = "native";
#endif

// About fifty short lines: names, a little prose, a few non-ASCII characters.
const char* const kText =
    "amelia\nbenjamin\ncharlotte\ndaniel\neleanor\nfrederick\ngrace\nhenry\nisla\njames\n"
    "katherine\nleo\nmargaret\nnathaniel\nolive\npenelope\nquentin\nrosalind\nsebastian\ntheodore\n"
    "ursula\nvictoria\nwilliam\nxavier\nyvonne\nzachary\nthe quick brown fox jumps over the lazy dog\n"
    "a stitch in time saves nine\nall that glitters is not gold\nfortune favours the bold\n"
    "the early bird catches the worm\nwhere there is smoke there is fire\nactions speak louder than words\n"
    "better late than never\nbirds of a feather flock together\nkill two birds with one stone\n"
    "the pen is mightier than the sword\nwhen in rome do as the romans do\nno man is an island\n"
    "café au lait\nnaïve résumé\nzoë\n中文测试\n你好世界\nemma\nolivia\nsophia\nmia\nlucas\nmason\n";

std::string format_double(double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

struct Setting {
  const char* name;
  double temperature;
  int top_k;
  double top_p;
  bool greedy;
};

std::string fingerprint(int* non_empty_continuations, int* samples_drawn) {
  std::ostringstream out;
  const std::vector<Setting> settings = {
      {"T1", 1.0, 0, 1.0, false},        {"T0.7-k5", 0.7, 5, 1.0, false}, {"T1.3-p0.9", 1.3, 0, 0.9, false},
      {"T0.9-k8-p0.8", 0.9, 8, 0.8, false}, {"greedy", 1.0, 0, 1.0, true},  {"T0", 0.0, 0, 1.0, false},
  };
  const std::vector<std::string> prompts = {"", "th", "ma", "zq€中"};
  struct ModelSetup {
    int order;
    const char* smoothing;
  };
  for (const ModelSetup& setup : {ModelSetup{3, "kn"}, ModelSetup{5, "kn"}, ModelSetup{2, "addk"}, ModelSetup{4, "none"}}) {
    lmp::TrainOptions options;
    options.order = setup.order;
    options.smoothing = lmp_test::named<lmp::Smoothing>(setup.smoothing, lmp::kSmoothingNames);
    options.k = 0.3;
    options.memory_limit_mb = 64;
    const auto model = lmp::train_model(kText, options);
    out << "== model order " << setup.order << " " << setup.smoothing << " params " << model->report().params
        << " val ppl " << format_double(model->report().val.ppl) << "\n";
    for (const Setting& s : settings) {
      lmp::SamplingConfig config;
      config.temperature = s.temperature;
      config.top_k = s.top_k;
      config.top_p = s.top_p;
      config.greedy = s.greedy;
      for (std::uint32_t seed : {1u, 42u, 2024u}) {
        for (const std::string& prompt : prompts) {
          const auto samples = model->sample(prompt, config, 40, seed, 3);
          for (const std::string& sample : samples) {
            out << s.name << " seed " << seed << " prompt [" << prompt << "]: [" << sample << "]\n";
            *non_empty_continuations += sample.size() > prompt.size();
            ++*samples_drawn;
          }
        }
      }
      for (const std::string& prompt : prompts) {
        for (const auto& t : model->next_tokens(prompt, config, 6)) {
          out << s.name << " next [" << prompt << "] " << t.id << " " << t.label << " " << format_double(t.base) << " "
              << format_double(t.tempered) << " " << format_double(t.final) << " " << t.removed_by << "\n";
        }
      }
    }
  }
  return out.str();
}

TEST(CrossBuild, WritesTheSamplingFingerprint) {
  int non_empty = 0, drawn = 0;
  const std::string text = fingerprint(&non_empty, &drawn);
  ASSERT_GT(drawn, 0);
  // Almost every sample continues its prompt (an immediate <eol> is possible but rare).
  EXPECT_GT(non_empty, drawn * 9 / 10) << non_empty << " of " << drawn << " samples are non-empty";
  // The fingerprint is a function of its inputs alone.
  int again_non_empty = 0, again_drawn = 0;
  EXPECT_EQ(fingerprint(&again_non_empty, &again_drawn), text);

  struct stat info;
  if (stat("test-output", &info) != 0 || !S_ISDIR(info.st_mode)) return;  // not run by the test runner: nothing to write
  const std::string path = std::string("test-output/cross-build-samples-") + kBuild + ".txt";
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  ASSERT_TRUE(file.good()) << "cannot write " << path;
  file << text;
  file.close();
  ASSERT_TRUE(file.good()) << "cannot finish writing " << path;
}

}  // namespace
