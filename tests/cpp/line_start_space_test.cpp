// The line-start space BPE and unigram read every line with (SentencePiece's
// dummy prefix): a word opening a line is the same piece as anywhere else,
// and nothing of it shows in decoded text, samples included.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/trained_model.h"
#include "app/training_session.h"
#include "base/utf8.h"
#include "test_helpers.h"
#include "tokenize/kinds/tokenizer_kinds.h"
#include "tokenize/tokenizer.h"

namespace {

using lmp::TokenId;

lmp::Line line_of(const std::string& text) { return lmp::decode_utf8_or_throw(text, "test line"); }

std::string training_text() {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "the whale and the sea\nthe ship sails on\n";
  return text;
}

std::unique_ptr<lmp::Tokenizer> trained(const std::string& kind) {
  lmp::TokenizerOptions options;
  options.kind = lmp_test::tokenizer_kind(kind);
  options.vocab_size = 40;
  return lmp::train_tokenizer(options, lmp::parse_corpus(training_text(), "text", 1 << 20));
}

class LineStartSpace : public ::testing::TestWithParam<const char*> {};

TEST_P(LineStartSpace, AWordOpeningALineIsTheSamePieceAsInsideIt) {
  const auto tokenizer = trained(GetParam());
  ASSERT_TRUE(tokenizer->adds_line_start_space());
  const std::vector<TokenId> alone = tokenizer->encode(line_of("the"));
  const std::vector<TokenId> inside = tokenizer->encode(line_of("sea the"));
  ASSERT_EQ(alone.size(), 1u) << "\" the\" is one of the most frequent pieces";
  EXPECT_EQ(inside.back(), alone[0]);
  EXPECT_EQ(tokenizer->piece(alone[0]), " the");
}

TEST_P(LineStartSpace, DecodingDropsItAndKeepsEveryRealSpace) {
  const auto tokenizer = trained(GetParam());
  // (characters of the training text only: unigram writes <unk> for others)
  for (const std::string& line : {"the whale", " the whale", "  the  sea ", "  ", "t"}) {
    const std::vector<TokenId> framed = tokenizer->encode_line(line_of(line));
    EXPECT_EQ(tokenizer->decode(framed), line + "\n") << "'" << line << "'";
    const std::vector<TokenId> body = tokenizer->encode(line_of(line));
    EXPECT_EQ(tokenizer->decode(body, true), line) << "at the start of a line";
  }
  EXPECT_TRUE(tokenizer->encode(lmp::Line{}).empty()) << "an empty line has no tokens";
  // Two lines in a row: the second's space goes too.
  std::vector<TokenId> two = tokenizer->encode_line(line_of("the sea"));
  const std::vector<TokenId> second = tokenizer->encode_line(line_of("the ship"));
  two.insert(two.end(), second.begin() + 1, second.end());  // <bos> only once
  EXPECT_EQ(tokenizer->decode(two), "the sea\nthe ship\n");
  // Mid-line (a continuation of a prompt), a piece keeps its space.
  EXPECT_EQ(tokenizer->decode(tokenizer->encode(line_of("the")), false), " the");
}

TEST_P(LineStartSpace, SamplesFromAnEmptyPromptDoNotStartWithASpace) {
  lmp::TrainOptions options;
  options.tokenizer = lmp_test::tokenizer_kind(GetParam());
  options.vocab_size = 40;
  options.order = 3;
  const auto model = lmp::train_model(training_text(), options);
  lmp::SamplingConfig config;
  for (const std::string& sample : model->sample("", config, 20, 7, 10)) {
    ASSERT_FALSE(sample.empty());
    EXPECT_NE(sample[0], ' ') << "'" << sample << "'";
  }
  for (const std::string& sample : model->sample("the", config, 20, 7, 10)) EXPECT_EQ(sample.rfind("the", 0), 0u);
}

INSTANTIATE_TEST_SUITE_P(Subwords, LineStartSpace, ::testing::Values("bpe", "unigram"));

TEST(LineStartSpace, CharactersAndWordsTakeLinesAsTheyAre) {
  for (const char* kind : {"char", "word"}) {
    lmp::TokenizerOptions options;
    options.kind = lmp_test::tokenizer_kind(kind);
    const auto tokenizer = lmp::train_tokenizer(options, lmp::parse_corpus(training_text(), "text", 1 << 20));
    EXPECT_FALSE(tokenizer->adds_line_start_space()) << kind;
    EXPECT_EQ(tokenizer->decode(tokenizer->encode(line_of("the sea")), true), "the sea") << kind;
  }
}

}  // namespace
