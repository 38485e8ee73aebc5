// UnigramTokenizer: piece rules and chunks, Viterbi against brute force, both
// samplers against the exactly enumerated distribution (chi-square), training
// (characters kept, exact size, exact decoding), errors, serialization.
#include "app/option_table.h"
#include "tokenize/kinds/tokenizer_kinds.h"
#include "tokenize/unigram/unigram_tokenizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/binary_io.h"
#include "base/rng.h"
#include "base/utf8.h"
#include "test_helpers.h"
#include "tokenize/unigram/unigram_pieces.h"
#include "tokenize/unigram/unigram_trainer.h"

namespace {

using lmp::TokenId;
using lmp::UnigramPiece;
using lmp::UnigramTokenizer;
using lmp_test::ThrowsLmpError;

lmp::Line line_of(const std::string& text) { return lmp::decode_utf8_or_throw(text, "t"); }
lmp::Corpus corpus_of(const std::string& text) { return lmp::parse_corpus(text, "t", 1 << 22); }

std::string text_of(const UnigramTokenizer& tokenizer, const std::vector<TokenId>& tokens) {
  std::string text;
  for (TokenId t : tokens) text += tokenizer.piece(t);
  return text;
}

TEST(UnigramPieces, ChunksAreOneWhitespaceAndOneClassRun) {
  const lmp::Line line = line_of("Hi, you  42x\t中文。");
  std::vector<std::string> chunks;
  for (const lmp::Chunk& c : lmp::split_into_chunks(line)) {
    chunks.push_back(lmp::encode_utf8(lmp::Line(line.begin() + c.begin, line.begin() + c.end)));
  }
  EXPECT_EQ(chunks, (std::vector<std::string>{"Hi", ",", " you", " ", " 42", "x", "\t中文", "。"}));
  EXPECT_TRUE(lmp::split_into_chunks({}).empty());
}

TEST(UnigramPieces, ValidPieces) {
  for (const char* good : {"a", " ", "\t", " the", "the", "42", " 42", "...", " ,", "中文字", " 中"}) {
    EXPECT_TRUE(lmp::is_valid_unigram_piece(line_of(good))) << good;
  }
  for (const char* bad : {"", "a ", "  ", "a b", "a1", "a,", "中a", "1中", " \t", "abcdefghijklmnopq"}) {
    EXPECT_FALSE(lmp::is_valid_unigram_piece(line_of(bad))) << bad;
  }
}

TEST(UnigramTrainer, DigammaMatchesKnownValues) {
  // psi(1) = -Euler's gamma, psi(1/2) = -gamma - 2 ln 2, psi(n+1) = H_n - gamma.
  const double gamma = 0.57721566490153286;
  EXPECT_NEAR(lmp::digamma(1), -gamma, 1e-12);
  EXPECT_NEAR(lmp::digamma(0.5), -gamma - 2 * std::log(2.0), 1e-12);
  double harmonic = 0;
  for (int k = 1; k <= 20; ++k) harmonic += 1.0 / k;
  EXPECT_NEAR(lmp::digamma(21), harmonic - gamma, 1e-12);
  EXPECT_NEAR(lmp::digamma(1e6), std::log(1e6) - 0.5e-6, 1e-12);
}

// A hand-made vocabulary over a, b, c for lattice tests (ids 3, 4, ...).
const std::vector<UnigramPiece>& small_pieces() {
  static const std::vector<UnigramPiece> pieces = {
      {"a", -1.6}, {"b", -1.9}, {"c", -2.3}, {"ab", -2.1}, {"bc", -2.9}, {"abc", -4.2}, {"ca", -2.6}, {"cab", -3.9}};
  return pieces;
}

struct Segmentation {
  std::vector<TokenId> tokens;
  double log_prob;
};

// Every way to cut `text` into the pieces (brute force), with its log-probability.
std::vector<Segmentation> all_segmentations(const std::vector<UnigramPiece>& pieces, const std::string& text) {
  std::vector<Segmentation> found;
  std::function<void(std::size_t, Segmentation)> extend = [&](std::size_t at, Segmentation so_far) {
    if (at == text.size()) {
      found.push_back(so_far);
      return;
    }
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (text.compare(at, pieces[i].text.size(), pieces[i].text) != 0) continue;
      Segmentation next = so_far;
      next.tokens.push_back(static_cast<TokenId>(i) + UnigramTokenizer::kFirstPiece);
      next.log_prob += pieces[i].log_prob;
      extend(at + pieces[i].text.size(), next);
    }
  };
  extend(0, {{}, 0.0});
  return found;
}

