// Character tokenizer over Unicode code points (Chinese is one token per
// character, like any other script). The vocabulary is fixed by the training
// text; a character never seen there becomes <unk>. Pieces are the training
// characters in code-point order, so the same text always gives the same ids.
#pragma once
#include <string>
#include <vector>

#include "tokenize/tokenizer.h"

namespace lmp {

class CharTokenizer : public Tokenizer {
 public:
  static constexpr TokenId kFirstCharacter = kFirstPiece;

  static CharTokenizer train(const Corpus& corpus);

  TokenizerKind kind() const override { return TokenizerKind::kChar; }
  int vocab_size() const override { return static_cast<int>(characters_.size()) + kFirstCharacter; }
  std::vector<TokenId> encode(const Line& text) const override;
  std::string piece(TokenId token) const override;
  TokenId token_of(char32_t character) const;

  void write(ByteWriter& out) const override;
  static CharTokenizer read(ByteReader& in);

 private:
  std::vector<char32_t> characters_;  // sorted; id = index + kFirstCharacter
};

}  // namespace lmp
