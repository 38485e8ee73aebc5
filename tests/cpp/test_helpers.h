// Small helpers shared by the GoogleTest files: checking that a call throws
// lmp::Error of one kind with a given message, a seeded generator for test
// data that does not depend on the code under test, and token-line builders.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <exception>
#include <stdexcept>
#include <random>
#include <string>
#include <vector>

#include "base/enum_names.h"
#include "base/error.h"
#include "base/utf8.h"
#include "lm/language_model.h"
#include "tokenize/char_tokenizer.h"

namespace lmp_test {

inline const char* kind_name(lmp::ErrorKind kind) {
  switch (kind) {
    case lmp::ErrorKind::kInvalidInput: return "kInvalidInput";
    case lmp::ErrorKind::kCorruptModel: return "kCorruptModel";
    case lmp::ErrorKind::kResourceLimit: return "kResourceLimit";
    case lmp::ErrorKind::kInternal: return "kInternal";
  }
  return "?";
}

// An enum from its name, for tests parameterized by names ("lstm", "bpe").
template <typename E, std::size_t N>
E named(const std::string& name, const std::array<const char*, N>& names) {
  const auto value = lmp::enum_from_name<E>(name, names);
  if (!value) throw std::invalid_argument("no such name in this test: " + name);
  return *value;
}
inline lmp::ModelKind model_kind(const std::string& name) { return named<lmp::ModelKind>(name, lmp::kModelKindNames); }
inline lmp::TokenizerKind tokenizer_kind(const std::string& name) {
  return named<lmp::TokenizerKind>(name, lmp::kTokenizerKindNames);
}

// Success if fn throws lmp::Error of `kind` whose message contains every needle.
template <typename F>
::testing::AssertionResult ThrowsLmpError(F&& fn, lmp::ErrorKind kind, const std::vector<std::string>& needles = {}) {
  try {
    fn();
  } catch (const lmp::Error& e) {
    const std::string message = e.what();
    if (e.kind() != kind) {
      return ::testing::AssertionFailure() << "threw " << kind_name(e.kind()) << " instead of " << kind_name(kind)
                                           << ": \"" << message << "\"";
    }
    for (const std::string& needle : needles) {
      if (message.find(needle) == std::string::npos) {
        return ::testing::AssertionFailure() << "message \"" << message << "\" does not contain \"" << needle << "\"";
      }
    }
    return ::testing::AssertionSuccess();
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "threw a non-lmp exception: " << e.what();
  } catch (...) {
    return ::testing::AssertionFailure() << "threw something that is not a std::exception";
  }
  return ::testing::AssertionFailure() << "did not throw (expected " << kind_name(kind) << ")";
}

// Test data generator: std::mt19937_64 is fully specified by the standard, so
// the data is the same in every build; no std:: distribution is used.
class TestRandom {
 public:
  explicit TestRandom(std::uint64_t seed) : engine_(seed) {}
  // Uniform-enough integer in [0, n) (n is tiny next to 2^64).
  int below(int n) { return static_cast<int>(engine_() % static_cast<std::uint64_t>(n)); }
  double unit() { return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0); }
  // Index drawn with probability proportional to weights.
  int weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double coin = unit() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (coin < weights[i]) return static_cast<int>(i);
      coin -= weights[i];
    }
    return static_cast<int>(weights.size()) - 1;
  }

 private:
  std::mt19937_64 engine_;
};

// n floats uniform in [-spread, spread]: kernel inputs.
inline std::vector<float> random_floats(std::size_t n, double spread, std::uint64_t seed) {
  TestRandom random(seed);
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>(spread * (2.0 * random.unit() - 1.0));
  return v;
}

// max |a_i - b_i| / max(1, |b_i|): absolute below 1, relative above; equal
// values (equal infinities too) differ by 0, a finite and an infinite one by inf.
inline double max_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    const double d = std::fabs(static_cast<double>(a[i]) - b[i]) / std::max(1.0, std::fabs(static_cast<double>(b[i])));
    worst = std::max(worst, std::isnan(d) ? std::numeric_limits<double>::infinity() : d);
  }
  return worst;
}

// A line of any UTF-8: ASCII, accents, a combining mark, Chinese, emoji,
// tabs and other whitespace, control characters, the last code points of the planes.
inline std::string random_unicode(TestRandom& random, int length) {
  static const std::vector<char32_t> pool = {
      U'a', U'z', U'Q', U'0', U'9', U' ', U' ', U'\t', U',', U'!', U'~', 0xE9, 0xFC, 0x301, 0x4E2D, 0x6587, 0x5B57,
      0x3002, 0x1F600, 0x1F433, 0x3000, 0xA0, 0x7F, 0x1, 0xFFFD, 0xFFFF, 0x10FFFF, 0x0E01, 0x0416};
  std::string text;
  for (int i = 0; i < length; ++i) lmp::append_utf8(pool[random.below(static_cast<int>(pool.size()))], text);
  return text;
}

using TokenLine = std::vector<lmp::TokenId>;

// <bos> chars... <eol>, as CharTokenizer::encode_line gives.
inline TokenLine framed(const std::vector<lmp::TokenId>& chars) {
  TokenLine line = {lmp::CharTokenizer::kBos};
  line.insert(line.end(), chars.begin(), chars.end());
  line.push_back(lmp::CharTokenizer::kEol);
  return line;
}

// `count` lines of 1..max_length characters, character ids 3 .. 3 + alphabet - 1.
inline std::vector<TokenLine> random_lines(std::uint64_t seed, int count, int alphabet, int max_length) {
  TestRandom random(seed);
  std::vector<TokenLine> lines;
  for (int n = 0; n < count; ++n) {
    std::vector<lmp::TokenId> chars(1 + random.below(max_length));
    for (auto& c : chars) c = lmp::CharTokenizer::kFirstCharacter + random.below(alphabet);
    lines.push_back(framed(chars));
  }
  return lines;
}

// A small text for TrainedModel tests: 24 short lines (names and a little
// prose), a few non-ASCII characters, a blank line.
inline const std::string& small_text() {
  static const std::string text =
      "anna\nemma\nolivia\nava\nisabella\nsophia\nmia\namelia\n"
      "harper\nevelyn\nabigail\nemily\nella\nelizabeth\ncamila\nluna\n"
      "\n"
      "the cat sat on the mat\nthe dog sat on the log\n"
      "zoë and chloé\n中文名字\nnoah\nliam\noliver\nelijah\n";
  return text;
}

inline std::string describe(const std::vector<lmp::TokenId>& tokens) {
  std::string s = "[";
  for (std::size_t i = 0; i < tokens.size(); ++i) s += (i ? " " : "") + std::to_string(tokens[i]);
  return s + "]";
}

}  // namespace lmp_test