TEST(UnigramTokenizer, HandWorkedViterbi) {
  // "ab": a + b = -3.5 against ab = -2.1 -> ab. "abc": a+bc -4.5, ab+c -4.4,
  // abc -4.2, a+b+c -5.8 -> abc. "cab": cab -3.9, ca+b -4.5, c+ab -4.4 -> cab.
  const UnigramTokenizer tokenizer = UnigramTokenizer::from_pieces(small_pieces());
  EXPECT_EQ(tokenizer.encode(line_of("ab")), (std::vector<TokenId>{6}));
  EXPECT_EQ(tokenizer.encode(line_of("abc")), (std::vector<TokenId>{8}));
  EXPECT_EQ(tokenizer.encode(line_of("cab")), (std::vector<TokenId>{10}));
  EXPECT_EQ(tokenizer.encode(line_of("")), (std::vector<TokenId>{}));
}

TEST(UnigramTokenizer, ViterbiIsTheBruteForceArgmax) {
  const UnigramTokenizer tokenizer = UnigramTokenizer::from_pieces(small_pieces());
  lmp_test::TestRandom random(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::string text;
    for (int k = 1 + random.below(9); k > 0; --k) text += static_cast<char>('a' + random.below(3));
    const auto all = all_segmentations(small_pieces(), text);
    const Segmentation* best = &all[0];
    for (const Segmentation& s : all) best = s.log_prob > best->log_prob ? &s : best;
    const std::vector<TokenId> got = tokenizer.encode(line_of(text));
    double got_log_prob = 0;
    for (TokenId t : got) got_log_prob += tokenizer.log_prob(t);
    EXPECT_NEAR(got_log_prob, best->log_prob, 1e-9) << text;  // ties may pick another path of the same score
    EXPECT_EQ(text_of(tokenizer, got), text);
  }
}

// Survival function of the chi-square distribution with k degrees of freedom,
// by the Wilson-Hilferty cube-root normal approximation (good to a few
// percent of the p-value in the range we cut at).
double chi_square_p_value(double statistic, int k) {
  const double v = 2.0 / (9.0 * k);
  const double z = (std::cbrt(statistic / k) - (1 - v)) / std::sqrt(v);
  return 0.5 * std::erfc(z / std::sqrt(2.0));
}

enum class Sampler { kExact, kInViterbiPass };

std::vector<TokenId> draw(const UnigramTokenizer& t, Sampler s, const lmp::Line& text, double alpha, lmp::Rng& rng) {
  return s == Sampler::kExact ? t.encode_sampled(text, alpha, rng) : t.encode_sampled_in_viterbi_pass(text, alpha, rng);
}

TEST(UnigramTokenizer, BothSamplersMatchTheEnumeratedDistribution) {
  const UnigramTokenizer tokenizer = UnigramTokenizer::from_pieces(small_pieces());
  constexpr int kDraws = 20000;
  constexpr double kPValueCut = 1e-4;
  for (const std::string text : {"abcab", "cabcab", "abc"}) {
    const auto all = all_segmentations(small_pieces(), text);
    for (double alpha : {0.1, 0.5, 1.0}) {
      // Expected probabilities: p(seg)^alpha, normalized.
      std::map<std::vector<TokenId>, double> expected;
      double total = 0;
      for (const Segmentation& s : all) total += std::exp(alpha * s.log_prob);
      for (const Segmentation& s : all) expected[s.tokens] = std::exp(alpha * s.log_prob) / total;
      for (Sampler sampler : {Sampler::kExact, Sampler::kInViterbiPass}) {
        SCOPED_TRACE(text + " alpha " + std::to_string(alpha) + (sampler == Sampler::kExact ? " exact" : " in-pass"));
        lmp::Rng rng(12345);
        std::map<std::vector<TokenId>, int> observed;
        for (int n = 0; n < kDraws; ++n) {
          const std::vector<TokenId> tokens = draw(tokenizer, sampler, line_of(text), alpha, rng);
          ASSERT_EQ(expected.count(tokens), 1u) << lmp_test::describe(tokens) << " is not a segmentation";
          ++observed[tokens];
        }
        double statistic = 0;
        for (const auto& [tokens, p] : expected) {
          const double e = p * kDraws;
          const double o = observed.count(tokens) ? observed[tokens] : 0;
          statistic += (o - e) * (o - e) / e;
        }
        const int degrees = static_cast<int>(expected.size()) - 1;
        EXPECT_GT(chi_square_p_value(statistic, degrees), kPValueCut) << "chi2 " << statistic << " on " << degrees;
      }
    }
  }
}

