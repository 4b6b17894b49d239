// The one-of-each helpers of server/util/: trim's whitespace set, hex and percent encoding,
// random01's range, optional-to-JSON, and the decimal id parser the call sites now share.
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>

#include "server/util/ascii_text.h"
#include "server/util/decimal_id.h"
#include "server/util/hex.h"
#include "server/util/json_optional.h"
#include "server/util/random.h"
#include "server/util/sha256.h"

namespace kibridge::util {
namespace {

TEST(TrimTest, RemovesEveryAsciiWhitespaceAtBothEnds) {
  EXPECT_EQ(trim(" \t\n\v\f\rtoken \t\n\v\f\r"), "token");
  EXPECT_EQ(trim("kib_abc\r\n"), "kib_abc");   // a token file saved by a Windows editor
  EXPECT_EQ(trim("\fR1\v"), "R1");             // form feed / vertical tab in a netlist field
  EXPECT_EQ(trim("a b\tc"), "a b\tc");         // inner whitespace stays
  EXPECT_EQ(trim(" \t\r\n"), "");
  EXPECT_EQ(trim(""), "");
  // Only ASCII whitespace: a NUL or a non-breaking space (UTF-8 C2 A0) is content.
  EXPECT_EQ(trim(std::string("\0x", 2)), std::string("\0x", 2));
  EXPECT_EQ(trim("\xc2\xa0x\xc2\xa0"), "\xc2\xa0x\xc2\xa0");
}

TEST(TrimTest, TrimViewPointsIntoItsArgument) {
  const std::string text = "  0603 ";
  const std::string_view view = trim_view(text);
  EXPECT_EQ(view, "0603");
  EXPECT_EQ(view.data(), text.data() + 2);
  EXPECT_TRUE(trim_view("   ").empty());
}

TEST(HexTest, LowercaseTwoDigitsPerByte) {
  EXPECT_EQ(hex_lower(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(hex_lower(""), "");
  // The digest text every stored token hash is compared by.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HexTest, PercentEncodingKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(percent_encode("a b/c&d=e"), "a%20b%2Fc%26d%3De");
  EXPECT_EQ(percent_encode("\xc2\xb5"), "%C2%B5");  // UTF-8 bytes, uppercase digits
  EXPECT_EQ(percent_encode(std::string("\0", 1)), "%00");
}

TEST(Random01Test, StaysInTheHalfOpenUnitIntervalAndVaries) {
  std::set<double> seen;
  for (int i = 0; i < 1000; ++i) {
    const double r = random01();
    ASSERT_GE(r, 0.0);
    ASSERT_LT(r, 1.0);
    seen.insert(r);
  }
  EXPECT_GT(seen.size(), 900u);  // a constant or a short cycle would show here
}

TEST(JsonOrNullTest, AbsentIsNullPresentIsTheValue) {
  EXPECT_TRUE(json_or_null(std::optional<int64_t>()).is_null());
  EXPECT_EQ(json_or_null(std::optional<int64_t>(7)), nlohmann::json(7));
  EXPECT_EQ(json_or_null(std::optional<std::string>("x")), nlohmann::json("x"));
  EXPECT_EQ(json_or_null(std::optional<std::string>("")), nlohmann::json(""));  // empty is not absent
  int calls = 0;
  const auto twice = [&](int v) { ++calls; return v * 2; };
  EXPECT_EQ(json_or_null(std::optional<int>(4), twice), nlohmann::json(8));
  EXPECT_TRUE(json_or_null(std::optional<int>(), twice).is_null());
  EXPECT_EQ(calls, 1);  // no conversion of an absent value
}

TEST(DecimalIdTest, OnlyTheCanonicalSpellingIsAnId) {
  EXPECT_EQ(parse_decimal_id("0"), 0);
  EXPECT_EQ(parse_decimal_id("12"), 12);
  EXPECT_EQ(parse_decimal_id("9223372036854775807"), INT64_MAX);
  for (const char* bad : {"", "-1", "+1", " 1", "1 ", "007", "1a", "9223372036854775808", "99999999999999999999"}) {
    EXPECT_FALSE(parse_decimal_id(bad)) << bad;
  }
}

}  // namespace
}  // namespace kibridge::util
