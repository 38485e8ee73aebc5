#include "tokenize/unigram/unigram_trainer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <unordered_map>

#include "base/error.h"
#include "base/utf8.h"
#include "tokenize/unigram/unigram_lattice.h"
#include "tokenize/unigram/unigram_pieces.h"

namespace lmp {

namespace {

// SentencePiece's defaults, with their reasons.
constexpr std::size_t kMaxSeedPieces = 1000000;  // bounds memory on big texts; rarely reached
constexpr double kMinSeedCount = 2;              // a substring seen once cannot beat its characters
constexpr int kEmStepsPerRound = 2;
constexpr double kShrinkFactor = 0.75;          // keep 75% of the pieces per pruning round
constexpr double kOversize = 1.1;               // stop pruning 10% above the target, pick the best at the end
constexpr double kMinExpectedCount = 0.5;       // the M-step drops pieces expected less often

constexpr int kMarkers = 3;  // <unk> <eol> <bos>, counted in vocab_size

struct Candidate {
  Line text;
  double log_prob;
  bool is_character;
};

struct WeightedChunk {
  Line text;
  double count;
};

// Distinct chunks of the corpus in code-point order, with how often each occurs.
std::vector<WeightedChunk> count_chunks(const Corpus& corpus) {
  std::unordered_map<std::u32string, double> counts;
  for (const Line& line : corpus.lines) {
    for (const Chunk& c : split_into_chunks(line)) {
      counts[std::u32string(line.begin() + c.begin, line.begin() + c.end)] += 1;
    }
  }
  std::vector<WeightedChunk> chunks;
  chunks.reserve(counts.size());
  for (const auto& [text, count] : counts) chunks.push_back({Line(text.begin(), text.end()), count});
  std::sort(chunks.begin(), chunks.end(), [](const WeightedChunk& a, const WeightedChunk& b) { return a.text < b.text; });
  return chunks;
}

using SubstringCounts = std::unordered_map<std::u32string, double>;

// Frequent substrings of 2 to kMaxUnigramPieceLength characters, scored by
// count x length, counted one length at a time: a substring can only be
// frequent if its prefix one character shorter is (the Apriori property), so
// each pass counts only extensions of the last pass's survivors. Memory stays
// near the number of frequent substrings even for long runs of Chinese,
// where counting every substring would hold 16 per character. Every
// substring of a chunk is a valid piece (only its first character can be
// whitespace). A substring always followed by the same character (as
// frequent as its extension) adds nothing the extension does not: like the
// nodes of a suffix tree, only those that branch are kept.
std::vector<std::pair<double, std::u32string>> frequent_substrings(const std::vector<WeightedChunk>& chunks,
                                                                   const std::map<char32_t, double>& characters) {
  SubstringCounts shorter;
  for (const auto& [c, count] : characters) {
    if (count >= kMinSeedCount) shorter[std::u32string(1, c)] = count;
  }
  std::vector<std::pair<double, std::u32string>> frequent;
  for (std::size_t length = 2; length <= kMaxUnigramPieceLength && !shorter.empty(); ++length) {
    SubstringCounts counts;
    for (const WeightedChunk& chunk : chunks) {
      const Line& t = chunk.text;
      for (std::size_t begin = 0; begin + length <= t.size(); ++begin) {
        std::u32string s(t.begin() + begin, t.begin() + begin + length - 1);
        if (shorter.count(s) == 0) continue;
        s.push_back(t[begin + length - 1]);
        counts[s] += chunk.count;
      }
    }
    SubstringCounts survivors;
    std::unordered_map<std::u32string, bool> branches;  // the shorter ones that do not branch: false
    for (const auto& [text, count] : counts) {
      if (count < kMinSeedCount) continue;
      survivors.emplace(text, count);
      const auto prefix = shorter.find(text.substr(0, length - 1));
      if (prefix->second == count) branches[prefix->first] = false;
    }
    if (length > 2) {
      for (const auto& [text, count] : shorter) {
        if (branches.count(text) == 0) frequent.push_back({count * static_cast<double>(text.size()), text});
      }
    }
    shorter = std::move(survivors);
  }
  for (const auto& [text, count] : shorter) {
    if (text.size() >= 2) frequent.push_back({count * static_cast<double>(text.size()), text});
  }
  std::sort(frequent.begin(), frequent.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (frequent.size() > kMaxSeedPieces) frequent.resize(kMaxSeedPieces);
  return frequent;
}

// Characters first (scored by frequency), then the frequent substrings, as
// log-probabilities proportional to the scores.
std::vector<Candidate> seed_pieces(const std::vector<WeightedChunk>& chunks) {
  std::map<char32_t, double> characters;
  for (const WeightedChunk& chunk : chunks) {
    for (char32_t c : chunk.text) characters[c] += chunk.count;
  }
  const auto frequent = frequent_substrings(chunks, characters);

  std::vector<Candidate> seeds;
  double total = 0;
  for (const auto& [c, count] : characters) {
    seeds.push_back({Line{c}, count, true});
    total += count;
  }
  for (const auto& [score, text] : frequent) {
    seeds.push_back({Line(text.begin(), text.end()), score, false});
    total += score;
  }
  for (Candidate& s : seeds) s.log_prob = std::log(s.log_prob) - std::log(total);
  return seeds;
}

UnigramVocabulary vocabulary_of(const std::vector<Candidate>& pieces) {
  UnigramVocabulary v;
  double least = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    v.trie.insert(pieces[i].text, static_cast<std::uint32_t>(i));
    v.log_probs.push_back(pieces[i].log_prob);
    v.max_piece_length = std::max(v.max_piece_length, pieces[i].text.size());
    least = std::min(least, pieces[i].log_prob);
  }
  v.unk_log_prob = least - 10;
  return v;
}

// One EM step. E: expected counts of each piece over all chunks. M: the
// variational-Bayes update log p = psi(count) - psi(total), which shrinks
// rare pieces harder than count / total would; pieces expected less than
// kMinExpectedCount go, characters stay (with at least that count), and so do
// the likeliest of the rare ones while fewer than keep_at_least would remain
// (small, repetitive texts), so the requested size can still be met.
std::vector<Candidate> em_step(const std::vector<Candidate>& pieces, const std::vector<WeightedChunk>& chunks,
                               std::size_t keep_at_least) {
  const UnigramVocabulary vocabulary = vocabulary_of(pieces);
  UnigramLattice lattice(vocabulary);
  std::vector<double> expected(pieces.size(), 0.0);
  for (const WeightedChunk& chunk : chunks) lattice.add_expected_counts(chunk.text.data(), chunk.text.size(), chunk.count, expected);

  std::size_t frequent = 0;
  std::vector<std::pair<double, std::size_t>> rare;  // (expected, index)
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].is_character || expected[i] >= kMinExpectedCount) {
      ++frequent;
    } else {
      rare.push_back({expected[i], i});
    }
  }
  std::stable_sort(rare.begin(), rare.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t r = 0; r < rare.size() && frequent + r < keep_at_least; ++r) {
    expected[rare[r].second] = kMinExpectedCount;
  }

  std::vector<Candidate> kept;
  double total = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].is_character) expected[i] = std::max(expected[i], kMinExpectedCount);
    if (expected[i] < kMinExpectedCount) continue;
    kept.push_back({pieces[i].text, expected[i], pieces[i].is_character});
    total += expected[i];
  }
  const double log_total = digamma(total);
  for (Candidate& k : kept) k.log_prob = digamma(k.log_prob) - log_total;
  return kept;
}

