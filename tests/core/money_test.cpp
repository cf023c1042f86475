#include <cstdint>
#include <limits>
#include <sstream>

#include <gtest/gtest.h>

#include <project8/core/money.hpp>

namespace {
using project8::core::Money;
using project8::core::OverflowError;
using project8::core::ParseError;
using namespace project8::core::literals;

constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
constexpr auto kMin = std::numeric_limits<std::int64_t>::min();

TEST(MoneyTest, ArithmeticIsExact) {
  EXPECT_EQ((Money::vnd(100'000) * 4).in_vnd(), 400'000);
  EXPECT_EQ((3 * Money::vnd(7)).in_vnd(), 21);
  EXPECT_EQ((Money::vnd(5) + Money::vnd(-8)).in_vnd(), -3);
  EXPECT_EQ((Money::vnd(5) - Money::vnd(8)).in_vnd(), -3);
  EXPECT_EQ((-Money::vnd(5)).in_vnd(), -5);
  Money m = 1'000_vnd;
  m += 500_vnd;
  m -= 200_vnd;
  m *= 3;
  EXPECT_EQ(m, Money::vnd(3'900));
  EXPECT_EQ(Money{}.in_vnd(), 0);
}

TEST(MoneyTest, ComparesByAmount) {
  EXPECT_LT(Money::vnd(-1), Money::vnd(0));
  EXPECT_GT(Money::vnd(2'200'000), Money::vnd(2'199'999));
  EXPECT_EQ(Money::vnd(7), 7_vnd);
  EXPECT_NE(Money::vnd(7), Money::vnd(8));
}

TEST(MoneyTest, OverflowThrows) {
  EXPECT_THROW((void)(Money::vnd(kMax) + Money::vnd(1)), OverflowError);
  EXPECT_THROW((void)(Money::vnd(kMin) - Money::vnd(1)), OverflowError);
  EXPECT_THROW((void)(Money::vnd(kMax / 2 + 1) * 2), OverflowError);
  EXPECT_THROW((void)(-Money::vnd(kMin)), OverflowError);
  Money m = Money::vnd(kMax);
  EXPECT_THROW(m += Money::vnd(1), OverflowError);
  EXPECT_EQ(m.in_vnd(), kMax) << "a failed += leaves the value unchanged";
  EXPECT_EQ((Money::vnd(kMax) + Money::vnd(kMin)).in_vnd(), -1);
}

TEST(MoneyTest, FormatsVietnameseEnglishAndPlain) {
  EXPECT_EQ(Money::vnd(1'234'567).to_string(), "1.234.567 đ");
  EXPECT_EQ(Money::vnd(1'234'567).to_plain_string(), "1234567");
  EXPECT_EQ(Money::vnd(1'234'567).to_english_string(), "1,234,567 VND");
  EXPECT_EQ(Money::vnd(0).to_string(), "0 đ");
  EXPECT_EQ(Money::vnd(999).to_string(), "999 đ");
  EXPECT_EQ(Money::vnd(1'000).to_string(), "1.000 đ");
  EXPECT_EQ(Money::vnd(-100'000).to_string(), "-100.000 đ");
  EXPECT_EQ(Money::vnd(kMin).to_string(), "-9.223.372.036.854.775.808 đ");
  EXPECT_EQ(Money::vnd(kMax).to_plain_string(), "9223372036854775807");
  std::ostringstream os;
  os << Money::vnd(400'000);
  EXPECT_EQ(os.str(), "400.000 đ");
}

TEST(MoneyTest, ParsesTheWaysPeopleWriteAmounts) {
  EXPECT_EQ(Money::parse("1.234.567").in_vnd(), 1'234'567);
  EXPECT_EQ(Money::parse("1234567").in_vnd(), 1'234'567);
  EXPECT_EQ(Money::parse("1,234,567 VND").in_vnd(), 1'234'567);
  EXPECT_EQ(Money::parse("1.234.567 đ").in_vnd(), 1'234'567);
  EXPECT_EQ(Money::parse("100.000đ").in_vnd(), 100'000);
  EXPECT_EQ(Money::parse("2.200.000 đồng").in_vnd(), 2'200'000);
  EXPECT_EQ(Money::parse("2.200.000 ĐỒNG").in_vnd(), 2'200'000);
  EXPECT_EQ(Money::parse("5 VNĐ").in_vnd(), 5);
  EXPECT_EQ(Money::parse("5 vnd").in_vnd(), 5);
  EXPECT_EQ(Money::parse("5 ₫").in_vnd(), 5);
  EXPECT_EQ(Money::parse("  -400.000  ").in_vnd(), -400'000);
  EXPECT_EQ(Money::parse("0").in_vnd(), 0);
  EXPECT_EQ(Money::parse("9223372036854775807").in_vnd(), kMax);
  EXPECT_EQ(Money::parse("-9.223.372.036.854.775.808").in_vnd(), kMin);
}

TEST(MoneyTest, ParseRoundTripsItsOwnFormats) {
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{1}, std::int64_t{-999}, std::int64_t{1000},
                         std::int64_t{123'456'789'012}, kMax, kMin}) {
    EXPECT_EQ(Money::parse(Money::vnd(v).to_string()).in_vnd(), v);
    EXPECT_EQ(Money::parse(Money::vnd(v).to_plain_string()).in_vnd(), v);
    EXPECT_EQ(Money::parse(Money::vnd(v).to_english_string()).in_vnd(), v);
  }
}

struct BadAmount {
  const char* text;
  std::size_t column;
};

class MoneyParseRejectsTest : public ::testing::TestWithParam<BadAmount> {};

TEST_P(MoneyParseRejectsTest, WithColumnAndText) {
  const auto& bad = GetParam();
  try {
    (void)Money::parse(bad.text);
    FAIL() << "accepted '" << bad.text << "'";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.location().column, bad.column) << e.what();
    EXPECT_NE(std::string(e.what()).find("not an amount of đồng"), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MoneyParseRejectsTest,
    ::testing::Values(BadAmount{"", 1}, BadAmount{"   ", 4}, BadAmount{"abc", 1},
                      BadAmount{"1.23", 5}, BadAmount{"12,34", 6}, BadAmount{"1.234,567", 6},
                      BadAmount{"1234.567", 5}, BadAmount{"1..234", 3}, BadAmount{"1.2345", 6},
                      BadAmount{"1,234,567 USD", 10}, BadAmount{"--5", 2}, BadAmount{"+5", 1},
                      BadAmount{"1 234", 2}, BadAmount{"9223372036854775808", 19},
                      BadAmount{"-9223372036854775809", 20}, BadAmount{"5 đđ", 2},
                      BadAmount{"1.000.", 7}, BadAmount{"-", 2}),
    [](const ::testing::TestParamInfo<BadAmount>& param_info) {
      return "Case" + std::to_string(param_info.index);
    });

TEST(MoneyTest, ParseRejectsInvalidUtf8) {
  EXPECT_THROW((void)Money::parse("12\xff"), ParseError);
}

}  // namespace
