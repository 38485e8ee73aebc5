// Corpus parsing (what is rejected, and how lines are cut) and the
// train/validation splits, checked by counting.
#include "app/option_table.h"
#include "text/corpus.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "test_helpers.h"

namespace {

using lmp::ErrorKind;
using lmp_test::ThrowsLmpError;

constexpr std::size_t kNoLimit = 1 << 20;

std::vector<std::string> lines_as_text(const lmp::Corpus& corpus) {
  std::vector<std::string> out;
  for (const lmp::Line& line : corpus.lines) out.push_back(lmp::encode_utf8(line));
  return out;
}

TEST(Corpus, RejectsTextsWithoutAnyCharacters) {
  const std::vector<std::string> empties = {"", "\n", "\n\n\n", "\r\n\r\n", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n\n"};
  for (const std::string& text : empties) {
    SCOPED_TRACE("text of " + std::to_string(text.size()) + " bytes");
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::parse_corpus(text, "the training text", kNoLimit); },
                               ErrorKind::kInvalidInput, {"the training text", "empty"}));
  }
}

TEST(Corpus, RejectsTextsOfBlanksOnly) {
  // Spaces, tabs, a no-break space and an ideographic space: a model of them would sample blanks.
  const std::vector<std::string> blanks = {" ", "   \n \n", "\t\n", "\xC2\xA0", "\xE3\x80\x80\n  "};
  for (const std::string& text : blanks) {
    SCOPED_TRACE("text of " + std::to_string(text.size()) + " bytes");
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::parse_corpus(text, "the training text", kNoLimit); },
                               ErrorKind::kInvalidInput, {"the training text", "only spaces", "give a text"}));
  }
  EXPECT_EQ(lmp::parse_corpus("  \n.\n", "t", kNoLimit).lines.size(), 2u) << "one visible character is enough";
}

TEST(Corpus, RejectsBinaryWithTheOffsetOfTheNul) {
  const std::string text("ab\ncd\0ef", 8);
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::parse_corpus(text, "the training text", kNoLimit); },
                             ErrorKind::kInvalidInput, {"the training text", "binary", "offset 5"}));
}

TEST(Corpus, InvalidUtf8NamesOffsetAndLine) {
  struct Row {
    std::string text;
    std::size_t offset;
    int line;
  };
  const std::vector<Row> table = {
      {"\xFF", 0, 1},
      {"a\nb\nc\xFF", 5, 3},
      {"first\n\nthird \xED\xA0\x80 line\n", 13, 3},
      {"\xE4\xB8\xAD\n\xE4\xB8", 4, 2},           // truncated at the very end of line 2
      {"one\r\ntwo\r\n\xC0\x80\r\n", 10, 3},       // overlong on line 3 of a CRLF file
  };
  for (const Row& row : table) {
    SCOPED_TRACE("offset " + std::to_string(row.offset));
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::parse_corpus(row.text, "the validation text", kNoLimit); },
                               ErrorKind::kInvalidInput,
                               {"the validation text", "UTF-8", "offset " + std::to_string(row.offset) + ",",
                                "line " + std::to_string(row.line) + ")"}));
  }
}

TEST(Corpus, SizeLimitIsAResourceLimit) {
  const std::string text(1000, 'a');
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::parse_corpus(text, "the training text", 999); }, ErrorKind::kResourceLimit,
                             {"the training text", "limit"}));
  const lmp::Corpus at_limit = lmp::parse_corpus(text, "the training text", 1000);
  ASSERT_EQ(at_limit.lines.size(), 1u);
  EXPECT_EQ(at_limit.lines[0].size(), 1000u);
}

