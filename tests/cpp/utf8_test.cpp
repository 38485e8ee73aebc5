// Strict UTF-8: known encodings, random round trips, and every class of
// malformed input rejected with the byte offset where it starts.
#include "base/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_helpers.h"

namespace {

using lmp_test::ThrowsLmpError;

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789ABCDEF";
  std::string s;
  for (unsigned char b : bytes) {
    if (!s.empty()) s += ' ';
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

struct KnownEncoding {
  char32_t code_point;
  std::string bytes;
};

TEST(Utf8, EncodesAndDecodesKnownCharacters) {
  const std::vector<KnownEncoding> table = {
      {U'A', "\x41"},
      {0x7F, "\x7F"},
      {0x80, "\xC2\x80"},
      {0xE9, "\xC3\xA9"},                  // é
      {0x7FF, "\xDF\xBF"},
      {0x800, "\xE0\xA0\x80"},
      {0x20AC, "\xE2\x82\xAC"},            // €
      {0x4E2D, "\xE4\xB8\xAD"},            // 中
      {0xD7FF, "\xED\x9F\xBF"},            // last before the surrogates
      {0xE000, "\xEE\x80\x80"},            // first after them
      {0xFEFF, "\xEF\xBB\xBF"},            // byte-order mark
      {0xFFFF, "\xEF\xBF\xBF"},
      {0x10000, "\xF0\x90\x80\x80"},
      {0x1F600, "\xF0\x9F\x98\x80"},       // 😀
      {0x10FFFF, "\xF4\x8F\xBF\xBF"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE("U+" + std::to_string(static_cast<unsigned>(row.code_point)) + " = " + hex(row.bytes));
    std::string encoded;
    lmp::append_utf8(row.code_point, encoded);
    EXPECT_EQ(hex(encoded), hex(row.bytes));
    std::vector<char32_t> decoded;
    const lmp::Utf8Problem problem = lmp::decode_utf8(row.bytes, decoded);
    EXPECT_FALSE(problem.found) << "at offset " << problem.byte_offset;
    EXPECT_EQ(decoded, std::vector<char32_t>{row.code_point});
  }
}

TEST(Utf8, DecodeAppendsToExistingOutput) {
  std::vector<char32_t> out = {U'x'};
  EXPECT_FALSE(lmp::decode_utf8("a\xE4\xB8\xAD", out).found);
  EXPECT_EQ(out, (std::vector<char32_t>{U'x', U'a', 0x4E2D}));
}

// Expected byte length of one code point, from the definition of UTF-8.
std::size_t utf8_length(char32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

TEST(Utf8, RandomCodePointsRoundTrip) {
  lmp_test::TestRandom random(20240611);
  // Ranges to draw from: ASCII, 2-byte, 3-byte below and above the surrogates,
  // CJK ideographs, emoji, the rest of the supplementary planes up to U+10FFFF.
  const std::vector<std::pair<char32_t, char32_t>> ranges = {
      {0x01, 0x7F}, {0x80, 0x7FF}, {0x800, 0xD7FF}, {0xE000, 0xFFFF},
      {0x4E00, 0x9FFF}, {0x1F300, 0x1FAFF}, {0x10000, 0x10FFFF},
  };
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<char32_t> code_points;
    std::size_t expected_bytes = 0;
    const int length = random.below(40);
    for (int i = 0; i < length; ++i) {
      const auto& range = ranges[random.below(static_cast<int>(ranges.size()))];
      const char32_t cp = range.first + static_cast<char32_t>(random.below(static_cast<int>(range.second - range.first + 1)));
      code_points.push_back(cp);
      expected_bytes += utf8_length(cp);
    }
    code_points.push_back(0x10FFFF);  // the largest one, every time
    expected_bytes += 4;
    const std::string bytes = lmp::encode_utf8(code_points);
    ASSERT_EQ(bytes.size(), expected_bytes) << "trial " << trial;
    std::vector<char32_t> decoded;
    const lmp::Utf8Problem problem = lmp::decode_utf8(bytes, decoded);
    ASSERT_FALSE(problem.found) << "trial " << trial << ": offset " << problem.byte_offset << " in " << hex(bytes);
    ASSERT_EQ(decoded, code_points) << "trial " << trial;
    EXPECT_EQ(lmp::decode_utf8_or_throw(bytes, "the text"), code_points);
  }
}

struct BadInput {
  const char* why;
  std::string bytes;
  std::size_t offset;
};

const std::vector<BadInput>& bad_inputs() {
  static const std::vector<BadInput> table = {
      {"overlong 2-byte NUL", "ab\xC0\x80", 2},
      {"overlong 2-byte (C1)", "\xC1\xBF", 0},
      {"overlong 3-byte NUL", "\xE0\x80\x80", 0},
      {"overlong 3-byte U+7FF", "x\xE0\x9F\xBF", 1},
      {"overlong 4-byte NUL", "\xF0\x80\x80\x80", 0},
      {"overlong 4-byte U+FFFF", "\xF0\x8F\xBF\xBF", 0},
      {"high surrogate D800", "\xED\xA0\x80", 0},
      {"low surrogate DFFF after a CJK character", "\xE4\xB8\xAD\xED\xBF\xBF", 3},
      {"above U+10FFFF (F4 90)", "\xF4\x90\x80\x80", 0},
      {"lead byte F5", "\xF5\x80\x80\x80", 0},
      {"byte FF", "abc\xFF", 3},
      {"byte FE", "\xFE", 0},
      {"truncated 2-byte at the end", "\xC3", 0},
      {"truncated 3-byte at the end", "abc\xE4\xB8", 3},
      {"truncated 4-byte at the end", "\xF0\x9F\x98", 0},
      {"truncated 3-byte followed by ASCII", "\xE4\xB8" "A", 0},
      {"truncated 4-byte followed by a valid character", "ok\xF0\x9F\xC3\xA9", 2},
      {"stray continuation byte", "a\x80" "b", 1},
      {"stray continuation at the start", "\xBF", 0},
      {"continuation after a complete character", "\xC3\xA9\xA9", 2},
  };
  return table;
}

TEST(Utf8, RejectsMalformedInputAtItsOffset) {
  for (const BadInput& row : bad_inputs()) {
    SCOPED_TRACE(std::string(row.why) + ": " + hex(row.bytes));
    std::vector<char32_t> decoded;
    const lmp::Utf8Problem problem = lmp::decode_utf8(row.bytes, decoded);
    EXPECT_TRUE(problem.found);
    EXPECT_EQ(problem.byte_offset, row.offset);
    EXPECT_TRUE(ThrowsLmpError([&] { lmp::decode_utf8_or_throw(row.bytes, "the prompt"); },
                               lmp::ErrorKind::kInvalidInput,
                               {"the prompt", "not valid UTF-8", "offset " + std::to_string(row.offset)}));
  }
}

TEST(Utf8, AcceptsEmptyInput) {
  std::vector<char32_t> decoded;
  EXPECT_FALSE(lmp::decode_utf8("", decoded).found);
  EXPECT_TRUE(decoded.empty());
  EXPECT_EQ(lmp::encode_utf8({}), "");
}

}  // namespace
