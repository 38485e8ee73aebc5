// Cuts one line into the word tokenizer's pieces, before any vocabulary is
// involved: training counts these pieces and encoding looks them up. The
// pieces of a line concatenated are the line itself, so whatever the
// vocabulary covers decodes back exactly.
//
// Pieces, by the coarse classes of unicode_class.h:
//   - a word: a run of letters ("whale", "café", combining marks included);
//   - a contraction suffix: an apostrophe (' or U+2019) between letters starts
//     a new piece with the letters after it ("don’t" -> "don" "’t", "Ahab's"
//     -> "Ahab" "'s"), so the stem keeps the statistics of the plain word;
//   - a run of digits ("1851");
//   - one punctuation or symbol character ("—", ".", "😀");
//   - one character of a script written without spaces ("我爱" -> "我" "爱"):
//     we have no dictionary to find its words, and a character is what a
//     reader of Chinese sees as the unit anyway;
//   - whitespace, see below.
//
// Whitespace: one plain space (U+0020) right before a non-space piece belongs
// to that piece (" the", " 1851", " (", " 世"), as in GPT-2. Most spaces in
// prose are exactly that, so a sentence costs one token per word rather than
// two, and the chip " the" shows where the space was. Any other whitespace is
// a piece of its own, one per run: the rest of a run of spaces ("a   b" ->
// "a" "  " " b"), tabs and other spaces ("\t", U+3000), and whitespace at the
// end of a line. "the" at the start of a line and " the" after a space are
// therefore different pieces; that is the price of an exact round trip
// without a separate space token after every word.
//
// Left out: language-specific rules (English-only contraction lists, URLs,
// abbreviations such as "Mr.") and real word segmentation of Chinese or Thai.
#pragma once
#include <cstddef>
#include <vector>

#include "text/corpus.h"

namespace lmp {

struct PieceSpan {
  std::size_t begin;  // code point offsets into the line: [begin, end)
  std::size_t end;
};

// Replaces `spans` by the pieces of `line`, in order, covering it without gaps.
void split_word_pieces(const Line& line, std::vector<PieceSpan>& spans);

}  // namespace lmp
