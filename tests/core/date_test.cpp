#include <gtest/gtest.h>

#include <project8/core/date.hpp>
#include <project8/core/error.hpp>

namespace {
using namespace project8::core;

TEST(DateTest, MakeDateRejectsDaysThatDoNotExist) {
  EXPECT_EQ(make_date(2024, 2, 29), Date(2024, 2, 29));
  EXPECT_THROW((void)make_date(2025, 2, 29), InvalidArgument);
  EXPECT_THROW((void)make_date(2025, 13, 1), InvalidArgument);
  EXPECT_THROW((void)make_date(2025, 4, 31), InvalidArgument);
  EXPECT_THROW((void)make_date(2025, 1, 0), InvalidArgument);
  EXPECT_THROW((void)make_date(10000, 1, 1), InvalidArgument);
}

TEST(DateTest, ParsesStrictIso) {
  EXPECT_EQ(parse_date("2025-07-01"), make_date(2025, 7, 1));
  EXPECT_EQ(parse_date("2024-02-29"), make_date(2024, 2, 29));
}

TEST(DateTest, RejectsFebruaryThirtiethWithColumn) {
  try {
    (void)parse_date("2025-02-30");
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(e.location().column, 9U);
    EXPECT_NE(std::string(e.what()).find("2025-02-30"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("01–28"), std::string::npos) << e.what();
  }
}

TEST(DateTest, RejectsOtherShapes) {
  for (const char* bad : {"", "2025-7-1", "25-07-01", "2025/07/01", "01/07/2025", "2025-07-01 ",
                          "2025-00-10", "2025-07-32", "2025-07-0a", "2023-02-29", "0999-01-01"}) {
    EXPECT_THROW((void)parse_date(bad), ParseError) << bad;
  }
}

TEST(DateTest, FormatsIsoAndVietnamese) {
  EXPECT_EQ(to_iso(make_date(2025, 6, 28)), "2025-06-28");
  EXPECT_EQ(to_vietnamese(make_date(2025, 6, 28)), "28/06/2025");
  EXPECT_THROW((void)to_iso(Date(boost::gregorian::not_a_date_time)), InvalidArgument);
}

TEST(DateTest, AddMonthsClampsToTheEndOfTheMonth) {
  EXPECT_EQ(add_months_clamped(make_date(2024, 1, 31), 1), make_date(2024, 2, 29));
  EXPECT_EQ(add_months_clamped(make_date(2024, 2, 29), 1), make_date(2024, 3, 29));
  EXPECT_EQ(add_months_clamped(make_date(2025, 1, 31), 1), make_date(2025, 2, 28));
  EXPECT_EQ(add_months_clamped(make_date(2025, 3, 31), -1), make_date(2025, 2, 28));
  EXPECT_EQ(add_months_clamped(make_date(2025, 12, 15), 1), make_date(2026, 1, 15));
  EXPECT_EQ(add_months_clamped(make_date(2025, 1, 15), -13), make_date(2023, 12, 15));
}

TEST(DateTest, AgeCountsCompletedYears) {
  EXPECT_EQ(age_in_years(make_date(2000, 6, 30), make_date(2025, 6, 29)), 24);
  EXPECT_EQ(age_in_years(make_date(2000, 6, 30), make_date(2025, 6, 30)), 25);
  EXPECT_EQ(age_in_years(make_date(2004, 2, 29), make_date(2025, 2, 28)), 20);
  EXPECT_EQ(age_in_years(make_date(2004, 2, 29), make_date(2025, 3, 1)), 21);
  EXPECT_EQ(days_between(make_date(2025, 1, 1), make_date(2025, 12, 31)), 364);
  EXPECT_EQ(days_between(make_date(2025, 1, 2), make_date(2025, 1, 1)), -1);
}

TEST(PeriodTest, IsInclusiveAtBothEnds) {
  const auto h2 = Period::inclusive(make_date(2025, 7, 1), make_date(2025, 12, 31));
  EXPECT_TRUE(h2.contains(make_date(2025, 7, 1)));
  EXPECT_TRUE(h2.contains(make_date(2025, 12, 31)));
  EXPECT_FALSE(h2.contains(make_date(2025, 6, 30)));
  EXPECT_FALSE(h2.contains(make_date(2026, 1, 1)));
  EXPECT_EQ(h2.length_days(), 184);
  EXPECT_EQ(Period::day(make_date(2025, 6, 28)).length_days(), 1);
  EXPECT_EQ(Period::year(2024).length_days(), 366);
  EXPECT_EQ(h2.to_string(), "2025-07-01..2025-12-31");
}

TEST(PeriodTest, RejectsAnEndBeforeTheStart) {
  EXPECT_THROW((void)Period::inclusive(make_date(2025, 7, 1), make_date(2025, 6, 30)),
               InvalidArgument);
}

TEST(PeriodTest, OverlapAndIntersection) {
  const auto y = Period::year(2025);
  const auto a = Period::inclusive(make_date(2024, 12, 1), make_date(2025, 1, 10));
  const auto b = Period::inclusive(make_date(2026, 1, 1), make_date(2026, 1, 2));
  EXPECT_TRUE(y.overlaps(a));
  EXPECT_FALSE(y.overlaps(b));
  EXPECT_EQ(y.intersection(a), Period::inclusive(make_date(2025, 1, 1), make_date(2025, 1, 10)));
  EXPECT_FALSE(y.intersection(b).has_value());
  EXPECT_TRUE(y.contains(Period::day(make_date(2025, 11, 9))));
  EXPECT_FALSE(y.contains(a));
  EXPECT_LT(a, y);
}

}  // namespace

TEST(DateRange, EitherEndMayBeOpenAndBothEndsAreIncluded) {
  using project8::core::DateRange;
  const auto d = [](int y, int m, int day) { return project8::core::make_date(y, m, day); };
  const DateRange always;
  EXPECT_TRUE(always.contains(d(1900, 1, 1)) && always.contains(d(2999, 12, 31)));
  EXPECT_EQ(always.to_string(), "..");
  const auto since = DateRange::since(d(2025, 7, 1));
  EXPECT_FALSE(since.contains(d(2025, 6, 30)));
  EXPECT_TRUE(since.contains(d(2025, 7, 1)) && since.contains(d(2030, 1, 1)));
  EXPECT_EQ(since.to_string(), "2025-07-01..");
  const auto until = DateRange::until(d(2025, 6, 30));
  EXPECT_TRUE(until.contains(d(2025, 6, 30)) && !until.contains(d(2025, 7, 1)));
  EXPECT_EQ(until.to_string(), "..2025-06-30");
  EXPECT_FALSE(
      since.overlaps(until));  // the 2025 mergers: the old unit's last day, the new one's first
  EXPECT_TRUE(DateRange(d(2025, 1, 1), d(2025, 7, 1)).overlaps(since));
  EXPECT_TRUE(always.overlaps(until));
  EXPECT_EQ(DateRange(d(2025, 1, 1), d(2025, 1, 1)).to_string(), "2025-01-01..2025-01-01");
  EXPECT_THROW(DateRange(d(2025, 7, 1), d(2025, 6, 30)), project8::core::InvalidArgument);
  EXPECT_THROW(DateRange(project8::core::Date(), std::nullopt), project8::core::InvalidArgument);
  EXPECT_EQ(DateRange::since(d(2025, 7, 1)), DateRange(d(2025, 7, 1), std::nullopt));
}
