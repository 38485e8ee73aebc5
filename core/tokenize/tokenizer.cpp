// What all tokenizers share (tokenizer.h): line framing, decoding and labels
// over their pieces.
#include "tokenize/tokenizer.h"

#include <cstdio>

#include "base/error.h"
#include "base/utf8.h"

namespace lmp {

std::vector<TokenId> Tokenizer::framed(const std::vector<TokenId>& body) {
  std::vector<TokenId> tokens;
  tokens.reserve(body.size() + 2);
  tokens.push_back(kBos);
  tokens.insert(tokens.end(), body.begin(), body.end());
  tokens.push_back(kEol);
  return tokens;
}

std::vector<TokenId> Tokenizer::encode_sampled(const Line& text, double, Rng&) const { return encode(text); }

Line with_line_start_space(const Line& line) {
  if (line.empty()) return line;
  Line spaced;
  spaced.reserve(line.size() + 1);
  spaced.push_back(U' ');
  spaced.insert(spaced.end(), line.begin(), line.end());
  return spaced;
}

Corpus with_line_start_spaces(const Corpus& corpus) {
  Corpus spaced;
  spaced.lines.reserve(corpus.lines.size());
  for (const Line& line : corpus.lines) spaced.lines.push_back(with_line_start_space(line));
  return spaced;
}

std::string Tokenizer::decode(const std::vector<TokenId>& tokens, bool at_line_start) const {
  constexpr char32_t kReplacementCharacter = 0xFFFD;
  std::string text;
  std::string pending;  // piece bytes not yet checked as UTF-8: byte pieces may split a character
  const auto flush = [&] {
    if (pending.empty()) return;
    text += encode_utf8(decode_utf8_lossy(pending));
    pending.clear();
  };
  const bool drops_space = adds_line_start_space();
  bool line_start = at_line_start;
  for (TokenId token : tokens) {
    if (token == kBos || token == kEol) {
      if (token == kEol) {
        flush();
        text.push_back('\n');
      }
      line_start = true;
      continue;
    }
    std::string bytes = token >= kFirstPiece && token < vocab_size() ? piece(token) : std::string();
    if (bytes.empty()) {
      flush();
      append_utf8(kReplacementCharacter, text);
    } else {
      if (line_start && drops_space && bytes[0] == ' ') bytes.erase(0, 1);
      pending += bytes;
    }
    line_start = false;
  }
  flush();
  return text;
}

std::string Tokenizer::label(TokenId token) const {
  if (token == kUnk) return "<unk>";
  if (token == kEol) return "<eol>";
  if (token == kBos) return "<bos>";
  const std::string bytes = token >= kFirstPiece && token < vocab_size() ? piece(token) : std::string();
  std::vector<char32_t> ignored;
  if (bytes.empty() || decode_utf8(bytes, ignored).found) {
    // A lone byte of a character that only byte pieces spell: name it.
    std::string name;
    for (unsigned char b : bytes) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "<0x%02X>", b);
      name += hex;
    }
    return bytes.empty() ? "<unk>" : name;
  }
  return bytes;
}

}  // namespace lmp
