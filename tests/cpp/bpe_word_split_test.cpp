// split_bpe_words: whitespace opens the word after it, classes never mix,
// and the words cover the line exactly.
#include "tokenize/bpe/bpe_word_split.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/utf8.h"

namespace {

std::vector<std::string> words_of(const std::string& text) {
  const lmp::Line line = lmp::decode_utf8_or_throw(text, "t");
  std::vector<lmp::WordSpan> spans;
  lmp::split_bpe_words(line, spans);
  std::vector<std::string> words;
  for (const lmp::WordSpan& span : spans) {
    words.push_back(lmp::encode_utf8(lmp::Line(line.begin() + span.begin, line.begin() + span.end)));
  }
  return words;
}

using Words = std::vector<std::string>;

TEST(BpeWordSplit, HandWorkedLines) {
  struct Row {
    std::string line;
    Words words;
  };
  const std::vector<Row> table = {
      {"", {}},
      {"Call me Ishmael.", {"Call", " me", " Ishmael", "."}},
      {" whale,", {" whale", ","}},
      {"a  b", {"a", " ", " b"}},
      {"\tx\t", {"\tx", "\t"}},
      {"end ", {"end", " "}},
      {"   ", {" ", " ", " "}},
      {"(1851)", {"(", "1851", ")"}},
      {" \"Oh!\"", {" \"", "Oh", "!\""}},
      {"x1,2", {"x", "1", ",", "2"}},
      {"中文字。abc", {"中文字", "。", "abc"}},
      {"café 😀😀 ok", {"café", " 😀😀", " ok"}},
  };
  for (const Row& row : table) {
    EXPECT_EQ(words_of(row.line), row.words) << "line \"" << row.line << "\"";
  }
}

}  // namespace
