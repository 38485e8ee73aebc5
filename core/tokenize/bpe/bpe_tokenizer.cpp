#include "tokenize/bpe/bpe_tokenizer.h"

#include <algorithm>

#include "base/binary_io.h"
#include "base/error.h"
#include "base/utf8.h"
#include "tokenize/bpe/bpe_word_split.h"

namespace lmp {

namespace {

// With the default size, a text of many characters (Chinese) still gets this
// many merges instead of a refusal: a user who chose no size should get a tokenizer.
constexpr int kDefaultMergesAtLeast = 256;

}  // namespace

BpeTokenizer::BpeTokenizer(std::vector<char32_t> characters, std::vector<BpeMerge> merges, bool line_start_space)
    : characters_(std::move(characters)),
      line_start_space_(line_start_space),
      character_ids_(characters_),
      merges_(std::move(merges)) {
  pieces_.assign(kFirstPiece, std::string());
  for (char32_t c : characters_) {
    pieces_.emplace_back();
    append_utf8(c, pieces_.back());
  }
  for (std::size_t k = 0; k < merges_.size(); ++k) {
    pieces_.push_back(pieces_[merges_[k].left] + pieces_[merges_[k].right]);
    merge_rank_.find_or_insert(bpe_pair_key(merges_[k].left, merges_[k].right), static_cast<std::uint32_t>(k));
  }
  for (int b = 0; b < kBytePieces; ++b) pieces_.emplace_back(1, static_cast<char>(b));
}

BpeTokenizer BpeTokenizer::train(const Corpus& text, int vocab_size, bool line_start_space) {
  const Corpus spaced = line_start_space ? with_line_start_spaces(text) : Corpus{};
  const Corpus& corpus = line_start_space ? spaced : text;
  std::vector<char32_t> characters = bpe_characters(corpus);
  if (characters.empty()) {
    throw invalid_input("the training text has only empty lines: BPE needs some text to learn its pieces from");
  }
  const int minimum = kFirstPiece + static_cast<int>(characters.size());
  const int size = vocab_size == 0 ? std::max(kDefaultVocabSize, minimum + kDefaultMergesAtLeast) : vocab_size;
  if (size < minimum || size > kMaxVocabSize) {
    throw invalid_input("a BPE vocabulary of " + std::to_string(size) + " cannot hold the 3 markers and the " +
                        std::to_string(characters.size()) + " different characters of the training text: use a size from " +
                        std::to_string(minimum) + " to " + std::to_string(kMaxVocabSize) + " (or 0 for the default)");
  }
  std::vector<BpeMerge> merges = learn_bpe_merges(corpus, characters, size - minimum);
  return BpeTokenizer(std::move(characters), std::move(merges), line_start_space);
}

void BpeTokenizer::encode_word(const char32_t* begin, const char32_t* end, std::vector<TokenId>& out) const {
  std::vector<TokenId> ids;
  for (const char32_t* c = begin; c != end; ++c) {
    const TokenId id = character_ids_.id_of(*c);
    if (id != BpeCharacterIds::kAbsent) {
      ids.push_back(id);
      continue;
    }
    std::string bytes;
    append_utf8(*c, bytes);
    for (unsigned char b : bytes) ids.push_back(byte_token(b));
  }
  const int n = static_cast<int>(ids.size());
  if (n < 2) {
    out.insert(out.end(), ids.begin(), ids.end());
    return;
  }
  // The pieces as a linked list; a min-heap of (merge rank, position) over
  // adjacent pairs. Lowest rank first, leftmost first among equal ranks, is
  // applying the merges in order, each left to right: a merge only creates
  // pairs of later ranks. An entry whose pair has changed since is skipped.
  std::vector<int> next(n), prev(n);
  for (int i = 0; i < n; ++i) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  struct Step {
    std::uint32_t rank;
    int position;
    bool operator>(const Step& other) const {
      return rank != other.rank ? rank > other.rank : position > other.position;
    }
  };
  std::vector<Step> heap;
  const auto consider = [&](int i) {
    if (i < 0 || next[i] >= n) return;
    const std::uint32_t rank = merge_rank_.find(bpe_pair_key(ids[i], ids[next[i]]));
    if (rank == FlatHashMap::kMissing) return;
    heap.push_back({rank, i});
    std::push_heap(heap.begin(), heap.end(), std::greater<Step>());
  };
  for (int i = 0; i + 1 < n; ++i) consider(i);
  constexpr TokenId kMerged = -1;  // a piece absorbed into its left neighbour
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), std::greater<Step>());
    const Step step = heap.back();
    heap.pop_back();
    const int i = step.position;
    if (ids[i] == kMerged || next[i] >= n) continue;
    const int j = next[i];
    const BpeMerge& merge = merges_[step.rank];
    if (ids[i] != merge.left || ids[j] != merge.right) continue;
    ids[i] = first_merge() + static_cast<TokenId>(step.rank);
    ids[j] = kMerged;
    next[i] = next[j];
    if (next[j] < n) prev[next[j]] = i;
    consider(prev[i]);
    consider(i);
  }
  for (int i = 0; i < n; i = next[i]) out.push_back(ids[i]);
}