TEST(UnigramTokenizer, ChiSquareCheckWouldCatchAWrongSampler) {
  // The test above is only worth something if a wrong distribution fails it:
  // sampling p^alpha for alpha 1 while claiming alpha 0.5 must be rejected.
  const UnigramTokenizer tokenizer = UnigramTokenizer::from_pieces(small_pieces());
  const auto all = all_segmentations(small_pieces(), "abcab");
  double total = 0;
  for (const Segmentation& s : all) total += std::exp(0.5 * s.log_prob);
  lmp::Rng rng(12345);
  std::map<std::vector<TokenId>, int> observed;
  for (int n = 0; n < 20000; ++n) ++observed[tokenizer.encode_sampled(line_of("abcab"), 1.0, rng)];
  double statistic = 0;
  for (const Segmentation& s : all) {
    const double e = std::exp(0.5 * s.log_prob) / total * 20000;
    const double o = observed[s.tokens];
    statistic += (o - e) * (o - e) / e;
  }
  EXPECT_LT(chi_square_p_value(statistic, static_cast<int>(all.size()) - 1), 1e-4);
}

TEST(UnigramTokenizer, MostFrequentSampleIsTheViterbiSegmentation) {
  const UnigramTokenizer tokenizer = UnigramTokenizer::from_pieces(small_pieces());
  for (const std::string text : {"abcab", "cabcab", "abcabc"}) {
    for (Sampler sampler : {Sampler::kExact, Sampler::kInViterbiPass}) {
      lmp::Rng rng(99);
      std::map<std::vector<TokenId>, int> observed;
      for (int n = 0; n < 5000; ++n) ++observed[draw(tokenizer, sampler, line_of(text), 1.0, rng)];
      auto most = observed.begin();
      for (auto it = observed.begin(); it != observed.end(); ++it) most = it->second > most->second ? it : most;
      EXPECT_EQ(most->first, tokenizer.encode(line_of(text))) << text;
    }
  }
}

TEST(UnigramTokenizer, LargeAlphaAlwaysGivesViterbi) {
  const UnigramTokenizer tokenizer = UnigramTokenizer::from_pieces(small_pieces());
  lmp::Rng rng(5);
  for (const std::string text : {"abcab", "cabcab", "ccbbaa", "abcabcabc"}) {
    const std::vector<TokenId> best = tokenizer.encode(line_of(text));
    for (int n = 0; n < 200; ++n) {
      EXPECT_EQ(tokenizer.encode_sampled(line_of(text), 1000.0, rng), best) << text;
      EXPECT_EQ(tokenizer.encode_sampled_in_viterbi_pass(line_of(text), 1000.0, rng), best) << text;
    }
  }
}

TEST(UnigramTokenizer, AlphaZeroDrawsEverySegmentationAlikeAndBadAlphasAreRefused) {
  // "abc" has 4 segmentations (a|b|c, ab|c, a|bc, abc): each about 1/4 of 8000.
  const UnigramTokenizer tokenizer = UnigramTokenizer::from_pieces(small_pieces());
  for (Sampler sampler : {Sampler::kExact, Sampler::kInViterbiPass}) {
    lmp::Rng rng(17);
    std::map<std::vector<TokenId>, int> observed;
    for (int n = 0; n < 8000; ++n) ++observed[draw(tokenizer, sampler, line_of("abc"), 0.0, rng)];
    EXPECT_EQ(observed.size(), 4u);
    for (const auto& [tokens, count] : observed) EXPECT_NEAR(count, 2000, 200) << lmp_test::describe(tokens);
    for (double bad : {-0.5, std::nan(""), HUGE_VAL}) {
      EXPECT_TRUE(ThrowsLmpError([&] { draw(tokenizer, sampler, line_of("abc"), bad, rng); },
                                 lmp::ErrorKind::kInvalidInput, {"alpha"}));
    }
  }
}

