// The one place that maps a tokenizer kind to its class, for training and for
// model files (tokenizer_kinds.h).
#include "tokenize/kinds/tokenizer_kinds.h"

#include "base/binary_io.h"
#include "base/error.h"
#include "tokenize/bpe/bpe_tokenizer.h"
#include "tokenize/char_tokenizer.h"
#include "tokenize/unigram/unigram_tokenizer.h"
#include "tokenize/word/word_tokenizer.h"

namespace lmp {

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
  TokenizerKind kind;
  std::uint32_t code;
  int max_vocab_size;
  std::unique_ptr<Tokenizer> (*train)(const TokenizerOptions& options, const Corpus& text);
  std::unique_ptr<Tokenizer> (*read)(ByteReader& in);
};

const Kind kKinds[] = {
    {TokenizerKind::kChar, 1, 1000000,  // its vocabulary is the text's characters: a size given is not used
     [](const TokenizerOptions&, const Corpus& text) -> std::unique_ptr<Tokenizer> {
       return std::make_unique<CharTokenizer>(CharTokenizer::train(text));
     },
     read_as<CharTokenizer>},
    {TokenizerKind::kWord, 2, WordTokenizer::kMaxVocabSize,
     [](const TokenizerOptions& o, const Corpus& text) -> std::unique_ptr<Tokenizer> {
       return std::make_unique<WordTokenizer>(WordTokenizer::train(text, o.vocab_size, o.lowercase));
     },
     read_as<WordTokenizer>},
    {TokenizerKind::kBpe, 3, BpeTokenizer::kMaxVocabSize,
     [](const TokenizerOptions& o, const Corpus& text) -> std::unique_ptr<Tokenizer> {
       return std::make_unique<BpeTokenizer>(BpeTokenizer::train(text, o.vocab_size, true));
     },
     read_as<BpeTokenizer>},
    {TokenizerKind::kUnigram, 4, 1000000,  // the text decides how many pieces it can give
     [](const TokenizerOptions& o, const Corpus& text) -> std::unique_ptr<Tokenizer> {
       return std::make_unique<UnigramTokenizer>(UnigramTokenizer::train(text, o.vocab_size, true));
     },
     read_as<UnigramTokenizer>},
};

const Kind& find_kind(TokenizerKind wanted) {
  for (const Kind& kind : kKinds) {
    if (kind.kind == wanted) return kind;
  }
  throw internal_error("a tokenizer kind without an entry in kKinds");
}

}  // namespace

void check_tokenizer_options(const TokenizerOptions& options) {
  const Kind& kind = find_kind(options.kind);
  // At least the 3 markers and one piece; the text decides the real minimum.
  const int smallest = Tokenizer::kFirstPiece + 1;
  if (options.vocab_size != 0 && !(options.vocab_size >= smallest && options.vocab_size <= kind.max_vocab_size)) {
    throw invalid_input("the " + std::string(to_string(options.kind)) + " tokenizer's vocabulary size must be between " +
                        std::to_string(smallest) + " (its 3 markers and one piece) and " + std::to_string(kind.max_vocab_size) +
                        ", or 0 for its default; got " + std::to_string(options.vocab_size));
  }
  if (options.lowercase && options.kind != TokenizerKind::kWord) {
    throw invalid_input("lowercasing is an option of the word tokenizer only");
  }
}

std::unique_ptr<Tokenizer> train_tokenizer(const TokenizerOptions& options, const Corpus& train) {
  check_tokenizer_options(options);
  return find_kind(options.kind).train(options, train);
}

void write_tokenizer(const Tokenizer& tokenizer, ByteWriter& out) {
  out.u32(find_kind(tokenizer.kind()).code);
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
