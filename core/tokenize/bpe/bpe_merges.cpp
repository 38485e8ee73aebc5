// BPE training with incremental pair counts. Words are counted once with
// their frequency; a table keeps, for each adjacent pair of pieces, how often
// it occurs and which words held it; a max-heap with lazy deletion picks the
// next pair (an entry whose count went stale is re-filed when it surfaces).
// A merge then visits only the words that held its pair and updates the
// counts around each occurrence, so training costs about the number of
// occurrences merged, not merges times the text.
#include "tokenize/bpe/bpe_merges.h"

#include <algorithm>
#include <queue>
#include <string>
#include <unordered_map>

#include "base/flat_hash_map.h"
#include "base/utf8.h"
#include "tokenize/bpe/bpe_word_split.h"
#include "tokenize/char_tokenizer.h"

namespace lmp {

BpeCharacterIds::BpeCharacterIds(const std::vector<char32_t>& sorted) : sorted_(sorted) {
  ascii_.fill(kAbsent);
  for (std::size_t i = 0; i < sorted_.size() && sorted_[i] < 128; ++i) {
    ascii_[sorted_[i]] = static_cast<TokenId>(i) + Tokenizer::kFirstPiece;
  }
}

TokenId BpeCharacterIds::id_of(char32_t c) const {
  if (c < 128) return ascii_[c];
  const auto it = std::lower_bound(sorted_.begin(), sorted_.end(), c);
  if (it == sorted_.end() || *it != c) return kAbsent;
  return static_cast<TokenId>(it - sorted_.begin()) + Tokenizer::kFirstPiece;
}

std::vector<char32_t> bpe_characters(const Corpus& corpus) {
  // The character tokenizer already finds the sorted character set; its pieces are those characters.
  const CharTokenizer chars = CharTokenizer::train(corpus);
  std::vector<char32_t> characters;
  for (TokenId id = CharTokenizer::kFirstCharacter; id < chars.vocab_size(); ++id) {
    characters.push_back(decode_utf8_lossy(chars.piece(id)).front());
  }
  return characters;
}

namespace {

struct Word {
  std::vector<TokenId> pieces;
  std::int64_t count;  // how often the word occurs in the corpus
};

struct PairStats {
  std::uint64_t key = 0;  // bpe_pair_key(left, right)
  std::int64_t count = 0;
  std::vector<std::uint32_t> words;  // words that held the pair when it was added (some may have lost it since)
};

struct Candidate {
  std::int64_t count;
  std::uint64_t key;
  // The heap's top is the highest count, then the smallest (left, right).
  bool operator<(const Candidate& other) const { return count != other.count ? count < other.count : key > other.key; }
};

class BpeTrainer {
 public:
  BpeTrainer(const Corpus& corpus, const std::vector<char32_t>& characters)
      : piece_characters_(characters.size(), 1) {
    count_words(corpus, BpeCharacterIds(characters));
    for (std::uint32_t w = 0; w < words_.size(); ++w) {
      const std::vector<TokenId>& p = words_[w].pieces;
      for (std::size_t i = 0; i + 1 < p.size(); ++i) add_pair(p[i], p[i + 1], words_[w].count, w);
    }
    grown_.clear();
    std::vector<Candidate> all;
    for (const PairStats& stats : pairs_) all.push_back({stats.count, stats.key});
    heap_ = std::priority_queue<Candidate>(std::less<Candidate>(), std::move(all));
  }

  std::vector<BpeMerge> learn(int max_merges) {
    std::vector<BpeMerge> merges;
    const TokenId first_merge = Tokenizer::kFirstPiece + static_cast<TokenId>(piece_characters_.size());
    while (static_cast<int>(merges.size()) < max_merges && !heap_.empty()) {
      const Candidate top = heap_.top();
      heap_.pop();
      const std::int64_t current = pairs_[pair_index_.find(top.key)].count;
      if (current != top.count) {
        if (current > 0) heap_.push({current, top.key});
        continue;
      }
      const BpeMerge merge = {static_cast<TokenId>(top.key >> 32), static_cast<TokenId>(top.key & 0xFFFFFFFFu)};
      merge_everywhere(merge, first_merge + static_cast<TokenId>(merges.size()));
      merges.push_back(merge);
    }
    return merges;
  }

