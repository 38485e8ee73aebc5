// WordTokenizer and the splitting beneath it: hand-worked pieces of English,
// Chinese and whitespace, the vocabulary ranked by a hand count, <unk> and
// the OOV rate, lowercasing, round trips of random Unicode text, model-file
// payloads (good and damaged) and option checks.
#include "app/option_table.h"
#include "tokenize/kinds/tokenizer_kinds.h"
#include "tokenize/word/word_tokenizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "base/binary_io.h"
#include "base/utf8.h"
#include "test_helpers.h"
#include "tokenize/word/word_split.h"

namespace {

using lmp::TokenId;
using lmp::WordTokenizer;
using lmp_test::ThrowsLmpError;
using Pieces = std::vector<std::string>;

lmp::Corpus corpus_of(const std::string& text) { return lmp::parse_corpus(text, "t", 1 << 20); }
lmp::Line line_of(const std::string& text) { return lmp::decode_utf8_or_throw(text, "t"); }

Pieces pieces_of(const std::string& text) {
  const lmp::Line line = line_of(text);
  std::vector<lmp::PieceSpan> spans;
  lmp::split_word_pieces(line, spans);
  Pieces pieces;
  for (const auto& span : spans) {
    pieces.push_back(lmp::encode_utf8(lmp::Line(line.begin() + span.begin, line.begin() + span.end)));
  }
  return pieces;
}

std::string joined(const Pieces& pieces) {
  std::string s;
  for (const std::string& p : pieces) s += "[" + p + "]";
  return s;
}

struct SplitCase {
  const char* text;
  Pieces pieces;
};

void expect_splits(const std::vector<SplitCase>& cases) {
  for (const SplitCase& c : cases) EXPECT_EQ(joined(pieces_of(c.text)), joined(c.pieces)) << '"' << c.text << '"';
}

TEST(WordSplit, EnglishWithPunctuation) {
  expect_splits({
      {"Call me Ishmael.", {"Call", " me", " Ishmael", "."}},
      {"Some years ago—never mind how long", {"Some", " years", " ago", "—", "never", " mind", " how", " long"}},
      {"\"Stop!\" he cried (twice).", {"\"", "Stop", "!", "\"", " he", " cried", " (", "twice", ")", "."}},
      {"...", {".", ".", "."}},
      {"", {}},
  });
}

TEST(WordSplit, ContractionsKeepTheStem) {
  expect_splits({
      {"I don't know", {"I", " don", "'t", " know"}},
      {"Ahab’s whale", {"Ahab", "’s", " whale"}},        // U+2019, as the novel writes it
      {"rock'n'roll", {"rock", "'n", "'roll"}},
      {"the sailors' boat", {"the", " sailors", "'", " boat"}},  // no letter after: punctuation
      {"'tis", {"'", "tis"}},                                 // no letter before: punctuation
  });
}

TEST(WordSplit, DigitRunsAreOnePiece) {
  expect_splits({
      {"In 1851, 3.14 and x2", {"In", " 1851", ",", " 3", ".", "14", " and", " x", "2"}},
      {"٣٤ and ３４", {"٣٤", " and", " ３４"}},  // Arabic-Indic and fullwidth digits
  });
}

TEST(WordSplit, OneSpaceJoinsTheNextPieceOtherWhitespaceStandsAlone) {
  expect_splits({
      {"a  b", {"a", " ", " b"}},
      {"a\tb", {"a", "\t", "b"}},
      {"c \td", {"c", " \t", "d"}},  // the run ends in a tab: nothing to join
      {"x  ", {"x", "  "}},          // trailing spaces
      {"  x", {" ", " x"}},          // leading spaces
      {"   ", {"   "}},
      {"\t", {"\t"}},
      {"中　文", {"中", "　", "文"}},  // U+3000 ideographic space
  });
}

TEST(WordSplit, UnspacedScriptsFallBackToCharacters) {
  expect_splits({
      {"我爱北京", {"我", "爱", "北", "京"}},
      {"Hello世界!", {"Hello", "世", "界", "!"}},
      {"你好，世界。", {"你", "好", "，", "世", "界", "。"}},
      {"I love 北京", {"I", " love", " 北", "京"}},
      {"สวัสดี", {"ส", "ว", "ั", "ส", "ด", "ี"}},  // Thai, marks included
  });
}

TEST(WordSplit, CombiningMarksStayInTheWordAndEmojiStandAlone) {
  expect_splits({
      {"cafe\u0301 ok", {"cafe\u0301", " ok"}},
      {"hi😀😀 there", {"hi", "😀", "😀", " there"}},
  });
}

// Hand count of "the cat the dog / the cat / a b":
//   "the" 2, " cat" 2, " the" 1, " dog" 1, "a" 1, " b" 1.
// Ranked by count, then bytes (' ' < 'a' < 't'): " cat", "the", " b", " dog", " the", "a".
TEST(WordTokenizer, VocabularyIsTheMostFrequentPiecesInRankOrder) {
  const lmp::Corpus text = corpus_of("the cat the dog\nthe cat\n\na b\n");
  const WordTokenizer all = WordTokenizer::train(text, 0, false);
  EXPECT_EQ(all.vocab_size(), 3 + 6);
  const Pieces ranked = {" cat", "the", " b", " dog", " the", "a"};
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    EXPECT_EQ(all.token_of(ranked[i]), static_cast<TokenId>(3 + i)) << ranked[i];
    EXPECT_EQ(all.piece(static_cast<TokenId>(3 + i)), ranked[i]);
  }

