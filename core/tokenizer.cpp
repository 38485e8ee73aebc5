// What all tokenizers share (tokenizer.h): line framing, decoding and labels
// over their pieces, and the one place that maps a kind to its class, for
// training and for model files.
#include "tokenizer.h"

#include <cstdio>

#include "binary_io.h"
#include "bpe_tokenizer.h"
#include "char_tokenizer.h"
#include "error.h"
#include "unigram_tokenizer.h"
#include "utf8.h"
#include "word_tokenizer.h"

namespace lmp {

std::vector<TokenId> Tokenizer::encode_line(const Line& line) const {
  std::vector<TokenId> tokens = {kBos};
  const std::vector<TokenId> body = encode(line);
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

namespace {

// Kind codes in model files. 1 is also what files from before there were
// other tokenizers hold, followed by the same character payload.
constexpr std::uint32_t kCharCode = 1;
constexpr std::uint32_t kWordCode = 2;
constexpr std::uint32_t kBpeCode = 3;
constexpr std::uint32_t kUnigramCode = 4;

}  // namespace

void check_tokenizer_options(const TokenizerOptions& options) {
  if (options.kind != "char" && options.kind != "word" && options.kind != "bpe" &&
      options.kind != "unigram") {
    throw invalid_input("unknown tokenizer '" + options.kind + "'; use char, word, bpe or unigram");
  }
  if (options.kind == "bpe" && options.vocab_size != 0 &&
      !(options.vocab_size > Tokenizer::kFirstPiece && options.vocab_size <= BpeTokenizer::kMaxVocabSize)) {
    throw invalid_input("a BPE vocabulary size must be between 4 (the 3 markers and one character) and " +
                        std::to_string(BpeTokenizer::kMaxVocabSize) + ", or 0 for the default");
  }
  if (!(options.vocab_size >= 0 && options.vocab_size <= 1000000)) {
    throw invalid_input("the vocabulary size must be between 0 (the tokenizer's default) and 1000000");
  }
  if (options.kind == "word") WordTokenizer::check_vocab_size(options.vocab_size);
  // 3 markers and at least one character; the text decides the real minimum.
  if (options.kind == "unigram" && options.vocab_size != 0 && options.vocab_size < 4) {
    throw invalid_input("a unigram vocabulary needs at least 4 tokens (3 markers and the text's characters); use 0 for the default");
  }
  if (options.lowercase && options.kind != "word") throw invalid_input("lowercasing is an option of the word tokenizer only");
}

std::unique_ptr<Tokenizer> train_tokenizer(const TokenizerOptions& options, const Corpus& train) {
  check_tokenizer_options(options);
  if (options.kind == "word") {
    return std::make_unique<WordTokenizer>(WordTokenizer::train(train, options.vocab_size, options.lowercase));
  }
  if (options.kind == "bpe") return std::make_unique<BpeTokenizer>(BpeTokenizer::train(train, options.vocab_size, true));
  if (options.kind == "unigram") return std::make_unique<UnigramTokenizer>(UnigramTokenizer::train(train, options.vocab_size, true));
  return std::make_unique<CharTokenizer>(CharTokenizer::train(train));
}

void write_tokenizer(const Tokenizer& tokenizer, ByteWriter& out) {
  const std::string kind = tokenizer.kind();
  if (kind == "char") {
    out.u32(kCharCode);
  } else if (kind == "word") {
    out.u32(kWordCode);
  } else if (kind == "bpe") {
    out.u32(kBpeCode);
  } else if (kind == "unigram") {
    out.u32(kUnigramCode);
  } else {
    throw invalid_input("cannot save a tokenizer of kind '" + kind + "'");
  }
  tokenizer.write(out);
}

std::unique_ptr<Tokenizer> read_tokenizer(ByteReader& in) {
  const std::uint32_t code = in.u32();
  if (code == kCharCode) return std::make_unique<CharTokenizer>(CharTokenizer::read(in));
  if (code == kWordCode) return std::make_unique<WordTokenizer>(WordTokenizer::read(in));
  if (code == kBpeCode) return std::make_unique<BpeTokenizer>(BpeTokenizer::read(in));
  if (code == kUnigramCode) return std::make_unique<UnigramTokenizer>(UnigramTokenizer::read(in));
  throw corrupt_model("the model file uses a tokenizer this build does not know (kind " + std::to_string(code) + ")");
}

}  // namespace lmp
