#include "base/utf8.h"

#include "base/error.h"

namespace lmp {

namespace {

// Length of the sequence a lead byte starts, or 0 if it cannot start one.
int sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;  // 0xC0, 0xC1 would be overlong
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;  // above 0xF4 exceeds U+10FFFF
  return 0;
}

// Decodes from byte `i` on until the end or the first problem.
Utf8Problem decode_from(const std::string& bytes, std::size_t i, std::vector<char32_t>& out) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  while (i < size) {
    const unsigned char lead = data[i];
    if (lead < 0x80) {  // the common case, kept short
      out.push_back(lead);
      ++i;
      continue;
    }
    const int length = sequence_length(lead);
    if (length == 0 || i + length > size) return {true, i};
    char32_t cp = lead & (0xFF >> (length + 1));
    for (int k = 1; k < length; ++k) {
      const unsigned char next = data[i + k];
      if ((next & 0xC0) != 0x80) return {true, i};
      cp = (cp << 6) | (next & 0x3F);
    }
    const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    if (overlong || surrogate || cp > 0x10FFFF) return {true, i};
    out.push_back(cp);
    i += length;
  }
  return {};
}

}  // namespace

Utf8Problem decode_utf8(const std::string& bytes, std::vector<char32_t>& out) { return decode_from(bytes, 0, out); }

std::vector<char32_t> decode_utf8_lossy(const std::string& bytes) {
  constexpr char32_t kReplacementCharacter = 0xFFFD;
  std::vector<char32_t> out;
  for (Utf8Problem problem = decode_from(bytes, 0, out); problem.found;
       problem = decode_from(bytes, problem.byte_offset + 1, out)) {
    out.push_back(kReplacementCharacter);
  }
  return out;
}

std::vector<char32_t> decode_utf8_or_throw(const std::string& bytes, const std::string& what) {
  std::vector<char32_t> out;
  const Utf8Problem problem = decode_utf8(bytes, out);
  if (problem.found) {
    throw invalid_input(what + " is not valid UTF-8 (bad byte at offset " +
                        std::to_string(problem.byte_offset) + "); save it as UTF-8 and try again");
  }
  return out;
}

void append_utf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string encode_utf8(const std::vector<char32_t>& code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (char32_t cp : code_points) append_utf8(cp, out);
  return out;
}

}  // namespace lmp
