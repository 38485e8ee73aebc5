// The coarse classes the word-splitting tokenizers rely on, on characters
// whose class any reader knows, in the scripts a course text is likely to use.
#include <gtest/gtest.h>

#include <utility>

#include "base/unicode_class.h"

namespace {

using lmp::CharClass;
using lmp::char_class;

TEST(UnicodeClass, CommonCharactersFallInTheirClass) {
  for (char32_t c : {U' ', U'\t', U'\u00A0', U'\u3000', U'\u2009'}) EXPECT_EQ(char_class(c), CharClass::kSpace) << int(c);
  for (char32_t c : {U'0', U'9', U'\u0663', U'\uFF15'}) EXPECT_EQ(char_class(c), CharClass::kDigit) << int(c);
  for (char32_t c : {U'.', U',', U'"', U'-', U'\u2014', U'\u201C', U'\u3002', U'\uFF0C', U'\u00BF', U'\U0001F600', U'\u2764'}) {
    EXPECT_EQ(char_class(c), CharClass::kPunctuation) << int(c);
  }
  for (char32_t c : {U'中', U'文', U'\u3042', U'\u30AB', U'\u0E01', U'\U00020001'}) {
    EXPECT_EQ(char_class(c), CharClass::kUnspaced) << int(c);
  }
  for (char32_t c : {U'a', U'Z', U'\u00E9', U'\u00DF', U'\u03B1', U'\u0436', U'\u05D0', U'\u0628', U'\uAC00', U'\u0301'}) {
    EXPECT_EQ(char_class(c), CharClass::kLetter) << int(c);
  }
}

TEST(UnicodeClass, LowerCaseOfCasedScriptsAndIdentityElsewhere) {
  EXPECT_EQ(lmp::to_lower(U'A'), U'a');
  EXPECT_EQ(lmp::to_lower(U'É'), U'é');
  EXPECT_EQ(lmp::to_lower(U'Ł'), U'ł');
  EXPECT_EQ(lmp::to_lower(U'Ž'), U'ž');
  EXPECT_EQ(lmp::to_lower(U'Ω'), U'ω');
  for (const auto& [upper, lower] : {std::pair{U'Ά', U'ά'}, {U'Έ', U'έ'}, {U'Ή', U'ή'}, {U'Ί', U'ί'}, {U'Ό', U'ό'},
                                     {U'Ύ', U'ύ'}, {U'Ώ', U'ώ'}, {U'Ϊ', U'ϊ'}}) {
    EXPECT_EQ(lmp::to_lower(upper), lower) << int(upper);
  }
  EXPECT_EQ(lmp::to_lower(U'Ж'), U'ж');
  EXPECT_EQ(lmp::to_lower(U'Ё'), U'ё');
  for (char32_t c : {U'a', U'é', U'ß', U'中', U'1', U'.', U'ł', U'\u00D7'}) EXPECT_EQ(lmp::to_lower(c), c) << int(c);
}

}  // namespace