std::vector<TokenId> BpeTokenizer::encode(const Line& line) const {
  const Line spaced = line_start_space_ ? with_line_start_space(line) : Line{};
  const Line& text = line_start_space_ ? spaced : line;
  std::vector<TokenId> tokens;
  tokens.reserve(text.size());
  std::vector<WordSpan> words;
  split_bpe_words(text, words);
  for (const WordSpan& word : words) {
    const char32_t* begin = text.data() + word.begin;
    const char32_t* end = text.data() + word.end;
    const TokenId single = end - begin == 1 ? character_ids_.id_of(*begin) : BpeCharacterIds::kAbsent;
    if (single != BpeCharacterIds::kAbsent) {
      tokens.push_back(single);
      continue;
    }
    const BpeWordCache::Ids known = cache_.find(begin, end);
    if (known.data != nullptr) {
      tokens.insert(tokens.end(), known.data, known.data + known.size);
      continue;
    }
    const std::size_t first = tokens.size();
    encode_word(begin, end, tokens);
    cache_.remember(begin, end, tokens.data() + first, tokens.size() - first);
  }
  return tokens;
}

std::string BpeTokenizer::piece(TokenId token) const {
  if (token < kFirstPiece || token >= vocab_size()) return std::string();
  return pieces_[token];
}

void BpeTokenizer::write(ByteWriter& out) const {
  out.u32(static_cast<std::uint32_t>(characters_.size()));
  for (char32_t c : characters_) out.u32(c);
  out.u32(static_cast<std::uint32_t>(merges_.size()));
  for (const BpeMerge& merge : merges_) {
    out.u32(static_cast<std::uint32_t>(merge.left));
    out.u32(static_cast<std::uint32_t>(merge.right));
  }
  out.u8(line_start_space_ ? 1 : 0);
}

BpeTokenizer BpeTokenizer::read(ByteReader& in) {
  const auto damaged = [](const std::string& what) { return corrupt_model("the model file is damaged: its BPE " + what); };
  const std::uint32_t character_count = in.u32();
  if (character_count > static_cast<std::uint32_t>(kMaxVocabSize)) throw damaged("vocabulary is too large");
  in.expect_items(character_count, 4);
  std::vector<char32_t> characters(character_count);
  for (std::size_t i = 0; i < characters.size(); ++i) {
    const std::uint32_t c = in.u32();
    const bool surrogate = c >= 0xD800 && c <= 0xDFFF;
    if (c > 0x10FFFF || surrogate) throw damaged("vocabulary holds an invalid character");
    if (i > 0 && c <= characters[i - 1]) throw damaged("characters are out of order");
    characters[i] = c;
  }
  const std::uint32_t merge_count = in.u32();
  if (static_cast<std::uint64_t>(kFirstPiece) + character_count + merge_count > static_cast<std::uint64_t>(kMaxVocabSize)) {
    throw damaged("vocabulary is too large");
  }
  in.expect_items(merge_count, 8);
  std::vector<BpeMerge> merges(merge_count);
  std::vector<int> piece_characters(character_count, 1);  // by id - kFirstPiece
  for (std::uint32_t k = 0; k < merge_count; ++k) {
    const std::uint32_t left = in.u32();
    const std::uint32_t right = in.u32();
    // A merge joins two pieces made before it: characters or earlier merges.
    const std::uint32_t made = kFirstPiece + character_count + k;
    if (left < kFirstPiece || left >= made || right < kFirstPiece || right >= made) {
      throw damaged("merge " + std::to_string(k) + " refers to a piece that does not exist yet");
    }
    const int length = piece_characters[left - kFirstPiece] + piece_characters[right - kFirstPiece];
    if (length > kMaxBpePieceCharacters) throw damaged("merge " + std::to_string(k) + " makes a piece longer than any it learns");
    piece_characters.push_back(length);
    merges[k] = {static_cast<TokenId>(left), static_cast<TokenId>(right)};
  }
  const std::uint8_t line_start_space = in.u8();
  if (line_start_space > 1) throw damaged("line-start flag is neither 0 nor 1");
  BpeTokenizer tokenizer(std::move(characters), std::move(merges), line_start_space == 1);
  if (tokenizer.merge_rank_.size() != tokenizer.merges_.size()) throw damaged("merges repeat a pair");
  return tokenizer;
}

}  // namespace lmp