TEST(Corpus, CutsLinesKeepingEmptyOnes) {
  struct Row {
    std::string text;
    std::vector<std::string> lines;
    std::size_t non_empty;
  };
  const std::vector<Row> table = {
      {"abc", {"abc"}, 1},
      {"abc\n", {"abc"}, 1},
      {"a\nb", {"a", "b"}, 2},
      {"a\n\nb\n", {"a", "", "b"}, 2},
      {"\n\na\n\n", {"", "", "a", ""}, 1},
      {"中文\n😀 x\n", {"中文", "😀 x"}, 2},
      {"a\rb\n", {"a\rb"}, 1},  // a CR that is not before LF is a character
  };
  for (const Row& row : table) {
    SCOPED_TRACE(row.text);
    const lmp::Corpus corpus = lmp::parse_corpus(row.text, "t", kNoLimit);
    EXPECT_EQ(lines_as_text(corpus), row.lines);
    EXPECT_EQ(corpus.non_empty_lines(), row.non_empty);
  }
}

TEST(Corpus, ByteOrderMarkAndCrLfReadLikeUnixText) {
  const lmp::Corpus unix_text = lmp::parse_corpus("first\n\nthird 中\n", "t", kNoLimit);
  const lmp::Corpus windows_text = lmp::parse_corpus("\xEF\xBB\xBF" "first\r\n\r\nthird 中\r\n", "t", kNoLimit);
  EXPECT_EQ(lines_as_text(windows_text), lines_as_text(unix_text));
  EXPECT_EQ(lines_as_text(unix_text), (std::vector<std::string>{"first", "", "third 中"}));
}

std::string numbered_lines(std::size_t n) {
  std::string text;
  for (std::size_t i = 0; i < n; ++i) text += "line" + std::to_string(i) + "\n";
  return text;
}

TEST(Split, TailKeepsTheFirstNinetyPercentForTraining) {
  for (std::size_t n = 2; n <= 130; ++n) {
    SCOPED_TRACE("N = " + std::to_string(n));
    const lmp::Corpus corpus = lmp::parse_corpus(numbered_lines(n), "t", kNoLimit);
    ASSERT_EQ(corpus.lines.size(), n);
    const lmp::SplitCorpus split = lmp::split_corpus(corpus, 0.1, lmp::ValSplit::kTail);
    const std::size_t train = n * 9 / 10;  // floor(0.9 N) in integers
    ASSERT_EQ(split.train.lines.size(), train);
    ASSERT_EQ(split.val.lines.size(), n - train);
    for (std::size_t i = 0; i < n; ++i) {
      const lmp::Line& got = i < train ? split.train.lines[i] : split.val.lines[i - train];
      EXPECT_EQ(got, corpus.lines[i]) << "line " << i;
    }
  }
}

TEST(Split, TailWithOtherFractions) {
  struct Row {
    std::size_t n;
    double fraction;
    std::size_t train;
  };
  const std::vector<Row> table = {{8, 0.25, 6}, {10, 0.5, 5}, {7, 0.5, 3}, {3, 0.3, 2}, {5, 0.0, 5}, {100, 0.05, 95}};
  for (const Row& row : table) {
    SCOPED_TRACE("N = " + std::to_string(row.n) + ", fraction " + std::to_string(row.fraction));
    const lmp::Corpus corpus = lmp::parse_corpus(numbered_lines(row.n), "t", kNoLimit);
    const lmp::SplitCorpus split = lmp::split_corpus(corpus, row.fraction, lmp::ValSplit::kTail);
    EXPECT_EQ(split.train.lines.size(), row.train);
    EXPECT_EQ(split.val.lines.size(), row.n - row.train);
  }
}

TEST(Split, InterleavedTakesEveryTenthLineForValidation) {
  for (std::size_t n = 10; n <= 130; ++n) {
    SCOPED_TRACE("N = " + std::to_string(n));
    const lmp::Corpus corpus = lmp::parse_corpus(numbered_lines(n), "t", kNoLimit);
    const lmp::SplitCorpus split = lmp::split_corpus(corpus, 0.1, lmp::ValSplit::kInterleaved);
    std::vector<lmp::Line> want_train, want_val;
    for (std::size_t i = 0; i < n; ++i) (i % 10 == 9 ? want_val : want_train).push_back(corpus.lines[i]);
    ASSERT_EQ(split.val.lines.size(), n / 10);
    EXPECT_EQ(split.train.lines, want_train);
    EXPECT_EQ(split.val.lines, want_val);
  }
}

