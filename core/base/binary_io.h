// Little-endian byte writer and bounds-checked reader for model files, and
// the CRC-32 that guards them. Any read past the end is reported as a
// damaged file, never as undefined behaviour.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace lmp {

std::uint32_t crc32(const std::string& bytes, std::size_t begin = 0);

class ByteWriter {
 public:
  void u8(std::uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void f64(double v);
  void str(const std::string& s);
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  ByteReader(const std::string& bytes, std::size_t begin, std::size_t end) : bytes_(bytes), pos_(begin), end_(end) {}
  std::uint8_t u8();
  std::uint32_t u32();
  std::uint64_t u64();
  double f64();
  std::string str();
  // Checks that `count` items of `item_bytes` each can still be read, before
  // anyone allocates for them: a damaged count must not trigger a huge allocation.
  void expect_items(std::uint64_t count, std::size_t item_bytes) const;
  bool at_end() const { return pos_ == end_; }

 private:
  void need(std::size_t n) const;
  const std::string& bytes_;
  std::size_t pos_;
  std::size_t end_;
};

}  // namespace lmp