TEST(UnigramTokenizer, SamplesRepeatForASeed) {
  const UnigramTokenizer tokenizer = UnigramTokenizer::from_pieces(small_pieces());
  for (Sampler sampler : {Sampler::kExact, Sampler::kInViterbiPass}) {
    lmp::Rng one(42), two(42);
    for (int n = 0; n < 50; ++n) EXPECT_EQ(draw(tokenizer, sampler, line_of("abcabcab"), 0.3, one), draw(tokenizer, sampler, line_of("abcabcab"), 0.3, two));
  }
}

TEST(UnigramTokenizer, UnseenCharactersAreUnk) {
  const UnigramTokenizer tokenizer = UnigramTokenizer::from_pieces(small_pieces());
  const std::vector<TokenId> expected = {6, 0, 0, 3};  // ab, <unk> for x and 中, a
  EXPECT_EQ(tokenizer.encode(line_of("abx中a")), expected);
  lmp::Rng rng(3);
  for (int n = 0; n < 20; ++n) {
    const std::vector<TokenId> sampled = tokenizer.encode_sampled(line_of("abx中a"), 0.5, rng);
    EXPECT_EQ(std::count(sampled.begin(), sampled.end(), UnigramTokenizer::kUnk), 2);
    const std::vector<TokenId> in_pass = tokenizer.encode_sampled_in_viterbi_pass(line_of("abx中a"), 0.5, rng);
    EXPECT_EQ(std::count(in_pass.begin(), in_pass.end(), UnigramTokenizer::kUnk), 2);
  }
  EXPECT_TRUE(tokenizer.can_sample());
}

const std::string& training_text() {
  static const std::string text = [] {
    std::string t;
    for (int k = 0; k < 30; ++k) {
      t += "the cat sat on the mat, and the dog sat on the log.\n";
      t += "  two  spaces\tand a tab 42 times 1851 \n";
      t += "我们学习语言模型。语言模型很有趣！\n";
    }
    return t + lmp_test::small_text();
  }();
  return text;
}

TEST(UnigramTokenizer, TrainingKeepsEveryCharacterAndTheExactSize) {
  const lmp::Corpus corpus = corpus_of(training_text());
  const UnigramTokenizer tokenizer = UnigramTokenizer::train(corpus, 120);
  EXPECT_EQ(tokenizer.vocab_size(), 120);
  std::map<std::string, int> pieces;
  for (TokenId t = UnigramTokenizer::kFirstPiece; t < tokenizer.vocab_size(); ++t) ++pieces[tokenizer.piece(t)];
  for (const lmp::Line& line : corpus.lines) {
    for (char32_t c : line) {
      std::string bytes;
      lmp::append_utf8(c, bytes);
      EXPECT_EQ(pieces[bytes], 1) << bytes;
    }
  }
  for (const auto& [piece, count] : pieces) {
    EXPECT_EQ(count, 1) << piece;
    EXPECT_TRUE(lmp::is_valid_unigram_piece(line_of(piece))) << piece;
  }
}

TEST(UnigramTokenizer, TrainingLearnsFrequentWordsAsPieces) {
  const UnigramTokenizer tokenizer = UnigramTokenizer::train(corpus_of(training_text()), 130);
  // " sat" occurs 60 times; spelled in characters it would cost 4 tokens.
  EXPECT_EQ(tokenizer.encode(line_of(" sat")).size(), 1u);
  EXPECT_EQ(tokenizer.encode(line_of("语言模型")).size(), 1u);
  // Probabilities are ordered: ids go from the most probable piece down.
  for (TokenId t = UnigramTokenizer::kFirstPiece + 1; t < tokenizer.vocab_size(); ++t) {
    EXPECT_LE(tokenizer.log_prob(t), tokenizer.log_prob(t - 1));
  }
}

TEST(UnigramTokenizer, DecodeGivesTheExactLineBack) {
  const UnigramTokenizer tokenizer = UnigramTokenizer::train(corpus_of(training_text()), 100);
  for (const std::string line : {"the cat sat", "  two  spaces\tand a tab ", " leading", "trailing  ", "\t\t",
                                 "我们学习语言模型。", "the 学 sat,on\tthe   mat 1851", ""}) {
    const lmp::Line text = line_of(line);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode(text)), line);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode_line(text)), line + "\n");
    lmp::Rng rng(1);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode_sampled(text, 0.2, rng)), line);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode_sampled_in_viterbi_pass(text, 0.2, rng)), line);
  }
}

