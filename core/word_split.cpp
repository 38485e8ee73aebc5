#include "word_split.h"

#include "unicode_class.h"

namespace lmp {

namespace {

bool is_apostrophe(char32_t c) { return c == U'\'' || c == 0x2019; }

std::size_t end_of_run(const Line& line, std::size_t i, CharClass cls) {
  while (i < line.size() && char_class(line[i]) == cls) ++i;
  return i;
}

}  // namespace

void split_word_pieces(const Line& line, std::vector<PieceSpan>& spans) {
  spans.clear();
  const std::size_t n = line.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t start = i;  // where the piece begins: i, or the space before it
    if (char_class(line[i]) == CharClass::kSpace) {
      const std::size_t run_end = end_of_run(line, i, CharClass::kSpace);
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
    const CharClass cls = char_class(line[i]);
    std::size_t end = i + 1;
    if (cls == CharClass::kLetter || cls == CharClass::kDigit) end = end_of_run(line, end, cls);
    spans.push_back({start, end});
    i = end;
    if (cls != CharClass::kLetter) continue;
    while (i + 1 < n && is_apostrophe(line[i]) && char_class(line[i + 1]) == CharClass::kLetter) {
      const std::size_t suffix_end = end_of_run(line, i + 1, CharClass::kLetter);
      spans.push_back({i, suffix_end});
      i = suffix_end;
    }
  }
}

}  // namespace lmp
