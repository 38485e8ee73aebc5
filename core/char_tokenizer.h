// Character tokenizer over Unicode code points (Chinese is one token per
// character, like any other script). The vocabulary is fixed by the training
// text; a character never seen there becomes <unk>.
//
// Ids: 0 <unk>, 1 <eol> (end of line, predicted), 2 <bos> (start of line,
// context only, never predicted), then the training characters in code-point
// order, so the same text always gives the same ids.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "corpus.h"

namespace lmp {

class ByteReader;
class ByteWriter;

using TokenId = std::int32_t;

class CharTokenizer {
 public:
  static constexpr TokenId kUnk = 0;
  static constexpr TokenId kEol = 1;
  static constexpr TokenId kBos = 2;
  static constexpr TokenId kFirstCharacter = 3;

  static CharTokenizer train(const Corpus& corpus);

  int vocab_size() const { return static_cast<int>(characters_.size()) + kFirstCharacter; }

  // One line as the model sees it: <bos>, its characters, <eol>.
  std::vector<TokenId> encode_line(const Line& line) const;
  // Characters only, no markers (for prompts).
  std::vector<TokenId> encode(const Line& text) const;
  TokenId token_of(char32_t character) const;

  // Text of the tokens: <unk> becomes U+FFFD, <eol> a newline, <bos> nothing.
  std::string decode(const std::vector<TokenId>& tokens) const;
  // A readable label for one token: the character itself, or <unk>/<eol>/<bos>.
  std::string label(TokenId token) const;

  void write(ByteWriter& out) const;
  static CharTokenizer read(ByteReader& in);

 private:
  std::vector<char32_t> characters_;  // sorted; id = index + kFirstCharacter
};

}  // namespace lmp
