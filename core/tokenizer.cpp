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

namespace {

template <typename T>
std::unique_ptr<Tokenizer> read_as(ByteReader& in) {
  return std::make_unique<T>(T::read(in));
}

// Every kind, in one place: its name, its code in model files (1 is also what
// files from before there were other tokenizers hold, followed by the same
// character payload), the largest vocabulary it may be asked for, and how it
// is trained and read. BPE and unigram read lines with a space before them,
// as SentencePiece does.
struct Kind {
  const char* name;
  std::uint32_t code;
  int max_vocab_size;
  std::unique_ptr<Tokenizer> (*train)(const TokenizerOptions& options, const Corpus& text);
  std::unique_ptr<Tokenizer> (*read)(ByteReader& in);
};

const Kind kKinds[] = {
    {"char", 1, 1000000,  // its vocabulary is the text's characters: a size given is not used
     [](const TokenizerOptions&, const Corpus& text) -> std::unique_ptr<Tokenizer> {
       return std::make_unique<CharTokenizer>(CharTokenizer::train(text));
     },
     read_as<CharTokenizer>},
    {"word", 2, WordTokenizer::kMaxVocabSize,
     [](const TokenizerOptions& o, const Corpus& text) -> std::unique_ptr<Tokenizer> {
       return std::make_unique<WordTokenizer>(WordTokenizer::train(text, o.vocab_size, o.lowercase));
     },
     read_as<WordTokenizer>},
    {"bpe", 3, BpeTokenizer::kMaxVocabSize,
     [](const TokenizerOptions& o, const Corpus& text) -> std::unique_ptr<Tokenizer> {
       return std::make_unique<BpeTokenizer>(BpeTokenizer::train(text, o.vocab_size, true));
     },
     read_as<BpeTokenizer>},
    {"unigram", 4, 1000000,  // the text decides how many pieces it can give
     [](const TokenizerOptions& o, const Corpus& text) -> std::unique_ptr<Tokenizer> {
       return std::make_unique<UnigramTokenizer>(UnigramTokenizer::train(text, o.vocab_size, true));
     },
     read_as<UnigramTokenizer>},
};

const Kind* find_kind(const std::string& name) {
  for (const Kind& kind : kKinds) {
    if (name == kind.name) return &kind;
  }
  return nullptr;
}

}  // namespace

void check_tokenizer_options(const TokenizerOptions& options) {
  const Kind* kind = find_kind(options.kind);
  if (kind == nullptr) throw invalid_input("unknown tokenizer '" + options.kind + "'; use char, word, bpe or unigram");
  // At least the 3 markers and one piece; the text decides the real minimum.
  const int smallest = Tokenizer::kFirstPiece + 1;
  if (options.vocab_size != 0 && !(options.vocab_size >= smallest && options.vocab_size <= kind->max_vocab_size)) {
    throw invalid_input("the " + options.kind + " tokenizer's vocabulary size must be between " + std::to_string(smallest) +
                        " (its 3 markers and one piece) and " + std::to_string(kind->max_vocab_size) +
                        ", or 0 for its default; got " + std::to_string(options.vocab_size));
  }
  if (options.lowercase && options.kind != "word") throw invalid_input("lowercasing is an option of the word tokenizer only");
}

std::unique_ptr<Tokenizer> train_tokenizer(const TokenizerOptions& options, const Corpus& train) {
  check_tokenizer_options(options);
  return find_kind(options.kind)->train(options, train);
}

void write_tokenizer(const Tokenizer& tokenizer, ByteWriter& out) {
  const Kind* kind = find_kind(tokenizer.kind());
  if (kind == nullptr) throw invalid_input("cannot save a tokenizer of kind '" + tokenizer.kind() + "'");
  out.u32(kind->code);
  tokenizer.write(out);
}

std::unique_ptr<Tokenizer> read_tokenizer(ByteReader& in) {
  const std::uint32_t code = in.u32();
  for (const Kind& kind : kKinds) {
    if (code == kind.code) return kind.read(in);
  }
  throw corrupt_model("the model file uses a tokenizer this build does not know (kind " + std::to_string(code) + ")");
}

}  // namespace lmp