// Keeps `target` pieces: every character, then the pieces whose removal
// would cost the corpus most likelihood. A piece whose own best segmentation
// is not itself costs nothing; otherwise its Viterbi occurrences would be
// re-segmented into its second-best segmentation, and the loss is estimated
// from the Viterbi counts (SentencePiece's approximation).
std::vector<Candidate> prune(const std::vector<Candidate>& pieces, const std::vector<WeightedChunk>& chunks,
                             std::size_t target) {
  const UnigramVocabulary vocabulary = vocabulary_of(pieces);
  UnigramLattice lattice(vocabulary);
  const std::size_t n = pieces.size();

  std::vector<bool> removable_for_free(n, false);
  std::vector<std::vector<std::int32_t>> alternative(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (pieces[i].is_character) continue;
    double without = 0;
    alternative[i] = lattice.viterbi(pieces[i].text.data(), pieces[i].text.size(), static_cast<std::int32_t>(i), &without);
    removable_for_free[i] = without > pieces[i].log_prob;
  }

  std::vector<double> count(n, 0.0);
  std::vector<std::vector<std::uint32_t>> chunks_using(n);  // one entry per occurrence
  for (std::uint32_t k = 0; k < chunks.size(); ++k) {
    for (std::int32_t p : lattice.viterbi(chunks[k].text.data(), chunks[k].text.size())) {
      if (p == kUnkPiece) continue;
      count[p] += chunks[k].count;
      chunks_using[p].push_back(k);
    }
  }
  double total = 0;
  for (double c : count) total += c;
  const double log_total = std::log(total);

  std::vector<Candidate> kept;
  std::vector<std::pair<double, std::size_t>> losses;  // (loss, index)
  for (std::size_t i = 0; i < n; ++i) {
    if (pieces[i].is_character) {
      kept.push_back(pieces[i]);
      continue;
    }
    if (count[i] == 0 || removable_for_free[i]) continue;
    double chunk_share = 0;  // how much of the corpus the piece's chunks are
    for (std::uint32_t k : chunks_using[i]) chunk_share += chunks[k].count;
    chunk_share /= total;
    const double log_prob_with = std::log(count[i]) - log_total;
    // Removing it moves its count to each piece of the alternative.
    const double log_total_without = std::log(total + count[i] * (static_cast<double>(alternative[i].size()) - 1));
    double log_prob_without = 0;
    for (std::int32_t a : alternative[i]) log_prob_without += std::log(count[a] + count[i]) - log_total_without;
    losses.push_back({chunk_share * (log_prob_with - log_prob_without), i});
  }
  std::stable_sort(losses.begin(), losses.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [loss, i] : losses) {
    if (kept.size() >= target) break;
    kept.push_back(pieces[i]);
  }
  return kept;
}

