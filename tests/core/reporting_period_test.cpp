#include <gtest/gtest.h>

#include <project8/core/error.hpp>
#include <project8/core/reporting_period.hpp>

namespace {
using namespace project8::core;

TEST(ReportingPeriodTest, ContainingGivesTheRightPeriodAndLabel) {
  const Date d = make_date(2025, 8, 9);
  EXPECT_EQ(ReportingPeriod::containing(PeriodKind::month, d).label(), "2025-08");
  EXPECT_EQ(ReportingPeriod::containing(PeriodKind::quarter, d).label(), "2025-Q3");
  EXPECT_EQ(ReportingPeriod::containing(PeriodKind::half_year, d).label(), "2025-H2");
  EXPECT_EQ(ReportingPeriod::containing(PeriodKind::year, d).label(), "2025");
  EXPECT_EQ(ReportingPeriod::containing(PeriodKind::half_year, make_date(2025, 6, 30)).label(),
            "2025-H1");
}

TEST(ReportingPeriodTest, LengthsAndBounds) {
  EXPECT_EQ(ReportingPeriod::parse("2025-H1").length_days(), 181);
  EXPECT_EQ(ReportingPeriod::parse("2025-H2").length_days(), 184);
  EXPECT_EQ(ReportingPeriod::parse("2024-02").length_days(), 29);
  EXPECT_EQ(ReportingPeriod::parse("2025").length_days(), 365);
  EXPECT_EQ(ReportingPeriod::parse("2025-Q4").first(), make_date(2025, 10, 1));
  EXPECT_EQ(ReportingPeriod::parse("2025-Q4").last(), make_date(2025, 12, 31));
  EXPECT_TRUE(ReportingPeriod::parse("2025-q3").contains(make_date(2025, 9, 30)));
  EXPECT_FALSE(ReportingPeriod::parse("2025-Q3").contains(make_date(2025, 10, 1)));
}

TEST(ReportingPeriodTest, NextAndPreviousCrossYears) {
  EXPECT_EQ(ReportingPeriod::parse("2025-12").next().label(), "2026-01");
  EXPECT_EQ(ReportingPeriod::parse("2025-Q1").previous().label(), "2024-Q4");
  EXPECT_EQ(ReportingPeriod::parse("2025-H2").next().label(), "2026-H1");
  EXPECT_EQ(ReportingPeriod::parse("2025").previous().label(), "2024");
  EXPECT_EQ(ReportingPeriod::parse("2025-07").next().previous(), ReportingPeriod::parse("2025-07"));
}

TEST(ReportingPeriodTest, LabelsRoundTrip) {
  for (const char* label :
       {"2025", "2025-H1", "2025-H2", "2025-Q1", "2025-Q3", "2025-01", "2025-07", "2025-12"}) {
    EXPECT_EQ(ReportingPeriod::parse(label).label(), label);
  }
}

TEST(ReportingPeriodTest, RejectsBadLabelsWithColumn) {
  struct Case {
    const char* label;
    std::size_t column;
  };
  for (auto c :
       {Case{"", 1}, Case{"20x5", 3}, Case{"2025-13", 6}, Case{"2025-Q5", 7}, Case{"2025-H3", 7},
        Case{"2025/H1", 5}, Case{"2025-X1", 6}, Case{"2025-Q12", 6}, Case{"2025-", 6}}) {
    try {
      (void)ReportingPeriod::parse(c.label);
      ADD_FAILURE() << "accepted " << c.label;
    } catch (const ParseError& e) {
      EXPECT_EQ(e.location().column, c.column) << c.label << ": " << e.what();
    }
  }
}

TEST(ReportingPeriodTest, TheLastSupportedYearHasAnEnd) {
  // Found by fuzz_date: the period's end used to be computed past year 9999.
  EXPECT_EQ(ReportingPeriod::parse("9999").last(), make_date(9999, 12, 31));
  EXPECT_EQ(ReportingPeriod::parse("9999-Q4").length_days(), 92);
  EXPECT_THROW((void)ReportingPeriod::parse("9999-12").next(), InvalidArgument);
}

TEST(ReportingPeriodTest, OfValidatesIndex) {
  EXPECT_THROW((void)ReportingPeriod::of(PeriodKind::quarter, 2025, 5), InvalidArgument);
  EXPECT_THROW((void)ReportingPeriod::of(PeriodKind::month, 2025, 0), InvalidArgument);
  EXPECT_EQ(ReportingPeriod::of(PeriodKind::month, 2025, 11).label(), "2025-11");
}

TEST(ReportingPeriodTest, OrdersByStartThenLongestFirst) {
  EXPECT_LT(ReportingPeriod::parse("2025"), ReportingPeriod::parse("2025-H1"));
  EXPECT_LT(ReportingPeriod::parse("2025-H1"), ReportingPeriod::parse("2025-Q1"));
  EXPECT_LT(ReportingPeriod::parse("2025-Q1"), ReportingPeriod::parse("2025-01"));
  EXPECT_LT(ReportingPeriod::parse("2025-01"), ReportingPeriod::parse("2025-02"));
}

TEST(ReportingPeriodTest, KindNames) {
  EXPECT_EQ(parse_period_kind("half_year"), PeriodKind::half_year);
  EXPECT_EQ(to_string(PeriodKind::quarter), "quarter");
  EXPECT_THROW((void)parse_period_kind("week"), InvalidArgument);
}

}  // namespace
