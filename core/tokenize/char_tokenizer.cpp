#include "tokenize/char_tokenizer.h"

#include <algorithm>

#include "base/binary_io.h"
#include "base/error.h"
#include "base/utf8.h"

namespace lmp {

CharTokenizer CharTokenizer::train(const Corpus& corpus) {
  // One bit per code point (136 KB): marking is linear, where sorting a copy of the text was not.
  constexpr char32_t kCodePoints = 0x110000;
  std::vector<bool> present(kCodePoints, false);
  for (const Line& line : corpus.lines) {
    for (char32_t c : line) present[c] = true;
  }
  std::vector<char32_t> seen;
  for (char32_t c = 0; c < kCodePoints; ++c) {
    if (present[c]) seen.push_back(c);
  }
  CharTokenizer tokenizer;
  tokenizer.characters_ = std::move(seen);
  return tokenizer;
}

TokenId CharTokenizer::token_of(char32_t character) const {
  const auto it = std::lower_bound(characters_.begin(), characters_.end(), character);
  if (it == characters_.end() || *it != character) return kUnk;
  return static_cast<TokenId>(it - characters_.begin()) + kFirstCharacter;
}

std::vector<TokenId> CharTokenizer::encode(const Line& text) const {
  std::vector<TokenId> tokens;
  tokens.reserve(text.size());
  for (char32_t c : text) tokens.push_back(token_of(c));
  return tokens;
}

std::string CharTokenizer::piece(TokenId token) const {
  std::string bytes;
  if (token >= kFirstCharacter && token < vocab_size()) append_utf8(characters_[token - kFirstCharacter], bytes);
  return bytes;
}

void CharTokenizer::write(ByteWriter& out) const {
  out.u32(static_cast<std::uint32_t>(characters_.size()));
  for (char32_t c : characters_) out.u32(c);
}

CharTokenizer CharTokenizer::read(ByteReader& in) {
  CharTokenizer tokenizer;
  const std::uint32_t count = in.u32();
  in.expect_items(count, 4);
  tokenizer.characters_.resize(count);
  for (auto& c : tokenizer.characters_) {
    c = in.u32();
    const bool surrogate = c >= 0xD800 && c <= 0xDFFF;
    if (c > 0x10FFFF || surrogate) throw corrupt_model("the model file is damaged: its vocabulary holds an invalid character");
  }
  if (!std::is_sorted(tokenizer.characters_.begin(), tokenizer.characters_.end()) ||
      std::adjacent_find(tokenizer.characters_.begin(), tokenizer.characters_.end()) != tokenizer.characters_.end()) {
    throw corrupt_model("the model file is damaged: its vocabulary is out of order");
  }
  return tokenizer;
}

}  // namespace lmp
