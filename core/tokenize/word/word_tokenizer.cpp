#include "tokenize/word/word_tokenizer.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <utility>

#include "base/binary_io.h"
#include "base/error.h"
#include "base/unicode_class.h"
#include "base/utf8.h"
#include "tokenize/word/word_split.h"

namespace lmp {

namespace {

// Calls visit(code_points, length) for each piece of the line, folded first
// if asked. Buffers are reused, so the common case allocates nothing.
template <typename Visit>
void for_each_piece(const Line& line, bool lowercase, Visit&& visit) {
  thread_local Line folded;
  thread_local std::vector<PieceSpan> spans;
  const Line* source = &line;
  if (lowercase) {
    folded.resize(line.size());
    std::transform(line.begin(), line.end(), folded.begin(), to_lower);
    source = &folded;
  }
  split_word_pieces(*source, spans);
  for (const PieceSpan& span : spans) visit(source->data() + span.begin, span.end - span.begin);
}

}  // namespace

void WordTokenizer::check_vocab_size(int vocab_size) {
  if (vocab_size == 0 || (vocab_size >= kMinVocabSize && vocab_size <= kMaxVocabSize)) return;
  throw invalid_input("the word tokenizer's vocabulary size must be between " + std::to_string(kMinVocabSize) +
                      " (its 3 markers and one word) and " + std::to_string(kMaxVocabSize) + ", or 0 for the default of " +
                      std::to_string(kDefaultVocabSize) + "; got " + std::to_string(vocab_size));
}

WordTokenizer::WordTokenizer(std::vector<std::string> pieces, bool lowercase)
    : pieces_(std::move(pieces)), lowercase_(lowercase) {
  std::vector<char32_t> code_points;
  for (const std::string& p : pieces_) {
    code_points.clear();
    decode_utf8(p, code_points);
    index_.insert(code_points.data(), code_points.size());
  }
}

WordTokenizer WordTokenizer::train(const Corpus& corpus, int vocab_size, bool lowercase) {
  check_vocab_size(vocab_size);
  const std::size_t capacity = static_cast<std::size_t>(vocab_size == 0 ? kDefaultVocabSize : vocab_size) - kFirstPiece;

  PieceIndex seen;
  std::vector<std::uint64_t> counts;  // by id in `seen`
  for (const Line& line : corpus.lines) {
    for_each_piece(line, lowercase, [&](const char32_t* piece, std::size_t length) {
      const std::uint32_t id = seen.insert(piece, length);
      if (id == counts.size()) counts.push_back(0);
      ++counts[id];
    });
  }
  if (counts.empty()) {
    throw invalid_input("the training text has no words: the word tokenizer needs at least one non-empty line");
  }

  // Ties in byte order: UTF-8 orders strings as their code points do.
  std::vector<std::uint32_t> ranked(counts.size());
  std::iota(ranked.begin(), ranked.end(), 0u);
  const auto more_frequent = [&](std::uint32_t a, std::uint32_t b) {
    if (counts[a] != counts[b]) return counts[a] > counts[b];
    return std::lexicographical_compare(seen.key(a), seen.key(a) + seen.length(a), seen.key(b), seen.key(b) + seen.length(b));
  };
  const std::size_t kept = std::min(capacity, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(kept), ranked.end(), more_frequent);
  std::vector<std::string> pieces(kept);
  for (std::size_t i = 0; i < kept; ++i) {
    for (std::size_t c = 0; c < seen.length(ranked[i]); ++c) append_utf8(seen.key(ranked[i])[c], pieces[i]);
  }
  return WordTokenizer(std::move(pieces), lowercase);
}

TokenId WordTokenizer::token_of(const char32_t* piece, std::size_t length) const {
  const std::uint32_t index = index_.find(piece, length);
  return index == PieceIndex::kMissing ? kUnk : static_cast<TokenId>(index) + kFirstPiece;
}

TokenId WordTokenizer::token_of(const std::string& piece) const {
  std::vector<char32_t> code_points;
  if (decode_utf8(piece, code_points).found) return kUnk;
  return token_of(code_points.data(), code_points.size());
}

std::vector<TokenId> WordTokenizer::encode(const Line& text) const {
  std::vector<TokenId> tokens;
  for_each_piece(text, lowercase_, [&](const char32_t* piece, std::size_t length) {
    tokens.push_back(token_of(piece, length));
  });
  return tokens;
}

std::string WordTokenizer::piece(TokenId token) const {
  if (token < kFirstPiece || token >= vocab_size()) return std::string();
  return pieces_[static_cast<std::size_t>(token - kFirstPiece)];
}

double WordTokenizer::oov_rate(const Corpus& text) const {
  std::uint64_t pieces = 0, unknown = 0;
  for (const Line& line : text.lines) {
    for_each_piece(line, lowercase_, [&](const char32_t* piece, std::size_t length) {
      ++pieces;
      if (token_of(piece, length) == kUnk) ++unknown;
    });
  }
  return pieces == 0 ? 0.0 : static_cast<double>(unknown) / static_cast<double>(pieces);
}

void WordTokenizer::write(ByteWriter& out) const {
  out.u8(lowercase_ ? 1 : 0);
  out.u32(static_cast<std::uint32_t>(pieces_.size()));
  for (const std::string& p : pieces_) out.str(p);
}

WordTokenizer WordTokenizer::read(ByteReader& in) {
  const std::uint8_t flag = in.u8();
  if (flag > 1) throw corrupt_model("the model file is damaged: the word tokenizer's lowercase flag is neither 0 nor 1");
  const std::uint32_t count = in.u32();
  if (count == 0 || count > static_cast<std::uint32_t>(kMaxVocabSize - kFirstPiece)) {
    throw corrupt_model("the model file is damaged: the word tokenizer holds " + std::to_string(count) +
                        " pieces, outside 1.." + std::to_string(kMaxVocabSize - kFirstPiece));
  }
  constexpr std::size_t kSmallestPieceBytes = 4 + 1;  // its length, then at least one byte
  in.expect_items(count, kSmallestPieceBytes);
  std::vector<std::string> pieces(count);
  std::vector<char32_t> ignored;
  for (std::string& p : pieces) {
    p = in.str();
    ignored.clear();
    if (p.empty() || decode_utf8(p, ignored).found) {
      throw corrupt_model("the model file is damaged: a word piece is empty or not valid UTF-8");
    }
  }
  WordTokenizer tokenizer(std::move(pieces), flag == 1);
  if (tokenizer.index_.size() != tokenizer.pieces_.size()) {
    throw corrupt_model("the model file is damaged: the word tokenizer holds the same piece twice");
  }
  return tokenizer;
}

}  // namespace lmp
