#include "app/tokenization.h"
#include "tokenize/kinds/tokenizer_kinds.h"

#include <chrono>

#include "base/error.h"
#include "base/rng.h"
#include "base/utf8.h"
#include "text/corpus.h"

namespace lmp {

namespace {

// The same bound as a training text under the default memory limit: a
// tokenization holds a label per token, tens of bytes each.
constexpr std::size_t kMaxTextBytes = 256u << 20;

}  // namespace

Tokenization tokenize_text(const Tokenizer& tokenizer, const std::string& text, double alpha, std::uint32_t seed) {
  if (!(alpha >= 0 && alpha <= 10)) throw invalid_input("alpha must be between 0 (most probable) and 10");
  if (alpha > 0 && !tokenizer.can_sample()) {
    throw invalid_input("the " + std::string(to_string(tokenizer.kind())) + " tokenizer has one segmentation per text; sampling needs unigram");
  }
  const Corpus corpus = parse_corpus(text, "the text", kMaxTextBytes);
  Tokenization out;
  out.line_start_space = tokenizer.adds_line_start_space();
  Rng rng(seed);
  for (const Line& line : corpus.lines) {
    const std::vector<TokenId> ids = alpha > 0 ? tokenizer.encode_sampled(line, alpha, rng) : tokenizer.encode(line);
    for (TokenId id : ids) {
      out.tokens.push_back({id, tokenizer.label(id)});
      out.unk += id == Tokenizer::kUnk;
    }
    out.tokens.push_back({Tokenizer::kEol, tokenizer.label(Tokenizer::kEol)});
    out.pieces += static_cast<double>(ids.size());
    out.chars += static_cast<double>(line.size());
  }
  if (out.chars > 0) out.tokens_per_char = out.pieces / out.chars;
  if (out.pieces > 0) out.oov_rate = out.unk / out.pieces;
  return out;
}

SplitText split_text(const std::string& text, const TrainOptions& options) {
  const SplitCorpus split =
      split_corpus(parse_corpus(text, "the text", max_text_bytes(options)), options.val_fraction, options.val_split);
  const auto joined = [](const Corpus& corpus) {
    std::string out;
    for (const Line& line : corpus.lines) {
      out += encode_utf8(line);
      out.push_back('\n');
    }
    return out;
  };
  return {joined(split.train), joined(split.val)};
}

std::unique_ptr<StandaloneTokenizer> StandaloneTokenizer::train(const std::string& train_text,
                                                                const TrainOptions& options) {
  check_tokenizer_options(tokenizer_options(options));
  const Corpus corpus = parse_corpus(train_text, "the training text", max_text_bytes(options));
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Tokenizer> tokenizer = train_tokenizer(tokenizer_options(options), corpus);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return std::unique_ptr<StandaloneTokenizer>(new StandaloneTokenizer(std::move(tokenizer), seconds));
}

}  // namespace lmp
