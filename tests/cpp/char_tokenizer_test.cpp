// CharTokenizer: ids fixed by sorted code points, <unk> for unseen
// characters, line framing, decoding, labels, and its serialization.
#include "tokenize/char_tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/binary_io.h"
#include "base/utf8.h"
#include "test_helpers.h"

namespace {

using lmp::CharTokenizer;
using lmp::TokenId;
using lmp_test::ThrowsLmpError;

lmp::Corpus corpus_of(const std::string& text) { return lmp::parse_corpus(text, "t", 1 << 20); }

TEST(CharTokenizer, SpecialIdsAreFixed) {
  EXPECT_EQ(CharTokenizer::kUnk, 0);
  EXPECT_EQ(CharTokenizer::kEol, 1);
  EXPECT_EQ(CharTokenizer::kBos, 2);
  EXPECT_EQ(CharTokenizer::kFirstCharacter, 3);
}

TEST(CharTokenizer, IdsAreSortedCodePointsFromThree) {
  // Seen: ' ' (U+20), 'a', 'b', 'c', 'é' (U+E9), '中' (U+4E2D), '😀' (U+1F600).
  const CharTokenizer tokenizer = CharTokenizer::train(corpus_of("cab 😀\n\nb中é\nccc\n"));
  EXPECT_EQ(tokenizer.vocab_size(), 3 + 7);
  const std::vector<std::pair<char32_t, TokenId>> expected = {
      {U' ', 3}, {U'a', 4}, {U'b', 5}, {U'c', 6}, {0xE9, 7}, {0x4E2D, 8}, {0x1F600, 9}};
  for (const auto& [character, id] : expected) {
    EXPECT_EQ(tokenizer.token_of(character), id) << "U+" << static_cast<unsigned>(character);
  }
}

TEST(CharTokenizer, IdsDoNotDependOnLineOrder) {
  const CharTokenizer one = CharTokenizer::train(corpus_of("zebra\napple\n中文\n"));
  const CharTokenizer two = CharTokenizer::train(corpus_of("中文\napple\nzebra\n"));
  ASSERT_EQ(one.vocab_size(), two.vocab_size());
  for (char32_t c : lmp::decode_utf8_or_throw("zebrapl中文", "t")) EXPECT_EQ(one.token_of(c), two.token_of(c));
}

TEST(CharTokenizer, UnseenCharactersAreUnk) {
  const CharTokenizer tokenizer = CharTokenizer::train(corpus_of("abc\n"));
  for (char32_t c : {U'A', U'd', U'`', U'\n', char32_t(0x4E2D), char32_t(0x10FFFF), char32_t(0)}) {
    EXPECT_EQ(tokenizer.token_of(c), CharTokenizer::kUnk) << "U+" << static_cast<unsigned>(c);
  }
  EXPECT_EQ(tokenizer.encode(lmp::decode_utf8_or_throw("a中c", "t")), (std::vector<TokenId>{3, 0, 5}));
}

TEST(CharTokenizer, EncodeLineFramesWithBosAndEol) {
  const CharTokenizer tokenizer = CharTokenizer::train(corpus_of("abc\n"));
  EXPECT_EQ(tokenizer.encode_line(lmp::decode_utf8_or_throw("cab", "t")), (std::vector<TokenId>{2, 5, 3, 4, 1}));
  EXPECT_EQ(tokenizer.encode_line({}), (std::vector<TokenId>{2, 1}));
  EXPECT_EQ(tokenizer.encode(lmp::decode_utf8_or_throw("cab", "t")), (std::vector<TokenId>{5, 3, 4}));
}

TEST(CharTokenizer, DecodeInvertsEncodeForSeenText) {
  const std::string training = "The quick brown fox\n中文字符测试\n😀 emoji ok\ncafé\n";
  const CharTokenizer tokenizer = CharTokenizer::train(corpus_of(training));
  for (const std::string line : {"The quick brown fox", "中文字符测试", "😀 emoji ok", "café", "fox 中 😀 é", ""}) {
    SCOPED_TRACE(line);
    const auto code_points = lmp::decode_utf8_or_throw(line, "t");
    EXPECT_EQ(tokenizer.decode(tokenizer.encode_line(code_points)), line + "\n");
    EXPECT_EQ(tokenizer.decode(tokenizer.encode(code_points)), line);
  }
}

TEST(CharTokenizer, DecodeMarksUnknownTokens) {
  const CharTokenizer tokenizer = CharTokenizer::train(corpus_of("ab\n"));
  const std::string replacement = "\xEF\xBF\xBD";  // U+FFFD
  EXPECT_EQ(tokenizer.decode({2, 3, 0, 4, 1}), "a" + replacement + "b\n");
  EXPECT_EQ(tokenizer.decode({3, 5, -1, 4}), "a" + replacement + replacement + "b");  // ids outside the vocabulary
}

TEST(CharTokenizer, Labels) {
  const CharTokenizer tokenizer = CharTokenizer::train(corpus_of("a中\n"));
  EXPECT_EQ(tokenizer.label(0), "<unk>");
  EXPECT_EQ(tokenizer.label(1), "<eol>");
  EXPECT_EQ(tokenizer.label(2), "<bos>");
  EXPECT_EQ(tokenizer.label(3), "a");
  EXPECT_EQ(tokenizer.label(4), "中");
}

TEST(CharTokenizer, WriteReadRoundTrip) {
  const CharTokenizer tokenizer = CharTokenizer::train(corpus_of("hello 世界 😀\n"));
  lmp::ByteWriter out;
  tokenizer.write(out);
  lmp::ByteReader in(out.bytes(), 0, out.bytes().size());
  const CharTokenizer back = CharTokenizer::read(in);
  EXPECT_TRUE(in.at_end());
  ASSERT_EQ(back.vocab_size(), tokenizer.vocab_size());
  for (TokenId id = 0; id < tokenizer.vocab_size(); ++id) EXPECT_EQ(back.label(id), tokenizer.label(id));
}

TEST(CharTokenizer, ReadRejectsDamagedVocabularies) {
  struct Row {
    const char* why;
    std::vector<std::uint32_t> words;  // count, then characters
  };
  const std::vector<Row> table = {
      {"out of order", {2, 'b', 'a'}},
      {"repeated", {2, 'a', 'a'}},
      {"above U+10FFFF", {1, 0x110000}},
      {"count beyond the data", {3, 'a', 'b'}},
      {"huge count", {0xFFFFFFFFu}},
  };
  for (const Row& row : table) {
    SCOPED_TRACE(row.why);
    lmp::ByteWriter out;
    for (std::uint32_t w : row.words) out.u32(w);
    EXPECT_TRUE(ThrowsLmpError(
        [&] {
          lmp::ByteReader in(out.bytes(), 0, out.bytes().size());
          CharTokenizer::read(in);
        },
        lmp::ErrorKind::kCorruptModel));
  }
}

TEST(CharTokenizer, ReadRejectsSurrogatesInTheVocabulary) {
  // Training never puts a surrogate (U+D800..U+DFFF) in the vocabulary (strict
  // UTF-8 rejects them); a file holding one is damaged, and decoding it would
  // write invalid UTF-8.
  for (std::uint32_t surrogate : {0xD800u, 0xDBFFu, 0xDFFFu}) {
    lmp::ByteWriter out;
    out.u32(2);
    out.u32('a');
    out.u32(surrogate);
    EXPECT_TRUE(ThrowsLmpError(
        [&] {
          lmp::ByteReader in(out.bytes(), 0, out.bytes().size());
          CharTokenizer::read(in);
        },
        lmp::ErrorKind::kCorruptModel))
        << "U+" << std::hex << surrogate;
  }
}

}  // namespace
