// BpeTokenizer: merges derived by hand on tiny corpora, encoding against a
// slow reference (the merges applied one after another to the whole word),
// byte fallback and exact round trips on any UTF-8 text, vocabulary sizes at
// the edges, determinism, and its file format, damaged payloads included.
#include "tokenize/bpe/bpe_tokenizer.h"
#include "tokenize/kinds/tokenizer_kinds.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/option_table.h"
#include "base/binary_io.h"
#include "base/unicode_class.h"
#include "base/utf8.h"
#include "test_helpers.h"

namespace {

using lmp::BpeMerge;
using lmp::BpeTokenizer;
using lmp::TokenId;
using lmp_test::ThrowsLmpError;
using lmp_test::describe;

lmp::Corpus corpus_of(const std::string& text) { return lmp::parse_corpus(text, "t", 1 << 24); }
lmp::Line line_of(const std::string& text) { return lmp::decode_utf8_or_throw(text, "t"); }

bool same_merges(const std::vector<BpeMerge>& a, const std::vector<BpeMerge>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k].left != b[k].left || a[k].right != b[k].right) return false;
  }
  return true;
}

std::string describe(const std::vector<BpeMerge>& merges) {
  std::string s;
  for (const BpeMerge& m : merges) s += "(" + std::to_string(m.left) + "," + std::to_string(m.right) + ") ";
  return s;
}

// ---- the slow reference -------------------------------------------------------------

// Words as the test understands them: a run of one class of unicode_class.h,
// with at most one whitespace character in front.
std::vector<lmp::Line> reference_words(const lmp::Line& line) {
  std::vector<lmp::Line> words;
  for (char32_t c : line) {
    const bool space = lmp::char_class(c) == lmp::CharClass::kSpace;
    bool joins = false;
    if (!space && !words.empty()) {
      const lmp::Line& last = words.back();
      const char32_t before = last.back();
      const bool last_is_space_only = last.size() == 1 && lmp::char_class(before) == lmp::CharClass::kSpace;
      joins = last_is_space_only || lmp::char_class(before) == lmp::char_class(c);
    }
    if (joins) {
      words.back().push_back(c);
    } else {
      words.push_back({c});
    }
  }
  return words;
}

// Characters to ids (byte pieces for unknown ones), then each merge in the
// order learned, left to right over the whole word.
std::vector<TokenId> reference_encode(const BpeTokenizer& tokenizer, const lmp::Line& line) {
  std::vector<TokenId> all;
  for (const lmp::Line& word : reference_words(line)) {
    std::vector<TokenId> ids;
    for (char32_t c : word) {
      TokenId id = -1;
      for (TokenId t = TokenId{3}; t < tokenizer.first_merge(); ++t) {
        if (tokenizer.piece(t) == lmp::encode_utf8({c})) id = t;
      }
      if (id >= 0) {
        ids.push_back(id);
      } else {
        for (unsigned char b : lmp::encode_utf8({c})) ids.push_back(tokenizer.byte_token(b));
      }
    }
    for (std::size_t k = 0; k < tokenizer.merges().size(); ++k) {
      const BpeMerge& m = tokenizer.merges()[k];
      std::vector<TokenId> merged;
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i + 1 < ids.size() && ids[i] == m.left && ids[i + 1] == m.right) {
          merged.push_back(tokenizer.first_merge() + static_cast<TokenId>(k));
          ++i;
        } else {
          merged.push_back(ids[i]);
        }
      }
      ids = merged;
    }
    all.insert(all.end(), ids.begin(), ids.end());
  }
  return all;
}

// ---- random text ----------------------------------------------------------------------

// Lines of words over a small alphabet (so merges go deep), with punctuation,
// digits and runs of spaces.
std::string random_english(std::uint64_t seed, int lines) {
  lmp_test::TestRandom random(seed);
  const std::vector<std::string> parts = {"a", "b", "c", "ab", "ba", "the", "he", "e", "t", ",", ".", "1", "22"};
  std::string text;
  for (int n = 0; n < lines; ++n) {
    const int words = 1 + random.below(8);
    for (int w = 0; w < words; ++w) {
      if (w > 0) text += random.below(10) == 0 ? "  " : " ";
      const int pieces = 1 + random.below(4);
      for (int p = 0; p < pieces; ++p) text += parts[random.below(static_cast<int>(parts.size()))];
    }
    text += "\n";
  }
  return text;
}

using lmp_test::random_unicode;

// ---- hand-worked training -------------------------------------------------------------

