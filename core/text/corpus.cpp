#include "text/corpus.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/error.h"
#include "base/unicode_class.h"
#include "base/utf8.h"

namespace lmp {

std::size_t Corpus::non_empty_lines() const {
  std::size_t count = 0;
  for (const Line& line : lines) count += !line.empty();
  return count;
}

namespace {

std::string megabytes(double bytes) {
  const double mb = bytes / (1024.0 * 1024.0);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f MB", mb);
  return buffer;
}

}  // namespace

void check_text_size(double bytes, std::size_t max_bytes, const std::string& what) {
  if (bytes > static_cast<double>(max_bytes)) {
    throw resource_limit(what + " is " + megabytes(bytes) + ", more than the limit of " +
                         megabytes(static_cast<double>(max_bytes)) + "; use a smaller text or raise the memory limit");
  }
}

Corpus parse_corpus(const std::string& bytes, const std::string& what, std::size_t max_bytes) {
  check_text_size(static_cast<double>(bytes.size()), max_bytes, what);
  const std::size_t nul = bytes.find('\0');
  if (nul != std::string::npos) {
    throw invalid_input(what + " looks like a binary file (a NUL byte at offset " + std::to_string(nul) +
                        "); give a plain UTF-8 text file");
  }
  std::vector<char32_t> code_points;
  code_points.reserve(bytes.size());
  const Utf8Problem problem = decode_utf8(bytes, code_points);
  if (problem.found) {
    std::size_t line_number = 1;
    for (std::size_t i = 0; i < problem.byte_offset; ++i) line_number += bytes[i] == '\n';
    throw invalid_input(what + " is not valid UTF-8 (bad byte at offset " + std::to_string(problem.byte_offset) +
                        ", line " + std::to_string(line_number) + "); save it as UTF-8 and try again");
  }
  constexpr char32_t kByteOrderMark = 0xFEFF;
  std::size_t start = (!code_points.empty() && code_points[0] == kByteOrderMark) ? 1 : 0;

  Corpus corpus;
  Line current;
  for (std::size_t i = start; i < code_points.size(); ++i) {
    const char32_t cp = code_points[i];
    if (cp == U'\n') {
      if (!current.empty() && current.back() == U'\r') current.pop_back();
      corpus.lines.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(cp);
    }
  }
  if (!current.empty() && current.back() == U'\r') current.pop_back();
  if (!current.empty()) corpus.lines.push_back(std::move(current));

  if (corpus.non_empty_lines() == 0) {
    throw invalid_input(what + " is empty (no line has any text); give a text with at least one non-empty line");
  }
  // A model of blanks learns nothing and samples nothing anyone can see.
  const auto visible = [](char32_t cp) { return char_class(cp) != CharClass::kSpace; };
  const bool any_visible = std::any_of(corpus.lines.begin(), corpus.lines.end(), [&](const Line& line) {
    return std::any_of(line.begin(), line.end(), visible);
  });
  if (!any_visible) {
    throw invalid_input(what + " holds only spaces or other blanks; give a text with some letters, digits or signs");
  }
  return corpus;
}

SplitCorpus split_corpus(const Corpus& corpus, double val_fraction, ValSplit mode) {
  if (!(val_fraction >= 0.0 && val_fraction < 1.0)) {
    throw invalid_input("the validation fraction must be at least 0 and below 1 (got " +
                        std::to_string(val_fraction) + ")");
  }
  // One line cannot be cut in two: at any fraction above 0 one part is left empty.
  if (val_fraction > 0.0 && corpus.non_empty_lines() < 2) {
    throw invalid_input("the text is too short to split: with one line, the training part would have no text; "
                        "give a text of several lines, or set the validation fraction to 0");
  }
  SplitCorpus split;
  const std::size_t n = corpus.lines.size();
  // A tiny epsilon keeps floor((i + 1) * 0.1) exact where 0.1 is not.
  constexpr double kRoundingSlack = 1e-9;
  const auto train_lines = static_cast<std::size_t>(std::floor((1.0 - val_fraction) * n + kRoundingSlack));
  for (std::size_t i = 0; i < n; ++i) {
    bool to_val;
    if (mode == ValSplit::kTail) {
      to_val = i >= train_lines;
    } else {
      to_val = std::floor((i + 1) * val_fraction + kRoundingSlack) > std::floor(i * val_fraction + kRoundingSlack);
    }
    (to_val ? split.val : split.train).lines.push_back(corpus.lines[i]);
  }
  if (split.train.non_empty_lines() == 0) {
    throw invalid_input("the training part of the split has no text; lower the validation fraction");
  }
  if (val_fraction > 0.0 && split.val.non_empty_lines() == 0) {
    throw invalid_input("the validation part of the split has no text; raise the validation fraction or give a separate validation file");
  }
  return split;
}

}  // namespace lmp