  const WordTokenizer capped = WordTokenizer::train(text, 3 + 4, false);
  EXPECT_EQ(capped.vocab_size(), 7);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(capped.token_of(ranked[i]), static_cast<TokenId>(3 + i)) << ranked[i];
  EXPECT_EQ(capped.token_of(" the"), WordTokenizer::kUnk);
  EXPECT_EQ(capped.token_of("a"), WordTokenizer::kUnk);
  EXPECT_EQ(capped.encode(line_of("the the a cat")), (std::vector<TokenId>{4, 0, 0, 3}));
  EXPECT_EQ(capped.encode(line_of("cat")), (std::vector<TokenId>{0}));  // only " cat" was seen, after a space

  const WordTokenizer one = WordTokenizer::train(text, 4, false);
  EXPECT_EQ(one.vocab_size(), 4);
  EXPECT_EQ(one.piece(3), " cat");
}

TEST(WordTokenizer, DefaultVocabularyIsTenThousand) {
  std::string text;
  for (int i = 0; i < 12000; ++i) text += "w" + std::to_string(i) + "\n";  // pieces "w" and 12000 digit runs
  EXPECT_EQ(WordTokenizer::train(corpus_of(text), 0, false).vocab_size(), 10000);
}

TEST(WordTokenizer, UnknownPiecesAndTheOovRate) {
  // Vocabulary " cat", " sat", "the" (ids 3, 4, 5: one each, in byte order).
  const WordTokenizer tokenizer = WordTokenizer::train(corpus_of("the cat sat\n"), 0, false);
  ASSERT_EQ(tokenizer.vocab_size(), 6);
  EXPECT_EQ(tokenizer.encode(line_of("the dog sat on the cat")), (std::vector<TokenId>{5, 0, 4, 0, 0, 3}));
  EXPECT_EQ(tokenizer.decode(tokenizer.encode_line(line_of("the dog sat"))), "the\xEF\xBF\xBD sat\n");
  // 6 pieces with 3 unknown, an empty line, then 2 known pieces: 3 of 8.
  EXPECT_DOUBLE_EQ(tokenizer.oov_rate(corpus_of("the dog sat on the cat\n\nthe cat\n")), 3.0 / 8.0);
  EXPECT_DOUBLE_EQ(tokenizer.oov_rate(corpus_of("the cat\n")), 0.0);
  EXPECT_DOUBLE_EQ(tokenizer.oov_rate(lmp::Corpus{}), 0.0);
}

TEST(WordTokenizer, LowercasingFoldsBeforeCountingAndEncoding) {
  const lmp::Corpus text = corpus_of("The CAT\nthe cat\nÉCOLE Ωμεγα\n");
  const WordTokenizer folded = WordTokenizer::train(text, 0, true);
  EXPECT_TRUE(folded.lowercase());
  EXPECT_EQ(folded.vocab_size(), 3 + 4);  // "the" 2, " cat" 2, "école", " ωμεγα"
  EXPECT_EQ(folded.token_of("the"), 4);
  EXPECT_EQ(folded.token_of(" cat"), 3);
  EXPECT_EQ(folded.decode(folded.encode(line_of("THE Cat"))), "the cat");
  EXPECT_EQ(folded.decode(folded.encode(line_of("École ΩΜΕΓΑ"))), "école ωμεγα");

  const WordTokenizer kept = WordTokenizer::train(text, 0, false);
  EXPECT_FALSE(kept.lowercase());
  EXPECT_EQ(kept.vocab_size(), 3 + 6);
  EXPECT_EQ(kept.decode(kept.encode(line_of("The CAT"))), "The CAT");
}

