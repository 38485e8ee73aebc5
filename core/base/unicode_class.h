// A coarse Unicode classification of code points, enough to cut text into
// words the way a reader would: whitespace, digits, punctuation and symbols,
// letters of scripts written without spaces between words (Chinese,
// Japanese, Thai, ...), and other letters. Ranges, not the full Unicode
// database: a code point outside every listed range counts as a letter (so
// marks and unknown scripts stay inside words).
#pragma once

namespace lmp {

enum class CharClass {
  kSpace,        // White_Space: space, tab, no-break space, ideographic space, ...
  kDigit,        // decimal digits (ASCII, Arabic-Indic, Devanagari, fullwidth, ...)
  kPunctuation,  // punctuation and symbols, emoji included
  kUnspaced,     // letters of scripts without spaces: Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar
  kLetter,       // everything else
};

CharClass char_class(char32_t c);

// Simple lower case for the scripts with case that a course text is likely
// to hold: ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic, fullwidth Latin.
char32_t to_lower(char32_t c);

}  // namespace lmp
