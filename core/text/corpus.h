// Corpus: checks raw bytes from a file or a text box, decodes them to code
// points and cuts them into lines; splits lines into train and validation.
// Line mode is the only mode here: each non-empty line is one sequence.
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "base/enum_names.h"

namespace lmp {

using Line = std::vector<char32_t>;  // code points, without the newline

struct Corpus {
  std::vector<Line> lines;  // every line, empty ones included (splits count them)
  std::size_t non_empty_lines() const;
};

// Throws resource_limit when a text of `bytes` bytes exceeds max_bytes. Callers
// holding a text outside the core (JS) ask this before copying it in.
void check_text_size(double bytes, std::size_t max_bytes, const std::string& what);

// Throws invalid_input for an empty, binary (NUL bytes) or invalid UTF-8 text,
// and resource_limit when it is larger than max_bytes. `what` names the text
// in messages ("the training text"). A UTF-8 byte-order mark and CR before LF
// are dropped, so files saved on Windows read the same.
Corpus parse_corpus(const std::string& bytes, const std::string& what, std::size_t max_bytes);

enum class ValSplit {
  kTail,         // the last lines: right for prose, no neighbouring lines leak into val
  kInterleaved,  // every k-th line: right for lists (names) sorted in some order
};
inline constexpr std::array<const char*, 2> kValSplitNames = {"tail", "interleaved"};
inline const char* to_string(ValSplit split) { return enum_name(split, kValSplitNames); }

struct SplitCorpus {
  Corpus train;
  Corpus val;
};

// Deterministic split by lines; val_fraction in [0, 1). With kInterleaved and
// fraction 0.1, val is exactly the lines whose index % 10 == 9.
SplitCorpus split_corpus(const Corpus& corpus, double val_fraction, ValSplit mode);

}  // namespace lmp
