#include "tokenize/bpe/bpe_word_split.h"

#include "base/unicode_class.h"

namespace lmp {

void split_bpe_words(const Line& line, std::vector<WordSpan>& words) {
  words.clear();
  const std::size_t n = line.size();
  std::size_t i = 0;
  while (i < n) {
    const std::size_t begin = i;
    if (char_class(line[i]) == CharClass::kSpace) ++i;
    if (i < n) {
      const CharClass cls = char_class(line[i]);
      if (cls != CharClass::kSpace) {
        while (i < n && char_class(line[i]) == cls) ++i;
      }
    }
    words.push_back({begin, i});
  }
}

}  // namespace lmp