TEST(BpeTokenizer, HandWorkedMergesWithTiesToTheSmallerPair) {
  // Words: "abc", " abc", " ab". Ids: ' ' 3, a 4, b 5, c 6; merges from 7.
  // (a,b) occurs 3 times -> 7 "ab". Then (' ',ab) and (ab,c) both occur twice:
  // the smaller pair (3,7) -> 8 " ab". Then (ab,c) and ( ab,c) once each:
  // (7,6) -> 9 "abc", then (8,6) -> 10 " abc". Nothing is left to merge.
  const lmp::Corpus corpus = corpus_of("abc abc ab\n");
  const BpeTokenizer tokenizer = BpeTokenizer::train(corpus, 11);
  EXPECT_EQ(tokenizer.character_count(), 4);
  EXPECT_EQ(tokenizer.first_merge(), 7);
  const std::vector<BpeMerge> expected = {{4, 5}, {3, 7}, {7, 6}, {8, 6}};
  EXPECT_TRUE(same_merges(tokenizer.merges(), expected)) << describe(tokenizer.merges());
  EXPECT_EQ(tokenizer.vocab_size(), 11 + 256);
  EXPECT_EQ(tokenizer.piece(7), "ab");
  EXPECT_EQ(tokenizer.piece(8), " ab");
  EXPECT_EQ(tokenizer.piece(9), "abc");
  EXPECT_EQ(tokenizer.piece(10), " abc");
  EXPECT_EQ(tokenizer.encode(line_of("abc ab c")), (std::vector<TokenId>{9, 8, 3, 6}));

  // Two merges only: "abc" stays "ab" "c".
  const BpeTokenizer two = BpeTokenizer::train(corpus, 9);
  EXPECT_EQ(two.vocab_size(), 9 + 256);
  EXPECT_EQ(two.encode(line_of("abc ab c")), (std::vector<TokenId>{7, 6, 8, 3, 6}));

  // Asking for more than the text has pairs for stops after the four.
  const BpeTokenizer many = BpeTokenizer::train(corpus, 1000);
  EXPECT_TRUE(same_merges(many.merges(), expected));
  EXPECT_EQ(many.vocab_size(), 11 + 256);
}

TEST(BpeTokenizer, HandWorkedRepeatedLetters) {
  // Words "aaaa" and " aaa"; ' ' 3, a 4. (a,a) occurs 3 + 2 times -> 5 "aa",
  // merged left to right: "aaaa" = aa aa, " aaa" = ' ' aa a. Then (3,5),
  // (5,5), (5,4) once each, in that order of the pairs: 6 " aa", 7 "aaaa",
  // and (6,4) -> 8 " aaa" (the pair (5,4) is gone once " aa" took its aa).
  const BpeTokenizer tokenizer = BpeTokenizer::train(corpus_of("aaaa aaa\n"), 100);
  const std::vector<BpeMerge> expected = {{4, 4}, {3, 5}, {5, 5}, {6, 4}};
  EXPECT_TRUE(same_merges(tokenizer.merges(), expected)) << describe(tokenizer.merges());
  EXPECT_EQ(tokenizer.encode(line_of("aaa")), (std::vector<TokenId>{5, 4}));
  EXPECT_EQ(tokenizer.encode(line_of("aaaaa")), (std::vector<TokenId>{7, 4}));
  EXPECT_EQ(tokenizer.encode(line_of("  aa")), (std::vector<TokenId>{3, 6}));
}

TEST(BpeTokenizer, PiecesNeverCrossWordsOrMixClasses) {
  const BpeTokenizer tokenizer = BpeTokenizer::train(corpus_of(random_english(7, 300) + "中文字，中文。\n"), 400);
  ASSERT_GT(tokenizer.merges().size(), 100u);
  for (TokenId id = tokenizer.first_merge(); id < tokenizer.first_merge() + static_cast<TokenId>(tokenizer.merges().size());
       ++id) {
    const lmp::Line piece = line_of(tokenizer.piece(id));
    std::size_t start = lmp::char_class(piece[0]) == lmp::CharClass::kSpace ? 1 : 0;
    ASSERT_LT(start, piece.size()) << "a piece of whitespace only: \"" << tokenizer.piece(id) << "\"";
    for (std::size_t i = start; i < piece.size(); ++i) {
      EXPECT_EQ(lmp::char_class(piece[i]), lmp::char_class(piece[start])) << "\"" << tokenizer.piece(id) << "\"";
    }
  }
}

// ---- encoding -------------------------------------------------------------------------