TEST(UnigramTokenizer, RandomUnicodeTextRoundTrips) {
  // Text made only of training characters, in any order, decodes back exactly.
  const UnigramTokenizer tokenizer = UnigramTokenizer::train(corpus_of(training_text()), 100);
  const lmp::Line alphabet = line_of("the catsonm,dglwp\t4218我们学习语言模型。很有趣！zoëé中文");
  lmp_test::TestRandom random(11);
  lmp::Rng rng(2);
  for (int trial = 0; trial < 300; ++trial) {
    lmp::Line text(random.below(40));
    for (char32_t& c : text) c = alphabet[random.below(static_cast<int>(alphabet.size()))];
    const std::string bytes = lmp::encode_utf8(text);
    const std::vector<TokenId> tokens = tokenizer.encode(text);
    EXPECT_EQ(std::count(tokens.begin(), tokens.end(), UnigramTokenizer::kUnk), 0) << bytes;
    EXPECT_EQ(tokenizer.decode(tokens), bytes);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode_sampled(text, 0.5, rng)), bytes);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode_sampled_in_viterbi_pass(text, 0.5, rng)), bytes);
  }
}

TEST(UnigramTokenizer, TrainingIsDeterministic) {
  const lmp::Corpus corpus = corpus_of(training_text());
  const UnigramTokenizer one = UnigramTokenizer::train(corpus, 90);
  const UnigramTokenizer two = UnigramTokenizer::train(corpus, 90);
  ASSERT_EQ(one.vocab_size(), two.vocab_size());
  for (TokenId t = 0; t < one.vocab_size(); ++t) {
    EXPECT_EQ(one.piece(t), two.piece(t));
    EXPECT_EQ(one.log_prob(t), two.log_prob(t));
  }
}

TEST(UnigramTokenizer, DefaultSizeIsCappedForSmallTexts) {
  // Random words give far more than 512 frequent substrings.
  lmp_test::TestRandom random(3);
  std::string varied;
  for (int word = 0; word < 3000; ++word) {
    varied += word % 12 == 11 ? "\n" : " ";
    for (int k = 2 + random.below(5); k > 0; --k) varied += static_cast<char>('a' + random.below(8));
  }
  EXPECT_EQ(UnigramTokenizer::train(corpus_of(varied), 0).vocab_size(), UnigramTokenizer::kDefaultVocabSize);
  // A small repetitive text has fewer: the default takes them all, one more is refused.
  const lmp::Corpus small = corpus_of("abab\nabab abba\n");
  const int all = UnigramTokenizer::train(small, 0).vocab_size();
  EXPECT_GE(all, 3 + 2 + 1);  // markers, a, b, and at least "ab" (seen 4 times)
  EXPECT_LT(all, UnigramTokenizer::kDefaultVocabSize);
  EXPECT_EQ(UnigramTokenizer::train(small, all).vocab_size(), all);
  EXPECT_TRUE(ThrowsLmpError([&] { UnigramTokenizer::train(small, all + 1); }, lmp::ErrorKind::kInvalidInput,
                             {"at most " + std::to_string(all)}));
}

TEST(UnigramTokenizer, BadTrainingRequestsAreRefusedClearly) {
  EXPECT_TRUE(ThrowsLmpError([] { UnigramTokenizer::train(lmp::Corpus{{{}, {}}}, 100); }, lmp::ErrorKind::kInvalidInput,
                             {"no characters"}));
  // "abc\n" has 3 characters: the minimum is 6.
  EXPECT_TRUE(ThrowsLmpError([] { UnigramTokenizer::train(corpus_of("abc\n"), 5); }, lmp::ErrorKind::kInvalidInput,
                             {"at least 6"}));
  EXPECT_TRUE(ThrowsLmpError([] { UnigramTokenizer::train(corpus_of("abc\n"), 5000); }, lmp::ErrorKind::kInvalidInput,
                             {"at most"}));
  for (int size : {1, 3, -1, 2000000}) {
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::train_tokenizer({lmp::TokenizerKind::kUnigram, size}, corpus_of("abc\n")); },
                               lmp::ErrorKind::kInvalidInput))
        << size;
  }
  EXPECT_TRUE(ThrowsLmpError([] { lmp::train_options_from({{"tokenizer", "unigramm"}}); }, lmp::ErrorKind::kInvalidInput,
                             {"char, word, bpe or unigram"}));
}

