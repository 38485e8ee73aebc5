#include "tokenize/word/word_split.h"

#include <array>

#include "base/unicode_class.h"

namespace lmp {

namespace {

bool is_apostrophe(char32_t c) { return c == U'\'' || c == 0x2019; }

// Most text is ASCII: a table saves char_class's range search for it.
CharClass class_of(char32_t c) {
  static const std::array<CharClass, 128> ascii = [] {
    std::array<CharClass, 128> table{};
    for (char32_t a = 0; a < 128; ++a) table[a] = char_class(a);
    return table;
  }();
  return c < 128 ? ascii[c] : char_class(c);
}

std::size_t end_of_run(const std::vector<CharClass>& classes, std::size_t i, CharClass cls) {
  while (i < classes.size() && classes[i] == cls) ++i;
  return i;
}

}  // namespace

void split_word_pieces(const Line& line, std::vector<PieceSpan>& spans) {
  thread_local std::vector<CharClass> classes;  // reused: one class per code point, computed once
  classes.resize(line.size());
  for (std::size_t i = 0; i < line.size(); ++i) classes[i] = class_of(line[i]);

  spans.clear();
  const std::size_t n = line.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t start = i;  // where the piece begins: i, or the space before it
    if (classes[i] == CharClass::kSpace) {
      const std::size_t run_end = end_of_run(classes, i, CharClass::kSpace);
      const bool space_joins_next = run_end < n && line[run_end - 1] == U' ';
      if (!space_joins_next) {
        spans.push_back({i, run_end});
        i = run_end;
        continue;
      }
      if (run_end - 1 > i) spans.push_back({i, run_end - 1});
      start = run_end - 1;
      i = run_end;
    }
    const CharClass cls = classes[i];
    std::size_t end = i + 1;
    if (cls == CharClass::kLetter || cls == CharClass::kDigit) end = end_of_run(classes, end, cls);
    spans.push_back({start, end});
    i = end;
    if (cls != CharClass::kLetter) continue;
    while (i + 1 < n && is_apostrophe(line[i]) && classes[i + 1] == CharClass::kLetter) {
      const std::size_t suffix_end = end_of_run(classes, i + 1, CharClass::kLetter);
      spans.push_back({i, suffix_end});
      i = suffix_end;
    }
  }
}

}  // namespace lmp