TEST(BpeTokenizer, EncodingMatchesTheMergesAppliedInOrder) {
  const BpeTokenizer tokenizer = BpeTokenizer::train(corpus_of(random_english(11, 400)), 300);
  ASSERT_GT(tokenizer.merges().size(), 150u);
  const std::vector<std::string> lines = {"", "the", " abab", "aaaaaaaaab", "bababababa thethe", "x,y 12 2 1,2.",
                                          "ab\tba  c"};
  for (const std::string& line : lines) {
    EXPECT_EQ(describe(tokenizer.encode(line_of(line))), describe(reference_encode(tokenizer, line_of(line))))
        << "\"" << line << "\"";
  }
  lmp_test::TestRandom random(5);
  const std::string alphabet = "abcthe ,.1";
  for (int n = 0; n < 300; ++n) {
    std::string line;
    const int length = 1 + random.below(30);
    for (int i = 0; i < length; ++i) line += alphabet[random.below(static_cast<int>(alphabet.size()))];
    EXPECT_EQ(describe(tokenizer.encode(line_of(line))), describe(reference_encode(tokenizer, line_of(line))))
        << "\"" << line << "\"";
  }
}

TEST(BpeTokenizer, UnknownCharactersFallBackToTheirBytes) {
  const BpeTokenizer tokenizer = BpeTokenizer::train(corpus_of("abc\n"), 6);
  // 中 is E4 B8 AD in UTF-8.
  const std::vector<TokenId> expected = {3, tokenizer.byte_token(0xE4), tokenizer.byte_token(0xB8),
                                         tokenizer.byte_token(0xAD), 5};
  EXPECT_EQ(tokenizer.encode(line_of("a中c")), expected);
  EXPECT_EQ(tokenizer.decode(expected), "a中c");
  EXPECT_EQ(tokenizer.piece(tokenizer.byte_token(0xE4)), "\xE4");
  EXPECT_EQ(tokenizer.label(tokenizer.byte_token(0xE4)), "<0xE4>");
  EXPECT_EQ(tokenizer.byte_token(0xFF), tokenizer.vocab_size() - 1);
  // A lone byte piece is not text: decode shows U+FFFD rather than invalid UTF-8.
  EXPECT_EQ(tokenizer.decode({tokenizer.byte_token(0xE4), 3}), "\xEF\xBF\xBD" "a");
}

TEST(BpeTokenizer, AnyTextRoundTrips) {
  const BpeTokenizer english = BpeTokenizer::train(corpus_of(lmp_test::small_text()), 200);
  lmp_test::TestRandom random(3);
  std::string own_text;
  for (int n = 0; n < 200; ++n) own_text += random_unicode(random, 1 + random.below(40)) + "\n";
  const BpeTokenizer own = BpeTokenizer::train(corpus_of(own_text), 600);
  for (const BpeTokenizer* tokenizer : {&english, &own}) {
    for (int n = 0; n < 300; ++n) {
      const std::string text = random_unicode(random, random.below(50));
      const std::vector<TokenId> tokens = tokenizer->encode(line_of(text));
      for (TokenId t : tokens) {
        ASSERT_GE(t, lmp::Tokenizer::kFirstPiece);
        ASSERT_LT(t, tokenizer->vocab_size());
      }
      EXPECT_EQ(tokenizer->decode(tokens), text);
      EXPECT_EQ(tokenizer->decode(tokenizer->encode_line(line_of(text))), text + "\n");
    }
  }
  for (const std::string text : {"  leading and trailing  ", "\t\ttabs\tinside\t", "多个  空格", ""}) {
    EXPECT_EQ(english.decode(english.encode(line_of(text))), text);
    EXPECT_EQ(own.decode(own.encode(line_of(text))), text);
  }
}

TEST(BpeTokenizer, TheWordCacheNeverChangesAnEncoding) {
  const BpeTokenizer trained = BpeTokenizer::train(corpus_of(random_english(13, 300)), 300);
  // More distinct words than the cache keeps, so it is emptied along the way.
  lmp_test::TestRandom random(8);
  std::vector<std::string> words;
  std::string line;
  for (int n = 0; n < 80000; ++n) {
    std::string word = " ";
    for (int i = 0; i < 8; ++i) word += "abcthe"[random.below(6)];
    line += word;
    words.push_back(word);
  }
  const BpeTokenizer busy = trained;
  const std::vector<TokenId> all = busy.encode(line_of(line));
  std::vector<TokenId> word_by_word;
  for (std::size_t n = 0; n < words.size(); ++n) {
    const std::vector<TokenId> ids = busy.encode(line_of(words[n]));
    word_by_word.insert(word_by_word.end(), ids.begin(), ids.end());
    if (n % 200 == 0) {
      const BpeTokenizer fresh = trained;  // its cache is empty
      EXPECT_EQ(ids, fresh.encode(line_of(words[n]))) << words[n];
    }
  }
  EXPECT_TRUE(all == word_by_word);
  EXPECT_TRUE(busy.encode(line_of(line)) == all);
}

