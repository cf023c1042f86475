#include <gtest/gtest.h>

#include <project8/core/error.hpp>
#include <project8/core/text.hpp>

namespace {
using namespace project8::core;

// "Tam Đường" in NFD: ư = u + U+031B (horn), ờ = o + U+031B + U+0300 (grave).
const char* const kNfd = "Tam \xC4\x90u\xCC\x9Bo\xCC\x9B\xCC\x80ng";

TEST(TextTest, NfcComposesDecomposedText) {
  EXPECT_EQ(nfc(kNfd), "Tam Đường");
  EXPECT_EQ(nfc("Tam Đường"), "Tam Đường");
  EXPECT_EQ(nfc(""), "");
}

TEST(TextTest, NameKeyIgnoresCaseEncodingAndSpacing) {
  const auto key = name_key("Tam Đường");
  EXPECT_EQ(name_key("TAM ĐƯỜNG"), key);
  EXPECT_EQ(name_key(kNfd), key);
  EXPECT_EQ(name_key("  tam   đường "), key);
  EXPECT_NE(name_key("Tam Duong"), key) << "diacritics are part of the name";
  EXPECT_NE(name_key("Bản Bo"), name_key("Bản Bó"));
}

TEST(TextTest, MatchKeyFoldsDiacriticsAndDStroke) {
  EXPECT_EQ(match_key("Tam Đường"), "tam duong");
  EXPECT_EQ(match_key("TAM ĐƯỜNG"), "tam duong");
  EXPECT_EQ(match_key(kNfd), "tam duong");
  EXPECT_EQ(match_key("Tam Duong"), "tam duong");
  EXPECT_EQ(match_key("Xã Sin Suối Hồ"), "xa sin suoi ho");
  EXPECT_EQ(match_key("Hội Liên hiệp Phụ nữ"), "hoi lien hiep phu nu");
}

TEST(TextTest, ValidatesUtf8) {
  EXPECT_TRUE(is_valid_utf8("Lai Châu"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));          // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_EQ(first_invalid_utf8("Châu\xFF"), 5U);
  EXPECT_FALSE(first_invalid_utf8("Châu").has_value());
  try {
    (void)nfc("Châu\xFF");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(e.location().column, 5U);
  }
  EXPECT_THROW((void)match_key("\xFF"), ParseError);
}

TEST(TextTest, CountsCodePoints) {
  EXPECT_EQ(code_point_count("Đường"), 5U);
  EXPECT_EQ(code_point_count(""), 0U);
}

}  // namespace
