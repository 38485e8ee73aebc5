#include "tokenize/bpe/bpe_word_cache.h"

#include <algorithm>

namespace lmp {

namespace {

// Caps: 64K words, and 1M characters and ids in all (about 10 MB at most).
constexpr std::size_t kMaxWords = 1 << 16;
constexpr std::size_t kMaxStored = 1 << 20;
constexpr std::size_t kFirstSlots = 1 << 10;

}  // namespace

std::uint64_t BpeWordCache::hash_of(const char32_t* begin, const char32_t* end) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull;
  for (const char32_t* c = begin; c != end; ++c) h = (h ^ *c) * 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}

std::size_t BpeWordCache::find_slot(std::uint64_t hash, const char32_t* begin, const char32_t* end) const {
  const std::size_t mask = slots_.size() - 1;
  const auto length = static_cast<std::uint32_t>(end - begin);
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const Slot& s = slots_[slot];
    if (s.text_length == 0) return slot;
    if (s.hash == hash && s.text_length == length && std::equal(begin, end, text_.begin() + s.text_offset)) return slot;
  }
}

BpeWordCache::Ids BpeWordCache::find(const char32_t* begin, const char32_t* end) const {
  if (slots_.empty()) return {};
  const Slot& s = slots_[find_slot(hash_of(begin, end), begin, end)];
  if (s.text_length == 0) return {};
  return {ids_.data() + s.ids_offset, s.ids_length};
}

void BpeWordCache::clear_to(std::size_t slots) {
  slots_.assign(slots, Slot{0, 0, 0, 0, 0});
  words_ = 0;
  text_.clear();
  ids_.clear();
}

void BpeWordCache::remember(const char32_t* begin, const char32_t* end, const TokenId* ids, std::size_t count) {
  const auto length = static_cast<std::size_t>(end - begin);
  if (length == 0 || length > kMaxStored || count > kMaxStored) return;
  if (words_ >= kMaxWords || text_.size() + length > kMaxStored || ids_.size() + count > kMaxStored) {
    clear_to(slots_.size());
  }
  if (slots_.empty()) clear_to(kFirstSlots);
  if (2 * (words_ + 1) > slots_.size()) {
    // Grow: re-file the slots in a table twice the size.
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(2 * old.size(), Slot{0, 0, 0, 0, 0});
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.text_length == 0) continue;
      std::size_t slot = s.hash & mask;
      while (slots_[slot].text_length != 0) slot = (slot + 1) & mask;
      slots_[slot] = s;
    }
  }
  const std::uint64_t hash = hash_of(begin, end);
  Slot& s = slots_[find_slot(hash, begin, end)];
  if (s.text_length != 0) return;  // already there
  s = {hash, static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(length),
       static_cast<std::uint32_t>(ids_.size()), static_cast<std::uint32_t>(count)};
  text_.insert(text_.end(), begin, end);
  ids_.insert(ids_.end(), ids, ids + count);
  ++words_;
}

}  // namespace lmp