// Random lines over letters, digits, punctuation, accents, combining marks,
// Chinese, emoji, apostrophes and several kinds of whitespace.
std::vector<std::string> random_unicode_lines(std::uint64_t seed, int count) {
  const std::vector<char32_t> alphabet = {
      U'a', U'b', U'Z', U'q', U'0', U'7', U'.', U',', U'!', U'\'', 0x2019, U'-', U' ', U' ', U' ', U'\t',
      0xE9, 0xFC, 0x301, 0x308, 0x4E2D, 0x6587, 0x5B57, 0x3002, 0x1F600, 0x1F680, 0x3000, 0xA0, 0x3B1, 0x416};
  lmp_test::TestRandom random(seed);
  std::vector<std::string> lines;
  for (int n = 0; n < count; ++n) {
    std::string line;
    const int length = random.below(30);
    for (int i = 0; i < length; ++i) lmp::append_utf8(alphabet[random.below(static_cast<int>(alphabet.size()))], line);
    lines.push_back(line);
  }
  return lines;
}

TEST(WordTokenizer, RandomUnicodeRoundTripsExactly) {
  const std::vector<std::string> lines = random_unicode_lines(20240611, 400);
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  const WordTokenizer tokenizer = WordTokenizer::train(corpus_of(text), 0, false);
  for (const std::string& line : lines) {
    const std::vector<TokenId> tokens = tokenizer.encode(line_of(line));
    EXPECT_EQ(std::count(tokens.begin(), tokens.end(), WordTokenizer::kUnk), 0) << line;
    EXPECT_EQ(tokenizer.decode(tokens), line);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode_line(line_of(line))), line + "\n");
  }
  EXPECT_DOUBLE_EQ(tokenizer.oov_rate(corpus_of(text)), 0.0);
}

TEST(WordTokenizer, IdsStayInsideTheVocabulary) {
  std::string text;
  for (const std::string& line : random_unicode_lines(7, 300)) text += line + "\n";
  const lmp::Corpus corpus = corpus_of(text);
  for (int size : {4, 10, 50, 0}) {
    const WordTokenizer tokenizer = WordTokenizer::train(corpus, size, false);
    if (size != 0) {
      EXPECT_EQ(tokenizer.vocab_size(), size);
    }
    for (const lmp::Line& line : corpus.lines) {
      for (TokenId id : tokenizer.encode(line)) {
        EXPECT_TRUE(id == WordTokenizer::kUnk || (id >= WordTokenizer::kFirstPiece && id < tokenizer.vocab_size())) << id;
      }
    }
  }
}

// The capped vocabulary must be the top of the uncapped one by (count, bytes),
// counting each piece through the uncapped tokenizer's ids.
TEST(WordTokenizer, CappedVocabularyKeepsTheMostFrequentPieces) {
  std::string text;
  for (const std::string& line : random_unicode_lines(99, 500)) text += line + "\n";
  const lmp::Corpus corpus = corpus_of(text);
  const WordTokenizer all = WordTokenizer::train(corpus, 0, false);
  std::map<std::string, int> counts;
  for (const lmp::Line& line : corpus.lines) {
    for (TokenId id : all.encode(line)) ++counts[all.piece(id)];
  }
  std::vector<std::pair<std::string, int>> ranked(counts.begin(), counts.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  constexpr int kSize = 40;
  const WordTokenizer capped = WordTokenizer::train(corpus, kSize, false);
  ASSERT_GT(ranked.size(), static_cast<std::size_t>(kSize));
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const TokenId expected = i < kSize - 3 ? static_cast<TokenId>(3 + i) : WordTokenizer::kUnk;
    EXPECT_EQ(capped.token_of(ranked[i].first), expected) << "rank " << i << " count " << ranked[i].second;
  }
}

TEST(WordTokenizer, TrainingIsDeterministicAndIgnoresLineOrder) {
  const WordTokenizer one = WordTokenizer::train(corpus_of("b a\nc a\nd\n"), 0, false);
  const WordTokenizer two = WordTokenizer::train(corpus_of("d\nc a\nb a\n"), 0, false);
  ASSERT_EQ(one.vocab_size(), two.vocab_size());
  for (TokenId id = 0; id < one.vocab_size(); ++id) EXPECT_EQ(one.piece(id), two.piece(id));
}