// ---- vocabulary sizes and bad corpora ------------------------------------------------------

TEST(BpeTokenizer, VocabularySizesAtTheEdges) {
  const lmp::Corpus corpus = corpus_of("the cat sat\n");  // ' ' a c e h s t: 7 characters
  const BpeTokenizer exact = BpeTokenizer::train(corpus, 3 + 7);
  EXPECT_TRUE(exact.merges().empty());
  EXPECT_EQ(exact.vocab_size(), 10 + 256);
  EXPECT_EQ(exact.encode(line_of("cat")).size(), 3u);
  EXPECT_EQ(BpeTokenizer::train(corpus, 11).merges().size(), 1u);
  EXPECT_TRUE(ThrowsLmpError([&] { BpeTokenizer::train(corpus, 9); }, lmp::ErrorKind::kInvalidInput, {"9", "7", "10"}));
  EXPECT_TRUE(ThrowsLmpError([&] { BpeTokenizer::train(corpus, 100001); }, lmp::ErrorKind::kInvalidInput, {"100000"}));

  // Through the factory: the option check refuses sizes no text could use.
  for (int size : {1, 3, -1, 100001, 5000000}) {
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::check_tokenizer_options({lmp::TokenizerKind::kBpe, size}); }, lmp::ErrorKind::kInvalidInput))
        << size;
  }
  for (int size : {0, 4, 100000}) EXPECT_NO_THROW(lmp::check_tokenizer_options({lmp::TokenizerKind::kBpe, size})) << size;
  EXPECT_EQ(lmp::train_tokenizer({lmp::TokenizerKind::kBpe, 12}, corpus)->vocab_size(), 12 + 256);
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::train_options_from({{"tokenizer", "bpx"}}); }, lmp::ErrorKind::kInvalidInput,
                             {"char, word, bpe or unigram"}));
}

TEST(BpeTokenizer, DefaultSizeIs512AndGrowsForTextsOfManyCharacters) {
  const BpeTokenizer english = BpeTokenizer::train(corpus_of(random_english(17, 3000)), 0);
  EXPECT_EQ(english.vocab_size(), 512 + 256);
  // 600 different Chinese characters do not fit in 512: the default keeps them all and still merges.
  std::string chinese;
  for (int line = 0; line < 20; ++line) {
    for (char32_t c = 0x4E00; c < 0x4E00 + 600; c += 1 + line % 3) lmp::append_utf8(c, chinese);
    chinese += "\n";
  }
  const BpeTokenizer wide = BpeTokenizer::train(corpus_of(chinese), 0);
  EXPECT_EQ(wide.character_count(), 600);
  EXPECT_EQ(wide.merges().size(), 256u);
}

TEST(BpeTokenizer, ACorpusOfEmptyLinesIsRefused) {
  // parse_corpus refuses such a text already; a corpus built in code can still hold one.
  const lmp::Corpus empty_lines{{lmp::Line{}, lmp::Line{}, lmp::Line{}}};
  EXPECT_TRUE(ThrowsLmpError([&] { BpeTokenizer::train(empty_lines, 0); }, lmp::ErrorKind::kInvalidInput, {"empty lines"}));
  EXPECT_TRUE(ThrowsLmpError([&] { lmp::train_tokenizer({lmp::TokenizerKind::kBpe, 100}, empty_lines); }, lmp::ErrorKind::kInvalidInput));
  EXPECT_TRUE(ThrowsLmpError([] { BpeTokenizer::train(lmp::Corpus{}, 100); }, lmp::ErrorKind::kInvalidInput));
}

TEST(BpeTokenizer, SameTextSameMergesWhateverTheLineOrder) {
  const std::string text = random_english(19, 500);
  const BpeTokenizer one = BpeTokenizer::train(corpus_of(text), 300);
  const BpeTokenizer again = BpeTokenizer::train(corpus_of(text), 300);
  lmp::Corpus reversed = corpus_of(text);
  std::reverse(reversed.lines.begin(), reversed.lines.end());
  const BpeTokenizer backwards = BpeTokenizer::train(reversed, 300);
  EXPECT_TRUE(same_merges(one.merges(), again.merges()));
  EXPECT_TRUE(same_merges(one.merges(), backwards.merges()));
}

