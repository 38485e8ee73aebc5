#include "base/unicode_class.h"

#include <algorithm>
#include <iterator>

namespace lmp {

namespace {

struct Range {
  char32_t first, last;
  CharClass cls;
};

// Sorted by first, not overlapping. ASCII is handled before the table.
constexpr Range kRanges[] = {
    {0x0085, 0x0085, CharClass::kSpace},        {0x00A0, 0x00A0, CharClass::kSpace},
    {0x00A1, 0x00A9, CharClass::kPunctuation},  {0x00AB, 0x00B4, CharClass::kPunctuation},
    {0x00B6, 0x00B9, CharClass::kPunctuation},  {0x00BB, 0x00BF, CharClass::kPunctuation},
    {0x00D7, 0x00D7, CharClass::kPunctuation},  {0x00F7, 0x00F7, CharClass::kPunctuation},
    {0x037E, 0x037E, CharClass::kPunctuation},  {0x0387, 0x0387, CharClass::kPunctuation},
    {0x055A, 0x055F, CharClass::kPunctuation},  {0x0589, 0x058A, CharClass::kPunctuation},
    {0x05BE, 0x05BE, CharClass::kPunctuation},  {0x05C0, 0x05C0, CharClass::kPunctuation},
    {0x05C3, 0x05C3, CharClass::kPunctuation},  {0x05F3, 0x05F4, CharClass::kPunctuation},
    {0x060C, 0x060D, CharClass::kPunctuation},  {0x061B, 0x061F, CharClass::kPunctuation},
    {0x0660, 0x0669, CharClass::kDigit},        {0x066A, 0x066D, CharClass::kPunctuation},
    {0x06D4, 0x06D4, CharClass::kPunctuation},  {0x06F0, 0x06F9, CharClass::kDigit},
    {0x0964, 0x0965, CharClass::kPunctuation},  {0x0966, 0x096F, CharClass::kDigit},
    {0x09E6, 0x09EF, CharClass::kDigit},        {0x0E00, 0x0E7F, CharClass::kUnspaced},   // Thai
    {0x0E80, 0x0EFF, CharClass::kUnspaced},     // Lao
    {0x1000, 0x109F, CharClass::kUnspaced},     // Myanmar
    {0x1680, 0x1680, CharClass::kSpace},        {0x1780, 0x17FF, CharClass::kUnspaced},   // Khmer
    {0x2000, 0x200A, CharClass::kSpace},        {0x2010, 0x2027, CharClass::kPunctuation},
    {0x2028, 0x2029, CharClass::kSpace},        {0x202F, 0x202F, CharClass::kSpace},
    {0x2030, 0x205E, CharClass::kPunctuation},  {0x205F, 0x205F, CharClass::kSpace},
    {0x20A0, 0x20CF, CharClass::kPunctuation},  // currency
    {0x2100, 0x214F, CharClass::kPunctuation},  // letterlike symbols
    {0x2190, 0x23FF, CharClass::kPunctuation},  // arrows, mathematical and technical symbols
    {0x2460, 0x27BF, CharClass::kPunctuation},  // enclosed, box drawing, shapes, dingbats, emoji of the BMP
    {0x27C0, 0x2BFF, CharClass::kPunctuation},  {0x2E00, 0x2E7F, CharClass::kPunctuation},
    {0x2E80, 0x2FDF, CharClass::kUnspaced},     // CJK radicals
    {0x3000, 0x3000, CharClass::kSpace},        {0x3001, 0x3003, CharClass::kPunctuation},
    {0x3005, 0x3007, CharClass::kUnspaced},     {0x3008, 0x3020, CharClass::kPunctuation},
    {0x3021, 0x3029, CharClass::kUnspaced},     {0x3030, 0x3030, CharClass::kPunctuation},
    {0x303D, 0x303D, CharClass::kPunctuation},  {0x3040, 0x30FF, CharClass::kUnspaced},   // Hiragana, Katakana
    {0x3100, 0x312F, CharClass::kUnspaced},     // Bopomofo
    {0x31F0, 0x31FF, CharClass::kUnspaced},     {0x3400, 0x4DBF, CharClass::kUnspaced},   // CJK Ext A
    {0x4DC0, 0x4DFF, CharClass::kPunctuation},  {0x4E00, 0x9FFF, CharClass::kUnspaced},   // CJK
    {0xF900, 0xFAFF, CharClass::kUnspaced},     {0xFE10, 0xFE1F, CharClass::kPunctuation},
    {0xFE30, 0xFE6F, CharClass::kPunctuation},  {0xFF01, 0xFF0F, CharClass::kPunctuation},
    {0xFF10, 0xFF19, CharClass::kDigit},        {0xFF1A, 0xFF20, CharClass::kPunctuation},
    {0xFF3B, 0xFF40, CharClass::kPunctuation},  {0xFF5B, 0xFF65, CharClass::kPunctuation},
    {0xFF66, 0xFF9F, CharClass::kUnspaced},     // halfwidth Katakana
    {0xFFE0, 0xFFEE, CharClass::kPunctuation},  {0xFFFC, 0xFFFD, CharClass::kPunctuation},
    {0x1F000, 0x1FAFF, CharClass::kPunctuation},  // emoji, playing cards, symbols
    {0x20000, 0x3FFFF, CharClass::kUnspaced},     // CJK Ext B and later
};

}  // namespace

CharClass char_class(char32_t c) {
  if (c < 0x80) {
    if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return CharClass::kSpace;
    if (c >= '0' && c <= '9') return CharClass::kDigit;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::kLetter;
    return CharClass::kPunctuation;  // the rest of ASCII, control characters included
  }
  const auto* end = std::end(kRanges);
  const auto* it = std::upper_bound(std::begin(kRanges), end, c, [](char32_t x, const Range& r) { return x < r.first; });
  if (it != std::begin(kRanges)) {
    const Range& r = *(it - 1);
    if (c <= r.last) return r.cls;
  }
  return CharClass::kLetter;
}

char32_t to_lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c < 0xC0) return c;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;                       // Latin-1
  if (c >= 0x100 && c <= 0x17F) {                                                   // Latin Extended-A: pairs
    if (c == 0x130) return 'i';
    if (c == 0x178) return 0xFF;
    const bool odd_is_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    if (odd_is_upper) return c % 2 == 1 ? c + 1 : c;
    return c % 2 == 0 && c != 0x138 ? c + 1 : c;
  }
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;                       // Greek
  if (c == 0x386) return 0x3AC;                                                     // Greek with tonos
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 63;
  if (c >= 0x410 && c <= 0x42F) return c + 32;                                      // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if (c >= 0xFF21 && c <= 0xFF3A) return c + 32;                                    // fullwidth Latin
  return c;
}

}  // namespace lmp