std::unique_ptr<lmp::Tokenizer> save_and_load(const lmp::Tokenizer& tokenizer) {
  lmp::ByteWriter out;
  lmp::write_tokenizer(tokenizer, out);
  lmp::ByteReader in(out.bytes(), 0, out.bytes().size());
  auto back = lmp::read_tokenizer(in);
  EXPECT_TRUE(in.at_end());
  return back;
}

TEST(WordTokenizer, SaveAndLoadGiveIdenticalEncodings) {
  const std::string text = "Call me Ishmael. 我爱北京!\n\tdon't  stop 1851 😀\n";
  for (bool lowercase : {false, true}) {
    const auto tokenizer = lmp::train_tokenizer({lmp::TokenizerKind::kWord, 8, lowercase}, corpus_of(text));
    const auto back = save_and_load(*tokenizer);
    EXPECT_EQ(back->kind(), lmp::TokenizerKind::kWord);
    ASSERT_EQ(back->vocab_size(), tokenizer->vocab_size());
    EXPECT_EQ(dynamic_cast<const WordTokenizer&>(*back).lowercase(), lowercase);
    for (const lmp::Line& line : corpus_of(text + "CALL ME\n").lines) EXPECT_EQ(back->encode(line), tokenizer->encode(line));
  }
}

::testing::AssertionResult read_is_rejected(lmp::ByteWriter& payload) {
  return ThrowsLmpError(
      [&] {
        lmp::ByteReader in(payload.bytes(), 0, payload.bytes().size());
        WordTokenizer::read(in);
      },
      lmp::ErrorKind::kCorruptModel, {"damaged"});
}

TEST(WordTokenizer, ReadRejectsDamagedPayloads) {
  struct Row {
    const char* why;
    int flag;
    std::uint32_t count;
    Pieces pieces;
  };
  const std::vector<Row> table = {
      {"lowercase flag 2", 2, 1, {"a"}},
      {"no pieces", 0, 0, {}},
      {"huge count", 0, 0xFFFFFFFFu, {"a"}},
      {"count beyond the data", 0, 3, {"a", "b"}},
      {"empty piece", 0, 2, {"a", ""}},
      {"invalid UTF-8", 0, 2, {"a", "\xFF"}},
      {"surrogate in UTF-8", 0, 1, {"\xED\xA0\x80"}},
      {"same piece twice", 0, 3, {" the", "a", " the"}},
  };
  for (const Row& row : table) {
    SCOPED_TRACE(row.why);
    lmp::ByteWriter out;
    out.u8(static_cast<std::uint8_t>(row.flag));
    out.u32(row.count);
    for (const std::string& p : row.pieces) out.str(p);
    EXPECT_TRUE(read_is_rejected(out));
  }
  // A piece whose length runs past the end of the file.
  lmp::ByteWriter out;
  out.u8(0);
  out.u32(1);
  out.u32(1000);
  out.u8('a');
  EXPECT_TRUE(read_is_rejected(out));
}

TEST(WordTokenizer, BadOptionsAndEmptyTextsAreExplained) {
  const lmp::Corpus text = corpus_of("a b\n");
  for (int size : {1, 3, -1, 1000001}) {
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::train_tokenizer({lmp::TokenizerKind::kWord, size, false}, text); },
                               lmp::ErrorKind::kInvalidInput, {"vocabulary size"}))
        << size;
  }
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::check_tokenizer_options({lmp::TokenizerKind::kWord, 3, false}); },
                             lmp::ErrorKind::kInvalidInput, {"word", "4", "1000000"}));
  lmp::check_tokenizer_options({lmp::TokenizerKind::kWord, 4, true});
  lmp::check_tokenizer_options({lmp::TokenizerKind::kWord, 1000000, false});
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::train_options_from({{"tokenizer", "words"}}); }, lmp::ErrorKind::kInvalidInput,
                             {"'words'", "char, word, bpe or unigram"}));
  for (const lmp::Corpus& empty : {lmp::Corpus{}, lmp::Corpus{{{}, {}}}}) {
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::train_tokenizer({lmp::TokenizerKind::kWord, 0, false}, empty); },
                               lmp::ErrorKind::kInvalidInput, {"no words"}));
  }
}

TEST(WordTokenizer, LabelsShowTheAttachedSpace) {
  const auto tokenizer = lmp::train_tokenizer({lmp::TokenizerKind::kWord, 0, false}, corpus_of("the whale\n"));
  ASSERT_EQ(tokenizer->vocab_size(), 5);
  EXPECT_EQ(tokenizer->label(3), " whale");
  EXPECT_EQ(tokenizer->label(4), "the");
}

}  // namespace
