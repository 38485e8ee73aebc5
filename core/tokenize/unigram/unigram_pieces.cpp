#include "tokenize/unigram/unigram_pieces.h"

#include "base/unicode_class.h"

namespace lmp {

std::vector<Chunk> split_into_chunks(const Line& line) {
  std::vector<Chunk> chunks;
  std::size_t begin = 0;
  while (begin < line.size()) {
    std::size_t end = begin;
    if (char_class(line[end]) == CharClass::kSpace) ++end;
    if (end < line.size()) {
      const CharClass run = char_class(line[end]);
      if (run != CharClass::kSpace) {
        while (end < line.size() && char_class(line[end]) == run) ++end;
      }
    }
    chunks.push_back({begin, end});
    begin = end;
  }
  return chunks;
}

bool is_valid_unigram_piece(const Line& piece) {
  if (piece.empty() || piece.size() > kMaxUnigramPieceLength) return false;
  const std::size_t first = char_class(piece[0]) == CharClass::kSpace ? 1 : 0;
  for (std::size_t i = first; i < piece.size(); ++i) {
    const CharClass c = char_class(piece[i]);
    if (c == CharClass::kSpace || c != char_class(piece[first])) return false;
  }
  return true;
}

}  // namespace lmp
