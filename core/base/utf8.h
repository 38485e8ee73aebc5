// Strict UTF-8 decoding and encoding of Unicode code points.
// Strict means: no overlong forms, no surrogates, nothing above U+10FFFF;
// anything else is reported with its byte offset so a user can find it.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace lmp {

struct Utf8Problem {
  bool found = false;
  std::size_t byte_offset = 0;
};

// Appends the code points of `bytes` to `out`; returns where decoding failed, if it did.
Utf8Problem decode_utf8(const std::string& bytes, std::vector<char32_t>& out);

// Decodes what is valid; each byte that does not start a valid sequence becomes U+FFFD.
std::vector<char32_t> decode_utf8_lossy(const std::string& bytes);

// Decodes or throws invalid_input naming `what` (e.g. "the prompt").
std::vector<char32_t> decode_utf8_or_throw(const std::string& bytes, const std::string& what);

void append_utf8(char32_t code_point, std::string& out);
std::string encode_utf8(const std::vector<char32_t>& code_points);

}  // namespace lmp
