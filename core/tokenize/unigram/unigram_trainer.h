// Training of the unigram tokenizer's pieces, SentencePiece's recipe in our
// own code:
//  1. seed: every character, and the substrings (2 to 16 characters, inside
//     one chunk, see unigram_pieces.h) that occur at least twice, scored by
//     frequency x length; log-probabilities proportional to those scores;
//  2. EM over the lattice of each distinct chunk, weighted by its count,
//     with the Bayesian (digamma) M-step that acts as a sparse prior and
//     drops pieces expected less than half a time;
//  3. pruning: for each piece, the loss of corpus likelihood if its Viterbi
//     occurrences were re-segmented by its best alternative; the least useful
//     pieces go, 25% per round, until 10% above the target; then EM again;
//  4. the final vocabulary: every character, then the most probable pieces
//     up to the requested size.
// Deterministic: counts are gathered in hash maps but used in sorted order.
#pragma once
#include <vector>

#include "text/corpus.h"
#include "tokenize/unigram/unigram_pieces.h"

namespace lmp {

// Pieces sorted by log-probability (most probable first). vocab_size counts
// the 3 markers; 0 asks for kDefaultUnigramVocabSize, or as many
// as a small text allows. Throws invalid_input (see UnigramTokenizer::train).
std::vector<UnigramPiece> train_unigram_pieces(const Corpus& corpus, int vocab_size);

// The digamma function psi(x) = d/dx log Gamma(x) for x > 0.
double digamma(double x);

}  // namespace lmp
