#include "tokenize/word/piece_index.h"

#include <algorithm>

namespace lmp {

std::uint64_t PieceIndex::hash(const char32_t* key, std::size_t length) {
  // FNV-1a over code points, then a multiply that spreads the bits the mask keeps.
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (std::size_t i = 0; i < length; ++i) h = (h ^ key[i]) * 0x100000001B3ull;
  return (h ^ (h >> 29)) * 0x9E3779B97F4A7C15ull >> 20;
}

bool PieceIndex::equal(std::uint32_t id, const char32_t* key, std::size_t length) const {
  return this->length(id) == length && std::equal(key, key + length, this->key(id));
}

std::uint32_t PieceIndex::find(const char32_t* key, std::size_t length) const {
  for (std::size_t slot = hash(key, length) & mask_;; slot = (slot + 1) & mask_) {
    const std::uint32_t id = slots_[slot];
    if (id == kMissing || equal(id, key, length)) return id;
  }
}

std::uint32_t PieceIndex::insert(const char32_t* key, std::size_t length) {
  if (2 * (size() + 1) > slots_.size()) rehash(2 * slots_.size());
  for (std::size_t slot = hash(key, length) & mask_;; slot = (slot + 1) & mask_) {
    const std::uint32_t id = slots_[slot];
    if (id != kMissing) {
      if (equal(id, key, length)) return id;
      continue;
    }
    const auto added = static_cast<std::uint32_t>(size());
    chars_.insert(chars_.end(), key, key + length);
    starts_.push_back(chars_.size());
    slots_[slot] = added;
    return added;
  }
}

void PieceIndex::rehash(std::size_t capacity) {
  slots_.assign(capacity, kMissing);
  mask_ = capacity - 1;
  for (std::uint32_t id = 0; id < size(); ++id) {
    std::size_t slot = hash(key(id), length(id)) & mask_;
    while (slots_[slot] != kMissing) slot = (slot + 1) & mask_;
    slots_[slot] = id;
  }
}

}  // namespace lmp