std::string minimum_message(std::size_t characters) {
  return "a unigram vocabulary for this text needs at least " + std::to_string(kMarkers + characters) +
         " tokens (3 markers and its " + std::to_string(characters) +
         " distinct characters); ask for that many or more, or 0 for the default";
}

}  // namespace

double digamma(double x) {
  // Recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10, then the asymptotic
  // series, whose first omitted term is below 1e-15 there.
  double result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const double f = 1 / (x * x);
  return result + std::log(x) - 0.5 / x -
         f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))));
}

std::vector<UnigramPiece> train_unigram_pieces(const Corpus& corpus, int vocab_size) {
  const std::vector<WeightedChunk> chunks = count_chunks(corpus);
  if (chunks.empty()) throw invalid_input("the training text has no characters; a unigram tokenizer needs some text to learn from");
  std::vector<Candidate> pieces = seed_pieces(chunks);
  std::size_t characters = 0;
  for (const Candidate& c : pieces) characters += c.is_character ? 1 : 0;

  const std::size_t most = kMarkers + pieces.size();
  std::size_t target;  // pieces, markers not included
  if (vocab_size == 0) {
    target = std::max(characters, std::min<std::size_t>(kDefaultUnigramVocabSize, most) - kMarkers);
  } else {
    if (static_cast<std::size_t>(vocab_size) < kMarkers + characters) throw invalid_input(minimum_message(characters));
    if (static_cast<std::size_t>(vocab_size) > most) {
      throw invalid_input("this text gives at most " + std::to_string(most) +
                          " unigram tokens (markers included); ask for a smaller vocabulary or give more text");
    }
    target = static_cast<std::size_t>(vocab_size) - kMarkers;
  }

  const auto desired = static_cast<std::size_t>(static_cast<double>(target) * kOversize);
  while (true) {
    for (int step = 0; step < kEmStepsPerRound; ++step) pieces = em_step(pieces, chunks, target);
    if (pieces.size() <= desired) break;
    const auto shrunk = static_cast<std::size_t>(static_cast<double>(pieces.size()) * kShrinkFactor);
    pieces = prune(pieces, chunks, std::max(desired, shrunk));
  }

  // Every character, then the most probable pieces.
  std::stable_sort(pieces.begin(), pieces.end(), [](const Candidate& a, const Candidate& b) {
    if (a.is_character != b.is_character) return a.is_character;
    return a.log_prob > b.log_prob;
  });
  if (pieces.size() < target) {
    if (vocab_size != 0) {
      throw invalid_input("this text supports only " + std::to_string(kMarkers + pieces.size()) +
                          " unigram tokens (markers included); ask for at most that many or give more text");
    }
    target = pieces.size();
  }
  pieces.resize(target);
  std::sort(pieces.begin(), pieces.end(), [](const Candidate& a, const Candidate& b) {
    return a.log_prob != b.log_prob ? a.log_prob > b.log_prob : a.text < b.text;
  });

  std::vector<UnigramPiece> result;
  result.reserve(pieces.size());
  for (const Candidate& c : pieces) result.push_back({encode_utf8(c.text), c.log_prob});
  return result;
}

}  // namespace lmp
