// What every tokenizer offers the models, the CLI and the page: text to token
// ids and back, a label for each token, and its own file format. Any
// tokenizer works with any model: models see only ids.
//
// Ids shared by all of them: 0 <unk>, 1 <eol> (end of line, predicted), 2
// <bos> (start of line, context only, never predicted), then the tokenizer's
// own pieces from kFirstPiece. A piece is a string of UTF-8 bytes; the text
// of a token sequence is its pieces concatenated, so a tokenizer whose pieces
// cover the text decodes it back exactly. A byte-fallback piece is a single
// byte, which may be part of a character: decode() turns bytes that do not
// form valid UTF-8 into U+FFFD, so its output is always valid text.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/enum_names.h"
#include "text/corpus.h"

namespace lmp {

class ByteReader;
class ByteWriter;
class Rng;

using TokenId = std::int32_t;

enum class TokenizerKind { kChar, kWord, kBpe, kUnigram };
inline constexpr std::array<const char*, 4> kTokenizerKindNames = {"char", "word", "bpe", "unigram"};
inline const char* to_string(TokenizerKind kind) { return enum_name(kind, kTokenizerKindNames); }

// Filled from the training options (app/option_table.cpp holds their defaults).
struct TokenizerOptions {
  TokenizerKind kind = TokenizerKind::kChar;
  int vocab_size = 0;      // markers included; 0: the kind's default
  bool lowercase = false;  // word only: fold case before counting
};

class Tokenizer {
 public:
  static constexpr TokenId kUnk = 0;
  static constexpr TokenId kEol = 1;
  static constexpr TokenId kBos = 2;
  static constexpr TokenId kFirstPiece = 3;

  virtual ~Tokenizer() = default;

  virtual TokenizerKind kind() const = 0;
  virtual int vocab_size() const = 0;

  // The tokens of a text without its markers (for prompts and streams).
  virtual std::vector<TokenId> encode(const Line& text) const = 0;
  // One line as the model sees it: <bos>, encode(line), <eol>.
  std::vector<TokenId> encode_line(const Line& line) const { return framed(encode(line)); }
  // <bos>, a line's tokens, <eol>.
  static std::vector<TokenId> framed(const std::vector<TokenId>& body);

  // Whether encode_sampled can draw other segmentations than encode's (the
  // unigram tokenizer's subword sampling).
  virtual bool can_sample() const { return false; }
  // A segmentation drawn with probability proportional to p(segmentation)^alpha;
  // tokenizers that cannot sample return encode(text).
  virtual std::vector<TokenId> encode_sampled(const Line& text, double alpha, Rng& rng) const;

  // Whether encode() reads a non-empty line as if a space came before it
  // (SentencePiece's dummy prefix, which BPE and unigram use): the first word
  // of a line is then the same piece as that word anywhere else ("▁the"),
  // which saves a few percent of tokens. decode() drops that space again.
  virtual bool adds_line_start_space() const { return false; }

  // The bytes of a piece; "" for the markers and for ids outside the vocabulary.
  virtual std::string piece(TokenId token) const = 0;
  // Pieces concatenated, <eol> as a newline, <bos> as nothing, <unk> and
  // unknown ids as U+FFFD; bytes that are not valid UTF-8 become U+FFFD.
  // at_line_start: tokens[0] is the first of a line (what follows <bos> or
  // <eol> always is), so its line-start space, if any, is dropped.
  std::string decode(const std::vector<TokenId>& tokens, bool at_line_start = false) const;
  // A readable label for one token: its piece as text, <unk>/<eol>/<bos>, or
  // <0xE4> for a byte piece that is not a character by itself.
  std::string label(TokenId token) const;

  // The tokenizer's own payload; write_tokenizer/read_tokenizer add its kind.
  virtual void write(ByteWriter& out) const = 0;
};

// " " + line for a non-empty line, the empty line as it is: what tokenizers
// with adds_line_start_space() train on and encode.
Line with_line_start_space(const Line& line);
Corpus with_line_start_spaces(const Corpus& corpus);

}  // namespace lmp
