// Every tokenizer, made the way models get it (train_tokenizer), gives back
// exactly the text it was trained on: random lines of any UTF-8, Chinese,
// emoji, combining marks, tabs and runs of spaces included. BPE also spells
// text it never saw, through its byte pieces.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/utf8.h"
#include "test_helpers.h"
#include "tokenize/kinds/tokenizer_kinds.h"
#include "tokenize/tokenizer.h"

namespace {

std::vector<std::string> random_lines(std::uint64_t seed, int count) {
  lmp_test::TestRandom random(seed);
  std::vector<std::string> lines;
  for (int n = 0; n < count; ++n) lines.push_back(lmp_test::random_unicode(random, random.below(40)));
  return lines;
}

std::unique_ptr<lmp::Tokenizer> trained_on(const char* kind, const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  lmp::TokenizerOptions options;
  options.kind = lmp_test::tokenizer_kind(kind);
  options.vocab_size = 0;  // each kind's default, as much as a small text allows
  return lmp::train_tokenizer(options, lmp::parse_corpus(text, "text", 1 << 20));
}

class TokenizerRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(TokenizerRoundTrip, TheTrainingTextComesBackExactly) {
  const std::vector<std::string> lines = random_lines(5, 300);
  const auto tokenizer = trained_on(GetParam(), lines);
  for (const std::string& line : lines) {
    const lmp::Line text = lmp::decode_utf8_or_throw(line, "line");
    const std::vector<lmp::TokenId> body = tokenizer->encode(text);
    for (lmp::TokenId t : body) {
      ASSERT_GT(t, lmp::Tokenizer::kBos) << "no marker, no <unk>: " << line;
      ASSERT_LT(t, tokenizer->vocab_size());
    }
    EXPECT_EQ(tokenizer->decode(body, true), line);
    EXPECT_EQ(tokenizer->decode(tokenizer->encode_line(text)), line + "\n");
  }
}

INSTANTIATE_TEST_SUITE_P(EveryKind, TokenizerRoundTrip, ::testing::Values("char", "word", "bpe", "unigram"));

TEST(TokenizerRoundTrip, BpeSpellsTextItNeverSaw) {
  const auto tokenizer = trained_on("bpe", {"plain ascii words only", "and a few more"});
  for (const std::string& line : random_lines(9, 200)) {
    EXPECT_EQ(tokenizer->decode(tokenizer->encode(lmp::decode_utf8_or_throw(line, "line")), true), line);
  }
}

}  // namespace
