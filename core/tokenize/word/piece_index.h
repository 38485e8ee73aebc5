// A set of code-point strings numbered 0, 1, 2, ... in the order they were
// first inserted: the word tokenizer counts training pieces in one and looks
// pieces up in one while encoding. Keys live in one flat buffer and the table
// is open addressing over their ids, so a lookup hashes the code points of a
// line in place: no UTF-8 encoding and no allocation per piece, which
// std::unordered_map<std::string, ...> needed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lmp {

class PieceIndex {
 public:
  static constexpr std::uint32_t kMissing = 0xFFFFFFFFu;

  PieceIndex() { rehash(16); }

  std::uint32_t find(const char32_t* key, std::size_t length) const;
  // The key's id, inserting it (with the next id) if it is new.
  std::uint32_t insert(const char32_t* key, std::size_t length);

  std::size_t size() const { return starts_.size() - 1; }
  const char32_t* key(std::uint32_t id) const { return chars_.data() + starts_[id]; }
  std::size_t length(std::uint32_t id) const { return starts_[id + 1] - starts_[id]; }

 private:
  static std::uint64_t hash(const char32_t* key, std::size_t length);
  bool equal(std::uint32_t id, const char32_t* key, std::size_t length) const;
  void rehash(std::size_t capacity);

  std::vector<char32_t> chars_;            // all keys, one after another
  std::vector<std::size_t> starts_ = {0};  // key id spans [starts_[id], starts_[id + 1])
  std::vector<std::uint32_t> slots_;       // ids, kMissing when free; at most half full
  std::size_t mask_ = 0;
};

}  // namespace lmp
