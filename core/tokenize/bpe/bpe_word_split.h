// How the BPE tokenizer cuts a line into words before any merge, the way
// SentencePiece's defaults do for English prose: whitespace belongs to the
// start of the word that follows it, and a word never mixes the classes of
// unicode_class.h (letters, digits, punctuation, unspaced scripts). So
// " whale," is the words " whale" and ",", and "中文。" is "中文" and "。".
// A whitespace character followed by another one is a word by itself, so a
// piece holds at most one whitespace character, at its start (SentencePiece
// allows its whitespace marker only there too). The words cover the line
// exactly, spaces and tabs included, so decoding gives the line back.
//
// The tokenizer splits each line with a space before it (SentencePiece's
// dummy prefix, Tokenizer::adds_line_start_space), so the first word of a
// line is the same word as anywhere else; decoding drops that space.
#pragma once
#include <cstddef>
#include <vector>

#include "text/corpus.h"

namespace lmp {

struct WordSpan {
  std::size_t begin;  // index of the word's first character in the line
  std::size_t end;    // one past its last
};

// Replaces `words` with the words of `line`, in order.
void split_bpe_words(const Line& line, std::vector<WordSpan>& words);

}  // namespace lmp