// ---- the file format -------------------------------------------------------------------

TEST(BpeTokenizer, SavedAndLoadedItEncodesTheSame) {
  lmp_test::TestRandom random(23);
  std::string text = random_english(29, 300);
  for (int n = 0; n < 50; ++n) text += random_unicode(random, 20) + "\n";
  const auto trained = lmp::train_tokenizer({lmp::TokenizerKind::kBpe, 500}, corpus_of(text));
  lmp::ByteWriter out;
  lmp::write_tokenizer(*trained, out);
  lmp::ByteReader in(out.bytes(), 0, out.bytes().size());
  const auto back = lmp::read_tokenizer(in);
  EXPECT_TRUE(in.at_end());
  ASSERT_EQ(back->kind(), lmp::TokenizerKind::kBpe);
  ASSERT_EQ(back->vocab_size(), trained->vocab_size());
  for (TokenId id = 0; id < trained->vocab_size(); ++id) ASSERT_EQ(back->piece(id), trained->piece(id)) << id;
  for (int n = 0; n < 100; ++n) {
    const lmp::Line line = line_of(random_unicode(random, 30));
    EXPECT_EQ(back->encode(line), trained->encode(line));
  }
}

// The words, then the line-start flag byte (0 unless given).
BpeTokenizer read_payload(const std::vector<std::uint32_t>& words, std::uint8_t line_start_flag = 0) {
  lmp::ByteWriter out;
  for (std::uint32_t w : words) out.u32(w);
  out.u8(line_start_flag);
  lmp::ByteReader in(out.bytes(), 0, out.bytes().size());
  BpeTokenizer tokenizer = BpeTokenizer::read(in);
  if (!in.at_end()) ADD_FAILURE() << "the payload was not read to its end";
  return tokenizer;
}

TEST(BpeTokenizer, ReadRejectsDamagedPayloads) {
  // Payload: character count, characters, merge count, (left, right) pairs, the
  // line-start flag. Ids: 'a' 3, 'b' 4, merges from 5.
  struct Row {
    const char* why;
    std::vector<std::uint32_t> words;
  };
  const std::vector<Row> table = {
      {"characters out of order", {2, 'b', 'a', 0}},
      {"a repeated character", {2, 'a', 'a', 0}},
      {"a surrogate", {1, 0xD800, 0}},
      {"above U+10FFFF", {1, 0x110000, 0}},
      {"character count beyond the data", {3, 'a', 'b'}},
      {"huge character count", {0xFFFFFFFFu}},
      {"huge merge count", {2, 'a', 'b', 0xFFFFFFFFu}},
      {"merge count beyond the data", {2, 'a', 'b', 2, 3, 4}},
      {"a merge of a marker", {2, 'a', 'b', 1, 2, 4}},
      {"a merge of itself", {2, 'a', 'b', 1, 5, 3}},
      {"a merge of a later piece", {2, 'a', 'b', 2, 3, 6, 3, 4}},
      {"a merge of a byte piece", {2, 'a', 'b', 1, 3, 5 + 0x41}},
      {"a repeated merge", {2, 'a', 'b', 2, 3, 4, 3, 4}},
      {"a piece of 17 characters", {1, 'a', 5, 3, 3, 4, 4, 5, 5, 6, 6, 3, 7}},
      {"no merge count", {2, 'a', 'b'}},
  };
  for (const Row& row : table) {
    EXPECT_TRUE(ThrowsLmpError([&] { read_payload(row.words); }, lmp::ErrorKind::kCorruptModel)) << row.why;
  }
  EXPECT_TRUE(ThrowsLmpError([&] { read_payload({2, 'a', 'b', 0}, 2); }, lmp::ErrorKind::kCorruptModel)) << "flag 2";
  // The same layout, undamaged, reads: 'a' 'b', merges (a, b) -> 5 "ab" and (ab, a) -> 6 "aba".
  const BpeTokenizer read = read_payload({2, 'a', 'b', 2, 3, 4, 5, 3});
  EXPECT_EQ(read.piece(6), "aba");
  EXPECT_EQ(read.encode(line_of("ababa")), (std::vector<TokenId>{5, 6}));  // ab ab a, then (ab, a)
  EXPECT_FALSE(read.adds_line_start_space());
  EXPECT_TRUE(read_payload({2, 'a', 'b', 0}, 1).adds_line_start_space());
}

}  // namespace