TEST(UnigramTokenizer, FromPiecesRefusesBadLists) {
  const std::vector<std::vector<UnigramPiece>> bad = {
      {}, {{"a", -1}, {"a", -2}}, {{"a b", -1}}, {{"a1", -1}}, {{"", -1}}, {{"a", NAN}}, {{"a", 0.5}}, {{"\xFF", -1}}};
  for (const auto& pieces : bad) {
    EXPECT_TRUE(ThrowsLmpError([&] { UnigramTokenizer::from_pieces(pieces); }, lmp::ErrorKind::kInvalidInput));
  }
}

TEST(UnigramTokenizer, WriteReadRoundTripThroughTheFactory) {
  const lmp::Corpus corpus = corpus_of(training_text());
  const auto tokenizer = lmp::train_tokenizer({lmp::TokenizerKind::kUnigram, 110}, corpus);
  EXPECT_EQ(tokenizer->kind(), lmp::TokenizerKind::kUnigram);
  EXPECT_EQ(tokenizer->vocab_size(), 110);
  lmp::ByteWriter out;
  lmp::write_tokenizer(*tokenizer, out);
  lmp::ByteReader in(out.bytes(), 0, out.bytes().size());
  EXPECT_EQ(in.u32(), 4u);  // the unigram kind code
  lmp::ByteReader again(out.bytes(), 0, out.bytes().size());
  const auto back = lmp::read_tokenizer(again);
  EXPECT_TRUE(again.at_end());
  ASSERT_EQ(back->vocab_size(), tokenizer->vocab_size());
  EXPECT_TRUE(back->can_sample());
  for (TokenId t = 0; t < tokenizer->vocab_size(); ++t) EXPECT_EQ(back->piece(t), tokenizer->piece(t));
  for (const lmp::Line& line : corpus.lines) {
    EXPECT_EQ(back->encode(line), tokenizer->encode(line));
    lmp::Rng one(8), two(8);
    EXPECT_EQ(back->encode_sampled(line, 0.3, one), tokenizer->encode_sampled(line, 0.3, two));
  }
}

TEST(UnigramTokenizer, ReadRejectsDamagedPayloads) {
  // Count, pieces with their log-probabilities, the line-start flag byte.
  const auto payload = [](std::uint32_t count, const std::vector<std::pair<std::string, double>>& pieces,
                          std::uint8_t line_start_flag = 0) {
    lmp::ByteWriter out;
    out.u32(count);
    for (const auto& [text, log_prob] : pieces) {
      out.str(text);
      out.f64(log_prob);
    }
    out.u8(line_start_flag);
    return out.bytes();
  };
  struct Row {
    const char* why;
    std::string bytes;
  };
  const std::string good = payload(2, {{"a", -1}, {"ab", -2}});
  const std::vector<Row> table = {
      {"no pieces", payload(0, {})},
      {"count beyond the data", payload(3, {{"a", -1}, {"ab", -2}})},
      {"huge count", payload(0xFFFFFFFFu, {{"a", -1}})},
      {"truncated", good.substr(0, good.size() - 3)},
      {"repeated piece", payload(2, {{"a", -1}, {"a", -2}})},
      {"mixed classes", payload(1, {{"a,", -1}})},
      {"invalid UTF-8", payload(1, {{"\xC0\xAF", -1}})},
      {"not a number", payload(1, {{"a", NAN}})},
      {"infinite", payload(1, {{"a", -INFINITY}})},
      {"line-start flag 2", payload(1, {{"a", -1}}, 2)},
  };
  for (const Row& row : table) {
    SCOPED_TRACE(row.why);
    EXPECT_TRUE(ThrowsLmpError(
        [&] {
          lmp::ByteReader in(row.bytes, 0, row.bytes.size());
          UnigramTokenizer::read(in);
        },
        lmp::ErrorKind::kCorruptModel));
  }
  lmp::ByteReader in(good, 0, good.size());
  EXPECT_EQ(UnigramTokenizer::read(in).vocab_size(), 5);
  const std::string spaced = payload(1, {{"a", -1}}, 1);
  lmp::ByteReader spaced_in(spaced, 0, spaced.size());
  EXPECT_TRUE(UnigramTokenizer::read(spaced_in).adds_line_start_space());
}

}  // namespace