 private:
  void count_words(const Corpus& corpus, const BpeCharacterIds& ids) {
    std::unordered_map<std::u32string, std::int64_t> counts;
    std::vector<WordSpan> spans;
    std::u32string key;
    for (const Line& line : corpus.lines) {
      split_bpe_words(line, spans);
      for (const WordSpan& span : spans) {
        if (span.end - span.begin < 2) continue;  // no pair to count
        key.assign(line.begin() + span.begin, line.begin() + span.end);
        ++counts[key];
      }
    }
    // Sorted, so that word numbers (and any order derived from them) do not depend on hashing.
    std::vector<std::pair<std::u32string, std::int64_t>> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [text, count] : sorted) {
      Word word{{}, count};
      for (char32_t c : text) word.pieces.push_back(ids.id_of(c));
      words_.push_back(std::move(word));
    }
  }

  bool may_merge(TokenId left, TokenId right) const {
    return piece_characters_[left - Tokenizer::kFirstPiece] + piece_characters_[right - Tokenizer::kFirstPiece] <=
           kMaxBpePieceCharacters;
  }

  void add_pair(TokenId left, TokenId right, std::int64_t count, std::uint32_t word) {
    if (!may_merge(left, right)) return;
    const std::uint64_t key = bpe_pair_key(left, right);
    const std::uint32_t index = pair_index_.find_or_insert(key, static_cast<std::uint32_t>(pairs_.size()));
    if (index == pairs_.size()) pairs_.push_back({key, 0, {}});
    PairStats& stats = pairs_[index];
    stats.count += count;
    if (stats.words.empty() || stats.words.back() != word) stats.words.push_back(word);
    grown_.push_back(key);
  }

  void remove_pair(TokenId left, TokenId right, std::int64_t count) {
    if (!may_merge(left, right)) return;
    pairs_[pair_index_.find(bpe_pair_key(left, right))].count -= count;
  }

  void merge_everywhere(const BpeMerge& merge, TokenId merged) {
    piece_characters_.push_back(piece_characters_[merge.left - Tokenizer::kFirstPiece] +
                                piece_characters_[merge.right - Tokenizer::kFirstPiece]);
    PairStats& stats = pairs_[pair_index_.find(bpe_pair_key(merge.left, merge.right))];
    const std::vector<std::uint32_t> holders = std::move(stats.words);
    stats.words = {};
    for (const std::uint32_t w : holders) merge_in_word(w, merge, merged);
    // Only pairs holding the new piece can have grown; the others' stale heap entries are re-filed lazily.
    std::sort(grown_.begin(), grown_.end());
    grown_.erase(std::unique(grown_.begin(), grown_.end()), grown_.end());
    for (const std::uint64_t key : grown_) heap_.push({pairs_[pair_index_.find(key)].count, key});
    grown_.clear();
  }

  // Greedy left to right, as encoding applies a merge: in "aaa", (a, a) merges the first two.
  void merge_in_word(std::uint32_t w, const BpeMerge& merge, TokenId merged) {
    std::vector<TokenId>& p = words_[w].pieces;
    const std::int64_t count = words_[w].count;
    const std::size_t n = p.size();
    const auto occurs_at = [&](std::size_t i) { return i + 1 < n && p[i] == merge.left && p[i + 1] == merge.right; };
    bool found = false;
    bool previous_ended_here = false;  // the last occurrence ended at i - 1, and already removed the pair (p[i-1], p[i])
    for (std::size_t i = 0; i + 1 < n; ++i) {
      if (!occurs_at(i)) {
        previous_ended_here = false;
        continue;
      }
      found = true;
      if (i > 0 && !previous_ended_here) remove_pair(p[i - 1], p[i], count);
      remove_pair(p[i], p[i + 1], count);
      if (i + 2 < n) remove_pair(p[i + 1], p[i + 2], count);
      ++i;
      previous_ended_here = true;
    }
    if (!found) return;
    std::size_t out = 0;
    for (std::size_t i = 0; i < n;) {
      if (occurs_at(i)) {
        p[out++] = merged;
        i += 2;
      } else {
        p[out++] = p[i++];
      }
    }
    p.resize(out);
    for (std::size_t j = 0; j < out; ++j) {
      if (p[j] != merged) continue;
      if (j > 0) add_pair(p[j - 1], merged, count, w);
      if (j + 1 < out && p[j + 1] != merged) add_pair(merged, p[j + 1], count, w);
    }
  }

  std::vector<int> piece_characters_;  // characters in each piece, by id - kFirstPiece
  std::vector<Word> words_;
  FlatHashMap pair_index_;             // pair key -> index into pairs_
  std::vector<PairStats> pairs_;
  std::priority_queue<Candidate> heap_;
  std::vector<std::uint64_t> grown_;   // pairs whose count went up in this step
};

}  // namespace

std::vector<BpeMerge> learn_bpe_merges(const Corpus& corpus, const std::vector<char32_t>& characters, int max_merges) {
  return BpeTrainer(corpus, characters).learn(max_merges);
}

}  // namespace lmp