TEST(Split, InterleavedHalfTakesOddLines) {
  const lmp::Corpus corpus = lmp::parse_corpus(numbered_lines(9), "t", kNoLimit);
  const lmp::SplitCorpus split = lmp::split_corpus(corpus, 0.5, lmp::ValSplit::kInterleaved);
  EXPECT_EQ(lines_as_text(split.val), (std::vector<std::string>{"line1", "line3", "line5", "line7"}));
  EXPECT_EQ(split.train.lines.size(), 5u);
}

TEST(Split, EmptyLinesAreCountedByTheSplit) {
  // 10 lines, the 10th empty: the tail validation part would only hold an empty line.
  const lmp::Corpus corpus = lmp::parse_corpus(numbered_lines(9) + "\n", "t", kNoLimit);
  ASSERT_EQ(corpus.lines.size(), 10u);
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::split_corpus(corpus, 0.1, lmp::ValSplit::kTail); }, ErrorKind::kInvalidInput,
                             {"validation part"}));
}

TEST(Split, RejectsFractionsOutsideZeroToOne) {
  const lmp::Corpus corpus = lmp::parse_corpus(numbered_lines(20), "t", kNoLimit);
  for (double fraction : {-0.1, -1e-12, 1.0, 1.5, std::numeric_limits<double>::quiet_NaN(),
                          std::numeric_limits<double>::infinity()}) {
    for (lmp::ValSplit mode : {lmp::ValSplit::kTail, lmp::ValSplit::kInterleaved}) {
      SCOPED_TRACE("fraction " + std::to_string(fraction));
      EXPECT_TRUE(ThrowsLmpError([&] { lmp::split_corpus(corpus, fraction, mode); }, ErrorKind::kInvalidInput,
                                 {"validation fraction"}));
    }
  }
}

TEST(Split, RejectsAnEmptyTrainingPart) {
  const lmp::Corpus one_line = lmp::parse_corpus("only\n", "t", kNoLimit);
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::split_corpus(one_line, 0.1, lmp::ValSplit::kTail); }, ErrorKind::kInvalidInput,
                             {"training part"}));
  const lmp::SplitCorpus no_val = lmp::split_corpus(one_line, 0.0, lmp::ValSplit::kTail);
  EXPECT_EQ(no_val.train.lines.size(), 1u);
  EXPECT_TRUE(no_val.val.lines.empty());
}

TEST(Split, AOneLineTextIsTooShortAtAnyFraction) {
  // A fraction cannot help: one line goes to one part whatever it is, so the message says the text is short.
  for (const std::string text : {"a", "only\n\n\n"}) {
    const lmp::Corpus corpus = lmp::parse_corpus(text, "t", kNoLimit);
    for (double fraction : {0.01, 0.1, 0.5, 0.9}) {
      for (lmp::ValSplit mode : {lmp::ValSplit::kTail, lmp::ValSplit::kInterleaved}) {
        EXPECT_TRUE(ThrowsLmpError([&] { lmp::split_corpus(corpus, fraction, mode); }, ErrorKind::kInvalidInput,
                                   {"too short", "several lines", "fraction to 0"}));
      }
    }
    EXPECT_EQ(lmp::split_corpus(corpus, 0.0, lmp::ValSplit::kTail).train.non_empty_lines(), 1u);
  }
}

TEST(Split, ParsesModeNames) {
  const auto parsed = [](const std::string& name) { return lmp::train_options_from({{"valSplit", name}}).val_split; };
  EXPECT_EQ(parsed("tail"), lmp::ValSplit::kTail);
  EXPECT_EQ(parsed("interleaved"), lmp::ValSplit::kInterleaved);
  EXPECT_TRUE(ThrowsLmpError([&] { parsed("random"); }, ErrorKind::kInvalidInput, {"random"}));
}

}  // namespace
